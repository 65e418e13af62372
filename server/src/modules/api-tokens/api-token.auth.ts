import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/pool.ts';
import { sendProblem } from '../../http/errors.ts';
import { verifyApiToken } from './api-tokens.service.ts';

/** The bearer token of a request, when it sends one. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/**
 * The address the request came from: the connection's, or what a configured trusted proxy says
 * (FUNIL_TRUST_PROXY) — never a forwarded header from anyone else, who could write any address there. IPv4
 * clients of a dual-stack socket show as `::ffff:a.b.c.d`.
 */
function clientAddress(request: FastifyRequest): string | null {
  const address = request.ip || null;
  return address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * Authenticates an API-token request (onRequest hook): a bad, revoked or expired token → 401; a route that
 * declares no scope of the token, or an address outside the token's blocks → 403. Sessions are ignored.
 */
export async function authenticateApiToken(db: Db, request: FastifyRequest, reply: FastifyReply) {
  const token = bearerToken(request) ?? '';
  const check = await verifyApiToken(db, token, clientAddress(request));
  if (check.outcome === 'invalid') return sendProblem(request, reply, 'unauthenticated', 401);
  // No such route: the not-found handler answers.
  if (!request.routeOptions.url) return;
  if (check.outcome === 'ip-refused') {
    // Who knocked from where, for the admin to follow up; the prefix is public, the secret never logged.
    request.log.warn(
      { integrationId: check.integrationId, tokenPrefix: check.prefix, address: clientAddress(request) },
      'API token refused: address outside the allowed networks',
    );
    return sendProblem(request, reply, 'forbidden', 403, { detail: 'Endereço de origem não permitido.' });
  }
  const scope = request.routeOptions.config?.apiScope;
  if (!scope || !check.principal.scopes.includes(scope)) {
    return sendProblem(request, reply, 'forbidden', 403);
  }
  request.apiToken = check.principal;
}
