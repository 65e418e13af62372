import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAppPool, type Db } from '../src/db/pool.ts';
import { startScheduler } from '../src/jobs/scheduler.ts';
import { createTestContext, type TestContext } from './helpers.ts';

// The app's pool keeps a connection after a failed statement (a unique violation is how services learn of a
// duplicate) and still drops a connection that broke; periodic jobs never take the connections their work needs.

let ctx: TestContext;
let pool: Db;

beforeAll(async () => {
  ctx = await createTestContext();
  pool = createAppPool(ctx.ownerUrl, 1);
});
afterAll(async () => {
  await pool?.end();
  await ctx?.close();
});

const backend = async () => (await pool.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;

it('a failed statement leaves the connection in the pool; a terminated one is replaced', async () => {
  const first = await backend();
  await expect(pool.query('SELECT 1 / 0')).rejects.toMatchObject({ code: '22012' });
  await expect(pool.query('SELECT $1::int', ['not a number'])).rejects.toMatchObject({ code: '22P02' });
  expect(await backend()).toBe(first);

  // The server ends the connection (a restart, an administrator): the pool opens another.
  const admin = new pg.Client({ connectionString: ctx.ownerUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [first]);
  } finally {
    await admin.end();
  }
  await expect.poll(() => backend().catch(() => first)).not.toBe(first);
});

it('periodic jobs holding their locks never starve the pool their work and the requests need', async () => {
  // More jobs than the pool has connections, each needing a connection for its work, ticking often.
  const small = createAppPool(ctx.ownerUrl, 2);
  const runs = new Map<string, number>();
  const jobs = ['a', 'b', 'c', 'd', 'e'].map((name) => ({
    name: `pool-test-${name}`,
    everyMs: 5,
    run: async (db: Db) => {
      await db.query('SELECT pg_sleep(0.02)');
      runs.set(name, (runs.get(name) ?? 0) + 1);
    },
  }));
  const stop = startScheduler(small, { error: () => undefined }, jobs, 0);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // A request still gets a connection at once, and every job keeps running.
    const answered = await Promise.race([
      small.query('SELECT 1 AS one').then((r) => r.rows[0].one as number),
      new Promise((resolve) => setTimeout(() => resolve('starved'), 3000)),
    ]);
    expect(answered).toBe(1);
    expect([...runs.keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  } finally {
    stop();
    await small.end();
  }
});
