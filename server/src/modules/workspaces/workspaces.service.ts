import {
  type ActionMatrix,
  DEFAULT_WALLET_EXPIRY_DAYS,
  type PrivacySettings,
  type PrivacySettingsRequest,
  type RoleMatrix,
  type SmtpSettings,
  type SmtpSettingsRequest,
  withDefaultActions,
  withDefaultRoles,
  ZPrivacySettingsRequest,
} from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import type { SmtpConfig } from '../../integrations/email/mailer.ts';
import { DomainError, notFound, versionMismatch } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import * as repo from './workspaces.repository.ts';

// The workspace's settings: one JSON document with one version. Every edit names the version it read
// (If-Match) and goes through `updateSettings`; each edit checks its capability here (`manageAccess` for the
// matrices, `managePrivacy` for the Encarregado, `manageWorkspace` for the rest), so no caller skips it.

/** One key of the settings as stored (null when never set), for other modules' rules. */
export async function findWorkspaceSetting<K extends keyof repo.WorkspaceSettings>(
  db: Queryable,
  workspaceId: string,
  key: K,
): Promise<repo.WorkspaceSettings[K] | null> {
  return (await repo.findSetting(db, workspaceId, key))?.value ?? null;
}

/** Writes one key of the settings; only inside the `edit` of `updateSettings`, which bumps the version. */
export const writeWorkspaceSetting = repo.saveSetting;

/** One key of the settings and the version an edit must name; 404 when the workspace is gone. */
export async function readSetting<K extends keyof repo.WorkspaceSettings>(
  db: Queryable,
  actor: Actor,
  key: K,
) {
  const found = await repo.findSetting(db, actor.workspaceId, key);
  if (!found) throw notFound();
  return found;
}

/**
 * Runs `edit` if the settings are still at the version the admin read (else 412, nothing changed), under the
 * workspace row's lock; returns the new version.
 */
export async function updateSettings(
  db: Db,
  actor: Actor,
  expectedVersion: number,
  edit: (tx: Queryable) => Promise<void>,
): Promise<number> {
  return transaction(db, async (tx) => {
    const current = await repo.lockSettingsVersion(tx, actor.workspaceId);
    if (current === null) throw notFound();
    if (current !== expectedVersion) throw versionMismatch(current);
    await edit(tx);
    return repo.bumpSettingsVersion(tx, actor.workspaceId);
  });
}

/** The role matrix with the settings version an edit of it must name (If-Match). */
export type VersionedRoleMatrix = { matrix: RoleMatrix; version: number };

/** The workspace's role matrix, defaults filled in (a stored `peopleExport` read as `exportPeople`), and its version. */
export async function getRoleMatrix(db: Queryable, actor: Actor): Promise<VersionedRoleMatrix> {
  const { value, version } = await readSetting(db, actor, 'roleMatrix');
  return { matrix: withDefaultRoles(value), version };
}

/** Replaces the role matrix (`manageAccess`); the locked role keeps every grant so nobody locks the workspace out. */
export async function setRoleMatrix(
  db: Db,
  actor: Actor,
  expectedVersion: number,
  matrix: RoleMatrix,
): Promise<VersionedRoleMatrix> {
  assertCan(actor, 'manageAccess');
  const safe = withDefaultRoles(matrix);
  const version = await updateSettings(db, actor, expectedVersion, (tx) =>
    repo.saveSetting(tx, actor.workspaceId, 'roleMatrix', safe),
  );
  return { matrix: safe, version };
}

export type VersionedActionMatrix = { matrix: ActionMatrix; version: number };

/** Which person-page actions each role may use, defaults filled in, and the settings version. */
export async function getActionMatrix(db: Queryable, actor: Actor): Promise<VersionedActionMatrix> {
  const { value, version } = await readSetting(db, actor, 'actionMatrix');
  return { matrix: withDefaultActions(value), version };
}

/** Replaces the action matrix (`manageAccess`); the locked role keeps every action. */
export async function setActionMatrix(
  db: Db,
  actor: Actor,
  expectedVersion: number,
  matrix: ActionMatrix,
): Promise<VersionedActionMatrix> {
  assertCan(actor, 'manageAccess');
  const safe = withDefaultActions(matrix);
  const version = await updateSettings(db, actor, expectedVersion, (tx) =>
    repo.saveSetting(tx, actor.workspaceId, 'actionMatrix', safe),
  );
  return { matrix: safe, version };
}

/** Days without activity before a person leaves its owner's wallet (0 = never), with the settings version. */
export async function getWalletSettings(db: Queryable, actor: Actor) {
  const { value, version } = await readSetting(db, actor, 'walletExpiryDays');
  return { expiryDays: value ?? DEFAULT_WALLET_EXPIRY_DAYS, version };
}

/** Sets the days without activity before a wallet expires (`manageWorkspace`). */
export async function setWalletSettings(db: Db, actor: Actor, expectedVersion: number, expiryDays: number) {
  assertCan(actor, 'manageWorkspace');
  const version = await updateSettings(db, actor, expectedVersion, (tx) =>
    repo.saveSetting(tx, actor.workspaceId, 'walletExpiryDays', expiryDays),
  );
  return { expiryDays, version };
}

/** Whether CNPJ/CEP lookups are on (default on), with the settings version. */
export async function getLookupSettings(db: Queryable, actor: Actor) {
  const { value, version } = await readSetting(db, actor, 'lookups');
  return { enabled: value?.enabled !== false, version };
}

/** Turns CNPJ/CEP lookups on or off for the workspace (`manageWorkspace`). */
export async function setLookupSettings(db: Db, actor: Actor, expectedVersion: number, enabled: boolean) {
  assertCan(actor, 'manageWorkspace');
  const version = await updateSettings(db, actor, expectedVersion, (tx) =>
    repo.saveSetting(tx, actor.workspaceId, 'lookups', { enabled }),
  );
  return { enabled, version };
}

/** The controller and its Encarregado (LGPD art. 41), empty until set; anyone in the workspace may read them. */
export async function getPrivacySettings(db: Queryable, actor: Actor): Promise<PrivacySettings> {
  const { value, version } = await readSetting(db, actor, 'privacy');
  return { ...ZPrivacySettingsRequest.parse(value ?? {}), version };
}

/** Names the controller and its Encarregado (`managePrivacy`). */
export async function setPrivacySettings(
  db: Db,
  actor: Actor,
  expectedVersion: number,
  settings: PrivacySettingsRequest,
): Promise<PrivacySettings> {
  assertCan(actor, 'managePrivacy');
  const version = await updateSettings(db, actor, expectedVersion, (tx) =>
    repo.saveSetting(tx, actor.workspaceId, 'privacy', settings),
  );
  return { ...settings, version };
}

/** The SMTP settings without the password (only whether one is stored); `manageWorkspace`. */
export async function getSmtpSettings(
  db: Queryable,
  actor: Actor,
): Promise<{ smtp: SmtpSettings; version: number }> {
  assertCan(actor, 'manageWorkspace');
  const { value: s, version } = await readSetting(db, actor, 'smtp');
  return {
    smtp: s
      ? {
          host: s.host,
          port: s.port,
          secure: s.secure,
          user: s.user,
          passwordSet: !!s.password,
          from: s.from,
          version,
        }
      : null,
    version,
  };
}

/** Replaces the SMTP settings (`manageWorkspace`); a missing password keeps the stored one; a new one is stored sealed. */
export async function setSmtpSettings(
  db: Db,
  secrets: SecretBox,
  actor: Actor,
  expectedVersion: number,
  input: SmtpSettingsRequest,
) {
  assertCan(actor, 'manageWorkspace');
  await updateSettings(db, actor, expectedVersion, async (tx) => {
    const stored = (await repo.findSetting(tx, actor.workspaceId, 'smtp'))?.value;
    const { password, ...rest } = input;
    await repo.saveSetting(tx, actor.workspaceId, 'smtp', {
      ...rest,
      password: password ? secrets.seal(password) : (stored?.password ?? null),
    });
  });
  return getSmtpSettings(db, actor);
}

/**
 * The workspace's SMTP server with its password opened, for sending (null: not configured). A password sealed
 * under another server key cannot be opened: the settings must be saved again (409 `email-not-configured`).
 */
export async function workspaceSmtp(
  db: Queryable,
  secrets: SecretBox,
  workspaceId: string,
): Promise<SmtpConfig | null> {
  const smtp = (await repo.findSetting(db, workspaceId, 'smtp'))?.value;
  if (!smtp) return null;
  if (!smtp.password) return smtp;
  try {
    return { ...smtp, password: secrets.open(smtp.password) };
  } catch {
    throw new DomainError('email-not-configured', 409, {
      detail: 'A senha do servidor SMTP não pôde ser lida com a chave deste servidor; salve-a de novo.',
    });
  }
}
