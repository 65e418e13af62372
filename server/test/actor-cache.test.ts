import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../src/modules/auth/actor.ts';
import { ActorCache } from '../src/modules/auth/actor-cache.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';

// Who a session is, kept for seconds by each instance (actor-cache.ts): kept, and forgotten whenever what it says
// may have changed — by this instance's own writes at once, by anyone else's (another instance, SQL) via NOTIFY.

let ctx: TestContext;
let workspaceId: string;
let admin: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ workspaceId } = await createWorkspace(ctx.db));
  admin = await createUser(ctx, workspaceId, 'admin');
});
afterAll(() => ctx.close());

const me = (user: TestUser) => ctx.app.inject({ url: '/api/v1/auth/me', headers: { cookie: user.cookie } });

/** The first lookup opens the LISTEN connection; answers are kept once it is open. */
async function kept(user: TestUser) {
  await expect
    .poll(async () => ((await me(user)).statusCode === 200 ? ctx.actors.size : -1))
    .toBeGreaterThan(0);
}

it('keeps the actor between requests, and an edit of the user through the API holds from the very next request', async () => {
  const broker = await createUser(ctx, workspaceId, 'broker');
  await kept(broker);
  const before = ctx.actors.size;
  expect((await me(broker)).json().user.role).toBe('broker');
  expect(ctx.actors.size).toBe(before);

  const edit = await ctx.app.inject({
    method: 'PATCH',
    url: `/api/v1/users/${broker.id}`,
    headers: { cookie: admin.cookie, 'if-match': '"1"' },
    payload: { role: 'attendant' },
  });
  expect(edit.statusCode).toBe(200);
  expect((await me(broker)).json().user.role).toBe('attendant');

  const off = await ctx.app.inject({
    method: 'PATCH',
    url: `/api/v1/users/${broker.id}`,
    headers: { cookie: admin.cookie, 'if-match': '"2"' },
    payload: { active: false },
  });
  expect(off.statusCode).toBe(200);
  expect((await me(broker)).statusCode).toBe(401);
});

it('forgets what another connection changed (another instance, SQL by hand) as soon as Postgres tells it', async () => {
  const broker = await createUser(ctx, workspaceId, 'broker');
  await kept(broker);
  const other = new pg.Client({ connectionString: ctx.ownerUrl });
  await other.connect();
  try {
    await other.query('DELETE FROM sessions WHERE workspace_id = $1 AND user_id = $2', [
      workspaceId,
      broker.id,
    ]);
  } finally {
    await other.end();
  }
  await expect.poll(async () => (await me(broker)).statusCode, { timeout: 2000, interval: 20 }).toBe(401);
});

it('does not keep an answer looked up while something was forgotten (it may predate the change)', async () => {
  const cache = new ActorCache(ctx.ownerUrl);
  const actor = { userId: 'u' } as unknown as Actor;
  try {
    await expect.poll(async () => (await cache.get('a', async () => actor)) && cache.size).toBe(1);
    cache.forget();
    await cache.get('b', async () => {
      cache.forget();
      return actor;
    });
    expect(cache.size).toBe(0);
    // Nothing is kept for a token that matches no one.
    await cache.get('c', async () => null);
    expect(cache.size).toBe(0);
  } finally {
    await cache.close();
  }
});
