import type { TimelineFilter } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';
import type { ChainedFields } from './timeline.chain.ts';

export type SubjectType = 'person';

/** Serializes writers of one subject's chain until the transaction ends. */
export async function lockChain(tx: Queryable, subjectType: SubjectType, subjectId: string) {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${subjectType}:${subjectId}`]);
}

export async function lastLink(
  tx: Queryable,
  subjectType: SubjectType,
  subjectId: string,
): Promise<{ seq: number; hash: string } | null> {
  const { rows } = await tx.query(
    `SELECT seq, hash FROM timeline_events WHERE subject_type = $1 AND subject_id = $2 ORDER BY seq DESC LIMIT 1`,
    [subjectType, subjectId],
  );
  return rows[0] ?? null;
}

export type ChainedRow = ChainedFields & { prevHash: string; hash: string; salt: string; payload: unknown };

/**
 * The common table expressions that insert one event and its payload (`ev`, `evp`), for a statement that
 * also writes the change the event records (one round trip, one atomic statement).
 */
export function insertEventCte(params: SqlParams, e: ChainedRow): string {
  return `ev AS (
      INSERT INTO timeline_events (workspace_id, subject_type, subject_id, seq, kind, actor_id, occurred_at,
        summary, payload_digest, prev_hash, hash)
      VALUES (${params.add(e.workspaceId)}, ${params.add(e.subjectType)}, ${params.add(e.subjectId)}, ${params.add(e.seq)},
        ${params.add(e.kind)}, ${params.add(e.actorId)}, ${params.add(e.occurredAt)}, ${params.add(JSON.stringify(e.summary))},
        ${params.add(e.payloadDigest)}, ${params.add(e.prevHash)}, ${params.add(e.hash)})
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
  actor_id: string | null;
  actor_name: string | null;
  occurred_at: Date;
  payload: unknown;
  erased_at: Date | null;
};

const FILTER_KINDS: Record<TimelineFilter, string[] | null> = {
  all: null,
  notes: ['note'],
  changes: ['field_changed', 'owner_changed'],
};

/** A page of one subject's events, newest first, before sequence number `beforeSeq`. */
export async function listEvents(
  db: Queryable,
  q: {
    workspaceId: string;
    subjectType: SubjectType;
    subjectId: string;
    filter: TimelineFilter;
    beforeSeq: number | null;
    limit: number;
  },
): Promise<EventRow[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT e.id, e.seq, e.kind, e.actor_id, u.name AS actor_name, e.occurred_at, p.payload, p.erased_at
     FROM timeline_events e
     JOIN timeline_payloads p ON p.event_id = e.id
     LEFT JOIN users u ON u.id = e.actor_id
     WHERE e.workspace_id = $1 AND e.subject_type = $2 AND e.subject_id = $3
       AND ($4::text[] IS NULL OR e.kind = ANY($4))
       AND ($5::int IS NULL OR e.seq < $5)
     ORDER BY e.seq DESC
     LIMIT $6`,
    [q.workspaceId, q.subjectType, q.subjectId, FILTER_KINDS[q.filter], q.beforeSeq, q.limit],
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
      `SELECT e.*, p.salt, p.payload, p.erased_at FROM timeline_events e
       LEFT JOIN timeline_payloads p ON p.event_id = e.id
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
