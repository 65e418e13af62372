import { type Db, transaction } from '../../db/pool.ts';
import { sendMail } from '../../integrations/email/mailer.ts';
import { DomainError, notFound, validationError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import { findSetting } from '../workspaces/workspaces.repository.ts';
import { visiblePeoplePredicate } from './people.policy.ts';
import { findPerson } from './people.repository.ts';

/**
 * An e-mail composed in the app to one of the person's addresses, sent through the workspace's SMTP and
 * recorded on the timeline. Refused for a deny-listed person; nothing is recorded when the server refuses.
 */
export async function sendEmailToPerson(
  db: Db,
  actor: Actor,
  id: string,
  mail: { to: string; subject: string; body: string },
) {
  const person = await findPerson(db, id, (params) => visiblePeoplePredicate(actor, params));
  if (!person) throw notFound();
  const flags = await db.query('SELECT do_not_contact FROM people WHERE id = $1', [id]);
  if (flags.rows[0]?.do_not_contact) throw new DomainError('do-not-contact', 409);
  const to = mail.to.trim().toLowerCase();
  if (!person.emails.some((e) => e.address === to)) {
    throw validationError([{ field: 'to', code: 'unknown_email', message: '' }]);
  }
  const smtp = (await findSetting(db, actor.workspaceId, 'smtp'))?.value;
  if (!smtp) throw new DomainError('email-not-configured', 409);
  let messageId: string;
  try {
    ({ messageId } = await sendMail(smtp, {
      to,
      subject: mail.subject,
      text: mail.body,
      replyTo: actor.email,
    }));
  } catch {
    throw new DomainError('email-failed', 502);
  }
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
