import { NotifiedCache } from '../../db/notified-cache.ts';
import type { Actor } from './actor.ts';

/** How long an answer is kept at most (a session that expires meanwhile is refused this much later, at worst). */
const TTL_MS = 10_000;

/**
 * Who a session token is, kept by this app instance for a few seconds: the lookup runs on every request and was the
 * dearest statement of a write (bench/RESULTS.md, people). Postgres says when anything the lookup reads changes
 * (sessions, users, teams, members, integrations, workspaces: triggers of migration 0046 NOTIFY `funil_actors` at
 * commit); see NotifiedCache for the rest. Keys are a token hash and how it came; a token that matches nothing is
 * asked again every time.
 */
export class ActorCache extends NotifiedCache<Actor> {
  constructor(databaseUrl: string) {
    super(databaseUrl, 'funil_actors', TTL_MS);
  }
}
