import { campaignValues, maskPhone, renderCampaignText } from '@funil/domain';
import { type Db, transaction } from '../../db/pool.ts';
import { type SmtpConfig, sendMail } from '../../integrations/email/mailer.ts';
import type { WhatsAppAccount, WhatsAppProvider } from '../../integrations/whatsapp/whatsapp-provider.ts';
import type { JobPayload, JobQueue } from '../../jobs/queue.ts';
import { startScheduler } from '../../jobs/scheduler.ts';
import { nameUuid } from '../../lib/hashing.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import { workspaceSmtp } from '../workspaces/workspaces.service.ts';
import * as repo from './campaigns.repository.ts';

export type CampaignJobDeps = {
  db: Db;
  queue: JobQueue;
  secrets: SecretBox;
  whatsapp: WhatsAppProvider;
  /** Where the unsubscribe link points (FUNIL_PUBLIC_URL or the server's URL). */
  publicUrl: string;
  /** How often a running campaign gets a batch; a batch sends throttle × tick / 1 min messages. */
  tickMs: number;
  /**
   * A recipient claimed longer ago than this without an outcome was interrupted: queued again when its worker never
   * dispatched it, failed (never sent again) when the request may have gone out.
   */
  interruptedAfterMs: number;
};

/** The pg-boss job id of a campaign's n-th batch: the relay queueing it twice adds one job. */
export function batchJobId(campaignId: string, seq: number): string {
  return nameUuid(`campaign:${campaignId}:${seq}`);
}

/** Messages one batch sends: the campaign's per-minute pace spread over the ticks of a minute (at least one). */
export const batchSize = (throttlePerMinute: number, tickMs: number) =>
  Math.max(1, Math.floor((throttlePerMinute * tickMs) / 60_000));

/**
 * The relay (periodic, one instance at a time): queues a batch job for each running campaign whose tick is due,
 * recovers recipients a dead worker left `sending` (queued again if never dispatched, else failed: never sent twice),
 * and completes campaigns with nothing left to send.
 */
export async function relayCampaigns(
  deps: Pick<CampaignJobDeps, 'db' | 'queue' | 'tickMs' | 'interruptedAfterMs'>,
) {
  const due = await repo.claimDueBatches(deps.db, deps.tickMs, 100);
  for (const c of due) {
    await deps.queue.send(
      'campaign-batch',
      { workspaceId: c.workspace_id, campaignId: c.id },
      { id: batchJobId(c.id, c.batch_seq) },
    );
  }
  const recovered = await repo.recoverInterrupted(deps.db, deps.interruptedAfterMs);
  const completed = await repo.completeFinished(deps.db);
  return { queued: due.length, requeued: recovered.requeued, interrupted: recovered.failed, completed };
}

/** The unsubscribe link of one e-mail recipient: the recipient id signed with the server key. */
export function unsubscribeToken(secrets: SecretBox, recipientId: string): string {
  return `${recipientId}.${secrets.mac('unsubscribe', recipientId)}`;
}

type Channel = {
  send(
    r: repo.ClaimedRecipient,
    text: { subject: string | null; body: string; params: string[] },
  ): Promise<
    | { outcome: 'sent'; messageId: string; sentText: string }
    | { outcome: 'failed' | 'bounced'; error: string }
    | { outcome: 'retry'; error: string }
  >;
};

function emailChannel(deps: CampaignJobDeps, smtp: SmtpConfig): Channel {
  return {
    async send(r, text) {
      const link = `${deps.publicUrl.replace(/\/$/, '')}/api/v1/campaigns/unsubscribe?t=${unsubscribeToken(deps.secrets, r.id)}`;
      const body = `${text.body}\n\n--\nPara não receber mais estas mensagens: ${link}`;
      try {
        const { messageId } = await sendMail(smtp, {
          to: r.address,
          subject: text.subject ?? '',
          text: body,
          headers: {
            'List-Unsubscribe': `<${link}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          },
        });
        return { outcome: 'sent', messageId, sentText: text.body };
      } catch (error) {
        const e = error as { responseCode?: number; message?: string };
        // A 5xx answer to the recipient is a bounce (the mailbox refused); anything else failed.
        const bounced = typeof e.responseCode === 'number' && e.responseCode >= 500;
        return { outcome: bounced ? 'bounced' : 'failed', error: (e.message ?? 'smtp error').slice(0, 300) };
      }
    },
  };
}

function whatsappChannel(
  deps: CampaignJobDeps,
  account: WhatsAppAccount,
  campaign: repo.CampaignRow,
): Channel {
  return {
    async send(r, text) {
      // Free text only inside the 24-hour window the person opened by writing; otherwise the approved template.
      const inside = await repo.insideServiceWindow(deps.db, campaign.workspace_id, r.address);
      const message =
        inside || !campaign.template_name
          ? { type: 'text' as const, to: r.address, body: text.body, callbackData: r.id }
          : {
              type: 'template' as const,
              to: r.address,
              name: campaign.template_name,
              language: campaign.template_language ?? 'pt_BR',
              params: text.params,
              callbackData: r.id,
            };
      let answer: Awaited<ReturnType<WhatsAppProvider['send']>>;
      try {
        answer = await deps.whatsapp.send(account, message);
      } catch (error) {
        // No answer (timeout, connection reset): it may have gone out; never sent again.
        return { outcome: 'failed', error: `no answer: ${(error as Error).message}`.slice(0, 300) };
      }
      if (answer.ok) {
        const sentText = message.type === 'text' ? text.body : `[${message.name}] ${text.params.join(' | ')}`;
        return { outcome: 'sent', messageId: answer.messageId, sentText };
      }
      // Rate limited: the API did not take it, so it may go in a later batch.
      if (answer.error.startsWith('429')) return { outcome: 'retry', error: answer.error };
      return { outcome: 'failed', error: answer.error };
    },
  };
}

async function channelFor(deps: CampaignJobDeps, campaign: repo.CampaignRow): Promise<Channel | string> {
  if (campaign.channel === 'email') {
    const smtp = await workspaceSmtp(deps.db, deps.secrets, campaign.workspace_id).catch(() => null);
    return smtp ? emailChannel(deps, smtp) : 'e-mail (SMTP) is not set up';
  }
  const row = await repo.findWhatsAppAccount(deps.db, campaign.workspace_id);
  if (!row) return 'WhatsApp is not set up';
  return whatsappChannel(
    deps,
    {
      apiUrl: row.api_url,
      apiVersion: row.api_version,
      phoneNumberId: row.phone_number_id,
      accessToken: deps.secrets.open(row.access_token_sealed),
    },
    campaign,
  );
}

/**
 * One batch of a running campaign (the `campaign-batch` job): claims up to the batch size of queued recipients
 * (queued → sending, committed before any message leaves), marks each dispatched (committed) right before its
 * request, sends it, and records the outcome with the `campaign_message` event on the person's timeline. A crash
 * leaves the claimed rows `sending`: the relay queues again those never dispatched and fails the one in flight, so
 * a restart finishes the send and cannot message anyone twice.
 */
export async function sendCampaignBatch(
  deps: CampaignJobDeps,
  job: JobPayload<'campaign-batch'>,
  hooks: { afterSend?: (recipientId: string) => Promise<void> } = {},
): Promise<{ sent: number; failed: number }> {
  const campaign = await repo.findCampaign(deps.db, job.workspaceId, job.campaignId);
  if (campaign?.status !== 'running') return { sent: 0, failed: 0 };
  const channel = await channelFor(deps, campaign);
  if (typeof channel === 'string') {
    // Not set up any more: stop here (the admin fixes it and resumes).
    await repo.setCampaignStatus(deps.db, job.workspaceId, job.campaignId, 'paused');
    return { sent: 0, failed: 0 };
  }
  const claimed = await transaction(deps.db, (tx) =>
    repo.claimRecipients(
      tx,
      job.workspaceId,
      job.campaignId,
      batchSize(campaign.throttle_per_minute, deps.tickMs),
    ),
  );
  const workspaceName = await repo.workspaceName(deps.db, job.workspaceId);
  let sent = 0;
  let failed = 0;
  for (const r of claimed) {
    if (r.do_not_contact) {
      // Put on the deny list after the campaign started (a SAIR to an earlier message): not sent.
      await repo.skipClaimed(deps.db, job.workspaceId, r.id, 'do_not_contact');
      continue;
    }
    const values = campaignValues({ name: r.name, ownerName: r.owner_name, workspaceName });
    const text = {
      subject: campaign.subject ? renderCampaignText(campaign.subject, values) : null,
      body: renderCampaignText(campaign.body, values),
      params: campaign.template_params.map((p) => values[p as keyof typeof values] ?? ''),
    };
    // Committed before the request: after a crash, a row without it was certainly never sent. A claim the relay
    // took back (this worker stalled past FUNIL_CAMPAIGN_INTERRUPTED_MS) is left to whoever holds it now.
    if (!(await repo.markDispatched(deps.db, job.workspaceId, r.id, r.claim))) continue;
    const result = await channel.send(r, text);
    await hooks.afterSend?.(r.id);
    if (result.outcome === 'retry') {
      await repo.requeueClaimed(deps.db, job.workspaceId, r.id);
      continue;
    }
    await transaction(deps.db, async (tx) => {
      const now = new Date();
      if (result.outcome === 'sent') {
        await repo.reportStatus(
          tx,
          job.workspaceId,
          { recipientId: r.id },
          { status: 'sent', at: now, messageId: result.messageId },
        );
      } else {
        await repo.reportStatus(
          tx,
          job.workspaceId,
          { recipientId: r.id },
          { status: result.outcome, at: now, error: result.error },
        );
      }
      await appendEvent(tx, {
        workspaceId: job.workspaceId,
        subjectType: 'person',
        subjectId: r.person_id,
        actorId: campaign.created_by,
        kind: 'campaign_message',
        summary: {
          campaignId: campaign.id,
          recipientId: r.id,
          channel: campaign.channel,
          status: result.outcome,
        },
        payload: {
          campaignName: campaign.name,
          channel: campaign.channel,
          status: result.outcome,
          // Phones leave the server masked (people.presenter rule); the timeline shows what a reader may see.
          to: campaign.channel === 'whatsapp' ? maskPhone(r.address) : r.address,
          subject: text.subject,
          body: result.outcome === 'sent' ? result.sentText : text.body,
          ...(result.outcome !== 'sent' ? { error: result.error } : {}),
        },
      });
    });
    if (result.outcome === 'sent') sent++;
    else failed++;
  }
  return { sent, failed };
}

/** Starts this instance's campaign worker and relay; answers the function that stops the relay. */
export async function startCampaigns(
  deps: CampaignJobDeps,
  log: { error: (obj: object, msg: string) => void },
  relayEveryMs: number,
): Promise<() => void> {
  await deps.queue.work('campaign-batch', async (job) => {
    await sendCampaignBatch(deps, job);
  });
  return startScheduler(
    deps.db,
    log,
    [{ name: 'campaign-relay', everyMs: relayEveryMs, run: () => relayCampaigns(deps) }],
    relayEveryMs,
  );
}
