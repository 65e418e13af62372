import { hash, verify } from '@node-rs/argon2';
import type { Db, Queryable } from '../../db/pool.ts';
import { DomainError } from '../../lib/errors.ts';
import { randomToken, sha256 } from '../../lib/hashing.ts';
import type { ActorCache } from './actor-cache.ts';
import * as repo from './auth.repository.ts';

/** Failed attempts allowed before the account locks: the next (11th) attempt gets 429. */
export const MAX_FAILED_LOGINS = 10;
export const LOCK_MINUTES = 15;

// Verifying against a real hash for unknown e-mails keeps response times alike (no account probing).
const DUMMY_HASH = await hash('funil-dummy-password');

/** argon2id with the library's defaults (m=19 MiB, t=2). */
export const hashPassword = (password: string) => hash(password);

/** Checks e-mail and password; returns a new session token for the cookie. */
export async function login(db: Db, email: string, password: string, sessionDays: number) {
  const user = await repo.findLoginUser(db, email);
  if (!user?.active) {
    await verify(DUMMY_HASH, password).catch(() => false);
    throw new DomainError('invalid-credentials', 401);
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    throw new DomainError('too-many-attempts', 429);
  }
  const ok = await verify(user.passwordHash, password).catch(() => false);
  if (!ok) {
    await repo.recordFailedLogin(db, user.workspaceId, user.id, MAX_FAILED_LOGINS, LOCK_MINUTES);
    throw new DomainError('invalid-credentials', 401);
  }
  await repo.resetFailedLogins(db, user.workspaceId, user.id);
  const token = randomToken();
  await repo.insertSession(db, {
    tokenHash: sha256(token),
    workspaceId: user.workspaceId,
    userId: user.id,
    days: sessionDays,
  });
  return { token, userId: user.id, workspaceId: user.workspaceId };
}

/** Ends one session. */
export async function logout(db: Db, token: string) {
  await repo.deleteSession(db, sha256(token));
}

/**
 * Finds who a session token belongs to; null when missing, expired or the user was deactivated. With `cache`, an
 * answer of the last seconds may come from memory (actor-cache.ts says what keeps it true).
 */
export function authenticate(db: Db, token: string, cache?: ActorCache) {
  return findActor(db, sha256(token), 'cookie', cache);
}

/** Finds who a helpdesk panel session token (X-Funil-Panel-Session) belongs to; ordinary sessions never match. */
export function authenticatePanel(db: Db, token: string, cache?: ActorCache) {
  return findActor(db, sha256(token), 'panel', cache);
}

function findActor(db: Db, tokenHash: string, via: 'cookie' | 'panel', cache: ActorCache | undefined) {
  const lookup = () => repo.findActorBySession(db, tokenHash, via);
  return cache ? cache.get(`${via}:${tokenHash}`, lookup) : lookup();
}

/**
 * Opens a short-lived panel session acting as `userId` for a helpdesk agent of an integration; null (and nothing
 * kept) when that user cannot act (deactivated). The token is answered once and stored only as its hash.
 */
export async function openPanelSession(
  db: Db,
  s: { workspaceId: string; userId: string; integrationId: string; agentId: string; minutes: number },
) {
  const token = randomToken();
  const tokenHash = sha256(token);
  const expiresAt = await repo.insertPanelSession(db, { ...s, tokenHash });
  const actor = await repo.findActorBySession(db, tokenHash, 'panel');
  if (!actor) {
    await repo.deleteSession(db, tokenHash);
    return null;
  }
  return { token, expiresAt, actor };
}

/** A user as an actor without a session: what a machine (a helpdesk's webhooks) does on behalf of who set it up. */
export function actorForUser(db: Queryable, workspaceId: string, userId: string) {
  return repo.findActorByUser(db, workspaceId, userId);
}

/** Signs a user out everywhere (deactivated, or password changed). */
export const revokeUserSessions = (db: Queryable, workspaceId: string, userId: string) =>
  repo.deleteUserSessions(db, workspaceId, userId);
