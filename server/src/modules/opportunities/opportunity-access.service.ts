import type { Opportunity } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import type { SqlParams } from '../../lib/sql.ts';
import type { Actor } from '../auth/actor.ts';
import { readableValues } from '../custom-fields/custom-fields.service.ts';
import { visiblePeoplePredicate } from '../people/people.policy.ts';
import { findOptions } from '../pipelines/pipelines.service.ts';
import { visibleOpportunitiesPredicate } from './opportunities.policy.ts';
import { presentOpportunity } from './opportunities.presenter.ts';
import * as repo from './opportunities.repository.ts';
import * as peopleRepo from './opportunity-people.repository.ts';
import * as salesRepo from './proposals.repository.ts';
import { involvedPeople } from './sale-gate.service.ts';

// Reaching an opportunity: every use case goes through opportunities.policy.ts (an invisible card is 404).

/** The opportunities policy as the repositories take it. */
export const visibleTo = (actor: Actor) => (params: SqlParams) =>
  visibleOpportunitiesPredicate(actor, params);

/** Locks a card the actor may see until the transaction ends, checking the version when one is expected. */
export async function lockVisible(tx: Queryable, actor: Actor, id: string, expected?: number) {
  if (!(await repo.lockOpportunity(tx, actor.workspaceId, id, visibleTo(actor)))) throw notFound();
  const row = (await repo.findOpportunity(
    tx,
    actor.workspaceId,
    id,
    visibleTo(actor),
  )) as repo.OpportunityRow;
  if (expected !== undefined && row.version !== expected) throw versionMismatch(row.version);
  return row;
}

/** A card the actor may see, or 404. */
export async function getVisibleRow(db: Queryable, actor: Actor, id: string) {
  const row = await repo.findOpportunity(db, actor.workspaceId, id, visibleTo(actor));
  if (!row) throw notFound();
  return row;
}

/** Reads the card again within the workspace (after a write that may have taken it out of the actor's sight). */
export async function reread(db: Queryable, actor: Actor, id: string) {
  return (await repo.findOpportunity(db, actor.workspaceId, id, () => 'true')) as repo.OpportunityRow;
}

/**
 * Loads what the API shows with a card (option labels, involved people, sales order, the custom values the
 * actor's role reads) and presents it.
 */
export async function present(db: Queryable, actor: Actor, r: repo.OpportunityRow): Promise<Opportunity> {
  const optionIds = [r.business_plan_id, r.qualification_id, r.status_reason_id].filter(
    (v): v is string => v !== null,
  );
  const options = await findOptions(db, r.workspace_id, optionIds);
  const people = await involvedPeople(db, actor, r.id);
  const salesOrder = await salesRepo.findSalesOrder(db, r.workspace_id, r.id);
  const customFields = await readableValues(db, r.workspace_id, 'opportunity', r.custom_fields, actor.role);
  return presentOpportunity(r, { options, people, salesOrder, customFields });
}

/** The people must exist and be visible to the actor (they link them to the sale). */
export async function assertPeopleVisible(
  db: Queryable,
  actor: Actor,
  ids: { field: string; personId: string }[],
) {
  if (ids.length === 0) return;
  const found = await peopleRepo.visiblePersonIds(
    db,
    actor.workspaceId,
    ids.map((i) => i.personId),
    (params) => visiblePeoplePredicate(actor, params),
  );
  const errors = ids
    .filter((i) => !found.has(i.personId))
    .map((i) => ({ field: i.field, code: 'unknown_person', message: '' }));
  if (errors.length) throw validationError(errors);
}
