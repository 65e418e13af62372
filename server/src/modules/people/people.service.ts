import { randomUUID } from 'node:crypto';
import type {
  CreatePersonRequest,
  DuplicateMatch,
  FieldChange,
  RevealedPhones,
  TimelineFilter,
  UpdatePersonRequest,
} from '@funil/domain';
import {
  BUILTIN_TYPE_DOCUMENTS,
  documentKind,
  documentRuleErrors,
  mergeCustomValues,
  TRACKED_PERSON_FIELDS,
} from '@funil/domain';
import type { Db, Queryable } from '../../db/pool.ts';
import { transaction } from '../../db/pool.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { DomainError, forbidden, notFound, validationError } from '../../lib/errors.ts';
import type { SqlParams } from '../../lib/sql.ts';
import { type AccessContext, accessBy, recordAccess } from '../access-log/access-log.service.ts';
import { assertCanAssignOwner } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import {
  checkCustomValues,
  readableValues,
  recordedCustomChanges,
  withoutUnseenCustomChanges,
} from '../custom-fields/custom-fields.service.ts';
import { type PersonTypeRules, personTypeRules } from '../person-types/person-types.service.ts';
import { assertNotSuppressed, notSuppressedCondition } from '../suppression/suppression.service.ts';
import { relatedChainsOfPerson } from '../timeline/related-chains.ts';
import { appendEvent, chainRow, eventInsertFragment, listTimeline } from '../timeline/timeline.service.ts';
import { existingTeamIds, existingUserIds, findBranch, userNames } from '../users/users.service.ts';
import { assertMayUseAction, mayUseAction, visiblePeoplePredicate } from './people.policy.ts';
import { maskPhonesInEventData } from './people.presenter.ts';
import * as repo from './people.repository.ts';
import type { Person, TrackedPerson } from './people.types.ts';
import { mergedIntoIds } from './person-merge.repository.ts';

const visibleTo = (actor: Actor) => (params: SqlParams) => visiblePeoplePredicate(actor, params);
const sameWorkspace = (actor: Actor) => (params: SqlParams) =>
  `p.workspace_id = ${params.add(actor.workspaceId)}`;

/** Keeps one primary per list: the first flagged one, or the first item. */
function withOnePrimary<T extends { primary: boolean }>(items: T[]): T[] {
  const chosen = Math.max(
    0,
    items.findIndex((i) => i.primary),
  );
  return items.map((item, index) => ({ ...item, primary: index === chosen }));
}

function assertNoRepeats(list: { key: string }[], field: string, code: string) {
  const seen = new Set<string>();
  const errors = list.flatMap(({ key }, index) => {
    if (seen.has(key)) return [{ field: `${field}.${index}`, code, message: '' }];
    seen.add(key);
    return [];
  });
  if (errors.length) throw validationError(errors);
}

async function assertReferences(db: Queryable, actor: Actor, p: Partial<TrackedPerson>) {
  const errors = [];
  // The actor's own id and branch are known to exist: no query in the common case.
  if (p.ownerId && p.ownerId !== actor.userId) {
    const known = await existingUserIds(db, actor.workspaceId, [p.ownerId]);
    if (!known.has(p.ownerId)) errors.push({ field: 'ownerId', code: 'unknown_user', message: '' });
  }
  if (p.branchId && p.branchId !== actor.branchId && !(await findBranch(db, actor.workspaceId, p.branchId))) {
    errors.push({ field: 'branchId', code: 'unknown_branch', message: '' });
  }
  if (p.sharedWith) {
    const users = await existingUserIds(db, actor.workspaceId, p.sharedWith.userIds);
    const teams = await existingTeamIds(db, actor.workspaceId, p.sharedWith.teamIds);
    p.sharedWith.userIds.forEach((id, i) => {
      if (!users.has(id))
        errors.push({ field: `sharedWith.userIds.${i}`, code: 'unknown_user', message: '' });
    });
    p.sharedWith.teamIds.forEach((id, i) => {
      if (!teams.has(id))
        errors.push({ field: `sharedWith.teamIds.${i}`, code: 'unknown_team', message: '' });
    });
  }
  if (errors.length) throw validationError(errors);
}

async function assertNoDuplicates(
  db: Queryable,
  actor: Actor,
  excludeId: string | null,
  p: Partial<TrackedPerson>,
) {
  const matches = await findDuplicateMatches(db, actor, excludeId, p);
  if (matches.length) throw new DomainError('person-duplicate', 409, { matches });
}

function findDuplicateMatches(
  db: Queryable,
  actor: Actor,
  excludeId: string | null,
  p: Partial<TrackedPerson>,
): Promise<DuplicateMatch[]> {
  return repo.findDuplicates(
    db,
    {
      workspaceId: actor.workspaceId,
      excludeId,
      document: p.document ?? null,
      phones: p.phones?.map((x) => x.number) ?? [],
      emails: p.emails?.map((x) => x.address) ?? [],
      documents: p.documents ?? [],
    },
    visibleTo(actor),
  );
}

/** A unique index caught a duplicate that a concurrent request created: answer as for any duplicate. */
async function rethrowUniqueAsDuplicate(
  db: Db,
  actor: Actor,
  excludeId: string | null,
  p: Partial<TrackedPerson>,
  error: unknown,
): Promise<never> {
  if ((error as { code?: string }).code === '23505') {
    const matches = await findDuplicateMatches(db, actor, excludeId, p);
    if (matches.length) throw new DomainError('person-duplicate', 409, { matches });
  }
  throw error;
}

function normalizeLists<T extends Partial<TrackedPerson>>(p: T): T {
  const out = { ...p };
  if (out.phones) {
    out.phones = withOnePrimary(out.phones);
    assertNoRepeats(
      out.phones.map((x) => ({ key: x.number })),
      'phones',
      'duplicate_phone',
    );
  }
  if (out.emails) {
    out.emails = withOnePrimary(out.emails);
    assertNoRepeats(
      out.emails.map((x) => ({ key: x.address })),
      'emails',
      'duplicate_email',
    );
  }
  if (out.addresses) out.addresses = withOnePrimary(out.addresses);
  if (out.tags) out.tags = [...new Set(out.tags)];
  if (out.sharedWith) {
    out.sharedWith = {
      userIds: [...new Set(out.sharedWith.userIds)],
      teamIds: [...new Set(out.sharedWith.teamIds)],
    };
  }
  return out;
}

/**
 * The person fits its type: the type's base kind, and the documents it takes and requires (422 naming the field
 * otherwise: `typeId` kind_mismatch, `document` / `documents.<i>` document_not_accepted, required…).
 */
function assertFitsType(
  type: Pick<PersonTypeRules, 'baseKind' | 'documents'>,
  p: Pick<TrackedPerson, 'kind' | 'document' | 'documents'>,
) {
  const errors = documentRuleErrors(type.documents, p).map((e) => ({ ...e, message: '' }));
  if (type.baseKind !== p.kind) errors.unshift({ field: 'typeId', code: 'kind_mismatch', message: '' });
  if (errors.length) throw validationError(errors);
}

/**
 * Registers a person (origin `manual`, or `integration` with what it sent), refusing duplicates, with its `created`
 * event. `unattended`: nobody filled a form (intake, helpdesk): required custom fields may be missing.
 */
export async function createPerson(
  db: Db,
  actor: Actor,
  input: CreatePersonRequest,
  opts: { unattended?: boolean } = {},
): Promise<Person> {
  const ownerId =
    input.ownerId ?? (actor.role === 'broker' || actor.role === 'manager' ? actor.userId : null);
  assertCanAssignOwner(actor, ownerId);
  const custom = await checkCustomValues(db, actor, 'person', input.customFields, {
    partial: false,
    unattended: opts.unattended ?? false,
  });
  const p = normalizeLists({
    ...input,
    customFields: custom.values,
    typeId: input.typeId ?? null,
    cnaeCode: input.cnaeCode ?? null,
    cnaeDescription: input.cnaeDescription ?? null,
    registrationStatus: input.registrationStatus ?? null,
    ownerId,
    branchId: input.branchId ?? actor.branchId ?? null,
  });
  await assertReferences(db, actor, p);
  // Without a type, the built-in one of the kind, whose fixed rules need no query (the hottest write path).
  assertFitsType(
    p.typeId
      ? await personTypeRules(db, actor.workspaceId, { id: p.typeId })
      : { baseKind: p.kind, documents: BUILTIN_TYPE_DOCUMENTS[p.kind] },
    p,
  );
  const identifiers = {
    document: p.document,
    emails: p.emails.map((e) => e.address),
    phones: p.phones.map((ph) => ph.number),
  };
  const id = randomUUID();
  const origin = input.integration ? 'integration' : 'manual';
  const event = chainRow(
    {
      workspaceId: actor.workspaceId,
      subjectType: 'person',
      subjectId: id,
      kind: 'created',
      actorId: actor.userId,
      summary: { origin },
      payload: { origin, integration: input.integration?.name, name: p.name },
    },
    null,
  );
  const values = {
    ...p,
    id,
    workspaceId: actor.workspaceId,
    origin,
    originIntegration: input.integration?.name ?? null,
    originPayload: input.integration ? (input.integration.payload ?? null) : null,
    createdBy: actor.userId,
  } as const;
  let created: { createdAt: Date; typeId: string } | null = null;
  // LGPD: someone anonymized at their request is not registered again (422 `suppressed`). The insert checks the
  // suppression list itself; when that check stops it, the full check says why (or, the salt now known, the
  // insert is tried once more).
  for (let attempt = 0; !created && attempt < 3; attempt++) {
    if (attempt > 0) await assertNotSuppressed(db, actor.workspaceId, identifiers);
    try {
      // Duplicates are caught by the unique indexes (no race between a check and the insert); the
      // answer then names the records that hold them.
      created = await repo.insertPersonGraph(db, values, eventInsertFragment(event), (params) =>
        notSuppressedCondition(actor.workspaceId, identifiers, params),
      );
    } catch (error) {
      return rethrowUniqueAsDuplicate(db, actor, null, p, error);
    }
  }
  // Only a salt or a listing committed between the check and each insert gets here.
  if (!created) throw new Error('the suppression list changed during the registration three times');
  const { createdAt } = created;
  // The response is built from what was written (saves a read on the hottest write path).
  const ownerName =
    p.ownerId === actor.userId
      ? actor.name
      : p.ownerId
        ? (await userNames(db, actor.workspaceId, [p.ownerId])).get(p.ownerId)
        : null;
  const { integration: _integration, workspaceId: _ws, createdBy: _by, ...fields } = { ...input, ...values };
  return {
    ...fields,
    typeId: created.typeId,
    owner: p.ownerId ? { id: p.ownerId, name: ownerName ?? '' } : null,
    createdBy: { id: actor.userId, name: actor.name },
    photoUrl: null,
    version: 1,
    createdAt: createdAt.toISOString(),
    updatedAt: createdAt.toISOString(),
  };
}

/** A person opened on its page or through the API (GET /people/{id}): read as `getPerson`, recorded in the access log. */
export async function viewPerson(
  db: Queryable,
  actor: Actor,
  id: string,
  context: AccessContext = {},
): Promise<Person> {
  const person = await getPerson(db, actor, id);
  await recordAccess(db, [{ ...accessBy(actor, context), personId: id, kind: 'person_viewed' }]);
  return person;
}

/** A person the actor may see, or 404; `read` also lets admins open an archived one. */
export async function getPerson(
  db: Queryable,
  actor: Actor,
  id: string,
  purpose: 'read' | 'write' = 'read',
): Promise<Person> {
  const person = await repo.findPerson(db, actor.workspaceId, id, (params) =>
    visiblePeoplePredicate(actor, params, purpose === 'read' ? 'read' : 'list'),
  );
  if (!person) throw notFound();
  return readablePerson(db, actor, person);
}

/** The person as the actor's role reads it: only the custom values of the live fields the role sees. */
export async function readablePerson(db: Queryable, actor: Actor, person: Person): Promise<Person> {
  const customFields = await readableValues(db, actor.workspaceId, 'person', person.customFields, actor.role);
  return { ...person, customFields };
}

const TRACKED_FIELDS = TRACKED_PERSON_FIELDS satisfies readonly (keyof TrackedPerson)[];

function tracked(person: Person): TrackedPerson {
  const { ownerId, ...rest } = person;
  return { ...rest, ownerId };
}

/**
 * Edits a person if `expectedVersion` is still current (else 412, nothing changed); writes one
 * `field_changed` event with the old and new value of every changed field, and `owner_changed` when the
 * owner moves — in the same transaction as the change.
 */
export async function updatePerson(
  db: Db,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: UpdatePersonRequest,
): Promise<Person> {
  const { version: _ignored, customFields: customInput, ...fields } = input;
  // Replacing the phones needs seeing them first: a role without "Visualizar telefones" could only wipe
  // numbers it never saw. Edits that leave `phones` out keep the stored ones.
  if (fields.phones !== undefined && !mayUseAction(actor, 'viewPhones')) {
    throw forbidden('Editar telefones exige a permissão de visualizar telefones.');
  }
  const patch = normalizeLists(fields as Partial<TrackedPerson>);
  await assertReferences(db, actor, patch);
  try {
    return await transaction(db, async (tx) => {
      const current = await repo.findPerson(tx, actor.workspaceId, id, visibleTo(actor), true);
      if (!current) throw notFound();
      if (current.version !== expectedVersion) {
        throw new DomainError('version-mismatch', 412, { detail: `current version is ${current.version}` });
      }
      const before = tracked(current);
      const after: TrackedPerson = { ...before };
      for (const key of Object.keys(patch) as (keyof TrackedPerson)[]) {
        if (patch[key] !== undefined) Object.assign(after, { [key]: patch[key] });
      }
      const custom = await checkCustomValues(tx, actor, 'person', customInput, {
        partial: true,
        current: before.customFields,
      });
      after.customFields = mergeCustomValues(before.customFields, custom.values);
      // A kind flipped on a built-in type moves to the other built-in type; a custom type keeps its base kind.
      if (patch.typeId === undefined && after.kind !== before.kind) {
        const current = await personTypeRules(tx, actor.workspaceId, { id: before.typeId as string });
        if (current.builtin) after.typeId = null;
      }
      const type = await personTypeRules(
        tx,
        actor.workspaceId,
        after.typeId ? { id: after.typeId } : { builtin: after.kind },
      );
      after.typeId = type.id;
      // The request alone may not show the mismatch (only `kind` or only `document` sent).
      const expected = after.kind === 'individual' ? 'cpf' : 'cnpj';
      if (after.document && documentKind(after.document) !== expected) {
        throw validationError([{ field: 'document', code: `expected_${expected}`, message: '' }]);
      }
      assertFitsType(type, after);
      if (after.ownerId !== before.ownerId) assertCanAssignOwner(actor, after.ownerId);
      const changes: FieldChange[] = TRACKED_FIELDS.filter(
        (f) => canonicalJson(before[f]) !== canonicalJson(after[f]),
      )
        .map((f): FieldChange => ({ field: f, old: before[f], new: after[f] }))
        .concat(
          await recordedCustomChanges(
            tx,
            actor.workspaceId,
            custom.fields,
            before.customFields,
            after.customFields,
          ),
        );
      const ownerMoved = after.ownerId !== before.ownerId;
      if (changes.length === 0 && !ownerMoved) return readablePerson(tx, actor, current);

      await assertNoDuplicates(tx, actor, id, {
        document: after.document !== before.document ? after.document : null,
        phones: patch.phones,
        emails: patch.emails,
        documents: patch.documents,
      });
      await repo.updatePersonRow(tx, actor.workspaceId, id, after);
      await repo.replaceContacts(tx, actor.workspaceId, id, patch);
      if (patch.documents) await repo.replaceDocuments(tx, actor.workspaceId, id, after.documents);
      if (patch.sharedWith) await repo.replaceShares(tx, actor.workspaceId, id, after.sharedWith);
      const base = {
        workspaceId: actor.workspaceId,
        subjectType: 'person' as const,
        subjectId: id,
        actorId: actor.userId,
      };
      if (changes.length) {
        await appendEvent(tx, {
          ...base,
          kind: 'field_changed',
          summary: { fields: changes.map((c) => c.field) },
          payload: { changes },
        });
      }
      if (ownerMoved) {
        const owners = await userNames(tx, actor.workspaceId, [before.ownerId, after.ownerId]);
        await appendEvent(tx, {
          ...base,
          kind: 'owner_changed',
          summary: { fromId: before.ownerId, toId: after.ownerId },
          payload: {
            from: before.ownerId ? { id: before.ownerId, name: owners.get(before.ownerId) ?? '' } : null,
            to: after.ownerId ? { id: after.ownerId, name: owners.get(after.ownerId) ?? '' } : null,
          },
        });
      }
      // The owner may have moved the record out of the actor's sight: read it back unrestricted.
      const saved = (await repo.findPerson(tx, actor.workspaceId, id, sameWorkspace(actor))) as Person;
      return readablePerson(tx, actor, saved);
    });
  } catch (error) {
    return rethrowUniqueAsDuplicate(db, actor, id, patch, error);
  }
}

/** The timeline of a person the actor may see. */
export async function getPersonTimeline(
  db: Queryable,
  actor: Actor,
  id: string,
  filter: TimelineFilter,
  cursor: string | null,
) {
  await getPerson(db, actor, id);
  const page = await listTimeline(db, {
    workspaceId: actor.workspaceId,
    subjectType: 'person',
    subjectId: id,
    filter,
    cursor,
    // The events of the opportunities the person is involved in (and the actor may see) show here too.
    related: relatedChainsOfPerson(actor, id),
    // And those of the people merged into this one, while the merge holds (the timeline never moves events).
    alsoSubjectIds: await mergedIntoIds(db, actor.workspaceId, id),
  });
  const items = await withoutUnseenCustomChanges(db, actor, page.items);
  return { ...page, items: items.map((e) => ({ ...e, data: maskPhonesInEventData(e.kind, e.data) })) };
}

/**
 * Visualizar telefones: the full numbers of a person the actor may see (404 otherwise), for a role the action
 * matrix allows (403 otherwise); recorded as `phones_revealed` (who and when, no numbers) in the same
 * transaction, so no number is shown without its record. A person without phones reveals nothing.
 */
export async function revealPhones(
  db: Db,
  actor: Actor,
  id: string,
  context: AccessContext = {},
): Promise<RevealedPhones> {
  assertMayUseAction(actor, 'viewPhones');
  return transaction(db, async (tx) => {
    const person = await getPerson(tx, actor, id);
    if (person.phones.length === 0) return { phones: [], revealedAt: new Date().toISOString() };
    const event = await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      subjectType: 'person',
      subjectId: id,
      kind: 'phones_revealed',
      actorId: actor.userId,
      summary: { count: person.phones.length },
      payload: {},
    });
    await recordAccess(tx, [{ ...accessBy(actor, context), personId: id, kind: 'phones_revealed' }]);
    return { phones: person.phones, revealedAt: event.occurredAt };
  });
}

/** Adds a note (anotação) to a person's timeline; notes can never be edited or removed. */
export async function addNote(db: Db, actor: Actor, id: string, body: string) {
  assertMayUseAction(actor, 'comment');
  return transaction(db, async (tx) => {
    await getPerson(tx, actor, id, 'write');
    const event = await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      subjectType: 'person',
      subjectId: id,
      kind: 'note',
      actorId: actor.userId,
      summary: {},
      payload: { body },
    });
    return { ...event, actor: { id: actor.userId, name: actor.name } };
  });
}

/**
 * The system (the roleta) puts a person its lead created under the broker who got the lead, in the caller's
 * transaction, with the usual `owner_changed` event (actor: the system).
 */
export async function assignPersonOwnerBySystem(
  tx: Queryable,
  workspaceId: string,
  id: string,
  ownerId: string,
): Promise<void> {
  const changed = await repo.setOwner(tx, workspaceId, id, ownerId);
  if (!changed) return;
  const names = await userNames(tx, workspaceId, [changed.previous, ownerId]);
  await appendEvent(tx, {
    workspaceId,
    subjectType: 'person',
    subjectId: id,
    actorId: null,
    kind: 'owner_changed',
    summary: { fromId: changed.previous, toId: ownerId },
    payload: {
      from: changed.previous ? { id: changed.previous, name: names.get(changed.previous) ?? '' } : null,
      to: { id: ownerId, name: names.get(ownerId) ?? '' },
    },
  });
}
