import { type Db, transaction } from '../../db/pool.ts';
import { type MailAttachment, sendMail } from '../../integrations/email/mailer.ts';
import { DomainError, notFound, validationError } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import { workspaceSmtp } from '../workspaces/workspaces.service.ts';
import { visiblePeoplePredicate } from './people.policy.ts';
import { findPerson, isDoNotContact } from './people.repository.ts';

type Mail = { to: string; subject: string; body: string; attachments?: MailAttachment[] };

/**
 * Sends a message to one of a person's own addresses through the workspace's SMTP (the caller has checked the
 * person is visible). Refused for a deny-listed person (409), an address that is not the person's (422), a
 * workspace without SMTP (409) and a server that refuses or is not there (502). Answers the address and id.
 */
export async function mailPerson(
  db: Db,
  secrets: SecretBox,
  actor: Actor,
  person: { id: string; emails: { address: string }[] },
  mail: Mail,
): Promise<{ to: string; messageId: string }> {
  if (await isDoNotContact(db, actor.workspaceId, person.id)) throw new DomainError('do-not-contact', 409);
  const to = mail.to.trim().toLowerCase();
  if (!person.emails.some((e) => e.address === to)) {
    throw validationError([{ field: 'to', code: 'unknown_email', message: '' }]);
  }
  const smtp = await workspaceSmtp(db, secrets, actor.workspaceId);
  if (!smtp) throw new DomainError('email-not-configured', 409);
  try {
    const { messageId } = await sendMail(smtp, {
      to,
      subject: mail.subject,
      text: mail.body,
      replyTo: actor.email,
      ...(mail.attachments ? { attachments: mail.attachments } : {}),
    });
    return { to, messageId };
  } catch {
    throw new DomainError('email-failed', 502);
  }
}

/**
 * An e-mail composed in the app to one of the person's addresses, sent through the workspace's SMTP and
 * recorded on the timeline. Refused for a deny-listed person; nothing is recorded when the server refuses.
 */
export async function sendEmailToPerson(
  db: Db,
  secrets: SecretBox,
  actor: Actor,
  id: string,
  mail: { to: string; subject: string; body: string },
) {
  const person = await findPerson(db, actor.workspaceId, id, (params) =>
    visiblePeoplePredicate(actor, params),
  );
  if (!person) throw notFound();
  const { to, messageId } = await mailPerson(db, secrets, actor, person, mail);
  return transaction(db, (tx) =>
    appendEvent(tx, {
      workspaceId: actor.workspaceId,
      subjectType: 'person',
      subjectId: id,
      kind: 'email_sent',
      actorId: actor.userId,
      summary: { messageId },
      payload: { to, subject: mail.subject, body: mail.body },
    }).then((event) => ({ ...event, actor: { id: actor.userId, name: actor.name } })),
  );
}
