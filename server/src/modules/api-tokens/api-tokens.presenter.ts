import type { ApiToken, ApiTokenStatus } from '@funil/domain';
import type { ApiTokenRow } from './api-tokens.repository.ts';

function statusOf(r: ApiTokenRow, now = new Date()): ApiTokenStatus {
  if (r.revoked_at) return 'revoked';
  if (r.expires_at && r.expires_at <= now) return 'expired';
  return 'active';
}

/** A token as the API shows it: the public prefix, never the hash or the secret. */
export function presentApiToken(r: ApiTokenRow): ApiToken {
  return {
    id: r.id,
    name: r.name,
    prefix: `fnl_${r.prefix}`,
    scopes: r.scopes,
    allowedCidrs: r.allowed_cidrs,
    status: statusOf(r),
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by ? { id: r.created_by, name: r.created_by_name ?? '' } : null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    lastUsedIp: r.last_used_ip,
    expiresAt: r.expires_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}
