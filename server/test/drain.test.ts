import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { drainHttp } from '../src/http/drain.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';

let ctx: TestContext;
let user: TestUser;
let base: string;
let owner: pg.Client;

beforeEach(async () => {
  ctx = await createTestContext();
  const { workspaceId } = await createWorkspace(ctx.db);
  user = await createUser(ctx, workspaceId, 'admin');
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  owner = new pg.Client({ connectionString: ctx.ownerUrl });
  await owner.connect();
});
afterEach(async () => {
  await owner.end().catch(() => undefined);
  await ctx.close();
});

/** A write that waits on a table lock the owner holds: a request still in flight when the drain begins. */
async function slowWrite() {
  await owner.query('BEGIN');
  await owner.query('LOCK TABLE people IN EXCLUSIVE MODE');
  const answer = fetch(`${base}/api/v1/people`, {
    method: 'POST',
    headers: { cookie: user.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'individual', name: 'Pessoa em voo' }),
  });
  // It reached the database and waits there.
  await expect
    .poll(async () => {
      const { rows } = await owner.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
      );
      return rows[0].n;
    })
    .toBe(1);
  return { answer };
}

it('drains: not ready at once, still serving during the delay, then no new connections; a request in flight finishes', async () => {
  const { answer: inFlight } = await slowWrite();
  const stream = await fetch(`${base}/api/v1/events`, { headers: { cookie: user.cookie } });
  expect(stream.status).toBe(200);
  const streamEnded = stream.text().then(
    () => true,
    () => false,
  );
  const drained = drainHttp(ctx.app, { delayMs: 400, graceMs: 10_000 });
  const ready = await fetch(`${base}/api/ready`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toEqual({ status: 'draining' });
  expect(ready.headers.get('connection')).toBe('close');
  // Still serving (the balancer has not noticed yet).
  expect((await fetch(`${base}/api/health`)).status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 600));
  // Listener closed: a new connection is refused; the open event stream was ended cleanly.
  await expect(fetch(`${base}/api/health`)).rejects.toThrow();
  expect(await streamEnded).toBe(true);
  await owner.query('COMMIT');
  const answer = await inFlight;
  expect(answer.status).toBe(201);
  await drained;
  const id = ((await answer.json()) as { id: string }).id;
  const { rows } = await owner.query('SELECT 1 FROM people WHERE id = $1', [id]);
  expect(rows).toHaveLength(1);
});

it('cuts what is still running when the grace is over, so a stuck request never holds the shutdown', async () => {
  const { answer } = await slowWrite();
  const inFlight = answer.then(
    (r) => r.status,
    () => 'cut',
  );
  const started = Date.now();
  await drainHttp(ctx.app, { delayMs: 0, graceMs: 500 });
  expect(Date.now() - started).toBeLessThan(5000);
  expect(await inFlight).toBe('cut');
  await owner.query('ROLLBACK');
});
