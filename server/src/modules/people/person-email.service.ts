import { type Db, transaction } from '../../db/pool.ts';
import { type MailAttachment, sendMail } from '../../integrations/email/mailer.ts';
import { DomainError, notFound, validationError } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import {
  type MailHostRules,
  recordSentMail,
  userMailSender,
} from '../mail-accounts/mail-accounts.service.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import { workspaceSmtp } from '../workspaces/workspaces.service.ts';
import { visiblePeoplePredicate } from './people.policy.ts';
import { findPerson, isDoNotContact } from './people.repository.ts';

type Mail = { to: string; subject: string; body: string; attachments?: MailAttachment[] };

/**
 * Sends a message to one of a person's own addresses (the caller has checked the person is visible): through the
 * user's own mailbox when they connected one (From: its address), otherwise through the workspace's SMTP with replies
 * to the user. Refused for a deny-listed person (409), an address that is not the person's (422), no SMTP at all
 * (409) and a server that refuses or is not there (502). Answers the address, the Message-ID and the mailbox used.
 */
export async function mailPerson(
  db: Db,
  secrets: SecretBox,
  hosts: MailHostRules,
  actor: Actor,
  person: { id: string; emails: { address: string }[] },
  mail: Mail,
): Promise<{ to: string; messageId: string; accountId: string | null }> {
  if (await isDoNotContact(db, actor.workspaceId, person.id)) throw new DomainError('do-not-contact', 409);
  const to = mail.to.trim().toLowerCase();
  if (!person.emails.some((e) => e.address === to)) {
    throw validationError([{ field: 'to', code: 'unknown_email', message: '' }]);
  }
  const own = await userMailSender(db, secrets, hosts, actor);
  const smtp = own?.smtp ?? (await workspaceSmtp(db, secrets, actor.workspaceId));
  if (!smtp) throw new DomainError('email-not-configured', 409);
  try {
    const { messageId } = await sendMail(smtp, {
      to,
      subject: mail.subject,
      text: mail.body,
      ...(own ? {} : { replyTo: actor.email }),
      ...(mail.attachments ? { attachments: mail.attachments } : {}),
    });
    return { to, messageId, accountId: own?.accountId ?? null };
  } catch {
    throw new DomainError('email-failed', 502);
  }
}

/**
 * An e-mail composed in the app to one of the person's addresses, sent (see `mailPerson`) and recorded on the
 * timeline with its Message-ID, which the mail ledger keeps so a reply links back to it. Refused for a deny-listed
 * person; nothing is recorded when the server refuses.
 */
export async function sendEmailToPerson(
  db: Db,
  secrets: SecretBox,
  hosts: MailHostRules,
  actor: Actor,
  id: string,
  mail: { to: string; subject: string; body: string },
) {
  const person = await findPerson(db, actor.workspaceId, id, (params) =>
    visiblePeoplePredicate(actor, params),
  );
  if (!person) throw notFound();
  const { to, messageId, accountId } = await mailPerson(db, secrets, hosts, actor, person, mail);
  return transaction(db, async (tx) => {
    const event = await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      subjectType: 'person',
      subjectId: id,
      kind: 'email_sent',
      actorId: actor.userId,
      summary: { messageId, ...(accountId ? { accountId } : {}) },
      payload: { to, subject: mail.subject, body: mail.body },
    });
    await recordSentMail(tx, {
      workspaceId: actor.workspaceId,
      messageId,
      accountId,
      personId: id,
      eventId: event.id,
    });
    return { ...event, actor: { id: actor.userId, name: actor.name } };
  });
}
