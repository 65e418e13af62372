import {
  type ActivityKind,
  type ActivityReminderData,
  BUSINESS_TIME_ZONE,
  type ReminderEmailStatus,
} from '@funil/domain';
import { type Db, transaction } from '../../db/pool.ts';
import { type SmtpConfig, sendMail } from '../../integrations/email/mailer.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { recordActivityReminder } from '../notifications/notifications.service.ts';
import { publishToUser } from '../realtime/realtime.hub.ts';
import { workspaceSmtp } from '../workspaces/workspaces.service.ts';
import {
  type ClaimedReminder,
  claimDueReminders as claimDue,
  claimRetryEmails,
  recordReminderEmailOutcome,
} from './activities.repository.ts';

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
    const rows = await claimDue(tx, now, batch);
    for (const r of rows) {
      const data: ActivityReminderData = {
        activityId: r.id,
        kind: r.kind,
        title: r.title,
        dueAt: r.due_at.toISOString(),
        personId: r.person_id,
        opportunityId: r.opportunity_id,
      };
      const notificationId = await recordActivityReminder(tx, {
        workspaceId: r.workspace_id,
        userId: r.owner_id,
        at: now,
        data,
      });
      await publishToUser(tx, r.workspace_id, r.owner_id, {
        type: 'notification.created',
        notificationId,
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
  return claimRetryEmails(db, now, batch, REMINDER_EMAIL_ATTEMPTS, RETRY_PAUSE_MS);
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
      await recordReminderEmailOutcome(db, r, 'not_configured');
      continue;
    }
    let status: ReminderEmailStatus = 'sent';
    try {
      await sendMail(smtp, { to: r.owner_email, ...reminderMail(r) });
    } catch {
      status = 'failed';
    }
    await recordReminderEmailOutcome(db, r, status);
  }
}
