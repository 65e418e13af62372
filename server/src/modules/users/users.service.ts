import type { Db, Queryable } from '../../db/pool.ts';
import { transaction } from '../../db/pool.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import { assertCan, assertCanActOnRole } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { hashPassword, revokeUserSessions } from '../auth/auth.service.ts';
import * as repo from './users.repository.ts';
import type {
  Branch,
  CreateTeamRequest,
  CreateUserRequest,
  Me,
  Team,
  UpdateBranchRequest,
  UpdateTeamRequest,
  UpdateUserRequest,
  User,
} from './users.schema.ts';

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** The signed-in user's profile. */
export async function getMe(db: Queryable, workspaceId: string, userId: string): Promise<Me> {
  const me = await repo.findMe(db, workspaceId, userId);
  if (!me) throw notFound();
  return me;
}

/** The workspace's public identity. */
export async function getWorkspace(db: Queryable, workspaceId: string) {
  const workspace = await repo.findWorkspace(db, workspaceId);
  if (!workspace) throw notFound();
  return workspace;
}

/** Lookups other modules use to check the ids they are given (published interface of this module). */
export {
  activeUserIdsByEmail,
  existingTeamIds,
  existingUserIds,
  findBranch,
  findTeam,
  userNames,
} from './users.repository.ts';

/** Every user of the workspace (for pickers and the admin page). */
export const listUsers = (db: Queryable, actor: Actor) => repo.listUsers(db, actor.workspaceId);

async function assertBranch(db: Queryable, actor: Actor, branchId: string | null | undefined) {
  if (branchId && !(await repo.findBranch(db, actor.workspaceId, branchId))) {
    throw validationError([{ field: 'branchId', code: 'unknown_branch', message: '' }]);
  }
}

/**
 * Holds the row until the transaction ends and checks it is still at the version the client read, so
 * of two edits based on the same version exactly one wins and the other changes nothing (412).
 */
async function lockAtVersion(
  tx: Queryable,
  table: repo.VersionedTable,
  actor: Actor,
  id: string,
  expectedVersion: number,
): Promise<void> {
  const current = await repo.lockVersion(tx, table, actor.workspaceId, id);
  if (current === null) throw notFound();
  if (current !== expectedVersion) throw versionMismatch(current);
}

/** Creates a user with an argon2id password hash (`manageUsers`, and a role no wider than the actor's). */
export async function createUser(db: Db, actor: Actor, input: CreateUserRequest): Promise<User> {
  assertCan(actor, 'manageUsers');
  assertCanActOnRole(actor, input.role);
  await assertBranch(db, actor, input.branchId);
  try {
    const id = await repo.insertUser(db, actor.workspaceId, {
      name: input.name,
      email: input.email,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      branchId: input.branchId ?? null,
    });
    return (await repo.findUser(db, actor.workspaceId, id)) as User;
  } catch (error) {
    if (isUniqueViolation(error))
      throw validationError([{ field: 'email', code: 'email_taken', message: '' }]);
    throw error;
  }
}

/**
 * Edits a user at the version the client read (`manageUsers`; neither the user's role nor the new one wider
 * than the actor's); deactivating one (or a new password) ends their sessions.
 */
export async function updateUser(
  db: Db,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: UpdateUserRequest,
): Promise<User> {
  assertCan(actor, 'manageUsers');
  if (input.role) assertCanActOnRole(actor, input.role);
  await assertBranch(db, actor, input.branchId);
  if (id === actor.userId && (input.active === false || (input.role && input.role !== actor.role))) {
    throw new DomainError('conflict', 409, { detail: 'Você não pode desativar ou rebaixar a si mesmo.' });
  }
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  try {
    return await transaction(db, async (tx) => {
      await lockAtVersion(tx, 'users', actor, id, expectedVersion);
      const target = await repo.findUser(tx, actor.workspaceId, id);
      if (target) assertCanActOnRole(actor, target.role);
      const found = await repo.updateUser(tx, actor.workspaceId, id, {
        name: input.name,
        email: input.email,
        role: input.role,
        branchId: input.branchId,
        active: input.active,
        passwordHash,
      });
      if (!found) throw notFound();
      if (input.active === false || passwordHash) await revokeUserSessions(tx, actor.workspaceId, id);
      return (await repo.findUser(tx, actor.workspaceId, id)) as User;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw validationError([{ field: 'email', code: 'email_taken', message: '' }]);
    throw error;
  }
}

/** All teams with their managers and members. */
export const listTeams = (db: Queryable, actor: Actor) => repo.listTeams(db, actor.workspaceId);

async function assertUsers(db: Queryable, actor: Actor, field: string, ids: string[] | undefined) {
  if (!ids?.length) return;
  const known = await repo.existingUserIds(db, actor.workspaceId, ids);
  const errors = ids
    .map((id, index) => ({ id, index }))
    .filter(({ id }) => !known.has(id))
    .map(({ index }) => ({ field: `${field}.${index}`, code: 'unknown_user', message: '' }));
  if (errors.length) throw validationError(errors);
}

/** Creates a team (`manageUsers`); a user listed as manager and member counts as manager. */
export async function createTeam(db: Db, actor: Actor, input: CreateTeamRequest): Promise<Team> {
  assertCan(actor, 'manageUsers');
  await assertBranch(db, actor, input.branchId);
  await assertUsers(db, actor, 'managerIds', input.managerIds);
  await assertUsers(db, actor, 'memberIds', input.memberIds);
  try {
    return await transaction(db, async (tx) => {
      const id = await repo.insertTeam(tx, actor.workspaceId, {
        name: input.name,
        branchId: input.branchId ?? null,
      });
      await repo.setTeamMembers(tx, actor.workspaceId, id, input.memberIds, false);
      await repo.setTeamMembers(tx, actor.workspaceId, id, input.managerIds, true);
      return (await repo.findTeam(tx, actor.workspaceId, id)) as Team;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw validationError([{ field: 'name', code: 'name_taken', message: '' }]);
    throw error;
  }
}

/** Edits a team at the version read (`manageUsers`); lists sent replace the stored ones, in the same transaction. */
export async function updateTeam(
  db: Db,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: UpdateTeamRequest,
): Promise<Team> {
  assertCan(actor, 'manageUsers');
  await assertBranch(db, actor, input.branchId);
  await assertUsers(db, actor, 'managerIds', input.managerIds);
  await assertUsers(db, actor, 'memberIds', input.memberIds);
  try {
    return await transaction(db, async (tx) => {
      await lockAtVersion(tx, 'teams', actor, id, expectedVersion);
      if (!(await repo.updateTeam(tx, actor.workspaceId, id, input))) throw notFound();
      if (input.memberIds) await repo.setTeamMembers(tx, actor.workspaceId, id, input.memberIds, false);
      if (input.managerIds) await repo.setTeamMembers(tx, actor.workspaceId, id, input.managerIds, true);
      return (await repo.findTeam(tx, actor.workspaceId, id)) as Team;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw validationError([{ field: 'name', code: 'name_taken', message: '' }]);
    throw error;
  }
}

/** All branches (filiais). */
export const listBranches = (db: Queryable, actor: Actor) => repo.listBranches(db, actor.workspaceId);

/** Creates a branch (`manageUsers`). */
export async function createBranch(db: Db, actor: Actor, name: string): Promise<Branch> {
  assertCan(actor, 'manageUsers');
  try {
    const id = await repo.insertBranch(db, actor.workspaceId, name);
    return (await repo.findBranch(db, actor.workspaceId, id)) as Branch;
  } catch (error) {
    if (isUniqueViolation(error)) throw validationError([{ field: 'name', code: 'name_taken', message: '' }]);
    throw error;
  }
}

/** Renames or (de)activates a branch at the version the client read (`manageUsers`). */
export async function updateBranch(
  db: Db,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: UpdateBranchRequest,
): Promise<Branch> {
  assertCan(actor, 'manageUsers');
  try {
    return await transaction(db, async (tx) => {
      await lockAtVersion(tx, 'branches', actor, id, expectedVersion);
      if (!(await repo.updateBranch(tx, actor.workspaceId, id, input))) throw notFound();
      return (await repo.findBranch(tx, actor.workspaceId, id)) as Branch;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw validationError([{ field: 'name', code: 'name_taken', message: '' }]);
    throw error;
  }
}
