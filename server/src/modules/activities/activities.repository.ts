import type { ActivityKind, ActivityStatus, ReminderEmailStatus } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';

/**
 * The workspace and a policy predicate (over `activities a`, `people p` or `opportunities o`), composed into each
 * query: the statement names the workspace itself, so it stays on one shard whatever the predicate says.
 */
export type Scope = { workspaceId: string; visible: (params: SqlParams) => string };

export type ActivityRow = {
  id: string;
  workspace_id: string;
  kind: ActivityKind;
  title: string;
  description: string | null;
  due_at: Date;
  duration_minutes: number;
  owner_id: string;
  owner_name: string;
  owner_team_ids: string[];
  person_id: string | null;
  person_name: string | null;
  opportunity_id: string | null;
  opportunity_title: string | null;
  status: ActivityStatus;
  outcome: string | null;
  cancel_reason: string | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  reminder_minutes_before: number | null;
  remind_at: Date | null;
  reminded_at: Date | null;
  reminder_email_status: ReminderEmailStatus | null;
  created_by: string;
  created_by_name: string;
  created_at: Date;
  updated_at: Date;
  version: number;
};

const SELECT = `SELECT a.*, ow.name AS owner_name, cb.name AS created_by_name, p.name AS person_name,
    o.title AS opportunity_title,
    ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.workspace_id = a.workspace_id AND tm.user_id = a.owner_id)
      AS owner_team_ids
  FROM activities a
  JOIN users ow ON ow.workspace_id = a.workspace_id AND ow.id = a.owner_id
  JOIN users cb ON cb.workspace_id = a.workspace_id AND cb.id = a.created_by
  LEFT JOIN people p ON p.workspace_id = a.workspace_id AND p.id = a.person_id
  LEFT JOIN opportunities o ON o.workspace_id = a.workspace_id AND o.id = a.opportunity_id`;

export async function findActivity(db: Queryable, id: string, scope: Scope): Promise<ActivityRow | null> {
  const params = new SqlParams();
  const { rows } = await db.query<ActivityRow>(
    `${SELECT} WHERE a.workspace_id = ${params.add(scope.workspaceId)} AND a.id = ${params.add(id)}
       AND ${scope.visible(params)}`,
    params.values,
  );
  return rows[0] ?? null;
}

/**
 * Locks a visible activity for a change. The lock is taken on the bare row (no joins), then the row is read
 * again through the policy: a concurrent writer's new version is re-checked, as for opportunities.
 */
export async function lockActivity(tx: Queryable, id: string, scope: Scope): Promise<ActivityRow | null> {
  const params = new SqlParams();
  const locked = await tx.query(
    `SELECT a.id FROM activities a
     WHERE a.workspace_id = ${params.add(scope.workspaceId)} AND a.id = ${params.add(id)} AND ${scope.visible(params)}
     FOR UPDATE OF a`,
    params.values,
  );
  if (!locked.rows[0]) return null;
  return findActivity(tx, id, scope);
}

export type ActivityValues = {
  kind: ActivityKind;
  title: string;
  description: string | null;
  dueAt: Date;
  durationMinutes: number;
  ownerId: string;
  personId: string | null;
  opportunityId: string | null;
  reminderMinutesBefore: number | null;
};

const remindAt = (v: ActivityValues) =>
  v.reminderMinutesBefore === null ? null : new Date(v.dueAt.getTime() - v.reminderMinutesBefore * 60_000);

export async function insertActivity(
  tx: Queryable,
  a: ActivityValues & { id: string; workspaceId: string; createdBy: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO activities (id, workspace_id, kind, title, description, due_at, duration_minutes, owner_id,
       person_id, opportunity_id, reminder_minutes_before, remind_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      a.id,
      a.workspaceId,
      a.kind,
      a.title,
      a.description,
      a.dueAt,
      a.durationMinutes,
      a.ownerId,
      a.personId,
      a.opportunityId,
      a.reminderMinutesBefore,
      remindAt(a),
      a.createdBy,
    ],
  );
}

/**
 * Writes an edit and bumps the version. A reminder moved in time fires again (its `reminded_at` and e-mail
 * outcome are cleared); one left where it was keeps its history.
 */
export async function updateActivity(
  tx: Queryable,
  workspaceId: string,
  id: string,
  v: ActivityValues,
): Promise<void> {
  await tx.query(
    `UPDATE activities SET kind = $3, title = $4, description = $5, due_at = $6, duration_minutes = $7,
       owner_id = $8, person_id = $9, opportunity_id = $10, reminder_minutes_before = $11,
       reminded_at = CASE WHEN remind_at IS NOT DISTINCT FROM $12 THEN reminded_at END,
       reminder_email_status = CASE WHEN remind_at IS NOT DISTINCT FROM $12 THEN reminder_email_status END,
       reminder_emailed_at = CASE WHEN remind_at IS NOT DISTINCT FROM $12 THEN reminder_emailed_at END,
       reminder_email_attempts = CASE WHEN remind_at IS NOT DISTINCT FROM $12 THEN reminder_email_attempts ELSE 0 END,
       remind_at = $12, version = version + 1, updated_at = now()
     WHERE id = $1 AND workspace_id = $2`,
    [
      id,
      workspaceId,
      v.kind,
      v.title,
      v.description,
      v.dueAt,
      v.durationMinutes,
      v.ownerId,
      v.personId,
      v.opportunityId,
      v.reminderMinutesBefore,
      remindAt(v),
    ],
  );
}

/** Closes an open activity: done with its outcome, or cancelled with its reason. */
export async function closeActivity(
  tx: Queryable,
  workspaceId: string,
  id: string,
  close: { status: 'done'; outcome: string | null } | { status: 'cancelled'; reason: string },
): Promise<void> {
  if (close.status === 'done') {
    await tx.query(
      `UPDATE activities SET status = 'done', outcome = $3, completed_at = now(), version = version + 1,
         updated_at = now() WHERE id = $1 AND workspace_id = $2`,
      [id, workspaceId, close.outcome],
    );
  } else {
    await tx.query(
      `UPDATE activities SET status = 'cancelled', cancel_reason = $3, cancelled_at = now(),
         version = version + 1, updated_at = now() WHERE id = $1 AND workspace_id = $2`,
      [id, workspaceId, close.reason],
    );
  }
}

export type ActivityFilters = {
  ownerId?: string | undefined;
  statuses?: ActivityStatus[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  personId?: string | undefined;
  opportunityId?: string | undefined;
};

function filterSql(params: SqlParams, f: ActivityFilters, scope: Scope): string {
  const where = [`a.workspace_id = ${params.add(scope.workspaceId)}`, scope.visible(params)];
  if (f.ownerId) where.push(`a.owner_id = ${params.add(f.ownerId)}`);
  if (f.statuses?.length) where.push(`a.status = ANY(${params.add(f.statuses)}::text[])`);
  if (f.from) where.push(`a.due_at >= ${params.add(f.from)}`);
  if (f.to) where.push(`a.due_at < ${params.add(f.to)}`);
  if (f.personId) where.push(`a.person_id = ${params.add(f.personId)}`);
  if (f.opportunityId) where.push(`a.opportunity_id = ${params.add(f.opportunityId)}`);
  return where.join(' AND ');
}

/**
 * A page of activities by due time (then id; latest first when `descending`), after the keyset `after`; and
 * how many match in all.
 */
export async function listActivities(
  db: Queryable,
  f: ActivityFilters,
  scope: Scope,
  page: { limit: number; after: { dueAt: Date; id: string } | null; descending?: boolean },
): Promise<{ rows: ActivityRow[]; total: number }> {
  const params = new SqlParams();
  const where = filterSql(params, f, scope);
  const [beyond, direction] = page.descending ? ['<', 'DESC'] : ['>', 'ASC'];
  const keyset = page.after
    ? ` AND (a.due_at, a.id) ${beyond} (${params.add(page.after.dueAt)}, ${params.add(page.after.id)}::uuid)`
    : '';
  const countParams = new SqlParams();
  const [list, count] = await Promise.all([
    db.query<ActivityRow>(
      `${SELECT} WHERE ${where}${keyset} ORDER BY a.due_at ${direction}, a.id ${direction} LIMIT ${Math.trunc(page.limit)}`,
      params.values,
    ),
    db.query(
      `SELECT count(*)::int AS n FROM activities a
       WHERE a.workspace_id = ${countParams.add(scope.workspaceId)} AND ${filterSql(countParams, f, scope)}`,
      countParams.values,
    ),
  ]);
  return { rows: list.rows, total: count.rows[0].n };
}

/** Open / done / cancelled (and overdue among the open) of the visible activities of a person or opportunity. */
export async function countActivities(
  db: Queryable,
  link: { personId: string } | { opportunityId: string },
  scope: Scope,
  now: Date,
): Promise<{ open: number; done: number; cancelled: number; overdue: number }> {
  const params = new SqlParams();
  const where = filterSql(params, link, scope);
  const { rows } = await db.query(
    `SELECT count(*) FILTER (WHERE a.status = 'open')::int AS open,
       count(*) FILTER (WHERE a.status = 'done')::int AS done,
       count(*) FILTER (WHERE a.status = 'cancelled')::int AS cancelled,
       count(*) FILTER (WHERE a.status = 'open' AND a.due_at < ${params.add(now)})::int AS overdue
     FROM activities a WHERE a.workspace_id = ${params.add(scope.workspaceId)} AND ${where}`,
    params.values,
  );
  return rows[0];
}

/** Whether `personId` is involved in `opportunityId` (its timeline then shows the opportunity's events). */
export async function isInvolved(
  db: Queryable,
  workspaceId: string,
  opportunityId: string,
  personId: string,
): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM opportunity_people WHERE workspace_id = $1 AND opportunity_id = $2 AND person_id = $3',
    [workspaceId, opportunityId, personId],
  );
  return rows.length > 0;
}

/** The teams a user of the workspace belongs to; null when the workspace has no such active user. */
export async function findAssignableUser(
  db: Queryable,
  workspaceId: string,
  userId: string,
): Promise<{ teamIds: string[] } | null> {
  const { rows } = await db.query(
    `SELECT ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.workspace_id = u.workspace_id AND tm.user_id = u.id)
       AS team_ids
     FROM users u WHERE u.id = $1 AND u.workspace_id = $2 AND u.active`,
    [userId, workspaceId],
  );
  return rows[0] ? { teamIds: rows[0].team_ids } : null;
}

/** Whether the person `id` passes `scope` (the people policy over `p`). */
export async function personVisible(db: Queryable, id: string, scope: Scope): Promise<boolean> {
  const params = new SqlParams();
  const { rows } = await db.query(
    `SELECT 1 FROM people p
     WHERE p.workspace_id = ${params.add(scope.workspaceId)} AND p.id = ${params.add(id)} AND ${scope.visible(params)}`,
    params.values,
  );
  return rows.length > 0;
}

/** Whether the opportunity `id` passes `scope` (the opportunities policy over `o`). */
export async function opportunityVisible(db: Queryable, id: string, scope: Scope): Promise<boolean> {
  const params = new SqlParams();
  const { rows } = await db.query(
    `SELECT 1 FROM opportunities o
     WHERE o.workspace_id = ${params.add(scope.workspaceId)} AND o.id = ${params.add(id)} AND ${scope.visible(params)}`,
    params.values,
  );
  return rows.length > 0;
}

export type ClaimedReminder = {
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

// What a claim answers: the claimed rows with their owner's address and what they are about (same workspace).
const CLAIMED_DETAILS = `SELECT c.*, u.email AS owner_email, p.name AS person_name, o.title AS opportunity_title
     FROM claimed c JOIN users u ON u.workspace_id = c.workspace_id AND u.id = c.owner_id
     LEFT JOIN people p ON p.workspace_id = c.workspace_id AND p.id = c.person_id
     LEFT JOIN opportunities o ON o.workspace_id = c.workspace_id AND o.id = c.opportunity_id`;

/**
 * Claims up to `batch` due reminders of every workspace (rows another run holds are skipped, and a row claimed
 * meanwhile no longer matches): sets `reminded_at` and the first e-mail attempt.
 */
export async function claimDueReminders(db: Queryable, now: Date, batch: number): Promise<ClaimedReminder[]> {
  const { rows } = await db.query<ClaimedReminder>(
    `/* tenancy: any workspace — the reminder sweep serves every workspace */
     WITH due AS (
       SELECT a.id FROM activities a
       WHERE a.status = 'open' AND a.reminded_at IS NULL AND a.remind_at <= $1
       ORDER BY a.remind_at LIMIT $2
       FOR UPDATE SKIP LOCKED),
     claimed AS (
       UPDATE activities a SET reminded_at = $1, reminder_email_status = 'pending',
         reminder_email_attempts = 1, reminder_emailed_at = $1
       FROM due WHERE a.id = due.id
       RETURNING a.id, a.workspace_id, a.owner_id, a.kind, a.title, a.due_at, a.person_id, a.opportunity_id)
     ${CLAIMED_DETAILS}`,
    [now, batch],
  );
  return rows;
}

/**
 * Claims reminder e-mails of every workspace to try again (failed, or left `pending` by a dead process) once
 * the pause after their last attempt (attempts × `pauseMs`) has passed, while the activity is open and not due.
 */
export async function claimRetryEmails(
  db: Queryable,
  now: Date,
  batch: number,
  maxAttempts: number,
  pauseMs: number,
): Promise<ClaimedReminder[]> {
  const { rows } = await db.query<ClaimedReminder>(
    `/* tenancy: any workspace — the reminder sweep serves every workspace */
     WITH due AS (
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
     ${CLAIMED_DETAILS}`,
    [now, batch, maxAttempts, pauseMs],
  );
  return rows;
}

/** Records how a claimed reminder e-mail went, unless a later claim took it over meanwhile. */
export async function recordReminderEmailOutcome(
  db: Queryable,
  r: Pick<ClaimedReminder, 'id' | 'workspace_id'>,
  status: ReminderEmailStatus,
) {
  await db.query(
    `UPDATE activities SET reminder_email_status = $3, reminder_emailed_at = now()
     WHERE id = $1 AND workspace_id = $2 AND reminder_email_status = 'pending'`,
    [r.id, r.workspace_id, status],
  );
}
