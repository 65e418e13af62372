import type { ApiScope } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

export type ApiTokenRow = {
  id: string;
  integration_id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  allowed_cidrs: string[];
  created_at: Date;
  created_by: string | null;
  created_by_name: string | null;
  last_used_at: Date | null;
  last_used_ip: string | null;
  expires_at: Date | null;
  revoked_at: Date | null;
};

const COLUMNS = `t.id, t.integration_id, t.name, t.prefix, t.scopes, t.allowed_cidrs::text[] AS allowed_cidrs, t.created_at, t.created_by,
  u.name AS created_by_name, t.last_used_at, host(t.last_used_ip) AS last_used_ip, t.expires_at, t.revoked_at`;

export async function findToken(db: Queryable, workspaceId: string, id: string): Promise<ApiTokenRow | null> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by
     WHERE t.workspace_id = $1 AND t.id = $2`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

/** The tokens of some integrations, newest first. */
export async function listTokensOf(
  db: Queryable,
  workspaceId: string,
  integrationIds: string[],
): Promise<ApiTokenRow[]> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by
     WHERE t.workspace_id = $1 AND t.integration_id = ANY($2::uuid[]) ORDER BY t.created_at DESC`,
    [workspaceId, integrationIds],
  );
  return rows;
}

/** Stores a new token; `cidrs` may name a host inside a block (`10.1.2.3/8`): the block is kept. */
export async function insertToken(
  db: Queryable,
  t: {
    workspaceId: string;
    integrationId: string;
    name: string;
    prefix: string;
    hash: Buffer;
    scopes: ApiScope[];
    cidrs: string[];
    createdBy: string;
    expiresOn: string | null;
  },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO api_tokens (workspace_id, name, prefix, token_hash, scopes, allowed_cidrs, created_by, expires_at,
       integration_id)
     VALUES ($1, $2, $3, $4, $5, ARRAY(SELECT network(c)::cidr FROM unnest($6::inet[]) AS c), $7,
       CASE WHEN $8::date IS NULL THEN NULL ELSE (($8::date + 1)::timestamp AT TIME ZONE 'America/Sao_Paulo') END, $9)
     RETURNING id`,
    [t.workspaceId, t.name, t.prefix, t.hash, t.scopes, t.cidrs, t.createdBy, t.expiresOn, t.integrationId],
  );
  return rows[0].id;
}

/** Revokes one token of an integration, once: a second revoke keeps the first date. Answers whether it exists. */
export async function revokeToken(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
  id: string,
  by: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, $4)
     WHERE workspace_id = $1 AND integration_id = $2 AND id = $3`,
    [workspaceId, integrationId, id, by],
  );
  return rowCount === 1;
}

/** Revokes every token of an integration not revoked yet (the integration is being deleted). */
export async function revokeTokensOf(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
  by: string,
): Promise<void> {
  await db.query(
    `UPDATE api_tokens SET revoked_at = now(), revoked_by = $3
     WHERE workspace_id = $1 AND integration_id = $2 AND revoked_at IS NULL`,
    [workspaceId, integrationId, by],
  );
}

/** Gives every live token of an integration the same scopes and networks (an edit of the integration). */
export async function setLiveTokensAccess(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
  access: { scopes: ApiScope[] | null; cidrs: string[] | null },
): Promise<void> {
  await db.query(
    `UPDATE api_tokens SET
       scopes = coalesce($3::text[], scopes),
       allowed_cidrs = CASE WHEN $4::inet[] IS NULL THEN allowed_cidrs
                            ELSE ARRAY(SELECT network(c)::cidr FROM unnest($4::inet[]) AS c) END
     WHERE workspace_id = $1 AND integration_id = $2 AND revoked_at IS NULL
       AND (expires_at IS NULL OR expires_at > now())`,
    [workspaceId, integrationId, access.scopes, access.cidrs],
  );
}

/**
 * Ends every live token of an integration `overlapHours` from now (a rotation's overlap; 0: now), keeping an earlier
 * expiry a token already had.
 */
export async function expireLiveTokens(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
  overlapHours: number,
): Promise<void> {
  await db.query(
    `UPDATE api_tokens SET expires_at = least(coalesce(expires_at, 'infinity'), now() + make_interval(hours => $3))
     WHERE workspace_id = $1 AND integration_id = $2 AND revoked_at IS NULL
       AND (expires_at IS NULL OR expires_at > now())`,
    [workspaceId, integrationId, overlapHours],
  );
}

export type TokenCredentials = {
  id: string;
  workspace_id: string;
  integration_id: string;
  timeout_ms: number;
  name: string;
  prefix: string;
  token_hash: Buffer;
  scopes: ApiScope[];
  usable: boolean;
  ip_allowed: boolean;
  /** "Last used" is older than a minute or was another address: worth a write. */
  touch_due: boolean;
};

/**
 * The token a bearer names, by its public prefix (like a session, a token is looked up before its workspace is
 * known), with whether it is still usable and whether `ip` is inside its allowed blocks.
 */
export async function findCredentials(
  db: Queryable,
  prefix: string,
  ip: string | null,
): Promise<TokenCredentials | null> {
  const { rows } = await db.query({
    name: 'apiTokens.credentials',
    text: `/* tenancy: any workspace — the token's prefix is what tells the workspace */
     SELECT t.id, t.workspace_id, t.integration_id, i.timeout_ms, t.name, t.prefix, t.token_hash, t.scopes,
       (t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
         AND i.deleted_at IS NULL) AS usable,
       (cardinality(t.allowed_cidrs) = 0 OR coalesce($2::inet <<= ANY(t.allowed_cidrs), false)) AS ip_allowed,
       (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute'
         OR t.last_used_ip IS DISTINCT FROM $2::inet) AS touch_due
     FROM api_tokens t JOIN integrations i ON i.id = t.integration_id AND i.workspace_id = t.workspace_id
     WHERE t.prefix = $1`,
    values: [prefix, ip],
  });
  return rows[0] ?? null;
}

/**
 * At most one write a minute per token and address: "last used" (when, from where) is for people, not an audit log.
 */
export async function touchToken(
  db: Queryable,
  workspaceId: string,
  id: string,
  ip: string | null,
): Promise<void> {
  await db.query(
    `UPDATE api_tokens SET last_used_at = now(), last_used_ip = $3::inet
     WHERE workspace_id = $1 AND id = $2
       AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute' OR last_used_ip IS DISTINCT FROM $3::inet)`,
    [workspaceId, id, ip],
  );
}
