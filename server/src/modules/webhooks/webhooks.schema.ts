import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from '@funil/domain';
import { z } from 'zod';

export const ZWebhookSubscription = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  active: z.boolean(),
  disabledReason: z.enum(['gone', 'failures']).nullable(),
  disabledAt: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZWebhookDelivery = z.object({
  id: z.string(),
  /** The webhook subscription, or null for a helpdesk sync (then `integrationId`). */
  subscriptionId: z.string().nullable(),
  targetKind: z.enum(['webhook', 'helpdesk']),
  integrationId: z.string().nullable(),
  eventType: z.string(),
  targetUrl: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  responseMs: z.number().int().nullable(),
  responseExcerpt: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});

export const ZIdParams = z.object({ id: z.uuid() });

export const ZDeliveriesQuery = z.object({
  subscriptionId: z.uuid().optional(),
  integrationId: z.uuid().optional(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});

export const ZDeliveriesPage = z.object({
  items: z.array(ZWebhookDelivery),
  nextCursor: z.string().nullable(),
});
