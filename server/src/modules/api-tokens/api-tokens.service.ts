import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiScope, ApiToken } from '@funil/domain';
import type { Db, Queryable } from '../../db/pool.ts';
import { notFound } from '../../lib/errors.ts';
import { sha256 } from '../../lib/hashing.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import type { ApiTokenPrincipal } from './api-token.principal.ts';
import { presentApiToken } from './api-tokens.presenter.ts';
import * as repo from './api-tokens.repository.ts';

// A token reads `fnl_<prefix>_<secret>`: the prefix (public, shown in lists) finds the row, the sha256 of the
// whole token is compared in constant time. The secret is shown once, at creation, and never stored or logged.
const TOKEN_PATTERN = /^fnl_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => Buffer.from(sha256(token), 'hex');

/** A new token for an integration (its first, or a rotation's), secret answered once (`manageIntegrations`). */
export async function createIntegrationToken(
  db: Queryable,
  actor: Actor,
  integrationId: string,
  input: { name: string; scopes: ApiScope[]; allowedCidrs: string[]; expiresOn: string | null },
): Promise<{ token: ApiToken; secret: string }> {
  assertCan(actor, 'manageIntegrations');
  return issueToken(db, actor, integrationId, input);
}

/** The tokens of some integrations, by integration. */
export async function listIntegrationTokens(
  db: Queryable,
  workspaceId: string,
  integrationIds: string[],
): Promise<Map<string, ApiToken[]>> {
  const byIntegration = new Map<string, ApiToken[]>();
  for (const row of await repo.listTokensOf(db, workspaceId, integrationIds)) {
    const list = byIntegration.get(row.integration_id) ?? [];
    list.push(presentApiToken(row));
    byIntegration.set(row.integration_id, list);
  }
  return byIntegration;
}

async function issueToken(
  db: Queryable,
  actor: Actor,
  integrationId: string,
  body: { name: string; scopes: ApiScope[]; allowedCidrs: string[]; expiresOn: string | null },
): Promise<{ token: ApiToken; secret: string }> {
  const prefix = randomBytes(6).toString('hex');
  const secret = `fnl_${prefix}_${randomBytes(32).toString('base64url')}`;
  const id = await repo.insertToken(db, {
    workspaceId: actor.workspaceId,
    integrationId,
    name: body.name,
    prefix,
    hash: hashOf(secret),
    scopes: body.scopes,
    cidrs: body.allowedCidrs,
    createdBy: actor.userId,
    expiresOn: body.expiresOn,
  });
  const row = await repo.findToken(db, actor.workspaceId, id);
  if (!row) throw notFound();
  return { token: presentApiToken(row), secret };
}

/** Revokes one token of an integration at once: its next request answers 401 (`manageIntegrations`). */
export async function revokeIntegrationToken(
  db: Queryable,
  actor: Actor,
  integrationId: string,
  tokenId: string,
): Promise<void> {
  assertCan(actor, 'manageIntegrations');
  if (!(await repo.revokeToken(db, actor.workspaceId, integrationId, tokenId, actor.userId)))
    throw notFound();
}

/** Revokes every token of an integration (deleting it): the next call with any of them answers 401. */
export async function revokeIntegrationTokens(
  db: Queryable,
  actor: Actor,
  integrationId: string,
): Promise<void> {
  assertCan(actor, 'manageIntegrations');
  await repo.revokeTokensOf(db, actor.workspaceId, integrationId, actor.userId);
}

/** Applies an integration's edited scopes and networks to each of its live tokens (`manageIntegrations`). */
export async function setIntegrationTokensAccess(
  db: Queryable,
  actor: Actor,
  integrationId: string,
  access: { scopes: ApiScope[] | null; allowedCidrs: string[] | null },
): Promise<void> {
  assertCan(actor, 'manageIntegrations');
  await repo.setLiveTokensAccess(db, actor.workspaceId, integrationId, {
    scopes: access.scopes,
    cidrs: access.allowedCidrs,
  });
}

/**
 * Rotates an integration's token: the live ones end `overlapHours` from now (0: at once) and a new one with the same
 * scopes and networks is issued, its secret answered once (`manageIntegrations`).
 */
export async function rotateIntegrationToken(
  db: Queryable,
  actor: Actor,
  integrationId: string,
  input: { name: string; scopes: ApiScope[]; allowedCidrs: string[]; overlapHours: number },
): Promise<{ token: ApiToken; secret: string }> {
  assertCan(actor, 'manageIntegrations');
  await repo.expireLiveTokens(db, actor.workspaceId, integrationId, input.overlapHours);
  return issueToken(db, actor, integrationId, { ...input, expiresOn: null });
}

export type TokenCheck =
  | { outcome: 'invalid' }
  /** Who was refused, for the log line (never the secret). */
  | { outcome: 'ip-refused'; integrationId: string; prefix: string }
  | { outcome: 'ok'; principal: ApiTokenPrincipal };

/** Checks a bearer token: unknown, revoked or expired → invalid; outside its allowed addresses → ip-refused. */
export async function verifyApiToken(db: Db, token: string, ip: string | null): Promise<TokenCheck> {
  const match = TOKEN_PATTERN.exec(token);
  if (!match?.[1]) return { outcome: 'invalid' };
  const row = await repo.findCredentials(db, match[1], ip);
  if (!row || !timingSafeEqual(hashOf(token), row.token_hash) || !row.usable) return { outcome: 'invalid' };
  if (!row.ip_allowed) {
    return { outcome: 'ip-refused', integrationId: row.integration_id, prefix: `fnl_${row.prefix}` };
  }
  if (row.touch_due) await repo.touchToken(db, row.workspace_id, row.id, ip);
  return {
    outcome: 'ok',
    principal: {
      tokenId: row.id,
      workspaceId: row.workspace_id,
      integrationId: row.integration_id,
      timeoutMs: row.timeout_ms,
      name: row.name,
      prefix: `fnl_${row.prefix}`,
      scopes: row.scopes,
    },
  };
}
