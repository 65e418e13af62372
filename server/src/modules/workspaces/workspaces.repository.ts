import type { ActionMatrix, RoleMatrix } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

/** The stored matrix (maybe partial or absent) with the version of the workspace's settings. */
export async function findRoleMatrix(
  db: Queryable,
  workspaceId: string,
): Promise<{ matrix: Partial<RoleMatrix> | null; version: number } | null> {
  const { rows } = await db.query(
    `SELECT settings -> 'roleMatrix' AS matrix, settings_version FROM workspaces WHERE id = $1`,
    [workspaceId],
  );
  return rows[0] ? { matrix: rows[0].matrix ?? null, version: rows[0].settings_version } : null;
}

/** Locks the workspace row until the transaction ends and returns its settings version (null if absent). */
export async function lockSettingsVersion(db: Queryable, workspaceId: string): Promise<number | null> {
  const { rows } = await db.query('SELECT settings_version FROM workspaces WHERE id = $1 FOR UPDATE', [
    workspaceId,
  ]);
  return rows[0]?.settings_version ?? null;
}

/** Stores the matrix and bumps the settings version; returns the new version. */
export async function saveRoleMatrix(
  db: Queryable,
  workspaceId: string,
  matrix: RoleMatrix,
): Promise<number> {
  const { rows } = await db.query(
    `UPDATE workspaces SET settings = jsonb_set(settings, '{roleMatrix}', $2::jsonb),
       settings_version = settings_version + 1
     WHERE id = $1 RETURNING settings_version`,
    [workspaceId, JSON.stringify(matrix)],
  );
  return rows[0].settings_version;
}

/** The stored action matrix (maybe partial or absent) with the version of the workspace's settings. */
export async function findActionMatrix(
  db: Queryable,
  workspaceId: string,
): Promise<{ matrix: Partial<ActionMatrix> | null; version: number } | null> {
  const { rows } = await db.query(
    `SELECT settings -> 'actionMatrix' AS matrix, settings_version FROM workspaces WHERE id = $1`,
    [workspaceId],
  );
  return rows[0] ? { matrix: rows[0].matrix ?? null, version: rows[0].settings_version } : null;
}

/** Stores the action matrix and bumps the settings version; returns the new version. */
export async function saveActionMatrix(
  db: Queryable,
  workspaceId: string,
  matrix: ActionMatrix,
): Promise<number> {
  const { rows } = await db.query(
    `UPDATE workspaces SET settings = jsonb_set(settings, '{actionMatrix}', $2::jsonb),
       settings_version = settings_version + 1
     WHERE id = $1 RETURNING settings_version`,
    [workspaceId, JSON.stringify(matrix)],
  );
  return rows[0].settings_version;
}

export async function findWalletSettings(
  db: Queryable,
  workspaceId: string,
): Promise<{ expiryDays: number | null; version: number } | null> {
  const { rows } = await db.query(
    `SELECT (settings ->> 'walletExpiryDays')::int AS days, settings_version FROM workspaces WHERE id = $1`,
    [workspaceId],
  );
  return rows[0] ? { expiryDays: rows[0].days, version: rows[0].settings_version } : null;
}

export async function saveWalletSettings(
  db: Queryable,
  workspaceId: string,
  expiryDays: number,
): Promise<number> {
  const { rows } = await db.query(
    `UPDATE workspaces SET settings = jsonb_set(settings, '{walletExpiryDays}', to_jsonb($2::int)),
       settings_version = settings_version + 1
     WHERE id = $1 RETURNING settings_version`,
    [workspaceId, expiryDays],
  );
  return rows[0].settings_version;
}

/** The workspace's SMTP settings as stored (password included: never answer it to a client). */
export async function findSmtp(db: Queryable, workspaceId: string) {
  const { rows } = await db.query(
    `SELECT settings -> 'smtp' AS smtp, settings_version FROM workspaces WHERE id = $1`,
    [workspaceId],
  );
  return rows[0]
    ? {
        smtp: rows[0].smtp as {
          host: string;
          port: number;
          secure: boolean;
          user: string | null;
          password: string | null;
          from: string;
        } | null,
        version: rows[0].settings_version as number,
      }
    : null;
}

export async function saveSmtp(db: Queryable, workspaceId: string, smtp: object): Promise<number> {
  const { rows } = await db.query(
    `UPDATE workspaces SET settings = jsonb_set(settings, '{smtp}', $2::jsonb), settings_version = settings_version + 1
     WHERE id = $1 RETURNING settings_version`,
    [workspaceId, JSON.stringify(smtp)],
  );
  return rows[0].settings_version;
}
