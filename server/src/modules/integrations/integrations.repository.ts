import type { HelpdeskProvider, IntegrationKind } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

export type IntegrationRow = {
  id: string;
  workspace_id: string;
  name: string;
  kind: IntegrationKind;
  timeout_ms: number;
  linking_team_ids: string[];
  frame_origins: string[];
  panel_secret_sealed: string | null;
  provider: HelpdeskProvider | null;
  provider_base_url: string | null;
  provider_account_id: string | null;
  provider_token_sealed: string | null;
  provider_webhook_secret_sealed: string | null;
  version: number;
  created_at: Date;
  created_by: string | null;
  created_by_name: string | null;
};

const COLUMNS = `i.id, i.workspace_id, i.name, i.kind, i.timeout_ms, i.linking_team_ids::text[] AS linking_team_ids,
  i.frame_origins, i.panel_secret_sealed, i.provider, i.provider_base_url, i.provider_account_id,
  i.provider_token_sealed, i.provider_webhook_secret_sealed, i.version, i.created_at, i.created_by,
  u.name AS created_by_name`;

export async function listIntegrations(db: Queryable, workspaceId: string): Promise<IntegrationRow[]> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM integrations i LEFT JOIN users u ON u.id = i.created_by AND u.workspace_id = i.workspace_id
     WHERE i.workspace_id = $1 AND i.deleted_at IS NULL ORDER BY i.created_at DESC LIMIT 500`,
    [workspaceId],
  );
  return rows;
}

export async function findIntegration(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<IntegrationRow | null> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM integrations i LEFT JOIN users u ON u.id = i.created_by AND u.workspace_id = i.workspace_id
     WHERE i.workspace_id = $1 AND i.id = $2 AND i.deleted_at IS NULL`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

/** By id alone, for the calls that arrive before a workspace is known (the panel page, a provider's webhook). */
export async function findIntegrationById(db: Queryable, id: string): Promise<IntegrationRow | null> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — the integration's id is what tells the workspace */
     SELECT ${COLUMNS} FROM integrations i LEFT JOIN users u ON u.id = i.created_by AND u.workspace_id = i.workspace_id
     WHERE i.id = $1 AND i.deleted_at IS NULL`,
    [id],
  );
  return rows[0] ?? null;
}

export async function insertIntegration(
  db: Queryable,
  i: {
    workspaceId: string;
    name: string;
    kind: IntegrationKind;
    timeoutMs: number;
    linkingTeamIds: string[];
    frameOrigins: string[];
    panelSecretSealed: string;
    provider: HelpdeskProvider | null;
    providerBaseUrl: string | null;
    providerAccountId: string | null;
    providerTokenSealed: string | null;
    providerWebhookSecretSealed: string | null;
    createdBy: string;
  },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO integrations (workspace_id, name, kind, timeout_ms, linking_team_ids, frame_origins,
       panel_secret_sealed, provider, provider_base_url, provider_account_id, provider_token_sealed,
       provider_webhook_secret_sealed, created_by)
     VALUES ($1, $2, $3, $4, $5::uuid[], $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      i.workspaceId,
      i.name,
      i.kind,
      i.timeoutMs,
      i.linkingTeamIds,
      i.frameOrigins,
      i.panelSecretSealed,
      i.provider,
      i.providerBaseUrl,
      i.providerAccountId,
      i.providerTokenSealed,
      i.providerWebhookSecretSealed,
      i.createdBy,
    ],
  );
  return rows[0].id;
}

export type AgentRow = {
  agent_id: string;
  name: string | null;
  email: string | null;
  user_id: string | null;
  user_name: string | null;
  matched_by: 'email' | 'manual' | 'none';
  /** null: mapped by hand, not seen yet. */
  last_seen_at: Date | null;
};

/**
 * Records a helpdesk agent as seen now and answers its mapping. A new agent (or one still unmatched) is matched to
 * the workspace's active user with the same e-mail; a manual mapping is never replaced.
 */
export async function upsertAgent(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
  agent: { id: string; name: string | null; email: string | null },
): Promise<AgentRow> {
  const { rows } = await db.query(
    `WITH match AS (
       SELECT u.id FROM users u
       WHERE u.workspace_id = $1 AND u.active AND $5::text IS NOT NULL AND lower(u.email) = lower($5::text) LIMIT 1
     ), upserted AS (
       INSERT INTO integration_agents (workspace_id, integration_id, agent_id, name, email, user_id, matched_by)
       VALUES ($1, $2, $3, $4, $5, (SELECT id FROM match), CASE WHEN EXISTS (SELECT 1 FROM match) THEN 'email' ELSE 'none' END)
       ON CONFLICT (integration_id, agent_id, workspace_id) DO UPDATE SET
         name = coalesce(EXCLUDED.name, integration_agents.name),
         email = coalesce(EXCLUDED.email, integration_agents.email),
         last_seen_at = now(),
         user_id = CASE WHEN integration_agents.matched_by = 'manual' OR integration_agents.user_id IS NOT NULL
                        THEN integration_agents.user_id ELSE EXCLUDED.user_id END,
         matched_by = CASE WHEN integration_agents.matched_by = 'manual' OR integration_agents.user_id IS NOT NULL
                           THEN integration_agents.matched_by ELSE EXCLUDED.matched_by END
       WHERE integration_agents.workspace_id = $1
       RETURNING agent_id, name, email, user_id, matched_by, last_seen_at
     )
     SELECT a.*, u.name AS user_name FROM upserted a
     LEFT JOIN users u ON u.id = a.user_id AND u.workspace_id = $1`,
    [workspaceId, integrationId, agent.id, agent.name, agent.email],
  );
  return rows[0];
}

/** Holds the integration's row until the transaction ends (edits, rotation, deletion) and answers its version. */
export async function lockIntegration(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<number | null> {
  const { rows } = await db.query(
    'SELECT version FROM integrations WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE',
    [workspaceId, id],
  );
  return rows[0]?.version ?? null;
}

/** Writes the settings sent (null fields keep theirs) and bumps the version once. */
export async function updateIntegration(
  db: Queryable,
  workspaceId: string,
  id: string,
  u: {
    name: string | null;
    timeoutMs: number | null;
    linkingTeamIds: string[] | null;
    frameOrigins: string[] | null;
    connection:
      | 'keep'
      | 'remove'
      | {
          provider: HelpdeskProvider;
          baseUrl: string;
          accountId: string;
          /** null keeps the stored token. */
          tokenSealed: string | null;
          /** null keeps the stored secret. */
          webhookSecretSealed: string | null;
        };
  },
): Promise<void> {
  const c = typeof u.connection === 'object' ? u.connection : null;
  await db.query(
    `UPDATE integrations SET
       name = coalesce($3, name),
       timeout_ms = coalesce($4, timeout_ms),
       linking_team_ids = coalesce($5::uuid[], linking_team_ids),
       frame_origins = coalesce($6::text[], frame_origins),
       provider = CASE $7 WHEN 'set' THEN $8 WHEN 'remove' THEN NULL ELSE provider END,
       provider_base_url = CASE $7 WHEN 'set' THEN $9 WHEN 'remove' THEN NULL ELSE provider_base_url END,
       provider_account_id = CASE $7 WHEN 'set' THEN $10 WHEN 'remove' THEN NULL ELSE provider_account_id END,
       provider_token_sealed = CASE $7 WHEN 'set' THEN coalesce($11, provider_token_sealed)
                                       WHEN 'remove' THEN NULL ELSE provider_token_sealed END,
       provider_webhook_secret_sealed = CASE $7 WHEN 'set' THEN coalesce($12, provider_webhook_secret_sealed)
                                                WHEN 'remove' THEN NULL ELSE provider_webhook_secret_sealed END,
       version = version + 1,
       updated_at = now()
     WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [
      workspaceId,
      id,
      u.name,
      u.timeoutMs,
      u.linkingTeamIds,
      u.frameOrigins,
      c ? 'set' : u.connection,
      c?.provider ?? null,
      c?.baseUrl ?? null,
      c?.accountId ?? null,
      c?.tokenSealed ?? null,
      c?.webhookSecretSealed ?? null,
    ],
  );
}

/** Marks the integration deleted (it stays for the history of its tokens and links); answers whether it was live. */
export async function softDeleteIntegration(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE integrations SET deleted_at = now(), updated_at = now(), version = version + 1
     WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [workspaceId, id],
  );
  return rowCount === 1;
}

/** The agents an integration has seen or an admin mapped, the most recently seen first. */
export async function listAgents(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
): Promise<AgentRow[]> {
  const { rows } = await db.query(
    `SELECT a.agent_id, a.name, a.email, a.user_id, u.name AS user_name, a.matched_by, a.last_seen_at
     FROM integration_agents a LEFT JOIN users u ON u.id = a.user_id AND u.workspace_id = a.workspace_id
     WHERE a.workspace_id = $1 AND a.integration_id = $2
     ORDER BY a.last_seen_at DESC NULLS LAST, a.agent_id LIMIT 1000`,
    [workspaceId, integrationId],
  );
  return rows;
}

/**
 * Maps an agent to a user by hand ('manual': a later sighting never replaces it), adding the agent when the helpdesk
 * has not sent it yet. Answers null when `userId` is not an active user of the workspace.
 */
export async function mapAgent(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
  agentId: string,
  userId: string | null,
): Promise<AgentRow | null> {
  const { rows } = await db.query(
    `WITH target AS (
       SELECT $4::uuid AS id WHERE $4::uuid IS NULL
         OR EXISTS (SELECT 1 FROM users u WHERE u.workspace_id = $1 AND u.id = $4::uuid AND u.active)
     ), upserted AS (
       INSERT INTO integration_agents (workspace_id, integration_id, agent_id, user_id, matched_by, last_seen_at)
       SELECT $1, $2, $3, target.id, 'manual', NULL FROM target
       ON CONFLICT (integration_id, agent_id, workspace_id) DO UPDATE SET user_id = EXCLUDED.user_id, matched_by = 'manual'
       WHERE integration_agents.workspace_id = $1
       RETURNING agent_id, name, email, user_id, matched_by, last_seen_at
     )
     SELECT a.*, u.name AS user_name FROM upserted a
     LEFT JOIN users u ON u.id = a.user_id AND u.workspace_id = $1`,
    [workspaceId, integrationId, agentId, userId],
  );
  return rows[0] ?? null;
}
