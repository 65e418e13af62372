import { randomBytes } from 'node:crypto';
import type { TimelineFilter, TimelineKind } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { randomToken } from '../../lib/hashing.ts';
import type { SqlParams } from '../../lib/sql.ts';
import { eventHash, GENESIS_HASH, payloadDigest } from './timeline.chain.ts';
import { presentEvent, presentNewEvent, type TimelineEvent } from './timeline.presenter.ts';
import type { ChainedRow, SubjectType } from './timeline.repository.ts';
import * as repo from './timeline.repository.ts';

export type { TimelineEvent } from './timeline.presenter.ts';

const SALT_BYTES = 16;

export type NewEvent = {
  workspaceId: string;
  subjectType: SubjectType;
  subjectId: string;
  kind: TimelineKind;
  actorId: string | null;
  /** Non-personal facts kept in the chained row (field names, ids). */
  summary: Record<string, unknown>;
  /** Personal values (names, documents, free text): erasable without breaking the chain. */
  payload: Record<string, unknown>;
};

/** The chained row for `e` after the link `last` (null: the first event of its subject). */
export function chainRow(
  e: NewEvent,
  last: { seq: number; hash: string } | null,
  salt = randomToken(SALT_BYTES),
): ChainedRow {
  const fields = {
    workspaceId: e.workspaceId,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    seq: (last?.seq ?? 0) + 1,
    kind: e.kind,
    actorId: e.actorId,
    // Millisecond precision survives the round trip through timestamptz, so the hash can be recomputed.
    occurredAt: new Date(),
    summary: e.summary,
    payloadDigest: payloadDigest(salt, e.payload),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  return { ...fields, prevHash, hash: eventHash(prevHash, fields), salt, payload: e.payload };
}

/** The SQL fragment that writes `row` inside another module's statement (see people.repository.ts). */
export const eventInsertFragment = (row: ChainedRow) => (params: SqlParams, onlyWith?: string) =>
  repo.insertEventCte(params, row, onlyWith);

/** Appends one event to a subject's hash chain; must run inside the transaction of the change it records. */
export async function appendEvent(tx: Queryable, e: NewEvent): Promise<TimelineEvent> {
  await repo.lockChain(tx, e.subjectType, e.subjectId);
  const row = chainRow(e, await repo.lastLink(tx, e.workspaceId, e.subjectType, e.subjectId));
  return presentNewEvent(row, await repo.insertEvent(tx, row));
}

/** One page of a subject's timeline, newest first; the cursor is the last event's id. */
export async function listTimeline(
  db: Queryable,
  q: {
    workspaceId: string;
    subjectType: SubjectType;
    subjectId: string;
    filter: TimelineFilter;
    cursor: string | null;
    related?: ((params: SqlParams) => string) | undefined;
    /** Other subjects of the same type whose events show here too (people merged into this one). */
    alsoSubjectIds?: string[] | undefined;
  },
  limit = 50,
): Promise<{ items: TimelineEvent[]; nextCursor: string | null }> {
  const beforeId = q.cursor && /^\d{1,15}$/.test(q.cursor) ? Number(q.cursor) : null;
  const rows = await repo.listEvents(db, { ...q, beforeId, limit: limit + 1 });
  const page = rows.slice(0, limit);
  return {
    items: page.map(presentEvent),
    nextCursor: rows.length > limit ? String(page[page.length - 1]?.id) : null,
  };
}

export type VerifyReport = {
  events: number;
  chains: number;
  broken: { eventId: number; subjectType: string; subjectId: string; seq: number; reason: string }[];
};

/** Recomputes every chain; reports, per broken chain, its first broken event. */
export async function verifyAllChains(db: Queryable): Promise<VerifyReport> {
  const report: VerifyReport = { events: 0, chains: 0, broken: [] };
  let chainKey = '';
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let chainBroken = false;
  for await (const batch of repo.allEventsInChainOrder(db)) {
    for (const e of batch) {
      report.events++;
      const key = `${e.subjectType}:${e.subjectId}`;
      if (key !== chainKey) {
        chainKey = key;
        prevHash = GENESIS_HASH;
        expectedSeq = 1;
        chainBroken = false;
        report.chains++;
      }
      if (chainBroken) continue;
      const reason =
        e.seq !== expectedSeq
          ? `missing event before seq ${e.seq}`
          : e.prevHash !== prevHash
            ? 'prev_hash does not match the previous event'
            : eventHash(prevHash, e) !== e.hash
              ? 'hash does not match the event content'
              : e.salt === undefined || e.salt === null
                ? 'payload row missing'
                : !e.erasedAt && payloadDigest(e.salt, e.payload) !== e.payloadDigest
                  ? 'payload does not match its digest'
                  : null;
      if (reason) {
        chainBroken = true;
        report.broken.push({
          eventId: e.id,
          subjectType: e.subjectType,
          subjectId: e.subjectId,
          seq: e.seq,
          reason,
        });
      }
      prevHash = e.hash;
      expectedSeq = e.seq + 1;
    }
  }
  return report;
}

/**
 * The first event of each of many new subjects (nobody else can write to their chains yet), chained: hashing is CPU
 * work, done while the caller's previous statement runs on the server (see `appendChainedRows`).
 */
export function chainFirstEvents(events: NewEvent[]): ChainedRow[] {
  // One draw from the random source for all the salts (one call per event cost more than hashing it).
  const random = randomBytes(SALT_BYTES * events.length);
  return events.map((e, i) =>
    chainRow(e, null, random.subarray(i * SALT_BYTES, (i + 1) * SALT_BYTES).toString('base64url')),
  );
}

/** Writes rows chained by `chainFirstEvents`, in one statement. */
export async function appendChainedRows(tx: Queryable, rows: ChainedRow[]): Promise<void> {
  await repo.insertEventsBulk(tx, rows);
}

/**
 * Erases the personal values of every event of these subjects (their records were removed, e.g. an import undone):
 * the chain and its digests stay, so history verification still passes.
 */
export async function eraseSubjectsPayloads(
  tx: Queryable,
  workspaceId: string,
  subjectType: SubjectType,
  subjectIds: string[],
): Promise<number> {
  return repo.erasePayloadsOf(tx, workspaceId, subjectType, subjectIds);
}

/**
 * Erases, on other subjects' chains, the payloads that carry a person's data (`needles`: their name, document,
 * e-mails, phones, id): an opportunity naming its holder, a merge naming the other person. Answers how many.
 */
export function erasePayloadsMentioning(
  tx: Queryable,
  workspaceId: string,
  subjectType: SubjectType,
  subjectIds: string[],
  needles: string[],
): Promise<number> {
  return repo.erasePayloadsMentioning(tx, workspaceId, subjectType, subjectIds, needles);
}
