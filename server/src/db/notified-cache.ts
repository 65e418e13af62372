import { type Listener, listen } from './listener.ts';

const MAX_ENTRIES = 10_000;
const RETRY_MS = 1000;

/**
 * Answers kept by this app instance for a few seconds, forgotten whenever Postgres says what they read changed. What
 * keeps them true:
 * - Triggers on the tables an answer reads NOTIFY `channel` at commit, to every instance: all is forgotten.
 * - This instance forgets at once after its own requests that may change them (`forget`, from the app's hooks).
 * - An answer looked up while something was forgotten is not kept (it may predate the change).
 * - Without the LISTEN connection (not yet open, lost), nothing is kept: every call asks the database.
 * Only answers that are not null are kept.
 */
export class NotifiedCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  private listener: Listener | null = null;
  private connecting = false;
  private closed = false;
  /** Bumped by every `forget`: an answer looked up under an older generation is not kept. */
  private generation = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    /** How long an answer is kept at most. */
    private readonly ttlMs: number,
  ) {}

  /** The answer for `key`, from memory or `lookup`. */
  async get(key: string, lookup: () => Promise<V | null>): Promise<V | null> {
    const kept = this.entries.get(key);
    if (kept && kept.until > Date.now()) return kept.value;
    if (!this.listener) this.connect();
    const generation = this.generation;
    const value = await lookup();
    if (value !== null && this.listener && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, { value, until: Date.now() + this.ttlMs });
    }
    return value;
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
      this.channel,
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
