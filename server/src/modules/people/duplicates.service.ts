import type { DuplicateReason } from '@funil/domain';
import type { Db, Queryable } from '../../db/pool.ts';
import { transaction } from '../../db/pool.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import type { SqlParams } from '../../lib/sql.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { visiblePeoplePredicate } from './people.policy.ts';
import * as repo from './person-merge.repository.ts';

export type DuplicateCandidate = {
  id: string;
  reasons: DuplicateReason[];
  score: number;
  status: 'open' | 'dismissed' | 'merged';
  foundAt: string;
  a: { id: string; name: string; kind: string; city: string | null; state: string | null };
  b: { id: string; name: string; kind: string; city: string | null; state: string | null };
};

const visibleTo = (actor: Actor) => (params: SqlParams) => visiblePeoplePredicate(actor, params);

function present(r: repo.CandidateRow): DuplicateCandidate {
  return {
    id: r.id,
    reasons: r.reasons as DuplicateReason[],
    score: Math.round(r.score * 100) / 100,
    status: r.status,
    foundAt: r.found_at.toISOString(),
    a: { id: r.a_id, name: r.a_name, kind: r.a_kind, city: r.a_city, state: r.a_state },
    b: { id: r.b_id, name: r.b_name, kind: r.b_kind, city: r.b_city, state: r.b_state },
  };
}

/**
 * How long one scan may run. Measured on synthetic data (bench-like names, 5 cities): 20,000 people in about 1 s,
 * 100,000 in about 38 s on a 2-core machine; a workspace past that gets 504 instead of a request held open forever.
 */
const SCAN_TIMEOUT_MS = 120_000;

/** Runs the duplicate finder over the workspace's live people and fills the review queue; answers the pairs seen. */
export async function scanDuplicates(db: Db, actor: Actor): Promise<{ pairs: number }> {
  assertCan(actor, 'mergePeople');
  try {
    return {
      pairs: await transaction(db, (tx) => repo.scanDuplicates(tx, actor.workspaceId, SCAN_TIMEOUT_MS)),
    };
  } catch (error) {
    if ((error as { code?: string }).code === '57014') {
      throw new DomainError('timeout', 504, {
        detail: 'the duplicate scan took too long for this workspace',
      });
    }
    throw error;
  }
}

/** The review queue: open pairs whose two people the actor sees, most likely first. */
export async function listDuplicates(
  db: Queryable,
  actor: Actor,
  q: { limit?: number | undefined; cursor?: string | null | undefined },
): Promise<{ items: DuplicateCandidate[]; nextCursor: string | null }> {
  assertCan(actor, 'mergePeople');
  const limit = q.limit ?? 20;
  const offset = q.cursor && /^\d{1,6}$/.test(q.cursor) ? Number(q.cursor) : 0;
  const rows = await repo.listOpenCandidates(db, actor.workspaceId, visibleTo(actor), offset, limit + 1);
  return {
    items: rows.slice(0, limit).map(present),
    nextCursor: rows.length > limit ? String(offset + limit) : null,
  };
}

/** Ignorar: the pair leaves the queue and a later scan does not bring it back. */
export async function dismissDuplicate(db: Db, actor: Actor, id: string): Promise<DuplicateCandidate> {
  assertCan(actor, 'mergePeople');
  return transaction(db, async (tx) => {
    const found = await repo.findCandidate(tx, actor.workspaceId, id, visibleTo(actor));
    if (!found) throw notFound();
    await repo.setPairStatus(
      tx,
      actor.workspaceId,
      [found.a_id, found.b_id],
      'dismissed',
      actor.userId,
      'open',
    );
    return present(
      (await repo.findCandidate(tx, actor.workspaceId, id, visibleTo(actor))) as repo.CandidateRow,
    );
  });
}
