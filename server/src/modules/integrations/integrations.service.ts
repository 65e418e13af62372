import { randomBytes } from 'node:crypto';
import {
  type CreateIntegrationRequest,
  type HelpdeskProvider,
  type Integration,
  type IntegrationAgent,
  type IntegrationKind,
  type MapAgentRequest,
  type RotateIntegrationRequest,
  type UpdateIntegrationRequest,
  ZCreateIntegrationRequest,
  ZMapAgentRequest,
  ZRotateIntegrationRequest,
  ZUpdateIntegrationRequest,
} from '@funil/domain';
import { type Db, type Queryable, type Tx, transaction } from '../../db/pool.ts';
import { notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import {
  createIntegrationToken,
  listIntegrationTokens,
  revokeIntegrationToken,
  revokeIntegrationTokens,
  rotateIntegrationToken,
  setIntegrationTokensAccess,
} from '../api-tokens/api-tokens.service.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { existingTeamIds } from '../users/users.service.ts';
import { presentAgent, presentIntegration } from './integrations.presenter.ts';
import * as repo from './integrations.repository.ts';

export type IntegrationsDeps = { db: Db; secrets: SecretBox };

/** An integration as the features built on it (panel, sync) read it: what it allows, never a secret. */
export type IntegrationRecord = {
  id: string;
  workspaceId: string;
  name: string;
  kind: IntegrationKind;
  timeoutMs: number;
  linkingTeamIds: string[];
  frameOrigins: string[];
  provider: HelpdeskProvider | null;
  /** Who set it up: what a helpdesk's webhooks do (create or update people) is done as this user. */
  createdBy: string | null;
};

const recordOf = (r: repo.IntegrationRow): IntegrationRecord => ({
  id: r.id,
  workspaceId: r.workspace_id,
  name: r.name,
  kind: r.kind,
  timeoutMs: r.timeout_ms,
  linkingTeamIds: r.linking_team_ids,
  frameOrigins: r.frame_origins,
  provider: r.provider,
  createdBy: r.created_by,
});

/** The workspace's integrations with their tokens (`manageIntegrations`). */
export async function listIntegrations(db: Db, actor: Actor): Promise<Integration[]> {
  assertCan(actor, 'manageIntegrations');
  const rows = await repo.listIntegrations(db, actor.workspaceId);
  const tokens = await listIntegrationTokens(
    db,
    actor.workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentIntegration(r, tokens.get(r.id) ?? []));
}

/** One integration with its tokens (`manageIntegrations`). */
export async function getIntegration(db: Db, actor: Actor, id: string): Promise<Integration> {
  assertCan(actor, 'manageIntegrations');
  return readIntegration(db, actor.workspaceId, id);
}

/**
 * Creates an integration with its first token, answering the token's secret (the only time it is shown). The panel
 * secret and, for a helpdesk, the provider's webhook secret are generated and stored sealed.
 */
export async function createIntegration(
  deps: IntegrationsDeps,
  actor: Actor,
  input: CreateIntegrationRequest,
  /** What the caller's module stores about the new integration, in the same transaction (all or nothing). */
  alongside?: (tx: Tx, integrationId: string) => Promise<void>,
): Promise<{ integration: Integration; secret: string }> {
  assertCan(actor, 'manageIntegrations');
  const body = ZCreateIntegrationRequest.parse(input);
  await assertTeamsExist(deps.db, actor.workspaceId, body.linkingTeamIds);
  const connection = body.connection;
  return transaction(deps.db, async (tx) => {
    const id = await repo.insertIntegration(tx, {
      workspaceId: actor.workspaceId,
      name: body.name,
      kind: body.kind,
      timeoutMs: body.timeoutSeconds * 1000,
      linkingTeamIds: [...new Set(body.linkingTeamIds)],
      frameOrigins: origins(body.frameOrigins),
      panelSecretSealed: deps.secrets.seal(randomBytes(32).toString('base64url')),
      provider: connection?.provider ?? null,
      providerBaseUrl: connection?.baseUrl.replace(/\/$/, '') ?? null,
      providerAccountId: connection?.accountId ?? null,
      providerTokenSealed: connection?.apiToken ? deps.secrets.seal(connection.apiToken) : null,
      providerWebhookSecretSealed: connection?.webhookSecret
        ? deps.secrets.seal(connection.webhookSecret)
        : null,
      createdBy: actor.userId,
    });
    const { secret } = await createIntegrationToken(tx, actor, id, {
      name: body.name,
      scopes: body.scopes,
      allowedCidrs: body.allowedCidrs,
      expiresOn: null,
    });
    await alongside?.(tx, id);
    return { integration: await readIntegration(tx, actor.workspaceId, id), secret };
  });
}

async function assertTeamsExist(db: Queryable, workspaceId: string, ids: string[]) {
  const teams = await existingTeamIds(db, workspaceId, ids);
  const unknown = ids.findIndex((t) => !teams.has(t));
  if (unknown >= 0) {
    throw validationError([{ field: `linkingTeamIds.${unknown}`, code: 'unknown_team', message: '' }]);
  }
}

/** Origins as the browser sends them (no trailing slash), each once. */
const origins = (list: string[]) => [...new Set(list.map((o) => o.replace(/\/$/, '')))];

async function readIntegration(db: Queryable, workspaceId: string, id: string): Promise<Integration> {
  const row = await repo.findIntegration(db, workspaceId, id);
  if (!row) throw notFound();
  const tokens = await listIntegrationTokens(db, workspaceId, [id]);
  return presentIntegration(row, tokens.get(id) ?? []);
}

/** Locks a live integration for a change; 404 when it is not one of the workspace's. */
async function lockLive(tx: Queryable, workspaceId: string, id: string): Promise<number> {
  const version = await repo.lockIntegration(tx, workspaceId, id);
  if (version === null) throw notFound();
  return version;
}

/**
 * Edits an integration at the version the client read (`manageIntegrations`, 412 when stale). Scopes and networks
 * apply at once to every live token of it; the provider's API token is kept when the connection omits it.
 */
export async function updateIntegration(
  deps: IntegrationsDeps,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: UpdateIntegrationRequest,
): Promise<Integration> {
  assertCan(actor, 'manageIntegrations');
  const body = ZUpdateIntegrationRequest.parse(input);
  if (body.linkingTeamIds) await assertTeamsExist(deps.db, actor.workspaceId, body.linkingTeamIds);
  const connection = body.connection;
  return transaction(deps.db, async (tx) => {
    const current = await lockLive(tx, actor.workspaceId, id);
    if (current !== expectedVersion) throw versionMismatch(current);
    await repo.updateIntegration(tx, actor.workspaceId, id, {
      name: body.name ?? null,
      timeoutMs: body.timeoutSeconds === undefined ? null : body.timeoutSeconds * 1000,
      linkingTeamIds: body.linkingTeamIds ? [...new Set(body.linkingTeamIds)] : null,
      frameOrigins: body.frameOrigins ? origins(body.frameOrigins) : null,
      connection:
        connection === undefined
          ? 'keep'
          : connection === null
            ? 'remove'
            : {
                provider: connection.provider,
                baseUrl: connection.baseUrl.replace(/\/$/, ''),
                accountId: connection.accountId,
                tokenSealed: connection.apiToken ? deps.secrets.seal(connection.apiToken) : null,
                webhookSecretSealed: connection.webhookSecret
                  ? deps.secrets.seal(connection.webhookSecret)
                  : null,
              },
    });
    if (body.scopes || body.allowedCidrs) {
      await setIntegrationTokensAccess(tx, actor, id, {
        scopes: body.scopes ?? null,
        allowedCidrs: body.allowedCidrs ?? null,
      });
    }
    return readIntegration(tx, actor.workspaceId, id);
  });
}

/**
 * Deletes an integration (kept as deleted for the history) and revokes all its tokens in the same transaction: the
 * next call with any of them answers 401 (`manageIntegrations`).
 */
export async function deleteIntegration(db: Db, actor: Actor, id: string): Promise<void> {
  assertCan(actor, 'manageIntegrations');
  await transaction(db, async (tx) => {
    await lockLive(tx, actor.workspaceId, id);
    await revokeIntegrationTokens(tx, actor, id);
    await repo.softDeleteIntegration(tx, actor.workspaceId, id);
  });
}

/**
 * Issues a new token with the integration's current scopes and networks; the live ones keep working `overlapHours`
 * more (0: they stop now). The new secret is answered once (`manageIntegrations`).
 */
export async function rotateToken(
  db: Db,
  actor: Actor,
  id: string,
  input: RotateIntegrationRequest,
): Promise<{ integration: Integration; secret: string }> {
  assertCan(actor, 'manageIntegrations');
  const { overlapHours } = ZRotateIntegrationRequest.parse(input);
  return transaction(db, async (tx) => {
    await lockLive(tx, actor.workspaceId, id);
    const before = await readIntegration(tx, actor.workspaceId, id);
    const { secret } = await rotateIntegrationToken(tx, actor, id, {
      name: before.name,
      scopes: before.scopes,
      allowedCidrs: before.allowedCidrs,
      overlapHours,
    });
    return { integration: await readIntegration(tx, actor.workspaceId, id), secret };
  });
}

/** Revokes one token of an integration at once, e.g. the old one before its overlap ends (`manageIntegrations`). */
export async function revokeToken(db: Db, actor: Actor, id: string, tokenId: string): Promise<Integration> {
  assertCan(actor, 'manageIntegrations');
  return transaction(db, async (tx) => {
    await lockLive(tx, actor.workspaceId, id);
    await revokeIntegrationToken(tx, actor, id, tokenId);
    return readIntegration(tx, actor.workspaceId, id);
  });
}

/** The helpdesk agents an integration has seen (or an admin mapped) and whom each acts as (`manageIntegrations`). */
export async function listAgents(db: Db, actor: Actor, id: string): Promise<IntegrationAgent[]> {
  assertCan(actor, 'manageIntegrations');
  if (!(await repo.findIntegration(db, actor.workspaceId, id))) throw notFound();
  return (await repo.listAgents(db, actor.workspaceId, id)).map(presentAgent);
}

/**
 * Maps a helpdesk agent to a user by hand (`manageIntegrations`): kept over any later e-mail match; an agent not seen
 * yet is added. The user must be an active user of the workspace (422 otherwise); null: the agent may not act.
 */
export async function mapAgent(
  db: Db,
  actor: Actor,
  id: string,
  agentId: string,
  input: MapAgentRequest,
): Promise<IntegrationAgent> {
  assertCan(actor, 'manageIntegrations');
  const { userId } = ZMapAgentRequest.parse(input);
  return transaction(db, async (tx) => {
    await lockLive(tx, actor.workspaceId, id);
    const row = await repo.mapAgent(tx, actor.workspaceId, id, agentId, userId);
    if (!row) throw validationError([{ field: 'userId', code: 'unknown_user', message: '' }]);
    return presentAgent(row);
  });
}

/** An integration of the workspace, for the features built on it (no capability: the caller is the integration). */
export async function findIntegrationRecord(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<IntegrationRecord | null> {
  const row = await repo.findIntegration(db, workspaceId, id);
  return row && recordOf(row);
}

/** The workspace's lead sources by name, for other modules' pickers (their own capability applies). */
export async function listLeadSourceNames(
  db: Db,
  workspaceId: string,
): Promise<{ id: string; name: string }[]> {
  return (await repo.listIntegrations(db, workspaceId))
    .filter((r) => r.kind === 'lead_source')
    .map((r) => ({ id: r.id, name: r.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));
}

/** An integration by id alone, for calls that arrive before a workspace is known (panel page, provider webhook). */
export async function findIntegrationById(db: Db, id: string): Promise<IntegrationRecord | null> {
  const row = await repo.findIntegrationById(db, id);
  return row && recordOf(row);
}

/** The key that signs the panel's query parameters and authenticates its session exchange (unsealed). */
export async function panelSecret(deps: IntegrationsDeps, integration: IntegrationRecord): Promise<string> {
  const row = await repo.findIntegration(deps.db, integration.workspaceId, integration.id);
  if (!row?.panel_secret_sealed) throw notFound();
  return deps.secrets.open(row.panel_secret_sealed);
}

/** How Funil reaches the integration's helpdesk (Chatwoot REST API) and verifies its webhooks; null: not a helpdesk. */
export async function providerCredentials(
  deps: IntegrationsDeps,
  integration: IntegrationRecord,
): Promise<{
  provider: HelpdeskProvider;
  baseUrl: string;
  accountId: string;
  apiToken: string | null;
  /** null: none pasted yet, so the helpdesk's webhooks are refused. */
  webhookSecret: string | null;
} | null> {
  const row = await repo.findIntegration(deps.db, integration.workspaceId, integration.id);
  if (!row?.provider || !row.provider_base_url || !row.provider_account_id) {
    return null;
  }
  return {
    provider: row.provider,
    baseUrl: row.provider_base_url,
    accountId: row.provider_account_id,
    apiToken: row.provider_token_sealed ? deps.secrets.open(row.provider_token_sealed) : null,
    webhookSecret: row.provider_webhook_secret_sealed
      ? deps.secrets.open(row.provider_webhook_secret_sealed)
      : null,
  };
}

/**
 * The Funil user a helpdesk agent acts as: the agent is recorded (seen now) and matched by e-mail when not yet
 * mapped; null when no user is mapped — such an agent may not act.
 */
export async function resolveAgent(
  db: Db,
  integration: IntegrationRecord,
  agent: { id: string; name?: string | null; email?: string | null },
): Promise<{ userId: string | null; matchedBy: 'email' | 'manual' | 'none' }> {
  const row = await repo.upsertAgent(db, integration.workspaceId, integration.id, {
    id: agent.id,
    name: agent.name ?? null,
    email: agent.email?.trim() || null,
  });
  return { userId: row?.user_id ?? null, matchedBy: row?.matched_by ?? 'none' };
}
