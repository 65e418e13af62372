import type { HelpdeskProvider as ProviderName } from '@funil/domain';
import { type Db, transaction } from '../../db/pool.ts';
import { chatwootProvider } from '../../integrations/helpdesk/chatwoot.provider.ts';
import type {
  HelpdeskConnection,
  HelpdeskProvider,
  ProviderCallResult,
} from '../../integrations/helpdesk/helpdesk-provider.ts';
import type { JobAttempt, JobPayload, JobQueue } from '../../jobs/queue.ts';
import { startScheduler } from '../../jobs/scheduler.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { findIntegrationRecord, providerCredentials } from '../integrations/integrations.service.ts';
import { opportunitySyncFacts } from '../opportunities/opportunities.service.ts';
import { failDeliveryUnsent, queueDeliveries, recordDeliveryAttempt } from '../webhooks/webhooks.jobs.ts';
import { syncMessageOf } from './helpdesk-sync.messages.ts';
import * as repo from './helpdesk-sync.repository.ts';

export type HelpdeskSyncDeps = {
  db: Db;
  secrets: SecretBox;
  queue: JobQueue;
  allowLoopback: boolean;
  timeoutMs: number;
};

/** The provider implementations by name (the integration's `provider`). */
const PROVIDERS: Record<ProviderName, (c: HelpdeskConnection) => HelpdeskProvider> = {
  chatwoot: chatwootProvider,
};

const BATCH = 100;

/** The body of a helpdesk delivery: fixed when made, so every attempt and a resend say the same. */
export type HelpdeskDeliveryBody = {
  eventId: string;
  opportunityId: string;
  conversationId: string;
  contactId: string | null;
  attributes: Record<string, string | number | null>;
  note: string;
};

async function connectionOf(
  deps: Pick<HelpdeskSyncDeps, 'db' | 'secrets' | 'allowLoopback' | 'timeoutMs'>,
  workspaceId: string,
  integrationId: string,
) {
  const integration = await findIntegrationRecord(deps.db, workspaceId, integrationId);
  if (!integration) return null;
  const credentials = await providerCredentials(deps, integration);
  if (!credentials) return null;
  return PROVIDERS[credentials.provider]({
    baseUrl: credentials.baseUrl,
    accountId: credentials.accountId,
    apiToken: credentials.apiToken,
    allowLoopback: deps.allowLoopback,
    timeoutMs: deps.timeoutMs,
  });
}

/**
 * Turns committed stage/status changes of linked negotiations into helpdesk deliveries (one per linked
 * conversation, made once), then queues every helpdesk delivery not yet queued. Changes that came in from the
 * helpdesk never reach it: inbound webhooks write people and conversation events, never a negotiation's stage
 * or status, so nothing they do is captured here.
 */
export async function relayHelpdeskSync(
  deps: Pick<HelpdeskSyncDeps, 'db' | 'secrets' | 'queue' | 'allowLoopback' | 'timeoutMs'>,
): Promise<{ events: number; queued: number }> {
  const { db, queue } = deps;
  const events = await transaction(db, async (tx) => {
    const claimed = await repo.claimSyncOutbox(tx, BATCH);
    for (const e of claimed) {
      const facts = await opportunitySyncFacts(tx, e.workspace_id, e.subject_id);
      const conversations = facts
        ? await repo.conversationsOfOpportunity(tx, e.workspace_id, e.subject_id)
        : [];
      for (const c of conversations) {
        // The integration is read on the pool: committed settings, outside the outbox lock.
        const provider = await connectionOf(deps, e.workspace_id, c.integration_id);
        if (!provider || !facts) continue;
        const message = syncMessageOf({ kind: e.kind, summary: e.summary, payload: e.payload }, facts);
        const body: HelpdeskDeliveryBody = {
          eventId: String(e.event_id),
          opportunityId: e.subject_id,
          conversationId: c.conversation_id,
          contactId: c.contact_id,
          attributes: message.attributes,
          note: message.note,
        };
        await repo.insertHelpdeskDelivery(tx, {
          workspaceId: e.workspace_id,
          integrationId: c.integration_id,
          eventId: e.event_id,
          eventType: message.eventType,
          targetUrl: provider.conversationUrl(c.conversation_id),
          body,
        });
      }
      await repo.deleteSyncOutboxEvent(tx, e.workspace_id, e.event_id);
    }
    return claimed.length;
  });
  return { events, queued: await queueDeliveries(db, queue, 'helpdesk') };
}

const ok = (r: ProviderCallResult) => r.status >= 200 && r.status < 300;
const excerptOf = (label: string, r: ProviderCallResult) => `${label} ${r.status}: ${r.body.slice(0, 480)}`;

/**
 * One attempt of a helpdesk delivery (the `helpdesk-sync` job): the contact's custom attributes first (a PUT,
 * harmless to repeat), then the private note, so a retry after a failed note never leaves two notes. A non-2xx
 * answer or a network failure throws, and the queue retries with backoff until the last try.
 */
export async function deliverHelpdeskSync(
  deps: HelpdeskSyncDeps,
  job: JobPayload<'helpdesk-sync'>,
  attempt: JobAttempt,
): Promise<void> {
  const { workspaceId, deliveryId } = job;
  const d = await repo.findHelpdeskDelivery(deps.db, workspaceId, deliveryId);
  if (d?.status !== 'pending') return;
  const provider = await connectionOf(deps, workspaceId, d.integration_id);
  if (!provider) {
    await failDeliveryUnsent(deps.db, workspaceId, d.id, 'integration has no helpdesk connection');
    return;
  }
  const body = d.body as HelpdeskDeliveryBody;
  const results: string[] = [];
  let last: ProviderCallResult | null = null;
  let ms = 0;
  let error: string | null = null;
  try {
    if (body.contactId) {
      last = await provider.updateContactAttributes(body.contactId, body.attributes);
      ms += last.ms;
      results.push(excerptOf('contact', last));
      if (!ok(last)) error = `contact update answered ${last.status}`;
    }
    if (!error) {
      last = await provider.addPrivateNote(body.conversationId, body.note);
      ms += last.ms;
      results.push(excerptOf('note', last));
      if (!ok(last)) error = `private note answered ${last.status}`;
    }
  } catch (e) {
    error = (e as Error).message.slice(0, 500);
  }
  const outcome = {
    responseStatus: last?.status ?? null,
    responseMs: last ? ms : null,
    excerpt: results.length ? results.join('\n').slice(0, 1000) : null,
  };
  if (!error) {
    await recordDeliveryAttempt(deps.db, workspaceId, d.id, {
      ...outcome,
      status: 'delivered',
      error: null,
    });
    return;
  }
  await recordDeliveryAttempt(deps.db, workspaceId, d.id, {
    ...outcome,
    status: attempt.lastTry ? 'failed' : 'pending',
    error,
  });
  if (!attempt.lastTry) throw new Error(`helpdesk delivery ${d.id}: ${error}`);
}

/** Starts this instance's helpdesk worker and relay; answers the function that stops the relay. */
export async function startHelpdeskSync(
  deps: HelpdeskSyncDeps,
  log: { error: (obj: object, msg: string) => void },
  relayEveryMs: number,
): Promise<() => void> {
  await deps.queue.work('helpdesk-sync', (job, attempt) => deliverHelpdeskSync(deps, job, attempt));
  return startScheduler(
    deps.db,
    log,
    [{ name: 'helpdesk-sync-relay', everyMs: relayEveryMs, run: () => relayHelpdeskSync(deps) }],
    relayEveryMs,
  );
}
