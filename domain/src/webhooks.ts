import { z } from 'zod';

/** What an outbound webhook subscription may listen to (Standard Webhooks `type`). */
export const WEBHOOK_EVENT_TYPES = [
  'person.created',
  'person.updated',
  'opportunity.created',
  'opportunity.moved',
  'opportunity.won',
  'opportunity.lost',
  'activity.scheduled',
  'activity.changed',
  'activity.completed',
  'activity.cancelled',
  'note.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * The webhook event a timeline event stands for, or null when none does (phones revealed, ERP syncs, …):
 * the timeline is the one record of what changed, so webhooks follow it instead of each use case.
 */
export function webhookEventTypeOf(e: {
  subjectType: string;
  kind: string;
  summary: Record<string, unknown>;
}): WebhookEventType | null {
  if (e.kind === 'note') return 'note.created';
  if (e.kind.startsWith('activity_')) {
    const type = `activity.${e.kind.slice('activity_'.length)}`;
    return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type) ? (type as WebhookEventType) : null;
  }
  if (e.subjectType === 'person') {
    if (e.kind === 'created') return 'person.created';
    if (e.kind === 'field_changed' || e.kind === 'owner_changed') return 'person.updated';
    return null;
  }
  if (e.subjectType === 'opportunity') {
    if (e.kind === 'created') return 'opportunity.created';
    if (e.kind === 'stage_changed') return 'opportunity.moved';
    if (e.kind === 'status_changed' && e.summary.to === 'won') return 'opportunity.won';
    if (e.kind === 'status_changed' && e.summary.to === 'lost') return 'opportunity.lost';
  }
  return null;
}

const ZWebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), { message: 'url' });

export const ZCreateWebhookSubscriptionRequest = z.object({
  url: ZWebhookUrl,
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length),
  active: z.boolean().default(true),
});
export type CreateWebhookSubscriptionRequest = z.input<typeof ZCreateWebhookSubscriptionRequest>;

export const ZUpdateWebhookSubscriptionRequest = z.object({
  url: ZWebhookUrl.optional(),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length).optional(),
  active: z.boolean().optional(),
});
export type UpdateWebhookSubscriptionRequest = z.input<typeof ZUpdateWebhookSubscriptionRequest>;

export type WebhookSubscription = {
  id: string;
  url: string;
  eventTypes: WebhookEventType[];
  active: boolean;
  disabledReason: 'gone' | 'failures' | null;
  disabledAt: string | null;
  consecutiveFailures: number;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
};

export type WebhookDelivery = {
  id: string;
  /** The webhook subscription, or null for a helpdesk sync (contact attributes + private note). */
  subscriptionId: string | null;
  targetKind: 'webhook' | 'helpdesk';
  /** The helpdesk integration of a helpdesk sync, else null. */
  integrationId: string | null;
  eventType: string;
  targetUrl: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  responseMs: number | null;
  responseExcerpt: string | null;
  error: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
};
