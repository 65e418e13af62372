import type { AssetType, CreateAssetTypeRequest, UpdateAssetTypeRequest } from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import * as repo from './assets.repository.ts';

// Asset types (Administração › Tipos de ativo): the workspace's own kinds of assets and the fields each one
// asks for. Everyone reads them; admins write them, versioned (If-Match).

/** A unique-name violation (another live type has the name) as a field error. */
function rethrowNameTaken(error: unknown): never {
  if ((error as { code?: string }).code === '23505') {
    throw validationError([{ field: 'name', code: 'name_taken', message: '' }]);
  }
  throw error;
}

/** The workspace's asset types (archived ones too when asked, e.g. for the admin page). */
export function listAssetTypes(db: Queryable, actor: Actor, includeArchived: boolean): Promise<AssetType[]> {
  return repo.listAssetTypes(db, actor.workspaceId, includeArchived);
}

/** One asset type of the actor's workspace, or 404. */
export async function getAssetType(db: Queryable, actor: Actor, id: string): Promise<AssetType> {
  const type = await repo.findAssetType(db, actor.workspaceId, id);
  if (!type) throw notFound();
  return type;
}

/** Creates an asset type with its fields (`manageAssetTypes`). */
export async function createAssetType(
  db: Db,
  actor: Actor,
  input: CreateAssetTypeRequest,
): Promise<AssetType> {
  assertCan(actor, 'manageAssetTypes');
  try {
    const id = await repo.insertAssetType(db, actor.workspaceId, input);
    return (await repo.findAssetType(db, actor.workspaceId, id)) as AssetType;
  } catch (error) {
    return rethrowNameTaken(error);
  }
}

/**
 * Replaces a type's name, description and fields if `expectedVersion` is current (else 412); `archived`
 * archives or restores it. Existing assets keep their values; the new fields apply from their next edit.
 */
export async function updateAssetType(
  db: Db,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: UpdateAssetTypeRequest,
): Promise<AssetType> {
  assertCan(actor, 'manageAssetTypes');
  try {
    return await transaction(db, async (tx) => {
      const current = await repo.findAssetType(tx, actor.workspaceId, id, 'update');
      if (!current) throw notFound();
      if (current.version !== expectedVersion) throw versionMismatch(current.version);
      await repo.updateAssetType(tx, actor.workspaceId, id, {
        name: input.name,
        description: input.description,
        fields: input.fields,
        archived: input.archived ?? current.archivedAt !== null,
      });
      return (await repo.findAssetType(tx, actor.workspaceId, id)) as AssetType;
    });
  } catch (error) {
    return rethrowNameTaken(error);
  }
}

/**
 * Removes a type (admins, If-Match): deleted when no asset uses it, archived otherwise — its assets keep
 * showing it, and it is no longer offered for new ones. Answers the archived type, or null when deleted.
 */
export async function removeAssetType(
  db: Db,
  actor: Actor,
  id: string,
  expectedVersion: number,
): Promise<AssetType | null> {
  assertCan(actor, 'manageAssetTypes');
  return transaction(db, async (tx) => {
    const current = await repo.findAssetType(tx, actor.workspaceId, id, 'update');
    if (!current) throw notFound();
    if (current.version !== expectedVersion) throw versionMismatch(current.version);
    if (current.assetCount === 0) {
      await repo.deleteAssetType(tx, actor.workspaceId, id);
      return null;
    }
    await repo.updateAssetType(tx, actor.workspaceId, id, { ...current, archived: true });
    return (await repo.findAssetType(tx, actor.workspaceId, id)) as AssetType;
  });
}
