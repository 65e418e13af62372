import type {
  CustomField,
  CustomFieldValues,
  FieldChange,
  IdentityDocument,
  MergeField,
  MergeMovedCounts,
  PersonMerge,
  ZMergeRequest,
} from '@funil/domain';
import {
  customFieldChanges,
  documentKind,
  EXTRA_DOCUMENT_KINDS,
  MERGE_FIELDS,
  MERGE_UNDO_DAYS,
  mergeCustomValues,
  roleSeesField,
} from '@funil/domain';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/pool.ts';
import { transaction } from '../../db/pool.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { DomainError, notFound, validationError } from '../../lib/errors.ts';
import type { SqlParams } from '../../lib/sql.ts';
import { assertCan, assertCanAssignOwner, can } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { fieldsOf, withUserNames } from '../custom-fields/custom-fields.service.ts';
import { personTypeRules } from '../person-types/person-types.service.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import { userNames } from '../users/users.service.ts';
import { visiblePeoplePredicate } from './people.policy.ts';
import * as people from './people.repository.ts';
import type { Person, PersonRowValues } from './people.types.ts';
import * as repo from './person-merge.repository.ts';

type MergeInput = z.output<typeof ZMergeRequest>;

const visibleTo = (actor: Actor) => (params: SqlParams) => visiblePeoplePredicate(actor, params);

type Moved = {
  phones: repo.MovedContact[];
  emails: repo.MovedContact[];
  addresses: repo.MovedContact[];
  opportunities: string[];
} & Record<repo.MovedTable, string[]>;

/** What a merge may change on a person: the row's values and the documents beside the CPF/CNPJ (passport, IE). */
type MergeValues = PersonRowValues & { documents: IdentityDocument[] };

function rowValues(p: Person): MergeValues {
  return {
    documents: p.documents,
    kind: p.kind,
    typeId: p.typeId,
    name: p.name,
    tradeName: p.tradeName,
    document: p.document,
    rg: p.rg,
    stateRegistration: p.stateRegistration,
    cnaeCode: p.cnaeCode,
    cnaeDescription: p.cnaeDescription,
    registrationStatus: p.registrationStatus,
    birthDate: p.birthDate,
    stage: p.stage,
    ownerId: p.ownerId,
    branchId: p.branchId,
    tags: p.tags,
    source: p.source,
    social: p.social,
    customFields: p.customFields,
  };
}

function counts(moved: Partial<Moved>): MergeMovedCounts {
  const n = (k: keyof Moved) => (moved[k] as unknown[] | undefined)?.length ?? 0;
  return {
    phones: n('phones'),
    emails: n('emails'),
    addresses: n('addresses'),
    opportunities: n('opportunities'),
    activities: n('activities'),
    attachments: n('attachments'),
    documents: n('documents'),
    assets: n('assets'),
    salesOrders: n('salesOrders'),
  };
}

function presentMerge(row: repo.MergeRow): PersonMerge {
  return {
    id: row.id,
    survivor: { id: row.survivor_id, name: row.survivor_name },
    merged: { id: row.merged_id, name: row.merged_name },
    mergedAt: row.merged_at.toISOString(),
    mergedBy: row.merged_by ? { id: row.merged_by, name: row.merged_by_name ?? '' } : null,
    undoneAt: row.undone_at?.toISOString() ?? null,
    undoableUntil: row.undoable_until.toISOString(),
    undoable: !row.undone_at && !row.expired,
    changedFields: row.changes.map((c) => c.field),
    moved: counts(row.moved as Partial<Moved>),
  };
}

const SURVIVOR_FIELDS = [...MERGE_FIELDS, 'tags', 'documents'] as const;

/** The `field_changed` entries between two states of the survivor: its own fields, then its custom values. */
function changesBetween(fields: CustomField[], before: MergeValues, after: MergeValues): FieldChange[] {
  return SURVIVOR_FIELDS.filter((f) => canonicalJson(before[f]) !== canonicalJson(after[f]))
    .map((f): FieldChange => ({ field: f, old: before[f], new: after[f] }))
    .concat(customFieldChanges(fields, before.customFields, after.customFields));
}

/**
 * One `field_changed` event on a person (nothing when nothing changed); a user field's users named as they are now,
 * as other edits record them (the merge itself keeps the bare ids, which undo writes back).
 */
async function appendFieldChanges(
  tx: Queryable,
  actor: Actor,
  id: string,
  changes: FieldChange[],
  extra: Record<string, unknown>,
) {
  if (changes.length === 0) return;
  const recorded = await withUserNames(tx, actor.workspaceId, changes);
  await appendEvent(tx, {
    workspaceId: actor.workspaceId,
    subjectType: 'person',
    subjectId: id,
    actorId: actor.userId,
    kind: 'field_changed',
    summary: { fields: changes.map((c) => c.field), ...extra },
    payload: { changes: recorded },
  });
}

/** Writes the survivor's new field values with their `field_changed` / `owner_changed` events. */
async function applyFields(
  tx: Queryable,
  actor: Actor,
  id: string,
  current: MergeValues,
  next: MergeValues,
  changes: FieldChange[],
  extra: Record<string, unknown>,
) {
  if (changes.length === 0) {
    await repo.touchPerson(tx, actor.workspaceId, id);
    return;
  }
  await people.updatePersonRow(tx, actor.workspaceId, id, next);
  if (changes.some((c) => c.field === 'documents')) {
    await people.replaceDocuments(tx, actor.workspaceId, id, next.documents);
  }
  await appendFieldChanges(
    tx,
    actor,
    id,
    changes.filter((c) => c.field !== 'ownerId'),
    extra,
  );
  if (current.ownerId !== next.ownerId) {
    const base = {
      workspaceId: actor.workspaceId,
      subjectType: 'person' as const,
      subjectId: id,
      actorId: actor.userId,
    };
    const owners = await userNames(tx, actor.workspaceId, [current.ownerId, next.ownerId]);
    await appendEvent(tx, {
      ...base,
      kind: 'owner_changed',
      summary: { fromId: current.ownerId, toId: next.ownerId, ...extra },
      payload: {
        from: current.ownerId ? { id: current.ownerId, name: owners.get(current.ownerId) ?? '' } : null,
        to: next.ownerId ? { id: next.ownerId, name: owners.get(next.ownerId) ?? '' } : null,
      },
    });
  }
}

/** The value of one merge field on a row (`source` is one field: media and channel). */
const fieldOf = (p: PersonRowValues, f: MergeField) => p[f];

/**
 * The survivor's custom values after the merge: each live field the user chose `merged` for takes the merged
 * record's value (empty clears it), and a field only the merged record has a value in is kept unless the user chose
 * `survivor` for it. Choosing an unknown
 * or archived field is 422 `unknown_field`, one the role does not see 403 `forbidden_field`.
 */
function chooseCustomValues(
  actor: Actor,
  fields: CustomField[],
  mine: CustomFieldValues,
  theirs: CustomFieldValues,
  choices: Record<string, 'survivor' | 'merged'>,
): CustomFieldValues {
  const live = new Map(fields.filter((f) => f.archivedAt === null).map((f) => [f.key, f]));
  const errors = Object.keys(choices).flatMap((key) => {
    const field = live.get(key);
    const code = !field ? 'unknown_field' : roleSeesField(field, actor.role) ? null : 'forbidden_field';
    return code ? [{ field: `customFields.${key}`, code, message: '' }] : [];
  });
  if (errors.some((e) => e.code === 'forbidden_field')) throw new DomainError('forbidden', 403, { errors });
  if (errors.length > 0) throw validationError(errors);
  const patch: CustomFieldValues = {};
  for (const key of live.keys()) {
    const value = theirs[key] ?? null;
    const onlyTheirs = (mine[key] ?? null) === null && value !== null;
    if (choices[key] === 'merged' || (choices[key] === undefined && onlyTheirs)) patch[key] = value;
  }
  return mergeCustomValues(mine, patch);
}

/**
 * Which of the merged record's documents (passport, IE) the survivor takes: those of a kind it has none of, and
 * those the user chose over the survivor's differing one (the survivor's then goes, as a CPF/CNPJ would); only
 * kinds the survivor's person type accepts. The rest stay with the merged record, archived.
 */
function takenDocuments(
  accepted: ReadonlySet<string>,
  mine: IdentityDocument[],
  theirs: IdentityDocument[],
  choices: Partial<Record<IdentityDocument['kind'], 'survivor' | 'merged'>>,
): IdentityDocument[] {
  return theirs.filter((d) => {
    if (!accepted.has(d.kind)) return false;
    const own = mine.find((x) => x.kind === d.kind);
    return !own || (choices[d.kind] === 'merged' && canonicalJson(own) !== canonicalJson(d));
  });
}

/** The merged person's CPF/CNPJ and documents entries (`field_changed`) between two of its states. */
const documentChanges = (
  before: Pick<MergeValues, 'document' | 'documents'>,
  after: Pick<MergeValues, 'document' | 'documents'>,
): FieldChange[] =>
  (['document', 'documents'] as const)
    .filter((f) => canonicalJson(before[f]) !== canonicalJson(after[f]))
    .map((f) => ({ field: f, old: before[f], new: after[f] }));

/** A person's documents with some replaced by kind, in the order reads answer them (by kind). */
const withDocuments = (documents: IdentityDocument[], taken: IdentityDocument[]) =>
  EXTRA_DOCUMENT_KINDS.flatMap((kind) => {
    const d = taken.find((x) => x.kind === kind) ?? documents.find((x) => x.kind === kind);
    return d ? [d] : [];
  });

/**
 * Mescla: `mergedId` into `survivorId`, in one transaction. Both people must be visible to the actor (404) and at the
 * versions the user compared (412); a person already merged answers 409. The survivor takes the chosen fields, the
 * merged person's tags, phones, e-mails, addresses, places in opportunities, activities, files, documents, assets
 * and sales orders; the merged person is archived pointing at the survivor. Exactly what moved is recorded so
 * `undoMerge` can put it back; both timelines get a `merged` event.
 */
export async function mergePeople(db: Db, actor: Actor, input: MergeInput): Promise<PersonMerge> {
  assertCan(actor, 'mergePeople');
  const { survivorId, mergedId } = input;
  return transaction(db, async (tx) => {
    const locked = await repo.lockPeople(tx, actor.workspaceId, [survivorId, mergedId]);
    const survivor = await people.findPerson(tx, actor.workspaceId, survivorId, visibleTo(actor));
    const merged = await people.findPerson(tx, actor.workspaceId, mergedId, visibleTo(actor));
    if (!survivor || !merged) {
      // Already merged by someone else (the lock waited for them): a conflict, not a missing record.
      const gone = locked.find((p) => p.merged_into_id !== null);
      if (locked.length === 2 && gone) throw new DomainError('already-merged', 409);
      throw notFound();
    }
    if (survivor.version !== input.survivorVersion || merged.version !== input.mergedVersion) {
      const stale = survivor.version !== input.survivorVersion ? survivor : merged;
      throw new DomainError('version-mismatch', 412, {
        detail: `current version of ${stale.id} is ${stale.version}`,
      });
    }
    if (survivor.kind !== merged.kind) {
      throw validationError([{ field: 'mergedId', code: 'kind_mismatch', message: '' }]);
    }
    const ws = actor.workspaceId;
    const before = rowValues(survivor);
    const from = rowValues(merged);
    const after: MergeValues = { ...before, tags: [...new Set([...before.tags, ...from.tags])] };
    for (const f of MERGE_FIELDS) {
      if (input.fields[f] === 'merged') Object.assign(after, { [f]: fieldOf(from, f) });
    }
    if (after.ownerId !== before.ownerId) assertCanAssignOwner(actor, after.ownerId);
    const customFields = await fieldsOf(tx, ws, 'person');
    after.customFields = chooseCustomValues(
      actor,
      customFields,
      before.customFields,
      from.customFields,
      input.customFields,
    );
    const type = await personTypeRules(tx, ws, { id: survivor.typeId as string });
    // The merged record's CPF/CNPJ, when chosen, must be one the survivor's person type takes (a foreigner type
    // holding a passport takes none).
    const mainKind = after.document ? documentKind(after.document) : null;
    if (after.document !== before.document && mainKind && !type.documents.some((d) => d.kind === mainKind)) {
      throw validationError([{ field: 'fields.document', code: 'document_not_accepted', message: '' }]);
    }
    const taken = takenDocuments(
      new Set(type.documents.map((d) => d.kind)),
      before.documents,
      from.documents,
      input.documents,
    );
    after.documents = withDocuments(before.documents, taken);
    const changes = changesBetween(customFields, before, after);

    // What the survivor takes leaves the merged person first (the unique indexes hold one of each per workspace).
    const mergedBefore: repo.MergedBefore = {};
    const mergedAfter = { document: merged.document, documents: merged.documents };
    if (after.document && after.document === merged.document) {
      mergedBefore.document = merged.document;
      mergedAfter.document = null;
      await repo.setDocument(tx, ws, mergedId, null);
    }
    if (taken.length > 0) {
      mergedBefore.documents = merged.documents;
      mergedAfter.documents = merged.documents.filter((d) => !taken.includes(d));
      await people.replaceDocuments(tx, ws, mergedId, mergedAfter.documents);
    }
    await appendFieldChanges(tx, actor, mergedId, documentChanges(merged, mergedAfter), {});
    await applyFields(tx, actor, survivorId, before, after, changes, {});

    const moved: Moved = {
      phones: await repo.moveContacts(tx, ws, 'phones', mergedId, survivorId),
      emails: await repo.moveContacts(tx, ws, 'emails', mergedId, survivorId),
      addresses: await repo.moveContacts(tx, ws, 'addresses', mergedId, survivorId),
      opportunities: await repo.moveOpportunityPeople(tx, ws, mergedId, survivorId),
      activities: await repo.moveRows(tx, ws, 'activities', mergedId, survivorId),
      attachments: await repo.moveRows(tx, ws, 'attachments', mergedId, survivorId),
      documents: await repo.moveRows(tx, ws, 'documents', mergedId, survivorId),
      assets: await repo.moveRows(tx, ws, 'assets', mergedId, survivorId),
      salesOrders: await repo.moveRows(tx, ws, 'salesOrders', mergedId, survivorId),
    };
    const mergeId = await repo.insertMerge(tx, {
      workspaceId: ws,
      survivorId,
      mergedId,
      changes,
      mergedBefore,
      moved,
      actorId: actor.userId,
    });
    await repo.markMerged(tx, ws, mergedId, survivorId, actor.userId);
    await repo.setPairStatus(tx, ws, [survivorId, mergedId], 'merged', actor.userId);
    const movedCounts = counts(moved);
    await appendEvent(tx, {
      workspaceId: ws,
      subjectType: 'person',
      subjectId: survivorId,
      kind: 'merged',
      actorId: actor.userId,
      summary: { mergeId, role: 'survivor', otherId: mergedId, fields: changes.map((c) => c.field) },
      payload: { role: 'survivor', otherName: merged.name, moved: movedCounts },
    });
    await appendEvent(tx, {
      workspaceId: ws,
      subjectType: 'person',
      subjectId: mergedId,
      kind: 'merged',
      actorId: actor.userId,
      summary: { mergeId, role: 'merged', otherId: survivorId },
      payload: { role: 'merged', otherName: survivor.name, moved: movedCounts },
    });
    return presentMerge((await repo.findMerge(tx, ws, mergeId, MERGE_UNDO_DAYS)) as repo.MergeRow);
  });
}

/**
 * Desfazer mesclagem, within 30 days (410 after; 409 when already undone): the rows the merge moved go back to the
 * merged person, the survivor gets its previous values back (`field_changed`), the merged person leaves the
 * archive; `merge_undone` on both timelines. The survivor must be visible to the actor (404).
 */
export async function undoMerge(db: Db, actor: Actor, mergeId: string): Promise<PersonMerge> {
  assertCan(actor, 'mergePeople');
  const ws = actor.workspaceId;
  return transaction(db, async (tx) => {
    const merge = await repo.findMerge(tx, ws, mergeId, MERGE_UNDO_DAYS, true);
    if (!merge) throw notFound();
    const { survivor_id: survivorId, merged_id: mergedId } = merge;
    const locked = await repo.lockPeople(tx, ws, [survivorId, mergedId]);
    const survivor = await people.findPerson(tx, ws, survivorId, visibleTo(actor));
    if (!survivor) throw notFound();
    if (merge.undone_at) throw new DomainError('conflict', 409, { detail: 'merge already undone' });
    if (merge.expired) throw new DomainError('merge-expired', 410);
    // Anonymization is never undone: giving back what the merge took would bring the erased data back.
    if (locked.some((p) => p.anonymized_at)) throw new DomainError('merge-anonymized', 409);

    const current = rowValues(survivor);
    const restored: MergeValues = { ...current };
    for (const c of merge.changes) {
      const key = c.field.startsWith('customFields.') ? c.field.slice('customFields.'.length) : null;
      if (key) restored.customFields = mergeCustomValues(restored.customFields, { [key]: c.old ?? null });
      else Object.assign(restored, { [c.field]: c.old });
    }
    const changes = changesBetween(await fieldsOf(tx, ws, 'person'), current, restored);
    // The survivor lets go of the merged person's documents first (the unique indexes).
    await applyFields(tx, actor, survivorId, current, restored, changes, { mergeId });
    const before = merge.merged_before;
    if (before.documents) await people.replaceDocuments(tx, ws, mergedId, before.documents);
    const inWorkspace = (params: SqlParams) => `p.workspace_id = ${params.add(ws)}`;
    const merged = (await people.findPerson(tx, ws, mergedId, inWorkspace)) as Person;
    await appendFieldChanges(
      tx,
      actor,
      mergedId,
      documentChanges(merged, {
        document: before.document ?? merged.document,
        documents: before.documents ?? merged.documents,
      }),
      { mergeId },
    );

    const moved = merge.moved as Partial<Moved>;
    for (const list of ['phones', 'emails', 'addresses'] as const) {
      await repo.moveContactsBack(tx, ws, list, moved[list] ?? [], survivorId, mergedId);
    }
    await repo.moveOpportunityPeopleBack(tx, ws, moved.opportunities ?? [], survivorId, mergedId);
    for (const table of Object.keys(repo.MOVED_TABLES) as repo.MovedTable[]) {
      await repo.moveRowsBack(tx, ws, table, moved[table] ?? [], survivorId, mergedId);
    }
    await repo.unmarkMerged(tx, ws, mergedId, before.document ?? null);
    await repo.markUndone(tx, ws, mergeId, actor.userId);
    await repo.setPairStatus(tx, ws, [survivorId, mergedId], 'open', null);
    for (const [subjectId, role, otherId, otherName] of [
      [survivorId, 'survivor', mergedId, merge.merged_name],
      [mergedId, 'merged', survivorId, merge.survivor_name],
    ] as const) {
      await appendEvent(tx, {
        workspaceId: ws,
        subjectType: 'person',
        subjectId,
        kind: 'merge_undone',
        actorId: actor.userId,
        summary: { mergeId, role, otherId },
        payload: { role, otherName },
      });
    }
    return presentMerge((await repo.findMerge(tx, ws, mergeId, MERGE_UNDO_DAYS)) as repo.MergeRow);
  });
}

/** The merges a person the actor may see took part in (a merged person opens only for `restorePeople`). */
export async function listPersonMerges(
  db: Queryable,
  actor: Actor,
  personId: string,
): Promise<PersonMerge[]> {
  const person = await people.findPerson(db, actor.workspaceId, personId, (params) =>
    visiblePeoplePredicate(actor, params, 'read'),
  );
  if (!person) throw notFound();
  const rows = await repo.listMergesOf(db, actor.workspaceId, personId, MERGE_UNDO_DAYS);
  const canUndo = can(actor, 'mergePeople');
  return rows.map(presentMerge).map((m) => ({ ...m, undoable: m.undoable && canUndo }));
}

/** The ids of the people merged into this one while the merge holds (their timelines show on its page). */
export function peopleMergedInto(db: Queryable, workspaceId: string, id: string): Promise<string[]> {
  return repo.mergedIntoIds(db, workspaceId, id);
}
