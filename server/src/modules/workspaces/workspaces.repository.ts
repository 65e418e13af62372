import type { ActionMatrix, PrivacySettingsRequest, RoleMatrix, SaleRequirement } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

/** What each key of `workspaces.settings` holds (stored values may be partial or absent). */
export type WorkspaceSettings = {
  roleMatrix: Partial<RoleMatrix>;
  actionMatrix: Partial<Record<keyof ActionMatrix, Partial<Record<string, boolean>>>>;
  saleRequirements: SaleRequirement[];
  walletExpiryDays: number;
  /** Company (CNPJ) and address (CEP) lookups in public registries; on unless switched off. */
  lookups: { enabled: boolean };
  /** LGPD: the controller and its Encarregado (DPO), shown in the Privacidade area and on answers to data subjects. */
  privacy: PrivacySettingsRequest;
  /** The password is stored here and never answered to a client. */
  smtp: {
    host: string;
    port: number;
    secure: boolean;
    user: string | null;
    password: string | null;
    from: string;
  };
};

/** One key of the workspace's settings (null when never set) with the settings version; null: no workspace. */
export async function findSetting<K extends keyof WorkspaceSettings>(
  db: Queryable,
  workspaceId: string,
  key: K,
): Promise<{ value: WorkspaceSettings[K] | null; version: number } | null> {
  const { rows } = await db.query(
    'SELECT settings -> $2 AS value, settings_version FROM workspaces WHERE id = $1',
    [workspaceId, key],
  );
  return rows[0] ? { value: rows[0].value ?? null, version: rows[0].settings_version } : null;
}

/** Writes one key of the settings (inside `updateSettings`, which bumps the version once). */
export async function saveSetting<K extends keyof WorkspaceSettings>(
  db: Queryable,
  workspaceId: string,
  key: K,
  value: WorkspaceSettings[K],
) {
  await db.query('UPDATE workspaces SET settings = jsonb_set(settings, ARRAY[$2], $3::jsonb) WHERE id = $1', [
    workspaceId,
    key,
    JSON.stringify(value),
  ]);
}

/** Locks the workspace row until the transaction ends and returns its settings version (null if absent). */
export async function lockSettingsVersion(db: Queryable, workspaceId: string): Promise<number | null> {
  const { rows } = await db.query('SELECT settings_version FROM workspaces WHERE id = $1 FOR UPDATE', [
    workspaceId,
  ]);
  return rows[0]?.settings_version ?? null;
}

/** Bumps the settings version after an edit made under its lock; returns the new version. */
export async function bumpSettingsVersion(db: Queryable, workspaceId: string): Promise<number> {
  const { rows } = await db.query(
    'UPDATE workspaces SET settings_version = settings_version + 1 WHERE id = $1 RETURNING settings_version',
    [workspaceId],
  );
  return rows[0].settings_version;
}
