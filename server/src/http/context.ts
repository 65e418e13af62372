import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { ApiScope } from '@funil/domain';
import type { Env } from '../config/env.ts';
import type { Db } from '../db/pool.ts';
import { DomainError } from '../lib/errors.ts';
import type { FileStore } from '../lib/file-store.ts';
import type { SecretBox } from '../lib/secret-box.ts';
import type { ApiTokenPrincipal } from '../modules/api-tokens/api-token.principal.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { ActorCache } from '../modules/auth/actor-cache.ts';
import type { CustomFieldCache } from '../modules/custom-fields/custom-fields.cache.ts';
import type { DialerRuntime } from '../modules/dialer/dialer.service.ts';
import type { RealtimeHub } from '../modules/realtime/realtime.hub.ts';

/** What every route plugin gets: the pool, the settings, the file store and the realtime fan-out. */
export type AppDeps = {
  db: Db;
  env: Env;
  files: FileStore;
  secrets: SecretBox;
  realtime: RealtimeHub;
  /** Who session tokens are, kept for seconds (absent: every request asks the database). */
  actors?: ActorCache;
  /** The workspaces' custom field definitions, kept for a minute (absent: every check asks the database). */
  customFields?: CustomFieldCache;
  /** The telephony the auto-dialer calls through; absent: the dialer answers 503 `telephony-unavailable`. */
  dialer?: DialerRuntime | null;
  /** Jobs waiting per queue, for the metrics (the job queue starts after the app). */
  jobQueueDepth?: () => Promise<Record<string, number>>;
};

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The API token of a machine client (Authorization: Bearer); never set together with `actor`. */
    apiToken: ApiTokenPrincipal | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without a session (login, health, docs). */
    public?: boolean;
    /** Routes for API tokens (ERP): the scope a token needs; a token reaches no other route. */
    apiScope?: ApiScope;
    /** A route's own security headers (@fastify/helmet reads it; the docs pages use it). */
    helmet?: FastifyHelmetOptions;
    /** Problem statuses this route answers beyond those its schema implies (published in OpenAPI). */
    problems?: number[];
  }
}

/** The signed-in user of a request; routes call it instead of reading `request.actor` directly. */
export function requireActor(request: { actor: Actor | null }): Actor {
  if (!request.actor) throw new DomainError('unauthenticated', 401);
  return request.actor;
}

export const SESSION_COOKIE = 'funil_session';
