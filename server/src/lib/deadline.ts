import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How long a caller waits at most (an integration's "tempo máximo de resposta"). Whoever answers the caller ends it
 * (`expire`); the database work of the same request reads it (`currentDeadline`) to bound its statements and to
 * never commit once the caller was told it timed out.
 */
export class Deadline {
  readonly #endsAt: number;
  #state: 'running' | 'committing' | 'answered' | 'expired' = 'running';

  constructor(readonly timeoutMs: number) {
    this.#endsAt = Date.now() + timeoutMs;
  }

  /** Milliseconds left (0 when past). */
  remainingMs(): number {
    return Math.max(0, this.#endsAt - Date.now());
  }

  get expired(): boolean {
    return this.#state === 'expired';
  }

  /**
   * Ends the wait: from now on no transaction of the request may commit. Refused (false) while a commit is in
   * flight — that commit's outcome, not a timeout, is the caller's answer.
   */
  expire(): boolean {
    if (this.#state === 'committing' || this.#state === 'answered') return false;
    this.#state = 'expired';
    return true;
  }

  /** The caller's answer is on its way (not a timeout): `expire` is refused from now on. */
  settle(): void {
    if (this.#state !== 'expired') this.#state = 'answered';
  }

  /** A transaction is about to commit: allowed only while not expired; holds off `expire` until `committed`. */
  beginCommit(): boolean {
    if (this.#state === 'expired') return false;
    this.#state = 'committing';
    return true;
  }

  committed(): void {
    if (this.#state === 'committing') this.#state = 'running';
  }
}

const storage = new AsyncLocalStorage<Deadline>();

/** Runs `work` with `deadline` as the current one (the database reads it). */
export function runWithDeadline<T>(deadline: Deadline, work: () => T): T {
  return storage.run(deadline, work);
}

/** The deadline of the request being served, if it has one. */
export function currentDeadline(): Deadline | null {
  return storage.getStore() ?? null;
}

/** Thrown when a request's work would go on (or commit) after its caller was answered with a timeout. */
export class DeadlineExceeded extends Error {
  readonly code = '57014';
  constructor() {
    super('deadline exceeded');
  }
}
