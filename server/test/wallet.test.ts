import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireInactiveWallets } from '../src/modules/people/wallet.service.ts';
import {
  createTeam,
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, personBody } from './opportunity-fixtures.ts';

let ctx: TestContext;
let admin: TestUser;
let manager: TestUser;
let brokerA: TestUser;
let brokerB: TestUser;
let outsider: TestUser;
let team: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const { workspaceId } = await createWorkspace(ctx.db);
  admin = await createUser(ctx, workspaceId, 'admin');
  manager = await createUser(ctx, workspaceId, 'manager');
  brokerA = await createUser(ctx, workspaceId, 'broker', { name: 'Ana' });
  brokerB = await createUser(ctx, workspaceId, 'broker', { name: 'Beto' });
  outsider = await createUser(ctx, workspaceId, 'broker');
  team = await createTeam(ctx.db, workspaceId, [manager.id], [brokerA.id, brokerB.id]);
  await createTeam(ctx.db, workspaceId, [], [outsider.id]);
});
afterAll(() => ctx.close());

async function personOf(user: TestUser) {
  return (await call(ctx, user, 'POST', '/people', personBody({ ownerId: user.id }))).body.id as string;
}

describe('expired clients', () => {
  it('leave their owner’s wallet after the workspace’s days without activity; activity keeps them', async () => {
    const idle = await personOf(brokerA);
    const busy = await personOf(brokerA);
    const settings = await call(ctx, admin, 'GET', '/workspace/wallet-settings');
    expect(settings.body.expiryDays).toBe(60);
    const saved = await call(
      ctx,
      admin,
      'PUT',
      '/workspace/wallet-settings',
      { expiryDays: 30 },
      {
        'if-match': settings.headers.etag as string,
      },
    );
    expect(saved.body.expiryDays).toBe(30);
    await ctx.db.query(
      `UPDATE people SET last_activity_at = now() - interval '40 days' WHERE id = ANY($1::uuid[])`,
      [[idle, busy]],
    );
    // A note is activity: the database trigger moves last_activity_at for every timeline writer.
    await call(ctx, brokerA, 'POST', `/people/${busy}/notes`, { body: 'Ligou ontem' });
    expect(await expireInactiveWallets(ctx.db)).toBe(1);
    expect(await expireInactiveWallets(ctx.db)).toBe(0);
    const status = await call(ctx, admin, 'GET', `/people/${idle}/status`);
    expect(status.body.wallet.status).toBe('expired');
    expect((await call(ctx, admin, 'GET', `/people/${idle}`)).body.ownerId).toBeNull();
    expect((await call(ctx, brokerA, 'GET', `/people/${idle}`)).status).toBe(404);
    expect((await call(ctx, brokerA, 'GET', `/people/${busy}/status`)).body.wallet.status).toBe('active');
    const kinds = (await call(ctx, admin, 'GET', `/people/${idle}/timeline?filter=changes`)).body.items.map(
      (e: { kind: string; actor: unknown }) => [e.kind, e.actor],
    );
    expect(kinds.slice(0, 2)).toEqual([
      ['owner_changed', null],
      ['person_flagged', null],
    ]);
  });
});

describe('active offer', () => {
  it('opens a person to the team’s brokers; the first to pick gets it, the other gets 409', async () => {
    const id = await personOf(brokerA);
    expect((await call(ctx, brokerA, 'POST', `/people/${id}/offer`, { teamId: team })).status).toBe(403);
    const offered = await call(ctx, manager, 'POST', `/people/${id}/offer`, { teamId: team });
    expect(offered.body.wallet).toMatchObject({ status: 'active_offer', offerTeam: { id: team } });
    expect((await call(ctx, brokerB, 'GET', `/people/${id}`)).status).toBe(200);
    expect((await call(ctx, outsider, 'GET', `/people/${id}`)).status).toBe(404);
    expect((await call(ctx, outsider, 'POST', `/people/${id}/pick`)).status).toBe(409);
    const [a, b] = await Promise.all([
      call(ctx, brokerA, 'POST', `/people/${id}/pick`),
      call(ctx, brokerB, 'POST', `/people/${id}/pick`),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? brokerA : brokerB;
    const person = await call(ctx, admin, 'GET', `/people/${id}`);
    expect(person.body.ownerId).toBe(winner.id);
    const events = (await call(ctx, admin, 'GET', `/people/${id}/timeline?filter=changes`)).body.items;
    expect(events[0]).toMatchObject({ kind: 'owner_changed', data: { to: { id: winner.id } } });
    expect(events[1]).toMatchObject({ kind: 'person_flagged', data: { flag: 'picked' } });
  });
});
