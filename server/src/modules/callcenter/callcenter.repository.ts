import type {
  CallListItem,
  ContactAttempt,
  ContactChannel,
  ContactDirection,
  ContactOutcome,
} from '@funil/domain';
import { BUSINESS_TIME_ZONE } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { prepared, type SqlParams } from '../../lib/sql.ts';

export type NewAttemptRow = {
  id: string;
  workspaceId: string;
  personId: string;
  direction: ContactDirection;
  channel: ContactChannel;
  outcome: ContactOutcome;
  durationSeconds: number | null;
  interestLevelId: string | null;
  leadTypeId: string | null;
  publicityId: string | null;
  alarmAt: string | null;
  userId: string | null;
  eventId: number;
};

/** Writes one attempt (append-only table); answers its id and time. */
export async function insertAttempt(
  db: Queryable,
  a: NewAttemptRow,
): Promise<{ id: string; createdAt: Date }> {
  const { rows } = await db.query(
    `INSERT INTO contact_attempts (id, workspace_id, person_id, direction, channel, outcome, duration_seconds,
       interest_level_id, lead_type_id, publicity_id, alarm_at, user_id, event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id, created_at`,
    [
      a.id,
      a.workspaceId,
      a.personId,
      a.direction,
      a.channel,
      a.outcome,
      a.durationSeconds,
      a.interestLevelId,
      a.leadTypeId,
      a.publicityId,
      a.alarmAt,
      a.userId,
      a.eventId,
    ],
  );
  return { id: rows[0].id, createdAt: rows[0].created_at };
}

/** Keeps the person's latest-contact row: values given by this contact replace the previous ones. */
export async function upsertSummary(
  db: Queryable,
  s: {
    workspaceId: string;
    personId: string;
    at: Date;
    interestLevelId: string | null;
    leadTypeId: string | null;
    publicityId: string | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO person_contact_summary AS s (person_id, workspace_id, last_contact_at, attempts, interest_level_id,
       lead_type_id, publicity_id)
     VALUES ($1, $2, $3, 1, $4, $5, $6)
     ON CONFLICT (person_id, workspace_id) DO UPDATE SET
       last_contact_at = greatest(s.last_contact_at, EXCLUDED.last_contact_at),
       attempts = s.attempts + 1,
       interest_level_id = coalesce(EXCLUDED.interest_level_id, s.interest_level_id),
       lead_type_id = coalesce(EXCLUDED.lead_type_id, s.lead_type_id),
       publicity_id = coalesce(EXCLUDED.publicity_id, s.publicity_id)
     WHERE s.workspace_id = EXCLUDED.workspace_id`,
    [s.personId, s.workspaceId, s.at, s.interestLevelId, s.leadTypeId, s.publicityId],
  );
}

export async function insertAlarm(
  db: Queryable,
  a: { attemptId: string; workspaceId: string; userId: string; personId: string; dueAt: string },
): Promise<void> {
  await db.query(
    `INSERT INTO contact_alarms (attempt_id, workspace_id, user_id, person_id, due_at) VALUES ($1, $2, $3, $4, $5)`,
    [a.attemptId, a.workspaceId, a.userId, a.personId, a.dueAt],
  );
}

/** The options among `ids` of the workspace's `list` that are not archived. */
export async function liveOptionIds(
  db: Queryable,
  workspaceId: string,
  list: string,
  ids: string[],
): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await db.query(
    `SELECT id FROM list_options WHERE workspace_id = $1 AND list = $2 AND id = ANY($3::uuid[]) AND archived_at IS NULL`,
    [workspaceId, list, ids],
  );
  return new Set(rows.map((r) => r.id as string));
}

type AttemptDbRow = {
  id: string;
  person_id: string;
  direction: ContactDirection;
  channel: ContactChannel;
  outcome: ContactOutcome;
  duration_seconds: number | null;
  interest_level_id: string | null;
  interest_label: string | null;
  lead_type_id: string | null;
  lead_type_label: string | null;
  publicity_id: string | null;
  publicity_label: string | null;
  alarm_at: Date | null;
  user_id: string | null;
  user_name: string | null;
  payload: { summary?: string; nextAction?: string } | null;
  created_at: Date;
};

const ref = (id: string | null, label: string | null) => (id ? { id, label: label ?? '' } : null);

/** A person's contacts, newest first (keyset on created_at, id); the texts come from the erasable payloads. */
export async function listAttemptsOfPerson(
  db: Queryable,
  workspaceId: string,
  personId: string,
  limit: number,
  before: [string, string] | null,
): Promise<ContactAttempt[]> {
  const values: unknown[] = [workspaceId, personId];
  let cursor = '';
  if (before) {
    values.push(before[0], before[1]);
    cursor = `AND (a.created_at, a.id) < ($3::timestamptz, $4::uuid)`;
  }
  const { rows } = await db.query<AttemptDbRow>(
    `SELECT a.id, a.person_id, a.direction, a.channel, a.outcome, a.duration_seconds,
       a.interest_level_id, il.label AS interest_label, a.lead_type_id, lt.label AS lead_type_label,
       a.publicity_id, pb.label AS publicity_label, a.alarm_at, a.user_id, u.name AS user_name,
       tp.payload, a.created_at
     FROM contact_attempts a
     LEFT JOIN list_options il ON il.workspace_id = a.workspace_id AND il.id = a.interest_level_id
     LEFT JOIN list_options lt ON lt.workspace_id = a.workspace_id AND lt.id = a.lead_type_id
     LEFT JOIN list_options pb ON pb.workspace_id = a.workspace_id AND pb.id = a.publicity_id
     LEFT JOIN users u ON u.workspace_id = a.workspace_id AND u.id = a.user_id
     LEFT JOIN timeline_payloads tp ON tp.workspace_id = a.workspace_id AND tp.event_id = a.event_id
     WHERE a.workspace_id = $1 AND a.person_id = $2 ${cursor}
     ORDER BY a.created_at DESC, a.id DESC
     LIMIT ${Math.trunc(limit)}`,
    values,
  );
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    direction: r.direction,
    channel: r.channel,
    outcome: r.outcome,
    durationSeconds: r.duration_seconds,
    summary: r.payload?.summary ?? '',
    interestLevel: ref(r.interest_level_id, r.interest_label),
    leadType: ref(r.lead_type_id, r.lead_type_label),
    publicity: ref(r.publicity_id, r.publicity_label),
    nextAction: r.payload?.nextAction ?? '',
    alarmAt: r.alarm_at?.toISOString() ?? null,
    user: r.user_id ? { id: r.user_id, name: r.user_name ?? '' } : null,
    createdAt: r.created_at.toISOString(),
  }));
}

/** The call list's conditions over `people p` LEFT JOIN `person_contact_summary s` (the caller adds visibility). */
export function callListConditions(
  f: {
    contactedFrom?: string | undefined;
    contactedTo?: string | undefined;
    interestLevelIds?: string[] | undefined;
    publicityIds?: string[] | undefined;
    leadTypeIds?: string[] | undefined;
    phone?: string | undefined;
    email?: string | undefined;
    ownerId?: string | undefined;
    notContactedSince?: string | undefined;
  },
  params: SqlParams,
): string[] {
  const where: string[] = [];
  const day = (d: string) => `(${params.add(d)}::date::timestamp AT TIME ZONE '${BUSINESS_TIME_ZONE}')`;
  if (f.contactedFrom || f.contactedTo) {
    const range = [
      f.contactedFrom ? `a.created_at >= ${day(f.contactedFrom)}` : null,
      f.contactedTo ? `a.created_at < ${day(f.contactedTo)} + interval '1 day'` : null,
    ].filter(Boolean);
    where.push(
      `EXISTS (SELECT 1 FROM contact_attempts a WHERE a.workspace_id = p.workspace_id AND a.person_id = p.id AND ${range.join(' AND ')})`,
    );
  }
  if (f.interestLevelIds?.length)
    where.push(`s.interest_level_id = ANY(${params.add(f.interestLevelIds)}::uuid[])`);
  if (f.publicityIds?.length) where.push(`s.publicity_id = ANY(${params.add(f.publicityIds)}::uuid[])`);
  if (f.leadTypeIds?.length) where.push(`s.lead_type_id = ANY(${params.add(f.leadTypeIds)}::uuid[])`);
  if (f.phone) {
    where.push(
      `EXISTS (SELECT 1 FROM person_phones x WHERE x.workspace_id = p.workspace_id AND x.person_id = p.id AND x.number = ${params.add(f.phone)})`,
    );
  }
  if (f.email) {
    where.push(
      `EXISTS (SELECT 1 FROM person_emails x WHERE x.workspace_id = p.workspace_id AND x.person_id = p.id AND lower(x.address) = lower(${params.add(f.email)}))`,
    );
  }
  if (f.ownerId) where.push(`p.owner_id = ${params.add(f.ownerId)}`);
  if (f.notContactedSince) {
    where.push(`(s.last_contact_at IS NULL OR s.last_contact_at < ${day(f.notContactedSince)})`);
  }
  return where;
}

const FROM = `people p LEFT JOIN person_contact_summary s ON s.workspace_id = p.workspace_id AND s.person_id = p.id`;

/** One keyset page of the call list by name, id (`where` carries the workspace and the people policy). */
export async function callListPage(
  db: Queryable,
  where: string[],
  params: SqlParams,
  cursor: [string, string] | null,
  limit: number,
): Promise<{ items: CallListItem[]; next: [string, string] | null }> {
  const conditions = [...where];
  if (cursor)
    conditions.push(`(p.name, p.id) > (${params.add(cursor[0])}::text, ${params.add(cursor[1])}::uuid)`);
  // The page's people first (ids, names, list ids): the phone, e-mail and label lookups then run for these
  // rows only, never for every match before the sort.
  const { rows } = await db.query(
    prepared(
      `SELECT x.id, x.name, x.stage, x.owner_id, o.name AS owner_name, x.last_contact_at, x.attempts,
         il.label AS interest_label, lt.label AS lead_type_label, pb.label AS publicity_label,
         (SELECT number FROM person_phones ph WHERE ph.workspace_id = x.workspace_id AND ph.person_id = x.id ORDER BY ph.is_primary DESC, ph.position LIMIT 1) AS primary_phone,
         (SELECT address FROM person_emails em WHERE em.workspace_id = x.workspace_id AND em.person_id = x.id ORDER BY em.is_primary DESC, em.position LIMIT 1) AS primary_email
       FROM (
         SELECT p.id, p.workspace_id, p.name, p.stage, p.owner_id, s.last_contact_at, coalesce(s.attempts, 0) AS attempts,
           s.interest_level_id, s.lead_type_id, s.publicity_id
         FROM ${FROM}
         WHERE ${conditions.join(' AND ')}
         ORDER BY p.name, p.id
         LIMIT ${Math.trunc(limit) + 1}
       ) x
       LEFT JOIN users o ON o.workspace_id = x.workspace_id AND o.id = x.owner_id
       LEFT JOIN list_options il ON il.workspace_id = x.workspace_id AND il.id = x.interest_level_id
       LEFT JOIN list_options lt ON lt.workspace_id = x.workspace_id AND lt.id = x.lead_type_id
       LEFT JOIN list_options pb ON pb.workspace_id = x.workspace_id AND pb.id = x.publicity_id
       ORDER BY x.name, x.id`,
      params.values,
    ),
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      name: r.name,
      stage: r.stage,
      owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
      primaryPhone: r.primary_phone,
      primaryEmail: r.primary_email,
      lastContactAt: r.last_contact_at?.toISOString() ?? null,
      attempts: Number(r.attempts),
      interestLevel: r.interest_label,
      leadType: r.lead_type_label,
      publicity: r.publicity_label,
    })),
    next: rows.length > limit && last ? [last.name, last.id] : null,
  };
}

/**
 * How many people the call list holds, counting at most `cap + 1` matches: past the cap the exact figure is not
 * worth reading every match (60,000 rows cost more than the page itself), so the caller answers "cap+".
 * `summaryOf` (the workspace id) when the filter needs a summary row (publicity, interest, lead type): the count then
 * walks the summary's covering index and probes each person by key. Left to itself the planner hashes those
 * matches and scans every person of the workspace, which costs the same for 2,000 matches as for 100,000; the
 * `OFFSET 0` keeps the person lookup per row.
 */
export async function countCallList(
  db: Queryable,
  where: string[],
  params: SqlParams,
  cap: number,
  summaryOf: string | null = null,
): Promise<number> {
  const from = summaryOf
    ? `person_contact_summary s CROSS JOIN LATERAL (
         SELECT * FROM people p WHERE p.workspace_id = s.workspace_id AND p.id = s.person_id OFFSET 0) p`
    : FROM;
  const conditions = summaryOf ? [`s.workspace_id = ${params.add(summaryOf)}`, ...where] : where;
  const { rows } = await db.query(
    prepared(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${conditions.join(' AND ')} LIMIT ${Math.trunc(cap) + 1}) x`,
      params.values,
    ),
  );
  return rows[0].n;
}

/** The first `limit` ids of the call list, in its order (the dialer and the sends take them). */
export async function callListIds(
  db: Queryable,
  where: string[],
  params: SqlParams,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT p.id FROM ${FROM} WHERE ${where.join(' AND ')} ORDER BY p.name, p.id LIMIT ${Math.trunc(limit)}`,
    params.values,
  );
  return rows.map((r) => r.id as string);
}

export type DueAlarm = {
  attemptId: string;
  workspaceId: string;
  userId: string;
  personId: string;
  personName: string;
  dueAt: Date;
  eventId: number;
};

/** Claims due alarms (marks them fired) so each rings once even with several instances. */
export async function claimDueAlarms(db: Queryable, now: Date, limit: number): Promise<DueAlarm[]> {
  const { rows } = await db.query(
    /* tenancy: any workspace — the alarm sweep serves every workspace; each row keeps its own */
    `WITH due AS (
       SELECT attempt_id FROM contact_alarms WHERE fired_at IS NULL AND due_at <= $1
       ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED
     ), fired AS (
       UPDATE contact_alarms c SET fired_at = now() FROM due WHERE c.attempt_id = due.attempt_id
       RETURNING c.attempt_id, c.workspace_id, c.user_id, c.person_id, c.due_at
     )
     SELECT f.attempt_id, f.workspace_id, f.user_id, f.person_id, f.due_at, p.name AS person_name, a.event_id
     FROM fired f
     JOIN people p ON p.workspace_id = f.workspace_id AND p.id = f.person_id
     JOIN contact_attempts a ON a.workspace_id = f.workspace_id AND a.id = f.attempt_id`,
    [now, limit],
  );
  return rows.map((r) => ({
    attemptId: r.attempt_id,
    workspaceId: r.workspace_id,
    userId: r.user_id,
    personId: r.person_id,
    personName: r.person_name,
    dueAt: r.due_at,
    eventId: Number(r.event_id),
  }));
}

/** The next action text of an attempt (from its erasable payload). */
export async function attemptNextAction(
  db: Queryable,
  workspaceId: string,
  eventId: number,
): Promise<string> {
  const { rows } = await db.query(
    `SELECT payload FROM timeline_payloads WHERE workspace_id = $1 AND event_id = $2`,
    [workspaceId, eventId],
  );
  return rows[0]?.payload?.nextAction ?? '';
}

export type SavedFilterRow = {
  id: string;
  name: string;
  filter: unknown;
  shared: boolean;
  createdBy: { id: string; name: string };
  createdAt: string;
};

const SAVED_COLUMNS = `f.id, f.name, f.filter, f.shared, f.created_by, u.name AS created_by_name, f.created_at`;
const presentSaved = (r: Record<string, unknown>): SavedFilterRow => ({
  id: r.id as string,
  name: r.name as string,
  filter: r.filter,
  shared: r.shared as boolean,
  createdBy: { id: r.created_by as string, name: (r.created_by_name as string | null) ?? '' },
  createdAt: (r.created_at as Date).toISOString(),
});

export async function insertSavedFilter(
  db: Queryable,
  f: { workspaceId: string; name: string; filter: unknown; shared: boolean; createdBy: string },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO call_list_filters (workspace_id, name, filter, shared, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [f.workspaceId, f.name, JSON.stringify(f.filter), f.shared, f.createdBy],
  );
  return rows[0].id;
}

/** The user's own saved filters and those shared with the team. */
export async function listSavedFilters(
  db: Queryable,
  workspaceId: string,
  userId: string,
): Promise<SavedFilterRow[]> {
  const { rows } = await db.query(
    `SELECT ${SAVED_COLUMNS} FROM call_list_filters f
     LEFT JOIN users u ON u.workspace_id = f.workspace_id AND u.id = f.created_by
     WHERE f.workspace_id = $1 AND f.deleted_at IS NULL AND (f.shared OR f.created_by = $2)
     ORDER BY f.name, f.id LIMIT 500`,
    [workspaceId, userId],
  );
  return rows.map(presentSaved);
}

export async function findSavedFilter(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<SavedFilterRow | null> {
  const { rows } = await db.query(
    `SELECT ${SAVED_COLUMNS} FROM call_list_filters f
     LEFT JOIN users u ON u.workspace_id = f.workspace_id AND u.id = f.created_by
     WHERE f.workspace_id = $1 AND f.id = $2 AND f.deleted_at IS NULL`,
    [workspaceId, id],
  );
  return rows[0] ? presentSaved(rows[0]) : null;
}

export async function deleteSavedFilter(db: Queryable, workspaceId: string, id: string): Promise<void> {
  await db.query(`UPDATE call_list_filters SET deleted_at = now() WHERE workspace_id = $1 AND id = $2`, [
    workspaceId,
    id,
  ]);
}
