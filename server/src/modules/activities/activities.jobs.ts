import {
  type ActivityKind,
  type ActivityReminderData,
  BUSINESS_TIME_ZONE,
  type ReminderEmailStatus,
} from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { type SmtpConfig, sendMail } from '../../integrations/email/mailer.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { publishToUser } from '../realtime/realtime.hub.ts';
import { workspaceSmtp } from '../workspaces/workspaces.service.ts';

type ClaimedReminder = {
  id: string;
  workspace_id: string;
  owner_id: string;
  owner_email: string;
  kind: ActivityKind;
  title: string;
  due_at: Date;
  person_id: string | null;
  person_name: string | null;
  opportunity_id: string | null;
  opportunity_title: string | null;
};

const KIND_LABELS: Record<ActivityKind, string> = {
  task: 'Tarefa',
  call: 'Ligação',
  meeting: 'Reunião',
  visit: 'Visita',
  email: 'E-mail',
  whatsapp: 'WhatsApp',
};

const spDateTime = new Intl.DateTimeFormat('pt-BR', {
  timeZone: BUSINESS_TIME_ZONE,
  dateStyle: 'short',
  timeStyle: 'short',
});

/**
 * Claims the due reminders and queues their in-app side: marks `reminded_at` on each (rows another run holds
 * are skipped: `FOR UPDATE SKIP LOCKED`, and a row claimed meanwhile no longer matches), inserts one
 * notification per activity for its owner, and publishes it to the owner's streams — all in one transaction,
 * so a reminder fires once even with several instances polling.
 */
async function claimDueReminders(db: Db, now: Date, batch: number): Promise<ClaimedReminder[]> {
  return transaction(db, async (tx) => {
    const { rows } = await tx.query<ClaimedReminder & { notification_id: number }>(
      `WITH due AS (
         SELECT a.id FROM activities a
         WHERE a.status = 'open' AND a.reminded_at IS NULL AND a.remind_at <= $1
         ORDER BY a.remind_at LIMIT $2
         FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE activities a SET reminded_at = $1, reminder_email_status = 'pending',
           reminder_email_attempts = 1, reminder_emailed_at = $1
         FROM due WHERE a.id = due.id
         RETURNING a.id, a.workspace_id, a.owner_id, a.kind, a.title, a.due_at, a.person_id, a.opportunity_id)
       SELECT c.*, u.email AS owner_email, p.name AS person_name, o.title AS opportunity_title
       FROM claimed c JOIN users u ON u.id = c.owner_id
       LEFT JOIN people p ON p.id = c.person_id
       LEFT JOIN opportunities o ON o.id = c.opportunity_id`,
      [now, batch],
    );
    for (const r of rows) {
      const data: ActivityReminderData = {
        activityId: r.id,
        kind: r.kind,
        title: r.title,
        dueAt: r.due_at.toISOString(),
        personId: r.person_id,
        opportunityId: r.opportunity_id,
      };
      const inserted = await tx.query(
        `INSERT INTO notifications (workspace_id, user_id, kind, day, data)
         VALUES ($1, $2, 'activity_reminder', ($3::timestamptz AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date, $4)
         RETURNING id`,
        [r.workspace_id, r.owner_id, now, JSON.stringify(data)],
      );
      await publishToUser(tx, r.workspace_id, r.owner_id, {
        type: 'notification.created',
        notificationId: inserted.rows[0].id,
        kind: 'activity_reminder',
        at: now.toISOString(),
      });
    }
    return rows;
  });
}

function reminderMail(r: ClaimedReminder) {
  const when = spDateTime.format(r.due_at);
  const about = [r.person_name, r.opportunity_title].filter(Boolean).join(' · ');
  return {
    subject: `Lembrete: ${KIND_LABELS[r.kind]} — ${r.title} (${when})`,
    text: [
      `${KIND_LABELS[r.kind]}: ${r.title}`,
      `Quando: ${when} (horário de Brasília)`,
      about ? `Com: ${about}` : null,
      '',
      'Lembrete enviado pelo Funil.',
    ]
      .filter((line) => line !== null)
      .join('\n'),
  };
}

/** How many times a reminder e-mail is tried in all, and the pause before the n-th retry (n × this). */
export const REMINDER_EMAIL_ATTEMPTS = 3;
const RETRY_PAUSE_MS = 2 * 60 * 1000;

/**
 * Claims reminder e-mails to try again: failed ones, and ones left `pending` by a process that died while
 * sending, after a pause growing with each attempt; only while the activity is open and not yet due (a late
 * reminder is noise). Each claim counts an attempt, so a message is tried at most REMINDER_EMAIL_ATTEMPTS times.
 */
async function claimRetries(db: Db, now: Date, batch: number): Promise<ClaimedReminder[]> {
  const { rows } = await db.query<ClaimedReminder>(
    `WITH due AS (
       SELECT a.id FROM activities a
       WHERE a.status = 'open' AND a.reminder_email_status IN ('pending', 'failed')
         AND a.reminder_email_attempts < $3 AND a.due_at > $1
         AND a.reminder_emailed_at <= $1 - make_interval(secs => a.reminder_email_attempts * $4::float8 / 1000)
       ORDER BY a.reminder_emailed_at LIMIT $2
       FOR UPDATE SKIP LOCKED),
     claimed AS (
       UPDATE activities a SET reminder_email_status = 'pending', reminder_email_attempts = a.reminder_email_attempts + 1,
         reminder_emailed_at = $1
       FROM due WHERE a.id = due.id
       RETURNING a.id, a.workspace_id, a.owner_id, a.kind, a.title, a.due_at, a.person_id, a.opportunity_id)
     SELECT c.*, u.email AS owner_email, p.name AS person_name, o.title AS opportunity_title
     FROM claimed c JOIN users u ON u.id = c.owner_id
     LEFT JOIN people p ON p.id = c.person_id
     LEFT JOIN opportunities o ON o.id = c.opportunity_id`,
    [now, batch, REMINDER_EMAIL_ATTEMPTS, RETRY_PAUSE_MS],
  );
  return rows;
}

async function recordEmailOutcome(db: Queryable, r: ClaimedReminder, status: ReminderEmailStatus) {
  await db.query(
    `UPDATE activities SET reminder_email_status = $3, reminder_emailed_at = now()
     WHERE id = $1 AND workspace_id = $2 AND reminder_email_status = 'pending'`,
    [r.id, r.workspace_id, status],
  );
}

/**
 * The reminder job: fires every due reminder once (notification + live bell), then, after that commit,
 * e-mails each owner through their workspace's SMTP and records the outcome on the activity. An SMTP
 * failure is recorded (`failed`) and never undoes the in-app reminder nor stops the other e-mails; failed
 * e-mails are tried again on later runs (see `claimRetries`). Answers how many reminders fired.
 */
export async function sendDueReminders(
  db: Db,
  secrets: SecretBox,
  now = new Date(),
  batch = 200,
): Promise<number> {
  const claimed = await claimDueReminders(db, now, batch);
  await emailReminders(db, secrets, [...claimed, ...(await claimRetries(db, now, batch))]);
  return claimed.length;
}

/** E-mails each claimed reminder to its owner through the workspace's SMTP and records the outcome. */
async function emailReminders(db: Db, secrets: SecretBox, claimed: ClaimedReminder[]) {
  const smtpOf = new Map<string, SmtpConfig | null>();
  for (const r of claimed) {
    if (!smtpOf.has(r.workspace_id)) {
      // A password that cannot be opened (another server key) counts as not configured.
      smtpOf.set(r.workspace_id, await workspaceSmtp(db, secrets, r.workspace_id).catch(() => null));
    }
    const smtp = smtpOf.get(r.workspace_id);
    if (!smtp) {
      await recordEmailOutcome(db, r, 'not_configured');
      continue;
    }
    let status: ReminderEmailStatus = 'sent';
    try {
      await sendMail(smtp, { to: r.owner_email, ...reminderMail(r) });
    } catch {
      status = 'failed';
    }
    await recordEmailOutcome(db, r, status);
  }
}
