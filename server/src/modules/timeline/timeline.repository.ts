import type { TimelineFilter } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';
import type { ChainedFields } from './timeline.chain.ts';

export type SubjectType = 'person' | 'opportunity';

/** Serializes writers of one subject's chain until the transaction ends. */
export async function lockChain(tx: Queryable, subjectType: SubjectType, subjectId: string) {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${subjectType}:${subjectId}`]);
}

export async function lastLink(
  tx: Queryable,
  workspaceId: string,
  subjectType: SubjectType,
  subjectId: string,
): Promise<{ seq: number; hash: string } | null> {
  const { rows } = await tx.query(
    `SELECT seq, hash FROM timeline_events WHERE workspace_id = $3 AND subject_type = $1 AND subject_id = $2
     ORDER BY seq DESC LIMIT 1`,
    [subjectType, subjectId, workspaceId],
  );
  return rows[0] ?? null;
}

export type ChainedRow = ChainedFields & { prevHash: string; hash: string; salt: string; payload: unknown };

/**
 * The common table expressions that insert one event and its payload (`ev`, `evp`), for a statement that
 * also writes the change the event records (one round trip, one atomic statement). With `onlyWith` (the name of
 * an earlier CTE of that statement) the event is written only when that CTE wrote a row.
 */
export function insertEventCte(params: SqlParams, e: ChainedRow, onlyWith?: string): string {
  const values = `${params.add(e.workspaceId)}, ${params.add(e.subjectType)}, ${params.add(e.subjectId)}, ${params.add(e.seq)},
        ${params.add(e.kind)}, ${params.add(e.actorId)}, ${params.add(e.occurredAt)}, ${params.add(JSON.stringify(e.summary))},
        ${params.add(e.payloadDigest)}, ${params.add(e.prevHash)}, ${params.add(e.hash)}`;
  return `ev AS (
      INSERT INTO timeline_events (workspace_id, subject_type, subject_id, seq, kind, actor_id, occurred_at,
        summary, payload_digest, prev_hash, hash)
      ${onlyWith ? `SELECT ${values} FROM ${onlyWith}` : `VALUES (${values})`}
      RETURNING id),
    evp AS (
      INSERT INTO timeline_payloads (event_id, workspace_id, salt, payload)
      SELECT ev.id, ${params.add(e.workspaceId)}, ${params.add(e.salt)}, ${params.add(JSON.stringify(e.payload))} FROM ev)`;
}

export async function insertEvent(tx: Queryable, e: ChainedRow): Promise<number> {
  const params = new SqlParams();
  const { rows } = await tx.query(`WITH ${insertEventCte(params, e)} SELECT id FROM ev`, params.values);
  return rows[0].id as number;
}

export type EventRow = {
  id: number;
  seq: number;
  kind: string;
  subject_type: SubjectType;
  subject_id: string;
  subject_title: string | null;
  actor_id: string | null;
  actor_name: string | null;
  occurred_at: Date;
  payload: unknown;
  erased_at: Date | null;
};

const FILTER_KINDS: Record<TimelineFilter, string[] | null> = {
  all: null,
  notes: ['note'],
  changes: [
    'field_changed',
    'person_flagged',
    'owner_changed',
    'stage_changed',
    'status_changed',
    'person_involved',
    'person_removed',
    'asset_changed',
  ],
};

/**
 * A page of one subject's events, newest first, before event `beforeId`; `related` (SQL giving opportunity
 * ids) adds the events of those opportunities — a person's timeline shows the opportunities they are in.
 */
export async function listEvents(
  db: Queryable,
  q: {
    workspaceId: string;
    subjectType: SubjectType;
    subjectId: string;
    filter: TimelineFilter;
    beforeId: number | null;
    limit: number;
    related?: ((params: SqlParams) => string) | undefined;
    alsoSubjectIds?: string[] | undefined;
  },
): Promise<EventRow[]> {
  const params = new SqlParams();
  // The subjects merged into this one bring their history, but not their own record of the merge (this subject
  // has its own `merged` / `merge_undone` event, which names the other record).
  const own = q.alsoSubjectIds?.length
    ? `(e.subject_type = ${params.add(q.subjectType)} AND (e.subject_id = ${params.add(q.subjectId)}
        OR (e.subject_id = ANY(${params.add(q.alsoSubjectIds)}::uuid[]) AND e.kind NOT IN ('merged', 'merge_undone'))))`
    : `(e.subject_type = ${params.add(q.subjectType)} AND e.subject_id = ${params.add(q.subjectId)})`;
  const subjects = q.related
    ? `(${own} OR (e.subject_type = 'opportunity' AND e.subject_id = ANY(ARRAY(${q.related(params)}))))`
    : own;
  const { rows } = await db.query<EventRow>(
    `SELECT e.id, e.seq, e.kind, e.subject_type, e.subject_id, o.title AS subject_title, e.actor_id,
       u.name AS actor_name, e.occurred_at, p.payload, p.erased_at
     FROM timeline_events e
     JOIN timeline_payloads p ON p.event_id = e.id
     LEFT JOIN users u ON u.id = e.actor_id
     LEFT JOIN opportunities o ON e.subject_type = 'opportunity' AND o.id = e.subject_id
     WHERE e.workspace_id = ${params.add(q.workspaceId)} AND ${subjects}
       AND (${params.add(FILTER_KINDS[q.filter])}::text[] IS NULL OR e.kind = ANY(${params.add(FILTER_KINDS[q.filter])}))
       AND (${params.add(q.beforeId)}::bigint IS NULL OR e.id < ${params.add(q.beforeId)})
     ORDER BY e.id DESC
     LIMIT ${Math.trunc(q.limit)}`,
    params.values,
  );
  return rows;
}

export type StoredEvent = ChainedFields & {
  id: number;
  prevHash: string;
  hash: string;
  salt: string;
  payload: unknown;
  erasedAt: Date | null;
};

/** Every event in chain order, streamed in batches (for verification). */
export async function* allEventsInChainOrder(db: Queryable, batchSize = 5000): AsyncGenerator<StoredEvent[]> {
  let after: [string, string, number] = ['', '00000000-0000-0000-0000-000000000000', -1];
  for (;;) {
    const { rows } = await db.query(
      `/* tenancy: any workspace — verification reads every chain */
       SELECT e.*, p.salt, p.payload, p.erased_at FROM timeline_events e
       LEFT JOIN timeline_payloads p ON p.workspace_id = e.workspace_id AND p.event_id = e.id
       WHERE (e.subject_type, e.subject_id, e.seq) > ($1, $2::uuid, $3)
       ORDER BY e.subject_type, e.subject_id, e.seq
       LIMIT $4`,
      [...after, batchSize],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      seq: r.seq,
      kind: r.kind,
      actorId: r.actor_id,
      occurredAt: r.occurred_at,
      summary: r.summary,
      payloadDigest: r.payload_digest,
      prevHash: r.prev_hash,
      hash: r.hash,
      salt: r.salt,
      payload: r.payload,
      erasedAt: r.erased_at,
    }));
    const last = rows[rows.length - 1];
    after = [last.subject_type, last.subject_id, last.seq];
  }
}

/** Inserts many chained rows (each the first of its own new subject, or in chain order) and their payloads at once. */
export async function insertEventsBulk(tx: Queryable, rows: ChainedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: ChainedRow) => T) => rows.map(f);
  await tx.query(
    `WITH x AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::int[], $5::text[], $6::uuid[], $7::timestamptz[],
         $8::jsonb[], $9::text[], $10::text[], $11::text[], $12::text[], $13::jsonb[])
         WITH ORDINALITY AS x(workspace_id, subject_type, subject_id, seq, kind, actor_id, occurred_at, summary,
           payload_digest, prev_hash, hash, salt, payload, ord)),
     ev AS (
       INSERT INTO timeline_events (workspace_id, subject_type, subject_id, seq, kind, actor_id, occurred_at, summary,
         payload_digest, prev_hash, hash)
       SELECT workspace_id, subject_type, subject_id, seq, kind, actor_id, occurred_at, summary, payload_digest,
         prev_hash, hash
       FROM x ORDER BY ord
       RETURNING id, workspace_id, subject_type, subject_id, seq)
     INSERT INTO timeline_payloads (event_id, workspace_id, salt, payload)
     SELECT ev.id, ev.workspace_id, x.salt, x.payload
     FROM ev JOIN x ON x.workspace_id = ev.workspace_id AND x.subject_type = ev.subject_type
       AND x.subject_id = ev.subject_id AND x.seq = ev.seq`,
    [
      col((r) => r.workspaceId),
      col((r) => r.subjectType),
      col((r) => r.subjectId),
      col((r) => r.seq),
      col((r) => r.kind),
      col((r) => r.actorId),
      col((r) => r.occurredAt),
      col((r) => JSON.stringify(r.summary)),
      col((r) => r.payloadDigest),
      col((r) => r.prevHash),
      col((r) => r.hash),
      col((r) => r.salt),
      col((r) => JSON.stringify(r.payload)),
    ],
  );
}

/** Erases the payloads (personal values) of every event of these subjects; the chained rows stay. */
export async function erasePayloadsOf(
  tx: Queryable,
  workspaceId: string,
  subjectType: SubjectType,
  subjectIds: string[],
): Promise<number> {
  if (subjectIds.length === 0) return 0;
  const result = await tx.query(
    `UPDATE timeline_payloads tp SET payload = NULL, erased_at = now()
     FROM timeline_events e
     WHERE e.workspace_id = $1 AND tp.workspace_id = $1 AND tp.event_id = e.id AND e.subject_type = $2
       AND e.subject_id = ANY($3::uuid[]) AND tp.payload IS NOT NULL`,
    [workspaceId, subjectType, subjectIds],
  );
  return result.rowCount ?? 0;
}

/** Erases the payloads of these subjects' events whose text contains any of `needles` (case-insensitive). */
export async function erasePayloadsMentioning(
  tx: Queryable,
  workspaceId: string,
  subjectType: SubjectType,
  subjectIds: string[],
  needles: string[],
): Promise<number> {
  if (subjectIds.length === 0 || needles.length === 0) return 0;
  const patterns = needles.map((n) => `%${n.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const result = await tx.query(
    `UPDATE timeline_payloads tp SET payload = NULL, erased_at = now()
     FROM timeline_events e
     WHERE e.workspace_id = $1 AND tp.workspace_id = $1 AND tp.event_id = e.id AND e.subject_type = $2
       AND e.subject_id = ANY($3::uuid[]) AND tp.payload IS NOT NULL
       AND tp.payload::text ILIKE ANY($4::text[])`,
    [workspaceId, subjectType, subjectIds, patterns],
  );
  return result.rowCount ?? 0;
}
