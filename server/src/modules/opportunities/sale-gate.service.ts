import { DEFAULT_SALE_REQUIREMENTS, type InvolvedPerson, type SaleRequirement } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { DomainError } from '../../lib/errors.ts';
import type { SqlParams } from '../../lib/sql.ts';
import type { Actor } from '../auth/actor.ts';
import { visiblePeoplePredicate } from '../people/people.policy.ts';
import { findWorkspaceSetting } from '../workspaces/workspaces.service.ts';
import { presentInvolvedPeople } from './opportunities.presenter.ts';
import * as peopleRepo from './opportunity-people.repository.ts';

// The sale gate: before an opportunity is won (by status or by an accepted proposal), every involved person
// must have the data the workspace requires.

/** The workspace's requirements, or the defaults until an admin sets them. */
export async function saleRequirements(db: Queryable, workspaceId: string): Promise<SaleRequirement[]> {
  return (await findWorkspaceSetting(db, workspaceId, 'saleRequirements')) ?? DEFAULT_SALE_REQUIREMENTS;
}

/** The people involved in a sale with what each still lacks (the card, the people tab and the gate show it). */
export async function involvedPeople(db: Queryable, actor: Actor, id: string): Promise<InvolvedPerson[]> {
  // Sequential: `db` may be a transaction's client, which runs one query at a time.
  const rows = await peopleRepo.listInvolved(db, actor.workspaceId, id, (params: SqlParams) =>
    visiblePeoplePredicate(actor, params),
  );
  return presentInvolvedPeople(rows, await saleRequirements(db, actor.workspaceId));
}

/**
 * Before a sale every involved person must have what the workspace requires; the refusal lists, per
 * person, what is missing.
 */
export async function assertSaleReady(db: Queryable, actor: Actor, id: string) {
  const people = await involvedPeople(db, actor, id);
  const missing = people
    .filter((p) => p.missing.length)
    .map((p) => ({ personId: p.personId, name: p.name, missing: p.missing }));
  if (missing.length) {
    throw new DomainError('sale-requirements', 422, {
      missing,
      detail: missing.map((m) => `${m.name}: ${m.missing.join(', ')}`).join('; '),
    });
  }
}
