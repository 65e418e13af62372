import type { ActivityReminderData, ContactAlarmData, LeadReclaimedData } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { publishToUser } from '../realtime/realtime.hub.ts';
import * as repo from './notifications.repository.ts';

/** How many notifications the bell shows: the recent ones matter, the count of unread covers the rest. */
const RECENT = 30;

/** The bell: the actor's own recent notifications and their unread count (nobody reads another's). */
export const listMyNotifications = (db: Queryable, actor: Actor) =>
  repo.listForUser(db, actor.workspaceId, actor.userId, RECENT);

/** Marks one of the actor's notifications read; another user's, or none, is 404 (no hint that it exists). */
export async function markMyNotificationRead(db: Queryable, actor: Actor, id: number): Promise<void> {
  if (!(await repo.markRead(db, actor.workspaceId, actor.userId, id))) throw notFound();
}

/** Records an activity reminder for its owner inside the reminder job's transaction; answers its id. */
export const recordActivityReminder = (
  tx: Queryable,
  r: { workspaceId: string; userId: string; at: Date; data: ActivityReminderData },
) => repo.insertActivityReminder(tx, r);

/** Tells the admin who made a webhook subscription that it was switched off, and why. */
export const recordWebhookDisabled = (
  db: Queryable,
  n: {
    workspaceId: string;
    userId: string;
    data: { subscriptionId: string; url: string; reason: 'gone' | 'failures' };
  },
) => repo.insertWebhookDisabled(db, n);

/** Rings a manager's bell (live, at commit): the roleta took a lead back from a broker after the SLA. */
export async function recordLeadReclaimed(
  tx: Queryable,
  n: { workspaceId: string; userId: string; at: Date; data: LeadReclaimedData },
): Promise<void> {
  const notificationId = await repo.insertLeadReclaimed(tx, n);
  await publishToUser(tx, n.workspaceId, n.userId, {
    type: 'notification.created',
    notificationId,
    kind: 'lead_reclaimed',
    at: n.at.toISOString(),
  });
}

/** Rings an attendant's bell (live, at commit): the alarm of a return they registered is due. */
export async function recordContactAlarm(
  tx: Queryable,
  n: { workspaceId: string; userId: string; at: Date; data: ContactAlarmData },
): Promise<void> {
  const notificationId = await repo.insertContactAlarm(tx, n);
  await publishToUser(tx, n.workspaceId, n.userId, {
    type: 'notification.created',
    notificationId,
    kind: 'contact_alarm',
    at: n.at.toISOString(),
  });
}

/** Rings an assignee's bell (live, at commit): a data-subject request was assigned to them or is near its deadline. */
export async function recordPrivacyRequestNotice(
  tx: Queryable,
  n: {
    workspaceId: string;
    userId: string;
    kind: 'privacy_request_assigned' | 'privacy_request_due';
    data: { requestId: string; number: number; requestKind: string; deadlineAt: string };
  },
): Promise<void> {
  const notificationId = await repo.insertPrivacyRequestNotice(tx, n);
  await publishToUser(tx, n.workspaceId, n.userId, {
    type: 'notification.created',
    notificationId,
    kind: n.kind,
    at: new Date().toISOString(),
  });
}
