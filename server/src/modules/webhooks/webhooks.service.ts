import { randomBytes } from 'node:crypto';
import {
  type CreateWebhookSubscriptionRequest,
  type UpdateWebhookSubscriptionRequest,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
  type WebhookSubscription,
  ZCreateWebhookSubscriptionRequest,
  ZUpdateWebhookSubscriptionRequest,
} from '@funil/domain';
import type { Db } from '../../db/pool.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { notFound, validationError } from '../../lib/errors.ts';
import { BlockedTargetError, resolveSafeTarget } from '../../lib/safe-fetch.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import { assertMayManageWebhooks } from './webhooks.policy.ts';
import { presentDelivery, presentSubscription } from './webhooks.presenter.ts';
import * as repo from './webhooks.repository.ts';

export type WebhooksDeps = { db: Db; secrets: SecretBox; allowLoopback: boolean };

/** A target that resolves inside (loopback, private, link-local) is refused now, and again at every send. */
async function assertSafeTarget(url: string, allowLoopback: boolean): Promise<void> {
  try {
    await resolveSafeTarget(new URL(url), allowLoopback);
  } catch (error) {
    if (!(error instanceof BlockedTargetError)) throw error;
    throw validationError([{ field: 'url', code: 'blocked-target', message: error.message }]);
  }
}

/** The workspace's subscriptions (`manageIntegrations`). */
export async function listWebhookSubscriptions(db: Db, actor: Actor): Promise<WebhookSubscription[]> {
  assertMayManageWebhooks(actor);
  return (await repo.listSubscriptions(db, actor.workspaceId)).map(presentSubscription);
}

/** Subscribes a URL to event types; the signing secret is answered here only, and stored sealed. */
export async function createWebhookSubscription(
  deps: WebhooksDeps,
  actor: Actor,
  input: CreateWebhookSubscriptionRequest,
): Promise<{ subscription: WebhookSubscription; secret: string }> {
  assertMayManageWebhooks(actor);
  const body = ZCreateWebhookSubscriptionRequest.parse(input);
  await assertSafeTarget(body.url, deps.allowLoopback);
  // Standard Webhooks secret: `whsec_` + base64 of 24 random bytes.
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const row = await repo.insertSubscription(deps.db, {
    workspaceId: actor.workspaceId,
    url: body.url,
    eventTypes: [...new Set(body.eventTypes)],
    active: body.active,
    secretSealed: deps.secrets.seal(secret),
    createdBy: actor.userId,
  });
  return { subscription: presentSubscription(row), secret };
}

/** Changes a subscription's URL, events or on/off (switching on again clears the failure count). */
export async function updateWebhookSubscription(
  deps: WebhooksDeps,
  actor: Actor,
  id: string,
  input: UpdateWebhookSubscriptionRequest,
): Promise<WebhookSubscription> {
  assertMayManageWebhooks(actor);
  const body = ZUpdateWebhookSubscriptionRequest.parse(input);
  if (body.url) await assertSafeTarget(body.url, deps.allowLoopback);
  const row = await repo.updateSubscription(deps.db, actor.workspaceId, id, {
    url: body.url,
    eventTypes: body.eventTypes && [...new Set(body.eventTypes)],
    active: body.active,
  });
  if (!row) throw notFound();
  return presentSubscription(row);
}

/** Deletes a subscription: nothing more is sent to it; its deliveries stay in the log. */
export async function deleteWebhookSubscription(db: Db, actor: Actor, id: string): Promise<void> {
  assertMayManageWebhooks(actor);
  if (!(await repo.deleteSubscription(db, actor.workspaceId, id))) throw notFound();
}

/** Postgres' text form of a timestamptz, as the log's cursor carries it (anything else is a bad cursor). */
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

/** The delivery log (Entregas): webhooks and helpdesk syncs, newest first, a page at a time by cursor (`manageIntegrations`). */
export async function listWebhookDeliveries(
  db: Db,
  actor: Actor,
  q: {
    subscriptionId?: string | undefined;
    integrationId?: string | undefined;
    status?: WebhookDeliveryStatus | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
  assertMayManageWebhooks(actor);
  const after = decodeCursor(q.cursor);
  if (after && !PG_TIMESTAMPTZ.test(after[0])) {
    throw validationError([{ field: 'query.cursor', code: 'invalid_value', message: '' }]);
  }
  const rows = await repo.listDeliveries(db, actor.workspaceId, {
    subscriptionId: q.subscriptionId ?? null,
    integrationId: q.integrationId ?? null,
    status: q.status ?? null,
    limit: q.limit + 1,
    before: after ? { createdAt: after[0], id: after[1] } : null,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentDelivery),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.created_at_key, last.id]) : null,
  };
}

/** Reenviar: the same message (same webhook-id and body) goes out once more, through its kind's queue. */
export async function resendWebhookDelivery(db: Db, actor: Actor, id: string): Promise<WebhookDelivery> {
  assertMayManageWebhooks(actor);
  if (!(await repo.requeueDelivery(db, actor.workspaceId, id))) throw notFound();
  const row = await repo.findDelivery(db, actor.workspaceId, id);
  if (!row) throw notFound();
  return presentDelivery(row);
}
