import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAppPool, type Db } from '../src/db/pool.ts';
import { createTestContext, type TestContext } from './helpers.ts';

// The app's pool keeps a connection after a failed statement (a unique violation is how services learn of a
// duplicate) and still drops a connection that broke.

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
