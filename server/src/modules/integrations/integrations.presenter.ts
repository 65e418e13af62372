import type { ApiToken, Integration, IntegrationAgent } from '@funil/domain';
import type { AgentRow, IntegrationRow } from './integrations.repository.ts';

/** An integration as the API shows it: its settings and tokens, never a secret (only whether one is stored). */
export function presentIntegration(r: IntegrationRow, tokens: ApiToken[]): Integration {
  const current = tokens.find((t) => t.status === 'active') ?? tokens[0];
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    scopes: current?.scopes ?? [],
    allowedCidrs: current?.allowedCidrs ?? [],
    timeoutSeconds: Math.round(r.timeout_ms / 1000),
    linkingTeamIds: r.linking_team_ids,
    frameOrigins: r.frame_origins,
    connection:
      r.provider && r.provider_base_url && r.provider_account_id
        ? {
            provider: r.provider,
            baseUrl: r.provider_base_url,
            accountId: r.provider_account_id,
            hasApiToken: r.provider_token_sealed !== null,
            hasWebhookSecret: r.provider_webhook_secret_sealed !== null,
          }
        : null,
    tokens,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by ? { id: r.created_by, name: r.created_by_name ?? '' } : null,
  };
}

/** A helpdesk agent and the user it acts as. */
export function presentAgent(r: AgentRow): IntegrationAgent {
  return {
    agentId: r.agent_id,
    name: r.name,
    email: r.email,
    user: r.user_id ? { id: r.user_id, name: r.user_name ?? '' } : null,
    matchedBy: r.matched_by,
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
  };
}
