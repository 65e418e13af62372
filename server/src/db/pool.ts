import pg from 'pg';
import { currentDeadline, DeadlineExceeded } from '../lib/deadline.ts';
import { isDatabaseUnavailable } from './unavailable.ts';

export type Db = pg.Pool;
export type Tx = pg.PoolClient;
/** Anything that can run a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

// Dates stay strings (YYYY-MM-DD) so a birth date never shifts with the server's time zone.
pg.types.setTypeParser(1082, (v) => v);
// bigint ids of timeline events fit in a JS number for centuries of events.
pg.types.setTypeParser(20, (v) => Number(v));

/** Connections that hold periodic jobs' advisory locks, beside each app pool (see `withAdvisoryLock`). */
const LOCK_CONNECTIONS = 4;
const lockPools = new WeakMap<Db, pg.Pool>();

/** How long a request may wait for a connection (a new one, or a free one of a busy pool) before it gets a 503. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

/**
 * What keeps a database outage from hanging requests or crashing the process: connecting (and waiting for a free
 * connection) is bounded, TCP keep-alive notices a peer that vanished, and a connection that dies — idle in the pool
 * or lent to a request — emits its 'error' to a listener instead of the process's uncaught-exception path (pg-pool
 * listens only while a connection is idle). The pool drops a dead connection and opens new ones when the server is
 * back.
 */
function outageSafe(options: pg.PoolConfig, connectTimeoutMs: number): pg.Pool {
  const pool = new pg.Pool({
    ...options,
    connectionTimeoutMillis: connectTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * The application's pool. Every connection switches to the `funil_app` role, which owns no table:
 * grants, not ownership, decide what the app may do (timeline_events is INSERT/SELECT only).
 */
const CONNECTION_LIFETIME_S = 900;

export function createAppPool(
  url: string,
  max: number,
  { connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS }: { connectTimeoutMs?: number } = {},
): Db {
  // `role` as a startup option: the session is funil_app from its first statement, no extra round trip. A connection
  // lives 15 min at most: Postgres plans a foreign-key check once per connection and keeps the plan, so one whose
  // first check met an empty people table (a new install) would read every person of the workspace per check, as
  // long as it lived (seen in bench/imports.ts: a fresh connection's checks cost 0.07 ms more per 1,000 people).
  const pool = outageSafe(
    {
      connectionString: url,
      max,
      application_name: 'funil',
      options: '-c role=funil_app',
      maxLifetimeSeconds: CONNECTION_LIFETIME_S,
    },
    connectTimeoutMs,
  );
  // The advisory locks of periodic jobs are held on connections of their own: a job holding its lock on an app
  // connection while its work waited for another one deadlocked the app once as many jobs ran as the pool had
  // connections (every request then waited forever).
  const locks = outageSafe(
    {
      connectionString: url,
      max: LOCK_CONNECTIONS,
      application_name: 'funil-locks',
      options: '-c role=funil_app',
      allowExitOnIdle: true,
    },
    connectTimeoutMs,
  );
  lockPools.set(pool, locks);
  const endApp = pool.end.bind(pool);
  pool.end = (async () => {
    // Lock holders first: a job's work still running gets its app connection and lets go of its lock.
    await locks.end();
    await endApp();
  }) as typeof pool.end;
  // pg-pool's own `query` closes the connection whenever a statement fails — a unique violation that the services
  // read as "duplicate" cost a new connection (SCRAM handshake, a cold backend) each time. A failed statement
  // outside a transaction leaves the connection as good as before; a broken one is dropped by the pool anyway.
  pool.query = (async (text: string | pg.QueryConfig, values?: unknown[]) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      return await client.query(text as string, values);
    } catch (error) {
      if (isDatabaseUnavailable(error)) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  }) as typeof pool.query;
  return pool;
}

/**
 * Runs `work` inside one transaction; rolls back on any error. Under a request deadline (an integration's maximum
 * response time) each statement may run at most the time left, and the transaction never commits once the caller
 * was answered with a timeout: a timed-out request leaves nothing half-written.
 */
export async function transaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const deadline = currentDeadline();
  const client = await db.connect();
  let failure: unknown;
  try {
    await client.query('BEGIN');
    if (deadline) {
      const left = deadline.remainingMs();
      if (left <= 0 || deadline.expired) throw new DeadlineExceeded();
      await client.query(`SET LOCAL statement_timeout = ${Math.ceil(left)}`);
    }
    const result = await work(client);
    if (deadline && !deadline.beginCommit()) throw new DeadlineExceeded();
    try {
      await client.query('COMMIT');
    } finally {
      deadline?.committed();
    }
    return result;
  } catch (error) {
    failure = error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A connection that died under the transaction is closed, not handed to the next request.
    client.release(isDatabaseUnavailable(failure) ? (failure as Error) : undefined);
  }
}

/** Whether the database answers (the health check): throws when it does not. */
export async function ping(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

/**
 * Runs `work` only if this process takes the session-level advisory lock named `name` (no wait): with several
 * app instances, one of them runs it. Answers whether it ran.
 */
export async function withAdvisoryLock(db: Db, name: string, work: () => Promise<unknown>): Promise<boolean> {
  // The lock's connection is never one `work` may need (a pool not made by createAppPool lends its own).
  const client = await (lockPools.get(db) ?? db).connect();
  try {
    const { rows } = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [name]);
    if (!rows[0].locked) return false;
    try {
      await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
    }
    return true;
  } finally {
    client.release();
  }
}
