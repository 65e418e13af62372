import {
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliveryStatus,
  type WebhookEventType,
} from '@funil/domain';
import type { webhooksPtBR } from './messages.ts';

/** The groups of the event checkboxes, in form order; every event type sits in exactly one. */
export const EVENT_GROUPS = [
  { key: 'people', types: ['person.created', 'person.updated'] },
  {
    key: 'opportunities',
    types: ['opportunity.created', 'opportunity.moved', 'opportunity.won', 'opportunity.lost'],
  },
  {
    key: 'activities',
    types: ['activity.scheduled', 'activity.changed', 'activity.completed', 'activity.cancelled'],
  },
  { key: 'notes', types: ['note.created'] },
] as const satisfies readonly { key: string; types: readonly WebhookEventType[] }[];

export type EventGroupKey = (typeof EVENT_GROUPS)[number]['key'];

export type EventKey = keyof typeof webhooksPtBR.events;

/** i18n key of an event type (i18next reads `.` as a path separator, so the type itself is not the key). */
export const eventKey = (type: WebhookEventType): EventKey => type.replace('.', '_') as EventKey;

/** The i18n key of a logged event, or null for a type this web build does not know (shown as it is). */
export const loggedEventKey = (type: string): EventKey | null => {
  const known = WEBHOOK_EVENT_TYPES.find((t) => t === type);
  return known ? eventKey(known) : null;
};

/** The delivery log's filters, as they sit in the URL (`/admin/deliveries?status=failed&subscriptionId=…`). */
export type DeliveryFilters = { status?: WebhookDeliveryStatus; subscriptionId?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the filters from the URL; anything the server would refuse is dropped rather than sent. */
export function parseDeliveryFilters(search: Record<string, unknown>): DeliveryFilters {
  const out: DeliveryFilters = {};
  const status = WEBHOOK_DELIVERY_STATUSES.find((s) => s === search.status);
  if (status) out.status = status;
  if (typeof search.subscriptionId === 'string' && UUID.test(search.subscriptionId)) {
    out.subscriptionId = search.subscriptionId;
  }
  return out;
}

export const STATUS_COLORS: Record<WebhookDeliveryStatus, string> = {
  pending: 'yellow',
  delivered: 'green',
  failed: 'red',
};
