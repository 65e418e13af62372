import { BUSINESS_TIME_ZONE } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

export type NotificationItem = {
  id: number;
  kind: string;
  day: string;
  data: unknown;
  createdAt: string;
  readAt: string | null;
};

/** A user's most recent notifications and how many of all theirs are unread. */
export async function listForUser(
  db: Queryable,
  workspaceId: string,
  userId: string,
  limit: number,
): Promise<{ items: NotificationItem[]; unread: number }> {
  const { rows } = await db.query(
    `SELECT id, kind, day::text, data, created_at, read_at, count(*) FILTER (WHERE read_at IS NULL) OVER () AS unread
     FROM notifications WHERE user_id = $1 AND workspace_id = $2 ORDER BY day DESC, id DESC LIMIT $3`,
    [userId, workspaceId, limit],
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      day: r.day,
      data: r.data,
      createdAt: r.created_at.toISOString(),
      readAt: r.read_at?.toISOString() ?? null,
    })),
    unread: Number(rows[0]?.unread ?? 0),
  };
}

/** Marks one of the user's notifications read (the first reading time stays); false when it is not theirs. */
export async function markRead(
  db: Queryable,
  workspaceId: string,
  userId: string,
  id: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE notifications SET read_at = coalesce(read_at, now())
     WHERE workspace_id = $1 AND user_id = $2 AND id = $3`,
    [workspaceId, userId, id],
  );
  return (rowCount ?? 0) > 0;
}

/** Inserts an activity's reminder for its owner, dated on the business day of `at`; answers its id. */
export async function insertActivityReminder(
  db: Queryable,
  n: { workspaceId: string; userId: string; at: Date; data: unknown },
): Promise<number> {
  const { rows } = await db.query(
    `INSERT INTO notifications (workspace_id, user_id, kind, day, data)
     VALUES ($1, $2, 'activity_reminder', ($3::timestamptz AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date, $4)
     RETURNING id`,
    [n.workspaceId, n.userId, n.at, JSON.stringify(n.data)],
  );
  return rows[0].id;
}

/** Tells a user that a webhook subscription was switched off (the target is gone or kept failing). */
export async function insertWebhookDisabled(
  db: Queryable,
  n: { workspaceId: string; userId: string; data: unknown },
): Promise<void> {
  await db.query(
    `INSERT INTO notifications (workspace_id, user_id, kind, day, data)
     VALUES ($1, $2, 'webhook_disabled', (now() AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date, $3)`,
    [n.workspaceId, n.userId, JSON.stringify(n.data)],
  );
}

/** Tells a manager that the roleta took a lead back from a broker after the SLA; answers its id. */
export async function insertLeadReclaimed(
  db: Queryable,
  n: { workspaceId: string; userId: string; at: Date; data: unknown },
): Promise<number> {
  const { rows } = await db.query(
    `INSERT INTO notifications (workspace_id, user_id, kind, day, data)
     VALUES ($1, $2, 'lead_reclaimed', ($3::timestamptz AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date, $4)
     RETURNING id`,
    [n.workspaceId, n.userId, n.at, JSON.stringify(n.data)],
  );
  return rows[0].id;
}

/** A return's alarm for the attendant who registered it; answers its id. */
export async function insertContactAlarm(
  db: Queryable,
  n: { workspaceId: string; userId: string; at: Date; data: unknown },
): Promise<number> {
  const { rows } = await db.query(
    `INSERT INTO notifications (workspace_id, user_id, kind, day, data)
     VALUES ($1, $2, 'contact_alarm', ($3::timestamptz AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date, $4)
     RETURNING id`,
    [n.workspaceId, n.userId, n.at, JSON.stringify(n.data)],
  );
  return rows[0].id;
}

/** A data-subject request for its assignee: assigned to them, or near its deadline; answers its id. */
export async function insertPrivacyRequestNotice(
  db: Queryable,
  n: {
    workspaceId: string;
    userId: string;
    kind: 'privacy_request_assigned' | 'privacy_request_due';
    data: unknown;
  },
): Promise<number> {
  const { rows } = await db.query(
    `INSERT INTO notifications (workspace_id, user_id, kind, day, data)
     VALUES ($1, $2, $3, (now() AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date, $4)
     RETURNING id`,
    [n.workspaceId, n.userId, n.kind, JSON.stringify(n.data)],
  );
  return rows[0].id;
}
