import type { ApiToken, Integration } from '@funil/domain';
import type { IntegrationRow } from './integrations.repository.ts';

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
          }
        : null,
    tokens,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by ? { id: r.created_by, name: r.created_by_name ?? '' } : null,
  };
}
