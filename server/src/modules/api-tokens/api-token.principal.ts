import type { ApiScope } from '@funil/domain';
import { DomainError, forbidden } from '../../lib/errors.ts';

/** A machine client authenticated by an API token: not a user, it acts only within its scopes. */
export type ApiTokenPrincipal = {
  tokenId: string;
  workspaceId: string;
  /** The integration that owns the token (every token belongs to one). */
  integrationId: string;
  /** The integration's "tempo máximo de resposta": the request is answered within it (504 otherwise). */
  timeoutMs: number;
  name: string;
  prefix: string;
  scopes: ApiScope[];
};

/**
 * The token of a request to a token-only route (the ERP API). Session users are refused: the ERP data
 * is fed exclusively by the integration, so nobody types titles or limits in by hand.
 */
export function requireApiToken(
  request: { apiToken: ApiTokenPrincipal | null; actor: unknown },
  scope: ApiScope,
): ApiTokenPrincipal {
  const token = request.apiToken;
  if (!token) {
    if (request.actor) throw forbidden('Esta rota aceita apenas tokens de API.');
    throw new DomainError('unauthenticated', 401);
  }
  if (!token.scopes.includes(scope)) throw forbidden();
  return token;
}
