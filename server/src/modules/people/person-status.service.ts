import type { NonClientReason, PersonAction, PersonFlag, PersonStatus, Temperature } from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import type { SqlParams } from '../../lib/sql.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import { userNames } from '../users/users.service.ts';
import { assertMayUseAction, visiblePeoplePredicate } from './people.policy.ts';
import { presentStatus } from './people.presenter.ts';
import * as repo from './person-status.repository.ts';

// The person page's status panel and action menu (client-timeline-actions seed): each action is one use case,
// allowed per role by the workspace's action matrix, applied under the people policy, recorded on the
// person's timeline in the same transaction, and bumps the person's version.

export const readable = (actor: Actor) => (params: SqlParams) =>
  visiblePeoplePredicate(actor, params, 'read');
export const writable = (actor: Actor) => (params: SqlParams) => visiblePeoplePredicate(actor, params);

export async function getStatus(db: Queryable, actor: Actor, id: string): Promise<PersonStatus> {
  const row = await repo.findStatus(db, actor.workspaceId, id, readable(actor));
  if (!row) throw notFound();
  return presentStatus(actor, row);
}

/**
 * Runs one action on a person: checks the matrix, locks the row the policy lets through (archived people only
 * for `restore`), checks the expected version when given, applies `work`, answers the new status.
 */
async function act(
  db: Db,
  actor: Actor,
  id: string,
  action: PersonAction,
  expected: number | undefined,
  work: (tx: Queryable, row: repo.StatusRow) => Promise<void>,
  visible = writable(actor),
): Promise<PersonStatus> {
  assertMayUseAction(actor, action);
  return transaction(db, async (tx) => {
    const row = await repo.findStatus(tx, actor.workspaceId, id, visible, true);
    if (!row) throw notFound();
    if (expected !== undefined && row.version !== expected) throw versionMismatch(row.version);
    await work(tx, row);
    // The action may have taken the person out of the actor's sight (not a client): read it back unrestricted.
    const sameWorkspace = (params: SqlParams) => `p.workspace_id = ${params.add(actor.workspaceId)}`;
    return presentStatus(
      actor,
      (await repo.findStatus(tx, actor.workspaceId, id, sameWorkspace)) as repo.StatusRow,
    );
  });
}

export const event = (actor: Actor, id: string) => ({
  workspaceId: actor.workspaceId,
  subjectType: 'person' as const,
  subjectId: id,
  actorId: actor.userId,
});

async function recordChange(
  tx: Queryable,
  actor: Actor,
  id: string,
  change: { field: string; old: unknown; new: unknown },
  action: string,
) {
  await appendEvent(tx, {
    ...event(actor, id),
    kind: 'field_changed',
    summary: { fields: [change.field], action },
    payload: { changes: [change], action },
  });
}

export async function recordFlag(
  tx: Queryable,
  actor: Actor,
  id: string,
  flag: PersonFlag,
  details: object = {},
) {
  await appendEvent(tx, {
    ...event(actor, id),
    kind: 'person_flagged',
    summary: { flag },
    payload: { flag, ...details },
  });
}

export function changeTemperature(
  db: Db,
  actor: Actor,
  id: string,
  temperature: Temperature,
  expected?: number,
) {
  return act(db, actor, id, 'changeTemperature', expected, async (tx, row) => {
    if (row.temperature === temperature) return;
    await repo.updateStatus(tx, actor.workspaceId, id, {
      temperature,
      previous_temperature: row.temperature,
    });
    await recordChange(
      tx,
      actor,
      id,
      { field: 'temperature', old: row.temperature, new: temperature },
      'changeTemperature',
    );
  });
}

/** Back to the temperature before the last change (the revert itself can be reverted). */
export function revertTemperature(db: Db, actor: Actor, id: string, expected?: number) {
  return act(db, actor, id, 'changeTemperature', expected, async (tx, row) => {
    if (!row.previous_temperature) {
      throw new DomainError('conflict', 409, { detail: 'Não há temperatura anterior para voltar.' });
    }
    await repo.updateStatus(tx, actor.workspaceId, id, {
      temperature: row.previous_temperature,
      previous_temperature: row.temperature,
    });
    await recordChange(
      tx,
      actor,
      id,
      { field: 'temperature', old: row.temperature, new: row.previous_temperature },
      'revertTemperature',
    );
  });
}

/** An option of `list` (live) or 422 on `field`. */
async function option(
  tx: Queryable,
  actor: Actor,
  id: string,
  list: string,
  field: string,
  parentId?: string | null,
) {
  const found = await repo.findOption(tx, actor.workspaceId, id);
  if (
    !found ||
    found.list !== list ||
    found.archived ||
    (parentId !== undefined && found.parentId !== parentId)
  ) {
    throw validationError([{ field, code: 'unknown_option', message: '' }]);
  }
  return { id, name: found.label };
}

const named = (id: string | null, label: string | null) => (id ? { id, name: label ?? '' } : null);

export function setObjective(
  db: Db,
  actor: Actor,
  id: string,
  objectiveId: string | null,
  expected?: number,
) {
  return act(db, actor, id, 'changeObjective', expected, async (tx, row) => {
    if (row.objective_id === objectiveId) return;
    const next = objectiveId ? await option(tx, actor, objectiveId, 'objective', 'objectiveId') : null;
    await repo.updateStatus(tx, actor.workspaceId, id, { objective_id: objectiveId });
    await recordChange(
      tx,
      actor,
      id,
      { field: 'objective', old: named(row.objective_id, row.objective_label), new: next },
      'changeObjective',
    );
  });
}

/** The moment and, optionally, one of its sub-moments (pesquisa → comparando preços). */
export function setMoment(
  db: Db,
  actor: Actor,
  id: string,
  momentId: string | null,
  subMomentId: string | null,
  expected?: number,
) {
  return act(db, actor, id, 'setMoment', expected, async (tx, row) => {
    if (subMomentId && !momentId)
      throw validationError([{ field: 'subMomentId', code: 'unknown_option', message: '' }]);
    const moment = momentId ? await option(tx, actor, momentId, 'moment', 'momentId') : null;
    const sub = subMomentId
      ? await option(tx, actor, subMomentId, 'sub_moment', 'subMomentId', momentId)
      : null;
    if (row.moment_id === momentId && row.sub_moment_id === subMomentId) return;
    await repo.updateStatus(tx, actor.workspaceId, id, { moment_id: momentId, sub_moment_id: subMomentId });
    if (row.moment_id !== momentId) {
      await recordChange(
        tx,
        actor,
        id,
        { field: 'moment', old: named(row.moment_id, row.moment_label), new: moment },
        'setMoment',
      );
    }
    if (row.sub_moment_id !== subMomentId) {
      await recordChange(
        tx,
        actor,
        id,
        { field: 'subMoment', old: named(row.sub_moment_id, row.sub_moment_label), new: sub },
        'setMoment',
      );
    }
  });
}

export function setProductOfInterest(
  db: Db,
  actor: Actor,
  id: string,
  productId: string | null,
  expected?: number,
) {
  return act(db, actor, id, 'productOfInterest', expected, async (tx, row) => {
    if (row.product_of_interest_id === productId) return;
    const next = productId ? await option(tx, actor, productId, 'business_plan', 'productId') : null;
    await repo.updateStatus(tx, actor.workspaceId, id, { product_of_interest_id: productId });
    await recordChange(
      tx,
      actor,
      id,
      { field: 'productOfInterest', old: named(row.product_of_interest_id, row.product_label), new: next },
      'productOfInterest',
    );
  });
}

/** Informar desinteresse: the person stays in the wallet, with the reason. */
export function reportDisinterest(db: Db, actor: Actor, id: string, reasonId: string, note: string | null) {
  return act(db, actor, id, 'reportDisinterest', undefined, async (tx) => {
    const reason = await option(tx, actor, reasonId, 'disinterest_reason', 'reasonId');
    await repo.updateStatus(tx, actor.workspaceId, id, {
      disinterest_reason_id: reasonId,
      disinterest_note: note,
      disinterested_at: new Date(),
    });
    await recordFlag(tx, actor, id, 'disinterest', { reason: { id: reasonId, label: reason.name }, note });
  });
}

/** Definir como não cliente: leaves every wallet (no owner), with the reason. */
export function markNonClient(
  db: Db,
  actor: Actor,
  id: string,
  reason: NonClientReason,
  note: string | null,
) {
  return act(db, actor, id, 'markNonClient', undefined, async (tx, row) => {
    await repo.updateStatus(tx, actor.workspaceId, id, {
      non_client_reason: reason,
      non_client_note: note,
      non_client_at: new Date(),
      owner_id: null,
    });
    await recordFlag(tx, actor, id, 'non_client', { reason, note });
    await recordOwnerLeft(tx, actor.workspaceId, actor, id, row.owner_id);
  });
}

/** Excluir: the person leaves every list and search; the record and its history stay, for an admin to restore. */
export function archivePerson(db: Db, actor: Actor, id: string) {
  return act(db, actor, id, 'archive', undefined, async (tx) => {
    await repo.updateStatus(tx, actor.workspaceId, id, {
      archived_at: new Date(),
      archived_by: actor.userId,
    });
    await recordFlag(tx, actor, id, 'archived');
  });
}

/**
 * Undoes Excluir: for roles with `restorePeople` (the only ones who still see an archived person) that may also
 * use the `archive` action.
 */
export function restorePerson(db: Db, actor: Actor, id: string) {
  assertCan(actor, 'restorePeople');
  return act(
    db,
    actor,
    id,
    'archive',
    undefined,
    async (tx, row) => {
      if (!row.archived_at) return;
      // A merged person comes back only with the merge undone (its rows went to the survivor).
      if (row.merged_into_id) throw new DomainError('already-merged', 409, { detail: 'desfazer mesclagem' });
      await repo.updateStatus(tx, actor.workspaceId, id, { archived_at: null, archived_by: null });
      await recordFlag(tx, actor, id, 'restored');
    },
    (params) => visiblePeoplePredicate(actor, params, 'read'),
  );
}

/** Deny list: never to be called, messaged or mailed. */
export function setDoNotContact(db: Db, actor: Actor, id: string, doNotContact: boolean) {
  return act(db, actor, id, 'denyList', undefined, async (tx, row) => {
    if (row.do_not_contact === doNotContact) return;
    await repo.updateStatus(tx, actor.workspaceId, id, { do_not_contact: doNotContact });
    await recordFlag(tx, actor, id, doNotContact ? 'deny_list_on' : 'deny_list_off');
  });
}

/**
 * The person asked not to be contacted themselves (a "SAIR" reply, an e-mail unsubscribe link): deny list on, by the
 * system (no actor), recorded as `deny_list_on` with how they asked. Runs in the caller's transaction; answers
 * whether it changed anything (already on the list: nothing to record).
 */
export async function denyListByRequest(
  tx: Queryable,
  workspaceId: string,
  id: string,
  via: 'whatsapp_reply' | 'email_unsubscribe',
  details: object = {},
): Promise<boolean> {
  const sameWorkspace = (params: SqlParams) => `p.workspace_id = ${params.add(workspaceId)}`;
  const row = await repo.findStatus(tx, workspaceId, id, sameWorkspace, true);
  if (!row || row.do_not_contact) return false;
  await repo.updateStatus(tx, workspaceId, id, { do_not_contact: true });
  await appendEvent(tx, {
    workspaceId,
    subjectType: 'person',
    subjectId: id,
    actorId: null,
    kind: 'person_flagged',
    summary: { flag: 'deny_list_on', via },
    payload: { flag: 'deny_list_on', via, ...details },
  });
  return true;
}

/** The owner left: `owner_changed` to nobody (actor null: the system). */
export async function recordOwnerLeft(
  tx: Queryable,
  workspaceId: string,
  actor: Actor | null,
  id: string,
  ownerId: string | null,
  ownerName?: string | null,
) {
  if (!ownerId) return;
  const name = ownerName ?? (await userNames(tx, workspaceId, [ownerId])).get(ownerId) ?? '';
  await appendEvent(tx, {
    workspaceId,
    subjectType: 'person',
    subjectId: id,
    actorId: actor?.userId ?? null,
    kind: 'owner_changed',
    summary: { fromId: ownerId, toId: null },
    payload: { from: { id: ownerId, name }, to: null },
  });
}
