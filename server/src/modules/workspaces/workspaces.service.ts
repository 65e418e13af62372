import {
  type ActionMatrix,
  DEFAULT_ACTION_MATRIX,
  DEFAULT_ROLE_MATRIX,
  type RoleMatrix,
  type SmtpSettings,
  type SmtpSettingsRequest,
} from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { notFound, versionMismatch } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { withDefaultActions } from '../auth/auth.repository.ts';
import { DEFAULT_WALLET_EXPIRY_DAYS } from '../people/wallet.service.ts';
import * as repo from './workspaces.repository.ts';

/** The role matrix with the settings version an edit of it must name (If-Match). */
export type VersionedRoleMatrix = { matrix: RoleMatrix; version: number };

/** The workspace's role matrix, defaults filled in, and its version. */
export async function getRoleMatrix(db: Queryable, actor: Actor): Promise<VersionedRoleMatrix> {
  const found = await repo.findRoleMatrix(db, actor.workspaceId);
  if (!found) throw notFound();
  return { matrix: { ...DEFAULT_ROLE_MATRIX, ...(found.matrix ?? {}) }, version: found.version };
}

/**
 * Replaces the role matrix if it is still at the version the admin read (the route lets only admins in);
 * admins always keep full sight so nobody can lock the workspace out.
 */
export async function setRoleMatrix(
  db: Db,
  actor: Actor,
  expectedVersion: number,
  matrix: RoleMatrix,
): Promise<VersionedRoleMatrix> {
  const safe = { ...matrix, admin: DEFAULT_ROLE_MATRIX.admin };
  return transaction(db, async (tx) => {
    const current = await repo.lockSettingsVersion(tx, actor.workspaceId);
    if (current === null) throw notFound();
    if (current !== expectedVersion) throw versionMismatch(current);
    return { matrix: safe, version: await repo.saveRoleMatrix(tx, actor.workspaceId, safe) };
  });
}

export type VersionedActionMatrix = { matrix: ActionMatrix; version: number };

/** Which person-page actions each role may use, defaults filled in, and the settings version. */
export async function getActionMatrix(db: Queryable, actor: Actor): Promise<VersionedActionMatrix> {
  const found = await repo.findActionMatrix(db, actor.workspaceId);
  if (!found) throw notFound();
  return { matrix: withDefaultActions(found.matrix), version: found.version };
}

/** Replaces the action matrix at the version the admin read; admins always keep every action. */
export async function setActionMatrix(
  db: Db,
  actor: Actor,
  expectedVersion: number,
  matrix: ActionMatrix,
): Promise<VersionedActionMatrix> {
  const safe = { ...matrix, admin: DEFAULT_ACTION_MATRIX.admin };
  return transaction(db, async (tx) => {
    const current = await repo.lockSettingsVersion(tx, actor.workspaceId);
    if (current === null) throw notFound();
    if (current !== expectedVersion) throw versionMismatch(current);
    return { matrix: safe, version: await repo.saveActionMatrix(tx, actor.workspaceId, safe) };
  });
}

/** Days without activity before a person leaves its owner's wallet (0 = never), with the settings version. */
export async function getWalletSettings(db: Queryable, actor: Actor) {
  const found = await repo.findWalletSettings(db, actor.workspaceId);
  if (!found) throw notFound();
  return { expiryDays: found.expiryDays ?? DEFAULT_WALLET_EXPIRY_DAYS, version: found.version };
}

export async function setWalletSettings(db: Db, actor: Actor, expectedVersion: number, expiryDays: number) {
  return transaction(db, async (tx) => {
    const current = await repo.lockSettingsVersion(tx, actor.workspaceId);
    if (current === null) throw notFound();
    if (current !== expectedVersion) throw versionMismatch(current);
    return { expiryDays, version: await repo.saveWalletSettings(tx, actor.workspaceId, expiryDays) };
  });
}

/** The SMTP settings without the password (only whether one is stored). */
export async function getSmtpSettings(
  db: Queryable,
  actor: Actor,
): Promise<{ smtp: SmtpSettings; version: number }> {
  const found = await repo.findSmtp(db, actor.workspaceId);
  if (!found) throw notFound();
  const s = found.smtp;
  return {
    smtp: s
      ? {
          host: s.host,
          port: s.port,
          secure: s.secure,
          user: s.user,
          passwordSet: !!s.password,
          from: s.from,
          version: found.version,
        }
      : null,
    version: found.version,
  };
}

/** Replaces the SMTP settings; a missing password keeps the stored one. */
export async function setSmtpSettings(
  db: Db,
  actor: Actor,
  expectedVersion: number,
  input: SmtpSettingsRequest,
) {
  await transaction(db, async (tx) => {
    const current = await repo.lockSettingsVersion(tx, actor.workspaceId);
    if (current === null) throw notFound();
    if (current !== expectedVersion) throw versionMismatch(current);
    const stored = (await repo.findSmtp(tx, actor.workspaceId))?.smtp;
    const { password, ...rest } = input;
    await repo.saveSmtp(tx, actor.workspaceId, { ...rest, password: password ?? stored?.password ?? null });
  });
  return getSmtpSettings(db, actor);
}
