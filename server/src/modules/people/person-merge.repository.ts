import { type IdentityDocument, SIMILAR_NAME_THRESHOLD } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';

// Duplicates and merges (issue 13 §2): the finder's pairs, the merges and what each moved. Every statement names
// the workspace; the tables a merge re-points belong to other modules, but the SQL that moves a person's rows
// between two people of one workspace lives here, beside the people it serves.

/** The finder's candidate pairs, one statement per reason; each yields (a, b, reason, score) with a ≠ b. */
const PHONE_PAIRS = `
  SELECT a.person_id AS a, b.person_id AS b, 'phone_ninth_digit' AS reason, 0.95::real AS score
  FROM person_phones a
  JOIN person_phones b ON b.workspace_id = a.workspace_id
    AND regexp_replace(b.number, '^\\+55(\\d{2})9(\\d{8})$', '+55\\1\\2') = a.number
  WHERE a.workspace_id = $1 AND a.number ~ '^\\+55\\d{2}[6-9]\\d{7}$' AND b.number ~ '^\\+55\\d{2}9\\d{8}$'
    AND a.person_id <> b.person_id`;

/** Each e-mail as its mailbox: Gmail ignores dots and `+tags`, other providers only `+tags`. */
const MAILBOXES = `
  SELECT person_id, CASE WHEN split_part(address, '@', 2) IN ('gmail.com', 'googlemail.com')
      THEN replace(split_part(split_part(address, '@', 1), '+', 1), '.', '') || '@gmail.com'
      ELSE split_part(split_part(address, '@', 1), '+', 1) || '@' || split_part(address, '@', 2) END AS mailbox
  FROM person_emails WHERE workspace_id = $1`;

const EMAIL_PAIRS = `
  SELECT a.person_id AS a, b.person_id AS b, 'email_alias' AS reason, 0.9::real AS score
  FROM boxes a JOIN boxes b ON b.mailbox = a.mailbox AND a.person_id < b.person_id`;

const NAME_BIRTH_PAIRS = `
  SELECT a.id AS a, b.id AS b, 'name_birth_date' AS reason, 0.9::real AS score
  FROM people a
  JOIN people b ON b.workspace_id = a.workspace_id AND b.birth_date = a.birth_date
    AND search_text(b.name) = search_text(a.name) AND a.id < b.id AND b.archived_at IS NULL
  WHERE a.workspace_id = $1 AND a.archived_at IS NULL AND a.birth_date IS NOT NULL`;

// Similar names (pg_trgm `similarity`) compared only within blocks, so the work grows with the blocks, not with the
// square of the workspace: the same city (name without accents + UF) and the same first and last word of the name,
// or the same CEP and the same first word. A trigram index probe per person was measured far slower (common
// trigrams such as "mar" or "sil" touch most rows).
const KEYED_PEOPLE = `
  SELECT DISTINCT p.id, search_text(p.name) AS n, split_part(search_text(p.name), ' ', 1) AS first_word,
    regexp_replace(search_text(p.name), '^.* ', '') AS last_word, search_text(x.city) || '/' || x.state AS city, x.cep
  FROM people p JOIN person_addresses x ON x.workspace_id = p.workspace_id AND x.person_id = p.id
  WHERE p.workspace_id = $1 AND p.archived_at IS NULL`;

const SIMILAR_NAME_PAIRS = `
  SELECT a.id AS a, b.id AS b, 'similar_name_city' AS reason, similarity(a.n, b.n)::real AS score
  FROM keyed a JOIN keyed b ON b.city = a.city AND b.first_word = a.first_word AND b.last_word = a.last_word
    AND a.id < b.id
  WHERE similarity(a.n, b.n) >= $2
  UNION ALL
  SELECT a.id, b.id, 'similar_name_city', similarity(a.n, b.n)::real
  FROM keyed a JOIN keyed b ON b.cep = a.cep AND b.first_word = a.first_word AND a.id < b.id
  WHERE similarity(a.n, b.n) >= $2`;

// A company registered once by its legal name and once by its trade name (blocked on the first word).
const TRADE_NAME_PAIRS = `
  SELECT a.id AS a, b.id AS b, 'trade_name' AS reason,
    similarity(search_text(a.trade_name), search_text(b.name))::real AS score
  FROM people a
  JOIN people b ON b.workspace_id = a.workspace_id
    AND split_part(search_text(b.name), ' ', 1) = split_part(search_text(a.trade_name), ' ', 1)
    AND a.id <> b.id AND b.archived_at IS NULL AND b.kind = 'company'
  WHERE a.workspace_id = $1 AND a.archived_at IS NULL AND a.kind = 'company' AND a.trade_name IS NOT NULL
    AND similarity(search_text(a.trade_name), search_text(b.name)) >= $2`;

// The IE typed in a person's free-text field (`people.state_registration`, from before person types) against the
// other people's: the unique index sees only `person_documents`, so the same IE in two people's field, or in one's
// field and the other's documents, is found here. Letters and digits only; ISENTO and values under 8 characters
// (no state's IE is that short) are left out. Two `person_documents` IEs can only share a number across states (the
// index is per UF): different registrations, not paired.
const STATE_REGISTRATIONS = `
  SELECT id AS person_id, regexp_replace(upper(state_registration), '[^0-9A-Z]', '', 'g') AS ie, true AS typed
  FROM people WHERE workspace_id = $1 AND archived_at IS NULL AND state_registration IS NOT NULL
  UNION ALL
  SELECT person_id, number, false FROM person_documents WHERE workspace_id = $1 AND kind = 'state_registration'`;

const STATE_REGISTRATION_PAIRS = `
  SELECT a.person_id AS a, b.person_id AS b, 'state_registration' AS reason, 0.95::real AS score
  FROM ies a JOIN ies b ON b.ie = a.ie AND a.person_id < b.person_id AND (a.typed OR b.typed)
  WHERE length(a.ie) >= 8 AND a.ie <> 'ISENTO'`;

/**
 * Runs the finder over a workspace's live people and upserts the pairs it finds (a pair already dismissed or
 * merged keeps its status); answers how many pairs it saw. The statement is cancelled after `timeoutMs` (set for the
 * caller's transaction only).
 */
export async function scanDuplicates(tx: Queryable, workspaceId: string, timeoutMs: number): Promise<number> {
  await tx.query(`SELECT set_config('statement_timeout', $1, true)`, [String(Math.trunc(timeoutMs))]);
  const { rows } = await tx.query<{ pairs: number }>(
    `WITH keyed AS (${KEYED_PEOPLE}), boxes AS (${MAILBOXES}), ies AS (${STATE_REGISTRATIONS}),
     everything AS (
       ${PHONE_PAIRS} UNION ALL ${EMAIL_PAIRS} UNION ALL ${NAME_BIRTH_PAIRS} UNION ALL ${SIMILAR_NAME_PAIRS}
       UNION ALL ${TRADE_NAME_PAIRS} UNION ALL ${STATE_REGISTRATION_PAIRS}),
     -- One score per pair and reason (a pair may meet in several blocks, or by several addresses).
     per_reason AS (
       SELECT LEAST(a, b) AS a, GREATEST(a, b) AS b, reason, max(score) AS score FROM everything GROUP BY 1, 2, 3),
     pairs AS (
       -- Independent signals add up: 1 − Π(1 − score), each kept below 1 (identical names score 1).
       SELECT e.a, e.b, array_agg(e.reason ORDER BY e.reason) AS reasons,
         (1 - exp(sum(ln(1 - least(e.score, 0.99)::float8))))::real AS score
       FROM per_reason e
       JOIN people pa ON pa.workspace_id = $1 AND pa.id = e.a AND pa.archived_at IS NULL
       JOIN people pb ON pb.workspace_id = $1 AND pb.id = e.b AND pb.archived_at IS NULL
       GROUP BY 1, 2),
     saved AS (
       INSERT INTO duplicate_candidates (workspace_id, person_a_id, person_b_id, reasons, score)
       SELECT $1, a, b, reasons, score FROM pairs
       ON CONFLICT (workspace_id, person_a_id, person_b_id) DO UPDATE
         SET reasons = EXCLUDED.reasons, score = EXCLUDED.score
         WHERE duplicate_candidates.status = 'open'
       RETURNING 1)
     SELECT (SELECT count(*) FROM pairs)::int AS pairs`,
    [workspaceId, SIMILAR_NAME_THRESHOLD],
  );
  return rows[0]?.pairs ?? 0;
}

export type CandidateRow = {
  id: string;
  reasons: string[];
  score: number;
  status: 'open' | 'dismissed' | 'merged';
  found_at: Date;
  a_id: string;
  a_name: string;
  a_kind: string;
  a_city: string | null;
  a_state: string | null;
  b_id: string;
  b_name: string;
  b_kind: string;
  b_city: string | null;
  b_state: string | null;
};

const CANDIDATE_SELECT = `
  SELECT c.id, c.reasons, c.score, c.status, c.found_at,
    pa.id AS a_id, pa.name AS a_name, pa.kind AS a_kind, aa.city AS a_city, aa.state AS a_state,
    pb.id AS b_id, pb.name AS b_name, pb.kind AS b_kind, ab.city AS b_city, ab.state AS b_state
  FROM duplicate_candidates c
  JOIN people pa ON pa.workspace_id = c.workspace_id AND pa.id = c.person_a_id
  JOIN people pb ON pb.workspace_id = c.workspace_id AND pb.id = c.person_b_id
  LEFT JOIN LATERAL (SELECT city, state FROM person_addresses WHERE workspace_id = c.workspace_id
    AND person_id = pa.id ORDER BY is_primary DESC, position LIMIT 1) aa ON true
  LEFT JOIN LATERAL (SELECT city, state FROM person_addresses WHERE workspace_id = c.workspace_id
    AND person_id = pb.id ORDER BY is_primary DESC, position LIMIT 1) ab ON true`;

/** Both people of a pair must pass the visibility predicate (`visible` is written over `people p`). */
const bothVisible = (params: SqlParams, visible: (params: SqlParams) => string) =>
  `EXISTS (SELECT 1 FROM people p WHERE p.id = c.person_a_id AND ${visible(params)})
   AND EXISTS (SELECT 1 FROM people p WHERE p.id = c.person_b_id AND ${visible(params)})`;

/** The open pairs whose two people the viewer sees, best score first (offset paging). */
export async function listOpenCandidates(
  db: Queryable,
  workspaceId: string,
  visible: (params: SqlParams) => string,
  offset: number,
  limit: number,
): Promise<CandidateRow[]> {
  const params = new SqlParams();
  const { rows } = await db.query<CandidateRow>(
    `${CANDIDATE_SELECT}
     WHERE c.workspace_id = ${params.add(workspaceId)} AND c.status = 'open' AND ${bothVisible(params, visible)}
     ORDER BY c.score DESC, c.id
     OFFSET ${Math.trunc(offset)} LIMIT ${Math.trunc(limit)}`,
    params.values,
  );
  return rows;
}

/** One pair the viewer sees both people of. */
export async function findCandidate(
  db: Queryable,
  workspaceId: string,
  id: string,
  visible: (params: SqlParams) => string,
): Promise<CandidateRow | null> {
  const params = new SqlParams();
  const { rows } = await db.query<CandidateRow>(
    `${CANDIDATE_SELECT}
     WHERE c.workspace_id = ${params.add(workspaceId)} AND c.id = ${params.add(id)} AND ${bothVisible(params, visible)}`,
    params.values,
  );
  return rows[0] ?? null;
}

/** Sets a pair's status (`dismissed`, `merged`, or back to `open` after an undo), whichever way round it is named. */
export async function setPairStatus(
  db: Queryable,
  workspaceId: string,
  personIds: [string, string],
  status: 'open' | 'dismissed' | 'merged',
  actorId: string | null,
  onlyFrom?: 'open',
): Promise<number> {
  const [x, y] = [...personIds].sort();
  const { rowCount } = await db.query(
    `UPDATE duplicate_candidates SET status = $4, resolved_at = CASE WHEN $4 = 'open' THEN NULL ELSE now() END,
       resolved_by = CASE WHEN $4 = 'open' THEN NULL ELSE $5::uuid END
     WHERE workspace_id = $1 AND person_a_id = $2 AND person_b_id = $3 AND ($6::text IS NULL OR status = $6)`,
    [workspaceId, x, y, status, actorId, onlyFrom ?? null],
  );
  return rowCount ?? 0;
}

export type LockedPerson = {
  id: string;
  version: number;
  kind: string;
  document: string | null;
  archived_at: Date | null;
  merged_into_id: string | null;
  anonymized_at: Date | null;
};

/** Locks people rows in id order (two merges of one pair, either way round, queue on the first row). */
export async function lockPeople(tx: Queryable, workspaceId: string, ids: string[]): Promise<LockedPerson[]> {
  const { rows } = await tx.query<LockedPerson>(
    `SELECT id, version, kind, document, archived_at, merged_into_id, anonymized_at FROM people
     WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
    [workspaceId, ids],
  );
  return rows;
}

/** Frees a CPF/CNPJ for the survivor (the unique index holds one per workspace). */
export async function setDocument(tx: Queryable, workspaceId: string, id: string, document: string | null) {
  await tx.query('UPDATE people SET document = $3 WHERE workspace_id = $1 AND id = $2', [
    workspaceId,
    id,
    document,
  ]);
}

/** A write that changes no field of the row itself still gives the record a new version. */
export async function touchPerson(tx: Queryable, workspaceId: string, id: string) {
  await tx.query(
    'UPDATE people SET version = version + 1, updated_at = now() WHERE workspace_id = $1 AND id = $2',
    [workspaceId, id],
  );
}

/** The merged person leaves every list (archived) and points at its survivor. */
export async function markMerged(
  tx: Queryable,
  workspaceId: string,
  id: string,
  survivorId: string,
  actorId: string,
) {
  await tx.query(
    `UPDATE people SET archived_at = now(), archived_by = $4, merged_into_id = $3, version = version + 1,
       updated_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, survivorId, actorId],
  );
}

/** The undo: the merged person is back in the lists, with its own CPF/CNPJ. */
export async function unmarkMerged(tx: Queryable, workspaceId: string, id: string, document: string | null) {
  await tx.query(
    `UPDATE people SET archived_at = NULL, archived_by = NULL, merged_into_id = NULL,
       document = COALESCE($3, document), version = version + 1, updated_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, document],
  );
}

/** The people merged into this one, directly or through a chain of merges (their timelines join its own). */
export async function mergedIntoIds(db: Queryable, workspaceId: string, id: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH RECURSIVE m AS (
       SELECT id FROM people WHERE workspace_id = $1 AND merged_into_id = $2
       UNION
       SELECT p.id FROM people p JOIN m ON p.merged_into_id = m.id WHERE p.workspace_id = $1)
     SELECT id FROM m LIMIT 1000`,
    [workspaceId, id],
  );
  return rows.map((r) => r.id);
}

/** A contact row moved by a merge: its key (number, address, or CEP + street), old place and primary flag. */
export type MovedContact = { key: string; position: number; newPosition: number; primary: boolean };

export const CONTACT_TABLES = {
  phones: { table: 'person_phones', key: 't.number' },
  emails: { table: 'person_emails', key: 't.address' },
  addresses: { table: 'person_addresses', key: `t.cep || ' ' || t.street` },
} as const;
export type ContactList = keyof typeof CONTACT_TABLES;

/**
 * Moves one contact list of `fromId` to the end of `toId`'s list; the survivor keeps its primary (a moved primary
 * stays primary only when the survivor had none). Answers what moved, for the undo.
 */
export async function moveContacts(
  tx: Queryable,
  workspaceId: string,
  list: ContactList,
  fromId: string,
  toId: string,
): Promise<MovedContact[]> {
  const { table, key } = CONTACT_TABLES[list];
  const before = await tx.query<{ key: string; position: number; primary: boolean }>(
    `SELECT ${key} AS key, t.position, t.is_primary AS "primary" FROM ${table} t
     WHERE t.workspace_id = $1 AND t.person_id = $2 ORDER BY t.position`,
    [workspaceId, fromId],
  );
  if (before.rows.length === 0) return [];
  const { rows } = await tx.query<{ key: string; position: number; new_position: number }>(
    `WITH base AS (
       SELECT COALESCE(max(position) + 1, 0) AS off, COALESCE(bool_or(is_primary), false) AS has_primary
       FROM ${table} WHERE workspace_id = $1 AND person_id = $3)
     UPDATE ${table} t SET person_id = $3, position = t.position + base.off,
       is_primary = t.is_primary AND NOT base.has_primary
     FROM base WHERE t.workspace_id = $1 AND t.person_id = $2
     RETURNING ${key} AS key,
       t.position - base.off AS position, t.position AS new_position`,
    [workspaceId, fromId, toId],
  );
  const primary = new Map(before.rows.map((r) => [`${r.position}`, r.primary]));
  return rows.map((r) => ({
    key: r.key,
    position: r.position,
    newPosition: r.new_position,
    primary: primary.get(`${r.position}`) ?? false,
  }));
}

/** Undo of `moveContacts`: the rows still on the survivor go back to their old places (and primary flags). */
export async function moveContactsBack(
  tx: Queryable,
  workspaceId: string,
  list: ContactList,
  moved: MovedContact[],
  survivorId: string,
  mergedId: string,
): Promise<number> {
  if (moved.length === 0) return 0;
  const { table, key } = CONTACT_TABLES[list];
  const { rowCount } = await tx.query(
    `UPDATE ${table} t SET person_id = $3, position = r.position, is_primary = r.primary
     FROM jsonb_to_recordset($4::jsonb) AS r(key text, position smallint, "newPosition" smallint, "primary" boolean)
     WHERE t.workspace_id = $1 AND t.person_id = $2 AND ${key} = r.key AND t.position = r."newPosition"`,
    [workspaceId, survivorId, mergedId, JSON.stringify(moved)],
  );
  return rowCount ?? 0;
}

/** Tables whose rows belong to one person by `person_id` and carry an `id`: a merge re-points them. */
export const MOVED_TABLES = {
  activities: 'activities',
  attachments: 'attachments',
  documents: 'documents',
  assets: 'assets',
  salesOrders: 'sales_orders',
} as const;
export type MovedTable = keyof typeof MOVED_TABLES;

/** Re-points a person's rows of one table to another person; answers their ids. */
export async function moveRows(
  tx: Queryable,
  workspaceId: string,
  name: MovedTable,
  fromId: string,
  toId: string,
): Promise<string[]> {
  const table = MOVED_TABLES[name];
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE ${table} SET person_id = $3 WHERE workspace_id = $1 AND person_id = $2 RETURNING id`,
    [workspaceId, fromId, toId],
  );
  return rows.map((r) => r.id);
}

/** Undo of `moveRows`: exactly those rows, if still on the survivor. */
export async function moveRowsBack(
  tx: Queryable,
  workspaceId: string,
  name: MovedTable,
  ids: string[],
  survivorId: string,
  mergedId: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const table = MOVED_TABLES[name];
  const { rowCount } = await tx.query(
    `UPDATE ${table} SET person_id = $3 WHERE workspace_id = $1 AND person_id = $2 AND id = ANY($4::uuid[])`,
    [workspaceId, survivorId, mergedId, ids],
  );
  return rowCount ?? 0;
}

/**
 * Moves the merged person's places in opportunities (Clientes envolvidos) to the survivor, except where the survivor
 * is already involved in that opportunity; answers the opportunity ids.
 */
export async function moveOpportunityPeople(
  tx: Queryable,
  workspaceId: string,
  fromId: string,
  toId: string,
): Promise<string[]> {
  const { rows } = await tx.query<{ opportunity_id: string }>(
    `UPDATE opportunity_people t SET person_id = $3
     WHERE t.workspace_id = $1 AND t.person_id = $2
       AND NOT EXISTS (SELECT 1 FROM opportunity_people s WHERE s.workspace_id = $1
         AND s.opportunity_id = t.opportunity_id AND s.person_id = $3)
     RETURNING t.opportunity_id`,
    [workspaceId, fromId, toId],
  );
  return rows.map((r) => r.opportunity_id);
}

export async function moveOpportunityPeopleBack(
  tx: Queryable,
  workspaceId: string,
  opportunityIds: string[],
  survivorId: string,
  mergedId: string,
): Promise<number> {
  if (opportunityIds.length === 0) return 0;
  const { rowCount } = await tx.query(
    `UPDATE opportunity_people SET person_id = $3
     WHERE workspace_id = $1 AND person_id = $2 AND opportunity_id = ANY($4::uuid[])`,
    [workspaceId, survivorId, mergedId, opportunityIds],
  );
  return rowCount ?? 0;
}

/** What the merged person had before the survivor took it: its CPF/CNPJ, its passport/IE list (for the undo). */
export type MergedBefore = { document?: string | null; documents?: IdentityDocument[] };

export type MergeRow = {
  id: string;
  survivor_id: string;
  survivor_name: string;
  merged_id: string;
  merged_name: string;
  changes: { field: string; old: unknown; new: unknown }[];
  merged_before: MergedBefore;
  moved: Record<string, unknown[]>;
  merged_by: string | null;
  merged_by_name: string | null;
  merged_at: Date;
  undone_at: Date | null;
  undoable_until: Date;
  expired: boolean;
};

const MERGE_SELECT = `
  SELECT m.id, m.survivor_id, s.name AS survivor_name, m.merged_id, d.name AS merged_name, m.changes,
    m.merged_before, m.moved, m.merged_by, u.name AS merged_by_name, m.merged_at, m.undone_at,
    m.merged_at + make_interval(days => $2::int) AS undoable_until,
    m.merged_at + make_interval(days => $2::int) <= now() AS expired
  FROM person_merges m
  JOIN people s ON s.workspace_id = m.workspace_id AND s.id = m.survivor_id
  JOIN people d ON d.workspace_id = m.workspace_id AND d.id = m.merged_id
  LEFT JOIN users u ON u.id = m.merged_by`;

export async function insertMerge(
  tx: Queryable,
  m: {
    workspaceId: string;
    survivorId: string;
    mergedId: string;
    changes: unknown;
    mergedBefore: unknown;
    moved: unknown;
    actorId: string;
  },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO person_merges (workspace_id, survivor_id, merged_id, changes, merged_before, moved, merged_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      m.workspaceId,
      m.survivorId,
      m.mergedId,
      JSON.stringify(m.changes),
      JSON.stringify(m.mergedBefore),
      JSON.stringify(m.moved),
      m.actorId,
    ],
  );
  return rows[0]?.id as string;
}

/** One merge (locked for the undo when `forUpdate`). */
export async function findMerge(
  db: Queryable,
  workspaceId: string,
  id: string,
  undoDays: number,
  forUpdate = false,
): Promise<MergeRow | null> {
  const { rows } = await db.query<MergeRow>(
    `${MERGE_SELECT} WHERE m.workspace_id = $1 AND m.id = $3 ${forUpdate ? 'FOR UPDATE OF m' : ''}`,
    [workspaceId, undoDays, id],
  );
  return rows[0] ?? null;
}

/** The merges a person took part in (as survivor or merged), newest first. */
export async function listMergesOf(
  db: Queryable,
  workspaceId: string,
  personId: string,
  undoDays: number,
): Promise<MergeRow[]> {
  const { rows } = await db.query<MergeRow>(
    `${MERGE_SELECT} WHERE m.workspace_id = $1 AND (m.survivor_id = $3 OR m.merged_id = $3)
     ORDER BY m.merged_at DESC LIMIT 100`,
    [workspaceId, undoDays, personId],
  );
  return rows;
}

export async function markUndone(tx: Queryable, workspaceId: string, id: string, actorId: string) {
  await tx.query(
    'UPDATE person_merges SET undone_at = now(), undone_by = $3 WHERE workspace_id = $1 AND id = $2',
    [workspaceId, id, actorId],
  );
}
