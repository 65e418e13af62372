import type { WebhookDelivery, WebhookEventType, WebhookSubscription } from '@funil/domain';
import type { DeliveryRow, SubscriptionRow } from './webhooks.repository.ts';

/** A subscription as the API shows it: never its secret. */
export const presentSubscription = (r: SubscriptionRow): WebhookSubscription => ({
  id: r.id,
  url: r.url,
  eventTypes: r.event_types as WebhookEventType[],
  active: r.active,
  disabledReason: r.disabled_reason,
  disabledAt: r.disabled_at?.toISOString() ?? null,
  consecutiveFailures: r.consecutive_failures,
  createdBy: r.created_by && r.created_by_name ? { id: r.created_by, name: r.created_by_name } : null,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const presentDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  targetKind: r.target_kind,
  integrationId: r.integration_id,
  eventType: r.event_type,
  targetUrl: r.target_url,
  status: r.status,
  attempts: r.attempts,
  responseStatus: r.response_status,
  responseMs: r.response_ms,
  responseExcerpt: r.response_excerpt,
  error: r.error,
  createdAt: r.created_at.toISOString(),
  lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
  deliveredAt: r.delivered_at?.toISOString() ?? null,
});
