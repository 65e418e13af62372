import { type Db, type Queryable, transaction, withAdvisoryLock } from '../../db/pool.ts';
import { type InboxMessage, readInbox } from '../../integrations/email/imap.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import { actorForUser } from '../auth/auth.service.ts';
import {
  advanceMailCursor,
  claimReceivedMail,
  connectionFailure,
  connectionMessage,
  linkMailEvent,
  type MailHostRules,
  mailboxToPoll,
  recordMailPollError,
  sentMailByMessageId,
} from '../mail-accounts/mail-accounts.service.ts';
import { visiblePersonByEmail } from '../people/people-search.service.ts';
import { appendEvent } from '../timeline/timeline.service.ts';

// Replies on the timeline: a user's connected mailbox is read (IMAP, INBOX) after its cursor; each message from a
// person the user sees becomes an `email_received` event on that person's timeline, once per Message-ID.

export type MailPollDeps = { db: Db; secrets: SecretBox; hosts: MailHostRules };

export type MailPollResult = { received: number; ignored: number; duplicates: number; error: string | null };

/** Messages read per poll of one mailbox; the rest wait for the next period. */
const BATCH = 100;

/**
 * Reads one mailbox's new messages and records each on its sender's timeline. One poll of a mailbox at a time (an
 * advisory lock; a poll that finds it taken does nothing). Each message is recorded, and the cursor moved past it,
 * in one transaction, and claimed by Message-ID in the workspace's mail ledger: a poll run again, or one that
 * stopped between two messages, never records a message twice. A server that cannot be reached leaves its pt-BR
 * reason on the mailbox. Answers null when the mailbox is gone or busy.
 */
export async function pollMailAccount(
  deps: MailPollDeps,
  workspaceId: string,
  accountId: string,
): Promise<MailPollResult | null> {
  let result = null as MailPollResult | null;
  await withAdvisoryLock(deps.db, `mail-poll:${accountId}`, async () => {
    result = await pollLocked(deps, workspaceId, accountId);
  });
  return result;
}

async function pollLocked(
  deps: MailPollDeps,
  workspaceId: string,
  accountId: string,
): Promise<MailPollResult | null> {
  const { db } = deps;
  const result: MailPollResult = { received: 0, ignored: 0, duplicates: 0, error: null };
  let batch: Awaited<ReturnType<typeof readInbox>>;
  let mailbox: Awaited<ReturnType<typeof mailboxToPoll>>;
  try {
    mailbox = await mailboxToPoll(db, deps.secrets, deps.hosts, workspaceId, accountId);
    if (!mailbox) return null;
    const { account } = mailbox;
    batch = await readInbox(
      mailbox.imap,
      { uidValidity: account.uidValidity, lastUid: account.lastUid },
      account.readSince,
      BATCH,
    );
  } catch (error) {
    result.error = connectionMessage('imap', connectionFailure(error));
    await recordMailPollError(db, workspaceId, accountId, result.error);
    return result;
  }
  // The mailbox's user decides which people its mail may reach (the people policy); a user gone inactive reads nothing.
  const actor = await actorForUser(db, workspaceId, mailbox.account.userId);
  if (!actor) return null;
  for (const message of batch.messages) {
    const outcome = await transaction(db, async (tx) => {
      const recorded = await recordMessage(tx, actor, accountId, batch.uidValidity, message);
      await advanceMailCursor(tx, workspaceId, accountId, {
        uidValidity: batch.uidValidity,
        lastUid: message.uid,
        received: recorded === 'received' ? 1 : 0,
        ignored: recorded === 'ignored' ? 1 : 0,
      });
      return recorded;
    });
    if (outcome === 'received') result.received++;
    else if (outcome === 'ignored') result.ignored++;
    else result.duplicates++;
  }
  // Past what was looked at but not kept (older than the connection), and the time of this poll.
  await advanceMailCursor(db, workspaceId, accountId, {
    uidValidity: batch.uidValidity,
    lastUid: batch.scannedUpTo,
    received: 0,
    ignored: 0,
  });
  return result;
}

/** A message without a Message-ID is known by where it sits in the mailbox. */
const messageIdOf = (accountId: string, uidValidity: string, m: InboxMessage) =>
  m.messageId ?? `<${uidValidity}.${m.uid}.${accountId}@imap.funil.invalid>`;

/**
 * One message on its sender's timeline: the person the replied-to message went to when the sender is them, else the
 * oldest visible person with the sender's address. Unknown senders are ignored; a Message-ID the workspace already
 * recorded (a second poll, another user's mailbox in copy) is a duplicate.
 */
async function recordMessage(
  tx: Queryable,
  actor: Actor,
  accountId: string,
  uidValidity: string,
  m: InboxMessage,
): Promise<'received' | 'ignored' | 'duplicate'> {
  if (!m.from) return 'ignored';
  const messageId = messageIdOf(accountId, uidValidity, m);
  const replied = m.inReplyTo ? await sentMailByMessageId(tx, actor.workspaceId, m.inReplyTo) : null;
  const personId = await visiblePersonByEmail(tx, actor, m.from, replied?.personId ?? null);
  if (!personId) return 'ignored';
  const claimed = await claimReceivedMail(tx, {
    workspaceId: actor.workspaceId,
    messageId,
    accountId,
    personId,
  });
  if (!claimed) return 'duplicate';
  const answers = replied && replied.personId === personId ? replied : null;
  const event = await appendEvent(tx, {
    workspaceId: actor.workspaceId,
    subjectType: 'person',
    subjectId: personId,
    kind: 'email_received',
    actorId: null,
    summary: {
      messageId,
      accountId,
      ...(answers ? { inReplyTo: m.inReplyTo, repliesTo: answers.eventId } : {}),
    },
    payload: {
      from: m.from,
      fromName: m.fromName,
      subject: m.subject,
      date: m.date?.toISOString() ?? null,
      excerpt: m.excerpt,
      // The page shows the payload only: which sent e-mail this answers rides along.
      repliesTo: answers?.eventId ?? null,
    },
  });
  await linkMailEvent(tx, actor.workspaceId, messageId, event.id);
  return 'received';
}
