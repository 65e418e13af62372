import type { CustomFieldValues, Email, FieldChange, ImportedPerson, Phone } from '@funil/domain';
import { phoneKind } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import type { SqlParams } from '../../lib/sql.ts';
import type { Actor } from '../auth/actor.ts';
import { fieldsOf, recordedCustomChanges } from '../custom-fields/custom-fields.service.ts';
import {
  appendChainedRows,
  appendEvent,
  chainFirstEvents,
  eraseSubjectsPayloads,
} from '../timeline/timeline.service.ts';
import { visiblePeoplePredicate } from './people.policy.ts';
import * as repo from './people.repository.ts';

/**
 * People in bulk, for spreadsheet imports (modules/imports): registering many at once (set-based, with their first
 * timeline event), finding who holds unique values, and removing those an import created when it is undone.
 */

const visibleTo = (actor: Actor) => (params: SqlParams) => visiblePeoplePredicate(actor, params);

/** Who holds any of these unique values (CPF/CNPJ, phone, e-mail) in the workspace, and whether the actor sees them. */
export function findUniqueHolders(
  db: Queryable,
  actor: Actor,
  values: { documents: string[]; phones: string[]; emails: string[] },
) {
  return repo.matchUniqueValues(db, actor.workspaceId, values, visibleTo(actor));
}

/** Which of these passports / IEs (`<kind>:<issuer>:<number>`) someone in the workspace already holds. */
export function findHeldIdentityDocuments(db: Queryable, actor: Actor, keys: string[]): Promise<string[]> {
  return repo.heldIdentityDocuments(db, actor.workspaceId, keys);
}

/**
 * Registers people read from an import, origin `import` (the import's id and file name), each with a `created`
 * event naming the import. Owner as a manual registration would choose (a broker or manager owns what they
 * register), the actor's branch. Must run inside the caller's transaction.
 */
export async function registerImportedPeople(
  tx: Queryable,
  actor: Actor,
  source: { importId: string; fileName: string },
  people: (ImportedPerson & { id: string })[],
): Promise<void> {
  if (people.length === 0) return;
  // The insert is sent first; the events are hashed while the server writes the people (two cores, both busy).
  const inserting = repo.insertPeopleBulk(
    tx,
    actor.workspaceId,
    {
      stage: 'lead',
      ownerId: actor.role === 'broker' || actor.role === 'manager' ? actor.userId : null,
      branchId: actor.branchId ?? null,
      createdBy: actor.userId,
      origin: 'import',
      originIntegration: source.fileName,
      originPayload: { importId: source.importId, fileName: source.fileName },
    },
    people.map((p) => ({
      ...p,
      phones: p.phones.map((number) => ({
        number,
        type: phoneKind(number) === 'landline' ? 'landline' : 'mobile',
      })),
    })),
  );
  const events = chainFirstEvents(
    people.map((p) => ({
      workspaceId: actor.workspaceId,
      subjectType: 'person',
      subjectId: p.id,
      kind: 'created',
      actorId: actor.userId,
      summary: { origin: 'import', importId: source.importId },
      payload: { origin: 'import', importId: source.importId, fileName: source.fileName, name: p.name },
    })),
  );
  await inserting;
  await appendChainedRows(tx, events);
}

/**
 * Removes people an import created (undo): those nothing else refers to are deleted with their contacts, and the
 * personal values of their timeline erased (the chain stays verifiable). Answers the ids removed.
 */
export async function removeImportedPeople(tx: Queryable, actor: Actor, ids: string[]): Promise<string[]> {
  const deleted = await repo.deletePeopleUnreferenced(tx, actor.workspaceId, ids);
  await eraseSubjectsPayloads(tx, actor.workspaceId, 'person', deleted);
  return deleted;
}

/** The fields an import may change on an existing person, as they were: what undo gives back. */
export type ImportPatch = {
  name: string;
  tradeName: string | null;
  rg: string | null;
  birthDate: string | null;
  document: string | null;
  tags: string[];
  phones: Phone[];
  emails: Email[];
  /** Custom values (absent on rows updated before imports wrote them: their undo leaves the values alone). */
  customFields?: CustomFieldValues;
};
const PATCH_FIELDS = [
  'name',
  'tradeName',
  'rg',
  'birthDate',
  'document',
  'tags',
  'phones',
  'emails',
] as const;

/**
 * Writes `next(current)` over a person the actor sees (locked for the transaction), with one `field_changed` event
 * listing each changed field's old and new value (`summary.importId` names the import). Answers the values before,
 * or null when the person is gone or out of the actor's sight. Must run inside the caller's transaction; the caller
 * made sure new unique values are free.
 */
export async function patchPersonForImport(
  tx: Queryable,
  actor: Actor,
  personId: string,
  importId: string,
  next: (current: ImportPatch) => ImportPatch,
): Promise<{ before: ImportPatch; after: ImportPatch; changed: boolean } | null> {
  const current = await repo.findPerson(tx, actor.workspaceId, personId, visibleTo(actor), true);
  if (!current) return null;
  const before: ImportPatch = {
    name: current.name,
    tradeName: current.tradeName,
    rg: current.rg,
    birthDate: current.birthDate,
    document: current.document,
    tags: current.tags,
    phones: current.phones,
    emails: current.emails,
    customFields: current.customFields,
  };
  const after = next(before);
  const customChanged = canonicalJson(before.customFields) !== canonicalJson(after.customFields);
  const changes: FieldChange[] = PATCH_FIELDS.filter(
    (f) => canonicalJson(before[f]) !== canonicalJson(after[f]),
  )
    .map((f): FieldChange => ({ field: f, old: before[f], new: after[f] }))
    .concat(
      customChanged
        ? await recordedCustomChanges(
            tx,
            actor.workspaceId,
            await fieldsOf(tx, actor.workspaceId, 'person'),
            before.customFields ?? {},
            after.customFields ?? {},
          )
        : [],
    );
  if (changes.length === 0) return { before, after, changed: false };
  const { ownerId, ...rest } = current;
  await repo.updatePersonRow(tx, actor.workspaceId, personId, {
    ...rest,
    ownerId,
    name: after.name,
    tradeName: after.tradeName,
    rg: after.rg,
    birthDate: after.birthDate,
    document: after.document,
    tags: after.tags,
    customFields: after.customFields ?? current.customFields,
  });
  await repo.replaceContacts(tx, actor.workspaceId, personId, {
    phones: canonicalJson(before.phones) !== canonicalJson(after.phones) ? after.phones : undefined,
    emails: canonicalJson(before.emails) !== canonicalJson(after.emails) ? after.emails : undefined,
  });
  await appendEvent(tx, {
    workspaceId: actor.workspaceId,
    subjectType: 'person',
    subjectId: personId,
    kind: 'field_changed',
    actorId: actor.userId,
    summary: { fields: changes.map((c) => c.field), importId },
    payload: { changes },
  });
  return { before, after, changed: true };
}
