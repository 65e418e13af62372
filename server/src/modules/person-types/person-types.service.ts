import type { CreatePersonTypeRequest, PersonKind, PersonType, UpdatePersonTypeRequest } from '@funil/domain';
import { BUILTIN_TYPE_DOCUMENTS } from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import * as repo from './person-types.repository.ts';

// Person types (Administração › Tipos de pessoa): everyone reads them (the person form offers them); admins with
// `manageWorkspace` write them, versioned (If-Match). The built-in types keep their kind and documents.

/** A unique-name violation (another type has the name) as a field error. */
function rethrowNameTaken(error: unknown): never {
  if ((error as { code?: string }).code === '23505') {
    throw validationError([{ field: 'name', code: 'name_taken', message: '' }]);
  }
  throw error;
}

/** The workspace's person types, built-in ones first. */
export function listPersonTypes(db: Queryable, actor: Actor): Promise<PersonType[]> {
  return repo.listPersonTypes(db, actor.workspaceId);
}

/** One person type of the actor's workspace, or 404. */
export async function getPersonType(db: Queryable, actor: Actor, id: string): Promise<PersonType> {
  const type = await repo.findPersonType(db, actor.workspaceId, id);
  if (!type) throw notFound();
  return type;
}

/** Creates a person type with its documents (`manageWorkspace`). */
export async function createPersonType(
  db: Db,
  actor: Actor,
  input: CreatePersonTypeRequest,
): Promise<PersonType> {
  assertCan(actor, 'manageWorkspace');
  try {
    const id = await repo.insertPersonType(db, actor.workspaceId, input);
    return (await repo.findPersonType(db, actor.workspaceId, id)) as PersonType;
  } catch (error) {
    return rethrowNameTaken(error);
  }
}

/**
 * Replaces a type's name, base kind and documents if `expectedVersion` is current (else 412). A built-in type
 * only takes a new name; a type people carry keeps its base kind (their CPF/CNPJ hangs on it). People already
 * registered meet the new document rules at their next edit.
 */
export async function updatePersonType(
  db: Db,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: UpdatePersonTypeRequest,
): Promise<PersonType> {
  assertCan(actor, 'manageWorkspace');
  try {
    return await transaction(db, async (tx) => {
      const current = await repo.findPersonType(tx, actor.workspaceId, id, true);
      if (!current) throw notFound();
      if (current.version !== expectedVersion) throw versionMismatch(current.version);
      if (input.baseKind !== current.baseKind && (current.builtin || current.inUse)) {
        throw validationError([{ field: 'baseKind', code: 'base_kind_locked', message: '' }]);
      }
      const documents = current.builtin ? BUILTIN_TYPE_DOCUMENTS[current.builtin] : input.documents;
      await repo.updatePersonType(tx, actor.workspaceId, id, { ...input, documents });
      return (await repo.findPersonType(tx, actor.workspaceId, id)) as PersonType;
    });
  } catch (error) {
    return rethrowNameTaken(error);
  }
}

/** Deletes a type (admins, If-Match): 409 for a built-in one or one some person carries. */
export async function deletePersonType(
  db: Db,
  actor: Actor,
  id: string,
  expectedVersion: number,
): Promise<void> {
  assertCan(actor, 'manageWorkspace');
  await transaction(db, async (tx) => {
    const current = await repo.findPersonType(tx, actor.workspaceId, id, true);
    if (!current) throw notFound();
    if (current.version !== expectedVersion) throw versionMismatch(current.version);
    if (current.builtin) {
      throw new DomainError('conflict', 409, {
        detail: 'Os tipos de pessoa padrão não podem ser excluídos.',
      });
    }
    if (current.inUse) {
      throw new DomainError('conflict', 409, {
        detail: 'Há pessoas cadastradas com este tipo: mude o tipo delas antes de excluí-lo.',
      });
    }
    await repo.deletePersonType(tx, actor.workspaceId, id);
  });
}

export type { PersonTypeRules } from './person-types.repository.ts';

/** The rules of the type a person is registered under (people.service.ts): by id (422 when unknown) or kind. */
export async function personTypeRules(
  db: Queryable,
  workspaceId: string,
  by: { id: string } | { builtin: PersonKind },
): Promise<repo.PersonTypeRules> {
  const rules = await repo.findTypeRules(db, workspaceId, by);
  if (!rules) throw validationError([{ field: 'typeId', code: 'unknown_person_type', message: '' }]);
  return rules;
}
