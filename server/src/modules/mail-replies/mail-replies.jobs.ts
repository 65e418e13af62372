import type { JobQueue } from '../../jobs/queue.ts';
import { startScheduler } from '../../jobs/scheduler.ts';
import { nameUuid } from '../../lib/hashing.ts';
import { pollableMailAccounts } from '../mail-accounts/mail-accounts.service.ts';
import { type MailPollDeps, pollMailAccount } from './mail-replies.service.ts';

export type MailReplyJobDeps = MailPollDeps & { queue: JobQueue; pollEveryMs: number };

/**
 * The relay (once per period across instances): one `mail-poll` job per connected mailbox. The job id is the mailbox
 * and the period, so a relay run twice in a period queues each poll once.
 */
export async function relayMailPolls(deps: Pick<MailReplyJobDeps, 'db' | 'queue' | 'pollEveryMs'>) {
  const period = Math.floor(Date.now() / deps.pollEveryMs);
  const accounts = await pollableMailAccounts(deps.db);
  for (const a of accounts) {
    await deps.queue.send(
      'mail-poll',
      { workspaceId: a.workspaceId, accountId: a.id },
      { id: nameUuid(`mail-poll:${a.id}:${period}`) },
    );
  }
  return accounts.length;
}

/** Starts this instance's mailbox pollers and the relay that queues them; answers the function that stops the relay. */
export async function startMailReplies(
  deps: MailReplyJobDeps,
  log: { error: (obj: object, msg: string) => void },
): Promise<() => void> {
  await deps.queue.work('mail-poll', async (job) => {
    await pollMailAccount(deps, job.workspaceId, job.accountId);
  });
  return startScheduler(
    deps.db,
    log,
    [
      {
        name: 'mail-poll-relay',
        everyMs: deps.pollEveryMs,
        run: () => relayMailPolls(deps),
        oncePerPeriod: true,
      },
    ],
    Math.min(deps.pollEveryMs, 5000),
  );
}
