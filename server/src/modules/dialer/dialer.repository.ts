import {
  BUSINESS_TIME_ZONE,
  type ContactOutcome,
  type DialerCall,
  type DialerCallStatus,
  type DialerSessionStatus,
  type DialerSkipReason,
  SHORT_CALL_SECONDS,
} from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import type { SqlParams } from '../../lib/sql.ts';

// ---------------------------------------------------------------------------------------------------------------
// Settings and the do-not-call list

export type SettingsRow = {
  callingRules: unknown;
  maxAttemptsPerDay: number;
  shortCallWarningPercent: number;
  version: number;
};

export async function findSettings(db: Queryable, workspaceId: string): Promise<SettingsRow | null> {
  const { rows } = await db.query(
    `SELECT calling_rules, max_attempts_per_day, short_call_warning_percent, version
     FROM dialer_settings WHERE workspace_id = $1`,
    [workspaceId],
  );
  const r = rows[0];
  return r
    ? {
        callingRules: r.calling_rules,
        maxAttemptsPerDay: r.max_attempts_per_day,
        shortCallWarningPercent: r.short_call_warning_percent,
        version: r.version,
      }
    : null;
}

/** Writes the settings if the stored version is `expected` (0: none stored yet); answers the new version or null. */
export async function saveSettings(
  db: Queryable,
  s: {
    workspaceId: string;
    callingRules: unknown;
    maxAttemptsPerDay: number;
    shortCallWarningPercent: number;
    userId: string;
    expected: number;
  },
): Promise<number | null> {
  const values = [
    s.workspaceId,
    JSON.stringify(s.callingRules),
    s.maxAttemptsPerDay,
    s.shortCallWarningPercent,
    s.userId,
  ];
  const { rows } =
    s.expected === 0
      ? await db.query(
          `INSERT INTO dialer_settings (workspace_id, calling_rules, max_attempts_per_day, short_call_warning_percent,
             updated_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (workspace_id) DO NOTHING RETURNING version`,
          values,
        )
      : await db.query(
          `UPDATE dialer_settings SET calling_rules = $2, max_attempts_per_day = $3, short_call_warning_percent = $4,
             updated_by = $5, updated_at = now(), version = version + 1
           WHERE workspace_id = $1 AND version = $6 RETURNING version`,
          [...values, s.expected],
        );
  return rows[0]?.version ?? null;
}

export async function insertDoNotCallImport(
  db: Queryable,
  i: { workspaceId: string; fileName: string; total: number; rejected: number; userId: string },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO do_not_call_imports (workspace_id, file_name, total, added, rejected, created_by)
     VALUES ($1, $2, $3, 0, $4, $5) RETURNING id`,
    [i.workspaceId, i.fileName, i.total, i.rejected, i.userId],
  );
  return rows[0].id;
}

/** Adds the numbers not yet on the list (10,000 per statement); answers how many were new. */
export async function insertDoNotCallNumbers(
  db: Queryable,
  workspaceId: string,
  importId: string,
  numbers: string[],
): Promise<number> {
  let added = 0;
  for (let i = 0; i < numbers.length; i += 10_000) {
    const { rowCount } = await db.query(
      `INSERT INTO do_not_call_numbers (workspace_id, phone, import_id)
       SELECT $1, n, $2 FROM unnest($3::text[]) n ON CONFLICT DO NOTHING`,
      [workspaceId, importId, numbers.slice(i, i + 10_000)],
    );
    added += rowCount ?? 0;
  }
  await db.query('UPDATE do_not_call_imports SET added = $3 WHERE workspace_id = $1 AND id = $2', [
    workspaceId,
    importId,
    added,
  ]);
  return added;
}

export type DoNotCallImportRow = {
  id: string;
  fileName: string;
  total: number;
  added: number;
  rejected: number;
  createdBy: { id: string; name: string };
  createdAt: string;
};

export async function listDoNotCallImports(
  db: Queryable,
  workspaceId: string,
): Promise<DoNotCallImportRow[]> {
  const { rows } = await db.query(
    `SELECT i.id, i.file_name, i.total, i.added, i.rejected, i.created_at, u.id AS user_id, u.name AS user_name
     FROM do_not_call_imports i JOIN users u ON u.id = i.created_by
     WHERE i.workspace_id = $1 ORDER BY i.created_at DESC LIMIT 50`,
    [workspaceId],
  );
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    total: r.total,
    added: r.added,
    rejected: r.rejected,
    createdBy: { id: r.user_id, name: r.user_name },
    createdAt: r.created_at.toISOString(),
  }));
}

export async function countDoNotCall(db: Queryable, workspaceId: string): Promise<number> {
  const { rows } = await db.query(
    'SELECT count(*)::int AS n FROM do_not_call_numbers WHERE workspace_id = $1',
    [workspaceId],
  );
  return rows[0].n;
}

export async function deleteDoNotCallNumber(
  db: Queryable,
  workspaceId: string,
  phone: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'DELETE FROM do_not_call_numbers WHERE workspace_id = $1 AND phone = $2',
    [workspaceId, phone],
  );
  return (rowCount ?? 0) > 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Sessions and their items

export type SessionRow = {
  id: string;
  workspaceId: string;
  userId: string;
  filter: unknown;
  status: DialerSessionStatus;
  total: number;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const SESSION_COLUMNS = 'id, workspace_id, user_id, filter, status, total, error, created_at, updated_at';

// biome-ignore lint/suspicious/noExplicitAny: a pg row
const sessionOf = (r: any): SessionRow => ({
  id: r.id,
  workspaceId: r.workspace_id,
  userId: r.user_id,
  filter: r.filter,
  status: r.status,
  total: r.total,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Creates a running session over `personIds` (in call list order); null when the attendant already has one. */
export async function insertSession(
  db: Queryable,
  s: { workspaceId: string; userId: string; filter: unknown; personIds: string[] },
): Promise<string | null> {
  const { rows } = await db.query(
    `INSERT INTO dialer_sessions (workspace_id, user_id, filter, status, total)
     VALUES ($1, $2, $3, 'running', $4) ON CONFLICT DO NOTHING RETURNING id`,
    [s.workspaceId, s.userId, JSON.stringify(s.filter), s.personIds.length],
  );
  const id: string | undefined = rows[0]?.id;
  if (!id) return null;
  await db.query(
    `INSERT INTO dialer_items (session_id, seq, workspace_id, person_id, state)
     SELECT $1, t.seq, $2, t.person_id, 'pending' FROM unnest($3::uuid[]) WITH ORDINALITY AS t(person_id, seq)`,
    [id, s.workspaceId, s.personIds],
  );
  return id;
}

export async function findSession(
  db: Queryable,
  workspaceId: string,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<SessionRow | null> {
  const { rows } = await db.query(
    `SELECT ${SESSION_COLUMNS} FROM dialer_sessions WHERE workspace_id = $1 AND id = $2${opts.lock ? ' FOR UPDATE' : ''}`,
    [workspaceId, id],
  );
  return rows[0] ? sessionOf(rows[0]) : null;
}

/** The attendant's running or paused session, else their latest one. */
export async function findLatestSession(
  db: Queryable,
  workspaceId: string,
  userId: string,
): Promise<SessionRow | null> {
  const { rows } = await db.query(
    `SELECT ${SESSION_COLUMNS} FROM dialer_sessions WHERE workspace_id = $1 AND user_id = $2
     ORDER BY (status IN ('running', 'paused')) DESC, created_at DESC LIMIT 1`,
    [workspaceId, userId],
  );
  return rows[0] ? sessionOf(rows[0]) : null;
}

/** Sets a session's status; answers false when another active session of the attendant forbids it (resume). */
export async function setSessionStatus(
  db: Queryable,
  workspaceId: string,
  id: string,
  status: DialerSessionStatus,
  error: string | null = null,
): Promise<boolean> {
  try {
    await db.query(
      `UPDATE dialer_sessions SET status = $3, error = $4, updated_at = now(),
         finished_at = CASE WHEN $3 IN ('finished', 'stopped', 'failed') THEN now() END
       WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id, status, error],
    );
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === '23505') return false;
    throw e;
  }
}

export async function touchSession(db: Queryable, workspaceId: string, id: string): Promise<void> {
  await db.query('UPDATE dialer_sessions SET updated_at = now() WHERE workspace_id = $1 AND id = $2', [
    workspaceId,
    id,
  ]);
}

/** The next person to call, locked so that no other advance of the same session takes it. */
export async function claimNextItem(
  db: Queryable,
  workspaceId: string,
  sessionId: string,
): Promise<{ seq: number; personId: string } | null> {
  const { rows } = await db.query(
    `SELECT seq, person_id FROM dialer_items WHERE workspace_id = $1 AND session_id = $2 AND state = 'pending'
     ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [workspaceId, sessionId],
  );
  return rows[0] ? { seq: rows[0].seq, personId: rows[0].person_id } : null;
}

export async function setItemState(
  db: Queryable,
  workspaceId: string,
  sessionId: string,
  seq: number,
  state: 'pending' | 'calling' | 'done' | 'skipped',
  reason: DialerSkipReason | null = null,
): Promise<void> {
  await db.query(
    'UPDATE dialer_items SET state = $4, skip_reason = $5 WHERE workspace_id = $1 AND session_id = $2 AND seq = $3',
    [workspaceId, sessionId, seq, state, reason],
  );
}

export type DialTarget = {
  name: string;
  doNotContact: boolean;
  phone: string | null;
  addressState: string | null;
  onDoNotCallList: boolean;
  callsToday: number;
};

/**
 * What the dialer needs to decide on one person, if `visible` (the people policy's predicate over `p`) lets the
 * attendant see them: the deny list, the number to call (primary, mobile first), the state of their address, the
 * do-not-call list and how many dialer calls that number got today (São Paulo day).
 */
export async function dialTarget(
  db: Queryable,
  personId: string,
  visible: string,
  params: SqlParams,
): Promise<DialTarget | null> {
  const id = params.add(personId);
  const { rows } = await db.query(
    `SELECT p.name, p.do_not_contact, ph.number AS phone,
       (SELECT a.state FROM person_addresses a WHERE a.person_id = p.id ORDER BY a.is_primary DESC, a.position LIMIT 1)
         AS address_state,
       EXISTS (SELECT 1 FROM do_not_call_numbers d WHERE d.workspace_id = p.workspace_id AND d.phone = ph.number)
         AS on_do_not_call,
       (SELECT count(*)::int FROM dialer_calls c WHERE c.workspace_id = p.workspace_id AND c.phone = ph.number
          AND c.created_at >= date_trunc('day', now() AT TIME ZONE '${BUSINESS_TIME_ZONE}') AT TIME ZONE '${BUSINESS_TIME_ZONE}')
         AS calls_today
     FROM people p
     LEFT JOIN LATERAL (SELECT f.number FROM person_phones f WHERE f.workspace_id = p.workspace_id AND f.person_id = p.id
       ORDER BY f.is_primary DESC, (f.type IN ('mobile', 'whatsapp')) DESC, f.position LIMIT 1) ph ON true
     WHERE p.id = ${id} AND ${visible}`,
    params.values,
  );
  const r = rows[0];
  return r
    ? {
        name: r.name,
        doNotContact: r.do_not_contact,
        phone: r.phone,
        addressState: r.address_state,
        onDoNotCallList: r.on_do_not_call,
        callsToday: r.calls_today,
      }
    : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Calls

export type CallRow = {
  id: string;
  workspaceId: string;
  sessionId: string;
  seq: number;
  personId: string;
  userId: string;
  phone: string;
  providerCallId: string | null;
  status: DialerCallStatus;
  answeredBy: 'human' | 'machine' | null;
  outcome: ContactOutcome | null;
  durationSeconds: number | null;
  lastSequence: number | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  wrappedUpAt: Date | null;
  createdAt: Date;
};

const CALL_COLUMNS = `id, workspace_id, session_id, seq, person_id, user_id, phone, provider_call_id, status, answered_by,
  outcome, duration_seconds, last_sequence, answered_at, ended_at, wrapped_up_at, created_at`;

// biome-ignore lint/suspicious/noExplicitAny: a pg row
const callOf = (r: any): CallRow => ({
  id: r.id,
  workspaceId: r.workspace_id,
  sessionId: r.session_id,
  seq: r.seq,
  personId: r.person_id,
  userId: r.user_id,
  phone: r.phone,
  providerCallId: r.provider_call_id,
  status: r.status,
  answeredBy: r.answered_by,
  outcome: r.outcome,
  durationSeconds: r.duration_seconds,
  lastSequence: r.last_sequence,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  wrappedUpAt: r.wrapped_up_at,
  createdAt: r.created_at,
});

/**
 * Registers a call about to be placed; null when the person is in a call with another attendant right now (the
 * partial unique index on open calls decides, so two sessions racing for one person cannot both win).
 */
export async function insertCall(
  db: Queryable,
  c: {
    id: string;
    workspaceId: string;
    sessionId: string;
    seq: number;
    personId: string;
    userId: string;
    phone: string;
    provider: string;
  },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO dialer_calls (id, workspace_id, session_id, seq, person_id, user_id, phone, provider, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'placing')
     ON CONFLICT (workspace_id, person_id) WHERE status <> 'ended' DO NOTHING`,
    [c.id, c.workspaceId, c.sessionId, c.seq, c.personId, c.userId, c.phone, c.provider],
  );
  return (rowCount ?? 0) > 0;
}

/** A call by Funil's reference (any workspace: the provider's callback knows no workspace), locked. */
export async function lockCall(db: Queryable, id: string): Promise<CallRow | null> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — the reference is what tells the workspace */
     SELECT ${CALL_COLUMNS} FROM dialer_calls WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ? callOf(rows[0]) : null;
}

export async function updateCall(
  db: Queryable,
  id: string,
  set: Partial<{
    providerCallId: string;
    status: DialerCallStatus;
    answeredBy: 'human' | 'machine' | null;
    outcome: ContactOutcome | null;
    durationSeconds: number | null;
    detail: string;
    lastSequence: number | null;
    answeredAt: Date;
    endedAt: Date;
    wrappedUpAt: Date;
    attemptId: string;
  }>,
): Promise<void> {
  const columns: Record<keyof typeof set, string> = {
    providerCallId: 'provider_call_id',
    status: 'status',
    answeredBy: 'answered_by',
    outcome: 'outcome',
    durationSeconds: 'duration_seconds',
    detail: 'detail',
    lastSequence: 'last_sequence',
    answeredAt: 'answered_at',
    endedAt: 'ended_at',
    wrappedUpAt: 'wrapped_up_at',
    attemptId: 'attempt_id',
  };
  const keys = (Object.keys(set) as (keyof typeof set)[]).filter((k) => set[k] !== undefined);
  if (!keys.length) return;
  await db.query(
    `/* tenancy: any workspace — by the call's own id */
     UPDATE dialer_calls SET ${keys.map((k, i) => `${columns[k]} = $${i + 2}`).join(', ')} WHERE id = $1`,
    [id, ...keys.map((k) => set[k])],
  );
}

/**
 * The session's call that still holds the attendant: in progress, or answered by a person and waiting for its
 * return. Answers null when the dialer may place the next call.
 */
export async function openCallOfSession(
  db: Queryable,
  workspaceId: string,
  sessionId: string,
): Promise<CallRow | null> {
  const { rows } = await db.query(
    `SELECT ${CALL_COLUMNS} FROM dialer_calls WHERE workspace_id = $1 AND session_id = $2
       AND (status <> 'ended' OR (answered_by = 'human' AND wrapped_up_at IS NULL AND attempt_id IS NULL))
     ORDER BY created_at DESC LIMIT 1`,
    [workspaceId, sessionId],
  );
  return rows[0] ? callOf(rows[0]) : null;
}

export type CallView = Omit<DialerCall, 'phone'> & { phone: string };

/** The session's latest calls with the person's name (newest first). */
export async function recentCalls(
  db: Queryable,
  workspaceId: string,
  sessionId: string,
  limit: number,
): Promise<CallView[]> {
  const { rows } = await db.query(
    `SELECT c.id, c.person_id, p.name, c.phone, c.status, c.answered_by, c.outcome, c.duration_seconds, c.created_at,
       c.answered_at, c.ended_at, c.wrapped_up_at
     FROM dialer_calls c JOIN people p ON p.workspace_id = c.workspace_id AND p.id = c.person_id
     WHERE c.workspace_id = $1 AND c.session_id = $2 ORDER BY c.created_at DESC LIMIT $3`,
    [workspaceId, sessionId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    personName: r.name,
    phone: r.phone,
    status: r.status,
    answeredBy: r.answered_by,
    outcome: r.outcome,
    durationSeconds: r.duration_seconds,
    createdAt: r.created_at.toISOString(),
    answeredAt: r.answered_at?.toISOString() ?? null,
    endedAt: r.ended_at?.toISOString() ?? null,
    wrappedUpAt: r.wrapped_up_at?.toISOString() ?? null,
  }));
}

/** Items per state and skip reason of a session. */
export async function itemCounts(
  db: Queryable,
  workspaceId: string,
  sessionId: string,
): Promise<{ state: string; reason: string | null; n: number }[]> {
  const { rows } = await db.query(
    `SELECT state, skip_reason, count(*)::int AS n FROM dialer_items WHERE workspace_id = $1 AND session_id = $2
     GROUP BY 1, 2`,
    [workspaceId, sessionId],
  );
  return rows.map((r) => ({ state: r.state, reason: r.skip_reason, n: r.n }));
}

/** Connected calls (answered by a person or a machine) and the short ones among them, of a session. */
export async function shortCallCounts(
  db: Queryable,
  workspaceId: string,
  sessionId: string,
): Promise<{ short: number; connected: number }> {
  const { rows } = await db.query(
    `SELECT count(*) FILTER (WHERE duration_seconds < ${SHORT_CALL_SECONDS})::int AS short, count(*)::int AS connected
     FROM dialer_calls WHERE workspace_id = $1 AND session_id = $2 AND status = 'ended' AND answered_at IS NOT NULL`,
    [workspaceId, sessionId],
  );
  return { short: rows[0].short, connected: rows[0].connected };
}

export type AttendantRow = {
  userId: string;
  userName: string;
  calls: number;
  connected: number;
  outcomes: Record<string, number>;
  handlingSeconds: number | null;
  short: number;
  connectedEnded: number;
};

/** Per attendant over [from, to): calls, connected, outcomes, average handling time and short calls. */
export async function attendantStats(
  db: Queryable,
  workspaceId: string,
  from: Date,
  to: Date,
  userIds: string[] | null,
): Promise<AttendantRow[]> {
  const { rows } = await db.query(
    `SELECT c.user_id, u.name, count(*)::int AS calls,
       count(*) FILTER (WHERE c.answered_by = 'human')::int AS connected,
       avg(extract(epoch FROM c.wrapped_up_at - c.answered_at)) FILTER (WHERE c.answered_by = 'human'
         AND c.wrapped_up_at IS NOT NULL) AS handling,
       count(*) FILTER (WHERE c.status = 'ended' AND c.answered_at IS NOT NULL
         AND c.duration_seconds < ${SHORT_CALL_SECONDS})::int AS short,
       count(*) FILTER (WHERE c.status = 'ended' AND c.answered_at IS NOT NULL)::int AS connected_ended
     FROM dialer_calls c
     JOIN users u ON u.id = c.user_id
     WHERE c.workspace_id = $1 AND c.created_at >= $2 AND c.created_at < $3
       AND ($4::uuid[] IS NULL OR c.user_id = ANY($4::uuid[]))
     GROUP BY c.user_id, u.name ORDER BY u.name`,
    [workspaceId, from, to, userIds],
  );
  const outcomes = await db.query(
    `SELECT user_id, outcome, count(*)::int AS n FROM dialer_calls
     WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 AND outcome IS NOT NULL
       AND ($4::uuid[] IS NULL OR user_id = ANY($4::uuid[]))
     GROUP BY 1, 2`,
    [workspaceId, from, to, userIds],
  );
  return rows.map((r) => ({
    userId: r.user_id,
    userName: r.name,
    calls: r.calls,
    connected: r.connected,
    outcomes: Object.fromEntries(
      outcomes.rows.filter((o) => o.user_id === r.user_id).map((o) => [o.outcome, o.n] as const),
    ),
    handlingSeconds: r.handling === null ? null : Math.round(Number(r.handling)),
    short: r.short,
    connectedEnded: r.connected_ended,
  }));
}

/** The active sessions of a workspace with their progress (for the dashboard). */
export async function activeSessions(
  db: Queryable,
  workspaceId: string,
): Promise<{ id: string; userId: string; status: DialerSessionStatus; total: number; called: number }[]> {
  const { rows } = await db.query(
    `SELECT s.id, s.user_id, s.status, s.total,
       (SELECT count(*)::int FROM dialer_items i WHERE i.session_id = s.id AND i.state IN ('done', 'skipped')) AS called
     FROM dialer_sessions s WHERE s.workspace_id = $1 AND s.status IN ('running', 'paused')`,
    [workspaceId],
  );
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    status: r.status,
    total: r.total,
    called: r.called,
  }));
}

/**
 * Calls with no news from the provider (the sweep): placed or ringing for longer than `olderThanS` seconds, or still
 * up a minute after their return was saved and they were hung up.
 */
export async function staleCalls(db: Queryable, olderThanS: number): Promise<CallRow[]> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — the sweep looks after every workspace */
     SELECT ${CALL_COLUMNS} FROM dialer_calls
     WHERE (status IN ('placing', 'ringing') AND created_at < now() - make_interval(secs => $1))
        OR (status = 'answered' AND wrapped_up_at < now() - interval '1 minute')
     LIMIT 100`,
    [olderThanS],
  );
  return rows.map(callOf);
}

/** Running sessions untouched for `idleS` seconds (an advance lost to a crash): the sweep moves them on. */
export async function idleRunningSessions(
  db: Queryable,
  idleS: number,
): Promise<{ id: string; workspaceId: string }[]> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — the sweep looks after every workspace */
     SELECT id, workspace_id FROM dialer_sessions
     WHERE status = 'running' AND updated_at < now() - make_interval(secs => $1) LIMIT 100`,
    [idleS],
  );
  return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id }));
}

/** A call by Funil's reference, in any workspace (the provider's callback knows none). */
export async function findCallById(db: Queryable, id: string): Promise<CallRow | null> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — the reference is what tells the workspace */
     SELECT ${CALL_COLUMNS} FROM dialer_calls WHERE id = $1`,
    [id],
  );
  return rows[0] ? callOf(rows[0]) : null;
}

/** The members of the teams a manager manages (the dashboard's reach). */
export async function teamMemberIds(
  db: Queryable,
  workspaceId: string,
  teamIds: string[],
): Promise<string[]> {
  if (!teamIds.length) return [];
  const { rows } = await db.query(
    'SELECT DISTINCT user_id FROM team_members WHERE workspace_id = $1 AND team_id = ANY($2::uuid[])',
    [workspaceId, teamIds],
  );
  return rows.map((r) => r.user_id);
}
