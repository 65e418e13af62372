import { type Listener, listen } from '../../db/listener.ts';
import type { Actor } from './actor.ts';

const CHANNEL = 'funil_actors';
/** How long an answer is kept at most (a session that expires meanwhile is refused this much later, at worst). */
const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;
const RETRY_MS = 1000;

/**
 * Who a session token is, kept by this app instance for a few seconds: the lookup runs on every request and was the
 * dearest statement of a write (bench/RESULTS.md, people). What keeps it true:
 * - Postgres says when anything the lookup reads changes (sessions, users, teams, members, integrations, workspaces:
 *   triggers of migration 0046 NOTIFY `funil_actors` at commit), to every instance: all is forgotten.
 * - This instance forgets at once after its own requests that may change it (`forget`, from the app's hooks).
 * - An answer looked up while something was forgotten is not kept (it may predate the change).
 * - Without the LISTEN connection (not yet open, lost), nothing is kept: every request asks the database.
 * Only found actors are kept; a token that matches nothing is asked again every time.
 */
export class ActorCache {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();
  private listener: Listener | null = null;
  private connecting = false;
  private closed = false;
  /** Bumped by every `forget`: an answer looked up under an older generation is not kept. */
  private generation = 0;

  constructor(private readonly databaseUrl: string) {}

  /** The actor of `key` (a token hash and how it came), from memory or `lookup`. */
  async get(key: string, lookup: () => Promise<Actor | null>): Promise<Actor | null> {
    const kept = this.entries.get(key);
    if (kept && kept.until > Date.now()) return kept.actor;
    if (!this.listener) this.connect();
    const generation = this.generation;
    const actor = await lookup();
    if (actor && this.listener && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, { actor, until: Date.now() + TTL_MS });
    }
    return actor;
  }

  forget(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.forget();
    await this.listener?.close();
    this.listener = null;
  }

  private connect() {
    if (this.connecting || this.closed) return;
    this.connecting = true;
    let lost = false;
    listen(
      this.databaseUrl,
      CHANNEL,
      () => this.forget(),
      () => {
        lost = true;
        this.listener = null;
        this.forget();
      },
    )
      .then(async (listener) => {
        if (this.closed || lost) await listener.close();
        // Changes made before LISTEN began were never heard: start from nothing.
        else {
          this.forget();
          this.listener = listener;
        }
      })
      // The next lookup tries again, not before a pause (the database may be away).
      .catch(() => new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref()))
      .finally(() => {
        this.connecting = false;
      });
  }
}
