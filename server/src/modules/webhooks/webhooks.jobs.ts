import { webhookEventTypeOf } from '@funil/domain';
import { Webhook } from 'standardwebhooks';
import { type Db, transaction } from '../../db/pool.ts';
import type { JobAttempt, JobPayload, JobQueue } from '../../jobs/queue.ts';
import { startScheduler } from '../../jobs/scheduler.ts';
import { nameUuid } from '../../lib/hashing.ts';
import { type SafeResponse, safePost } from '../../lib/safe-fetch.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { recordWebhookDisabled } from '../notifications/notifications.service.ts';
import * as repo from './webhooks.repository.ts';

export type WebhookDeliveryDeps = {
  db: Db;
  secrets: SecretBox;
  queue: JobQueue;
  allowLoopback: boolean;
  timeoutMs: number;
  /** Failures in a row that switch a subscription off. */
  maxFailures: number;
};

const BATCH = 100;

/** The pg-boss job id of a delivery's n-th send: queueing the same send twice adds one job. */
export function jobIdOf(deliveryId: string, sends: number): string {
  return nameUuid(`${deliveryId}:${sends}`);
}

/**
 * Moves committed timeline events from the outbox into deliveries (one per subscription listening to the event's
 * type, made once), then queues every delivery not yet queued. Runs after the writers' commits, so a change
 * that rolled back never reaches it; a crash between its steps leaves rows the next run picks up.
 */
export async function relayWebhookOutbox(
  db: Db,
  queue: JobQueue,
): Promise<{ events: number; queued: number }> {
  const events = await transaction(db, async (tx) => {
    const claimed = await repo.claimOutbox(tx, BATCH);
    const subscriptions = new Map<string, Awaited<ReturnType<typeof repo.activeSubscriptions>>>();
    for (const e of claimed) {
      const type = webhookEventTypeOf({ subjectType: e.subject_type, kind: e.kind, summary: e.summary });
      if (type) {
        let subs = subscriptions.get(e.workspace_id);
        if (!subs) {
          subs = await repo.activeSubscriptions(tx, e.workspace_id);
          subscriptions.set(e.workspace_id, subs);
        }
        const body = {
          type,
          timestamp: e.occurred_at.toISOString(),
          data: {
            eventId: String(e.event_id),
            subject: { type: e.subject_type, id: e.subject_id },
            kind: e.kind,
            actorId: e.actor_id,
            summary: e.summary,
            payload: e.payload,
          },
        };
        // A subscription made after the change does not get it (the relay may run later than the change).
        const listening = subs.filter((s) => s.event_types.includes(type) && s.created_at <= e.occurred_at);
        for (const s of listening) {
          await repo.insertDelivery(tx, {
            workspaceId: e.workspace_id,
            subscriptionId: s.id,
            eventId: e.event_id,
            eventType: type,
            targetUrl: s.url,
            body,
          });
        }
      }
      await repo.deleteOutboxEvent(tx, e.workspace_id, e.event_id);
    }
    return claimed.length;
  });
  return { events, queued: await queueDeliveries(db, queue, 'webhook') };
}

const JOB_OF_KIND = { webhook: 'webhook-delivery', helpdesk: 'helpdesk-sync' } as const;

/**
 * Queues the pending deliveries of one kind of the shared delivery log whose current send is not queued yet (new
 * ones, resends, a relay that crashed between its steps); answers how many.
 */
export async function queueDeliveries(
  db: Db,
  queue: JobQueue,
  kind: repo.DeliveryTargetKind,
): Promise<number> {
  const unqueued = await repo.unqueuedDeliveries(db, kind, BATCH);
  for (const d of unqueued) {
    await queue.send(
      JOB_OF_KIND[kind],
      { workspaceId: d.workspace_id, deliveryId: d.id },
      { id: jobIdOf(d.id, d.sends) },
    );
    await repo.markEnqueued(db, d.workspace_id, d.id, d.sends);
  }
  return unqueued.length;
}

/** The shared delivery log's record of one attempt, and of a delivery given up without one. */
export const recordDeliveryAttempt = repo.recordAttempt;
export const failDeliveryUnsent = repo.failDelivery;

const isSuccess = (status: number) => status >= 200 && status < 300;

/** Switches a subscription off and tells the admin who made it (once: only the call that switched it off). */
async function disable(
  deps: WebhookDeliveryDeps,
  workspaceId: string,
  subscriptionId: string,
  reason: 'gone' | 'failures',
) {
  const off = await repo.disableSubscription(deps.db, workspaceId, subscriptionId, reason);
  if (off?.created_by)
    await recordWebhookDisabled(deps.db, {
      workspaceId,
      userId: off.created_by,
      data: { subscriptionId, url: off.url, reason },
    });
}

/**
 * One attempt of a delivery (the `webhook-delivery` job): signed per Standard Webhooks, sent through safe-fetch.
 * 2xx delivers; 410 switches the subscription off; anything else throws so the queue retries with backoff,
 * until the last try or too many failures in a row (then the subscription is switched off too).
 */
export async function deliverWebhook(
  deps: WebhookDeliveryDeps,
  job: JobPayload<'webhook-delivery'>,
  attempt: JobAttempt,
): Promise<void> {
  const { workspaceId, deliveryId } = job;
  const d = await repo.findDeliveryToSend(deps.db, workspaceId, deliveryId);
  // Already delivered or given up (a duplicate job, or one left from before a resend): nothing to do.
  if (d?.status !== 'pending') return;
  if (!d.active) {
    await repo.failDelivery(deps.db, workspaceId, d.id, 'subscription is switched off');
    return;
  }
  const body = JSON.stringify(d.body);
  const messageId = `msg_${d.id}`;
  const now = new Date();
  const headers = {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(deps.secrets.open(d.secret_sealed)).sign(messageId, now, body),
    'user-agent': 'Funil-Webhooks/1.0',
  };
  let response: SafeResponse | null = null;
  let error: string | null = null;
  try {
    response = await safePost(d.url, headers, body, {
      allowLoopback: deps.allowLoopback,
      timeoutMs: deps.timeoutMs,
    });
  } catch (e) {
    error = (e as Error).message.slice(0, 500);
  }
  const outcome = {
    targetUrl: d.url,
    responseStatus: response?.status ?? null,
    responseMs: response?.ms ?? null,
    excerpt: response?.body.slice(0, 1000) ?? null,
  };
  if (response && isSuccess(response.status)) {
    await repo.recordAttempt(deps.db, workspaceId, d.id, { ...outcome, status: 'delivered', error: null });
    await repo.resetFailures(deps.db, workspaceId, d.subscription_id);
    return;
  }
  error ??= response?.status === 410 ? 'target is gone (410)' : `target answered ${response?.status}`;
  if (response?.status === 410) {
    await repo.recordAttempt(deps.db, workspaceId, d.id, { ...outcome, status: 'failed', error });
    await disable(deps, workspaceId, d.subscription_id, 'gone');
    return;
  }
  const failures = await repo.countFailure(deps.db, workspaceId, d.subscription_id);
  const giveUp = attempt.lastTry || failures >= deps.maxFailures;
  await repo.recordAttempt(deps.db, workspaceId, d.id, {
    ...outcome,
    status: giveUp ? 'failed' : 'pending',
    error,
  });
  if (failures >= deps.maxFailures) await disable(deps, workspaceId, d.subscription_id, 'failures');
  if (!giveUp) throw new Error(`webhook delivery ${d.id}: ${error}`);
}

/** Starts this instance's webhook worker and outbox relay; answers the function that stops the relay. */
export async function startWebhookDelivery(
  deps: WebhookDeliveryDeps,
  log: { error: (obj: object, msg: string) => void },
  relayEveryMs: number,
): Promise<() => void> {
  await deps.queue.work('webhook-delivery', (job, attempt) => deliverWebhook(deps, job, attempt));
  return startScheduler(
    deps.db,
    log,
    [{ name: 'webhook-relay', everyMs: relayEveryMs, run: (db) => relayWebhookOutbox(db, deps.queue) }],
    relayEveryMs,
  );
}
