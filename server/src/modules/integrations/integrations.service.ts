import { randomBytes } from 'node:crypto';
import {
  type CreateIntegrationRequest,
  type HelpdeskProvider,
  type Integration,
  type IntegrationKind,
  ZCreateIntegrationRequest,
} from '@funil/domain';
import { type Db, transaction } from '../../db/pool.ts';
import { notFound, validationError } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { createIntegrationToken, listIntegrationTokens } from '../api-tokens/api-tokens.service.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { existingTeamIds } from '../users/users.service.ts';
import { presentIntegration } from './integrations.presenter.ts';
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
  const row = await repo.findIntegration(db, actor.workspaceId, id);
  if (!row) throw notFound();
  const tokens = await listIntegrationTokens(db, actor.workspaceId, [id]);
  return presentIntegration(row, tokens.get(id) ?? []);
}

/**
 * Creates an integration with its first token, answering the token's secret (the only time it is shown). The panel
 * secret and, for a helpdesk, the provider's webhook secret are generated and stored sealed.
 */
export async function createIntegration(
  deps: IntegrationsDeps,
  actor: Actor,
  input: CreateIntegrationRequest,
): Promise<{ integration: Integration; secret: string }> {
  assertCan(actor, 'manageIntegrations');
  const body = ZCreateIntegrationRequest.parse(input);
  const teams = await existingTeamIds(deps.db, actor.workspaceId, body.linkingTeamIds);
  const unknown = body.linkingTeamIds.findIndex((t) => !teams.has(t));
  if (unknown >= 0) {
    throw validationError([{ field: `linkingTeamIds.${unknown}`, code: 'unknown_team', message: '' }]);
  }
  const connection = body.connection;
  return transaction(deps.db, async (tx) => {
    const id = await repo.insertIntegration(tx, {
      workspaceId: actor.workspaceId,
      name: body.name,
      kind: body.kind,
      timeoutMs: body.timeoutSeconds * 1000,
      linkingTeamIds: [...new Set(body.linkingTeamIds)],
      frameOrigins: [...new Set(body.frameOrigins.map((o) => o.replace(/\/$/, '')))],
      panelSecretSealed: deps.secrets.seal(randomBytes(32).toString('base64url')),
      provider: connection?.provider ?? null,
      providerBaseUrl: connection?.baseUrl.replace(/\/$/, '') ?? null,
      providerAccountId: connection?.accountId ?? null,
      providerTokenSealed: connection?.apiToken ? deps.secrets.seal(connection.apiToken) : null,
      providerWebhookSecretSealed: connection
        ? deps.secrets.seal(randomBytes(24).toString('base64url'))
        : null,
      createdBy: actor.userId,
    });
    const { secret } = await createIntegrationToken(tx, actor, id, {
      name: body.name,
      scopes: body.scopes,
      allowedCidrs: body.allowedCidrs,
      expiresOn: null,
    });
    const row = await repo.findIntegration(tx, actor.workspaceId, id);
    if (!row) throw notFound();
    const tokens = await listIntegrationTokens(tx, actor.workspaceId, [id]);
    return { integration: presentIntegration(row, tokens.get(id) ?? []), secret };
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
  webhookSecret: string;
} | null> {
  const row = await repo.findIntegration(deps.db, integration.workspaceId, integration.id);
  if (
    !row?.provider ||
    !row.provider_base_url ||
    !row.provider_account_id ||
    !row.provider_webhook_secret_sealed
  ) {
    return null;
  }
  return {
    provider: row.provider,
    baseUrl: row.provider_base_url,
    accountId: row.provider_account_id,
    apiToken: row.provider_token_sealed ? deps.secrets.open(row.provider_token_sealed) : null,
    webhookSecret: deps.secrets.open(row.provider_webhook_secret_sealed),
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
