import type {
  PrivacyRequestChannel,
  PrivacyRequestEventKind,
  PrivacyRequestFile,
  PrivacyRequestKind,
  PrivacyRequestStatus,
} from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';

// The only SQL over `privacy_requests` and its append-only handling history `privacy_request_events` (0035).

export type StoredAnswerFile = PrivacyRequestFile & { key: string };

export type PrivacyRequestRow = {
  id: string;
  number: string;
  kind: PrivacyRequestKind;
  channel: PrivacyRequestChannel;
  status: PrivacyRequestStatus;
  person_id: string | null;
  /** Null when the actor may not see the person (or there is none). */
  person_name: string | null;
  requester_name: string;
  requester_contact: string;
  requester_document: string;
  identity_verified: boolean;
  identity_method: string;
  details: string;
  assignee_id: string | null;
  assignee_name: string | null;
  received_at: Date;
  deadline_at: Date;
  simplified_answer_at: Date | null;
  answer_text: string | null;
  refusal_reason: string | null;
  closed_at: Date | null;
  answer_files: StoredAnswerFile[];
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  version: number;
};

/** `personVisible`: the people policy's predicate over `p` (the acting user's visibility), added by the service. */
type PersonVisibility = (params: SqlParams) => string;

function selectFrom(params: SqlParams, workspaceId: string, personVisible: PersonVisibility) {
  const ws = params.add(workspaceId);
  return `SELECT r.id, r.number::text, r.kind, r.channel, r.status, r.person_id, p.name AS person_name,
      r.requester_name, r.requester_contact, r.requester_document, r.identity_verified, r.identity_method, r.details,
      r.assignee_id, a.name AS assignee_name, r.received_at, r.deadline_at, r.simplified_answer_at, r.answer_text,
      r.refusal_reason, r.closed_at, r.answer_files, r.created_by, c.name AS created_by_name, r.created_at, r.version
    FROM privacy_requests r
    LEFT JOIN people p ON p.id = r.person_id AND p.workspace_id = r.workspace_id AND ${personVisible(params)}
    LEFT JOIN users a ON a.id = r.assignee_id AND a.workspace_id = r.workspace_id
    LEFT JOIN users c ON c.id = r.created_by AND c.workspace_id = r.workspace_id
    WHERE r.workspace_id = ${ws}`;
}

export type NewRequest = {
  workspaceId: string;
  kind: PrivacyRequestKind;
  channel: PrivacyRequestChannel;
  personId: string | null;
  requesterName: string;
  requesterContact: string;
  requesterDocument: string;
  identityVerified: boolean;
  identityMethod: string;
  details: string;
  assigneeId: string | null;
  receivedAt: Date;
  deadlineAt: Date;
  createdBy: string;
};

export async function insertRequest(db: Queryable, r: NewRequest): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO privacy_requests (workspace_id, kind, channel, person_id, requester_name, requester_contact,
       requester_document, identity_verified, identity_method, details, assignee_id, received_at, deadline_at,
       created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [
      r.workspaceId,
      r.kind,
      r.channel,
      r.personId,
      r.requesterName,
      r.requesterContact,
      r.requesterDocument,
      r.identityVerified,
      r.identityMethod,
      r.details,
      r.assigneeId,
      r.receivedAt,
      r.deadlineAt,
      r.createdBy,
    ],
  );
  return (rows[0] as { id: string }).id;
}

export async function findRequest(
  db: Queryable,
  workspaceId: string,
  id: string,
  personVisible: PersonVisibility,
  lock = false,
): Promise<PrivacyRequestRow | null> {
  const params = new SqlParams();
  const sql = `${selectFrom(params, workspaceId, personVisible)} AND r.id = ${params.add(id)}${lock ? ' FOR UPDATE OF r' : ''}`;
  const { rows } = await db.query<PrivacyRequestRow>(sql, params.values);
  return rows[0] ?? null;
}

export type ListFilter = {
  status?: PrivacyRequestStatus | undefined;
  kind?: PrivacyRequestKind | undefined;
  assigneeId?: string | undefined;
  personId?: string | undefined;
  overdue?: boolean | undefined;
  now: Date;
};

const PENDING = `r.status IN ('open', 'in_progress')`;

function filterSql(f: ListFilter, params: SqlParams): string {
  const where: string[] = [];
  if (f.status) where.push(`r.status = ${params.add(f.status)}`);
  if (f.kind) where.push(`r.kind = ${params.add(f.kind)}`);
  if (f.assigneeId) where.push(`r.assignee_id = ${params.add(f.assigneeId)}`);
  if (f.personId) where.push(`r.person_id = ${params.add(f.personId)}`);
  if (f.overdue === true) where.push(`${PENDING} AND r.deadline_at < ${params.add(f.now)}`);
  if (f.overdue === false) where.push(`NOT (${PENDING} AND r.deadline_at < ${params.add(f.now)})`);
  return where.map((w) => ` AND ${w}`).join('');
}

/** A page of requests, the soonest deadline first, with the total under the same filter. */
export async function listRequests(
  db: Queryable,
  workspaceId: string,
  f: ListFilter,
  page: { limit: number; offset: number },
  personVisible: PersonVisibility,
): Promise<{ rows: PrivacyRequestRow[]; total: number }> {
  const params = new SqlParams();
  const base = `${selectFrom(params, workspaceId, personVisible)}${filterSql(f, params)}`;
  const limit = params.add(page.limit);
  const offset = params.add(page.offset);
  const { rows } = await db.query<PrivacyRequestRow & { total: string }>(
    `SELECT *, count(*) OVER () AS total FROM (${base}) x ORDER BY x.deadline_at, x.id LIMIT ${limit} OFFSET ${offset}`,
    params.values,
  );
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && page.offset > 0) {
    const countParams = new SqlParams();
    const ws = countParams.add(workspaceId);
    const { rows: c } = await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM privacy_requests r WHERE r.workspace_id = ${ws}${filterSql(f, countParams)}`,
      countParams.values,
    );
    total = Number(c[0]?.n ?? 0);
  }
  return { rows, total };
}

/** Pending requests of the workspace: overdue, due within `nearDueUntil`, and all. */
export async function countPending(
  db: Queryable,
  workspaceId: string,
  now: Date,
  nearDueUntil: Date,
): Promise<{ overdue: number; nearDue: number; pending: number }> {
  const { rows } = await db.query<{ overdue: string; near_due: string; pending: string }>(
    `SELECT count(*) FILTER (WHERE r.deadline_at < $2)::text AS overdue,
       count(*) FILTER (WHERE r.deadline_at >= $2 AND r.deadline_at < $3)::text AS near_due,
       count(*)::text AS pending
     FROM privacy_requests r WHERE r.workspace_id = $1 AND ${PENDING}`,
    [workspaceId, now, nearDueUntil],
  );
  const r = rows[0];
  return {
    overdue: Number(r?.overdue ?? 0),
    nearDue: Number(r?.near_due ?? 0),
    pending: Number(r?.pending ?? 0),
  };
}

export type RequestPatch = {
  personId?: string | null;
  assigneeId?: string | null;
  status?: PrivacyRequestStatus;
  identityVerified?: boolean;
  identityMethod?: string;
  simplifiedAnswerAt?: Date;
  answerText?: string;
  refusalReason?: string;
  closedAt?: Date;
  answerFiles?: StoredAnswerFile[];
};

const PATCH_COLUMNS: Record<keyof RequestPatch, string> = {
  personId: 'person_id',
  assigneeId: 'assignee_id',
  status: 'status',
  identityVerified: 'identity_verified',
  identityMethod: 'identity_method',
  simplifiedAnswerAt: 'simplified_answer_at',
  answerText: 'answer_text',
  refusalReason: 'refusal_reason',
  closedAt: 'closed_at',
  answerFiles: 'answer_files',
};

/** Applies `patch` and bumps the version; the caller checked the version under the row lock. */
export async function updateRequest(
  db: Queryable,
  workspaceId: string,
  id: string,
  patch: RequestPatch,
): Promise<void> {
  const params = new SqlParams();
  const sets = ['version = version + 1', 'updated_at = now()'];
  for (const [key, value] of Object.entries(patch) as [keyof RequestPatch, unknown][]) {
    if (value === undefined) continue;
    sets.push(`${PATCH_COLUMNS[key]} = ${params.add(key === 'answerFiles' ? JSON.stringify(value) : value)}`);
  }
  await db.query(
    `UPDATE privacy_requests SET ${sets.join(', ')} WHERE workspace_id = ${params.add(workspaceId)} AND id = ${params.add(id)}`,
    params.values,
  );
}

export async function insertEvent(
  db: Queryable,
  e: {
    workspaceId: string;
    requestId: string;
    kind: PrivacyRequestEventKind;
    actorId: string | null;
    data: Record<string, unknown>;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO privacy_request_events (workspace_id, request_id, kind, actor_id, data) VALUES ($1, $2, $3, $4, $5)`,
    [e.workspaceId, e.requestId, e.kind, e.actorId, JSON.stringify(e.data)],
  );
}

export type RequestEventRow = {
  id: string;
  kind: PrivacyRequestEventKind;
  actor_id: string | null;
  actor_name: string | null;
  data: Record<string, unknown>;
  created_at: Date;
};

/** The handling history of a request, oldest first. */
export async function listEvents(db: Queryable, workspaceId: string, requestId: string) {
  const { rows } = await db.query<RequestEventRow>(
    `SELECT e.id::text, e.kind, e.actor_id, u.name AS actor_name, e.data, e.created_at
     FROM privacy_request_events e LEFT JOIN users u ON u.id = e.actor_id AND u.workspace_id = e.workspace_id
     WHERE e.workspace_id = $1 AND e.request_id = $2 ORDER BY e.id`,
    [workspaceId, requestId],
  );
  return rows;
}

/** An active user of the workspace (an assignee must be one). */
export async function activeUserName(db: Queryable, workspaceId: string, userId: string) {
  const { rows } = await db.query<{ name: string }>(
    `SELECT name FROM users WHERE workspace_id = $1 AND id = $2 AND active`,
    [workspaceId, userId],
  );
  return rows[0]?.name ?? null;
}

export type DueRow = {
  id: string;
  workspace_id: string;
  number: string;
  kind: PrivacyRequestKind;
  assignee_id: string;
  deadline_at: Date;
};

/**
 * Pending, assigned requests whose deadline is before `until` and whose assignee was not alerted yet; the rows are
 * locked (SKIP LOCKED) so two instances never alert twice.
 */
export async function claimDueForAlert(db: Queryable, until: Date, limit: number): Promise<DueRow[]> {
  const { rows } = await db.query<DueRow>(
    `/* tenancy: any workspace — the periodic near-due sweep */
     SELECT id, workspace_id, number::text, kind, assignee_id, deadline_at FROM privacy_requests
     WHERE status IN ('open', 'in_progress') AND due_alert_at IS NULL AND assignee_id IS NOT NULL
       AND deadline_at < $1
     ORDER BY deadline_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [until, limit],
  );
  return rows;
}

export async function markAlerted(db: Queryable, workspaceId: string, id: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE privacy_requests SET due_alert_at = $3 WHERE workspace_id = $1 AND id = $2 AND due_alert_at IS NULL`,
    [workspaceId, id, at],
  );
}
