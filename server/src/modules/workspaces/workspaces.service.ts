import { DEFAULT_ROLE_MATRIX, type RoleMatrix } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { assertCanAdminister } from '../users/users.policy.ts';
import * as repo from './workspaces.repository.ts';

/** The workspace's role matrix, defaults filled in. */
export async function getRoleMatrix(db: Queryable, actor: Actor): Promise<RoleMatrix> {
  return { ...DEFAULT_ROLE_MATRIX, ...((await repo.findRoleMatrix(db, actor.workspaceId)) ?? {}) };
}

/** Replaces the role matrix (admins only); admins always keep full sight so nobody can lock the workspace out. */
export async function setRoleMatrix(db: Queryable, actor: Actor, matrix: RoleMatrix): Promise<RoleMatrix> {
  assertCanAdminister(actor);
  const safe = { ...matrix, admin: DEFAULT_ROLE_MATRIX.admin };
  await repo.saveRoleMatrix(db, actor.workspaceId, safe);
  return safe;
}
