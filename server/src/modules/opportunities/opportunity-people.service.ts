import type { InvolvedRole } from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { notFound, validationError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { assertPeopleVisible, getVisibleRow, lockVisible } from './opportunity-access.service.ts';
import { eventOf, touched } from './opportunity-changes.service.ts';
import * as peopleRepo from './opportunity-people.repository.ts';
import { involvedPeople } from './sale-gate.service.ts';

// Clientes envolvidos: who has a stake in an opportunity, with exactly one holder.

/** The people involved in a card the actor may see, with what each lacks for a sale. */
export async function listInvolvedPeople(db: Queryable, actor: Actor, id: string) {
  await getVisibleRow(db, actor, id);
  return involvedPeople(db, actor, id);
}

/**
 * Adds a person with a role, or changes the role of one already involved. Making someone the holder
 * turns the previous holder into `other`: there is always exactly one.
 */
export async function involvePerson(db: Db, actor: Actor, id: string, personId: string, role: InvolvedRole) {
  return transaction(db, async (tx) => {
    const row = await lockVisible(tx, actor, id);
    await assertPeopleVisible(tx, actor, [{ field: 'personId', personId }]);
    const current = await peopleRepo.listInvolved(tx, actor.workspaceId, id, () => 'true');
    const existing = current.find((p) => p.person_id === personId);
    if (existing?.role === role) return involvedPeople(tx, actor, id);
    if (existing?.role === 'holder') {
      throw validationError([{ field: 'role', code: 'holder_required', message: '' }]);
    }
    if (role === 'holder') await peopleRepo.demoteHolder(tx, actor.workspaceId, id);
    await peopleRepo.upsertInvolved(tx, {
      workspaceId: actor.workspaceId,
      opportunityId: id,
      personId,
      role,
      addedBy: actor.userId,
    });
    const name = existing?.name ?? (await peopleRepo.findPersonName(tx, actor.workspaceId, personId));
    await eventOf(
      tx,
      actor,
      id,
      'person_involved',
      { person: { id: personId, name }, role, previousRole: existing?.role ?? null },
      { personId, role },
    );
    await touched(tx, actor, row);
    return involvedPeople(tx, actor, id);
  });
}

/** Takes a person off the card; the holder stays (promote another first). */
export async function removePerson(db: Db, actor: Actor, id: string, personId: string) {
  return transaction(db, async (tx) => {
    const row = await lockVisible(tx, actor, id);
    const existing = (await peopleRepo.listInvolved(tx, actor.workspaceId, id, () => 'true')).find(
      (p) => p.person_id === personId,
    );
    if (!existing) throw notFound();
    if (existing.role === 'holder')
      throw validationError([{ field: 'personId', code: 'holder_required', message: '' }]);
    await peopleRepo.removeInvolved(tx, actor.workspaceId, id, personId);
    await eventOf(
      tx,
      actor,
      id,
      'person_removed',
      { person: { id: personId, name: existing.name }, role: existing.role },
      { personId },
    );
    await touched(tx, actor, row);
    return involvedPeople(tx, actor, id);
  });
}
