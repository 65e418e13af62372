import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/modules/auth/actor.ts';
import { authenticate } from '../src/modules/auth/auth.service.ts';
import { notifyRottingOpportunities } from '../src/modules/opportunities/opportunities.jobs.ts';
import { canSeeOpportunity } from '../src/modules/opportunities/opportunities.policy.ts';
import { openEventStream } from './event-stream.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, newOpportunity, opportunityWorld, type World } from './opportunity-fixtures.ts';

/**
 * Who sees an opportunity (opportunities.policy.ts): the broker who owns it, the members of its team, its
 * manager, managers of its team and of its branch, and admins — through every read, list, count, board,
 * timeline, report and realtime event. Others get 404 and nothing in lists.
 */
let ctx: TestContext;
let w: World;
let strangerAdmin: TestUser;
let card: { id: string; holderId: string; title: string };

const EXPECTED = {
  admin: true,
  brokerA1: true, // owner
  brokerA2: true, // same team
  manager: true, // manager of the team
  branchManager: true, // manager of the card's branch
  brokerB1: false, // another team
  strangerAdmin: false, // another workspace
} as const;
type Who = keyof typeof EXPECTED;
const user = (who: Who): TestUser => (who === 'strangerAdmin' ? strangerAdmin : w[who]);

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
  strangerAdmin = await createUser(ctx, (await createWorkspace(ctx.db, 'Outra')).workspaceId, 'admin');
  const { opportunity, holderId } = await newOpportunity(ctx, w, w.brokerA1, {
    title: 'Cobertura Moema',
    valueCents: 90_000_000,
  });
  card = { id: opportunity.id, holderId, title: opportunity.title };
});
afterAll(() => ctx.close());

async function actorOf(u: TestUser): Promise<Actor> {
  const actor = await authenticate(ctx.db, decodeURIComponent(u.cookie.split('=')[1] as string));
  if (!actor) throw new Error('no session');
  return actor;
}

describe.each(Object.entries(EXPECTED) as [Who, boolean][])('%s', (who, sees) => {
  it(`${sees ? 'reaches' : 'does not reach'} the opportunity through every read`, async () => {
    const u = user(who);
    const code = sees ? 200 : 404;
    expect((await call(ctx, u, 'GET', `/opportunities/${card.id}`)).status).toBe(code);
    expect((await call(ctx, u, 'GET', `/opportunities/${card.id}/timeline`)).status).toBe(code);
    expect((await call(ctx, u, 'GET', `/opportunities/${card.id}/people`)).status).toBe(code);
    expect((await call(ctx, u, 'GET', `/opportunities/${card.id}/proposals`)).status).toBe(code);
    expect((await call(ctx, u, 'POST', `/opportunities/${card.id}/notes`, { body: 'oi' })).status).toBe(
      sees ? 201 : 404,
    );
    const list = await call(ctx, u, 'GET', `/opportunities?q=Moema`);
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual(sees ? [card.id] : []);
    expect(list.body.total).toBe(sees ? 1 : 0);
    const byHolder = await call(ctx, u, 'GET', `/opportunities?personId=${card.holderId}`);
    expect(byHolder.body.total).toBe(sees ? 1 : 0);
    const board = await call(ctx, u, 'GET', `/pipelines/${w.pipelineId}/board?q=Moema`);
    if (who === 'strangerAdmin') {
      expect(board.status).toBe(404);
    } else {
      const cards = board.body.columns.flatMap((c: { cards: { id: string }[] }) => c.cards.map((x) => x.id));
      expect(cards).toEqual(sees ? [card.id] : []);
      expect(board.body.columns[0].count).toBe(sees ? 1 : 0);
      expect(board.body.columns[0].valueCents).toBe(sees ? 90_000_000 : 0);
    }
    // The same rule in its two forms: SQL (above) and the in-memory check the realtime fan-out uses.
    const row = (await ctx.db.query('SELECT * FROM opportunities WHERE id = $1', [card.id])).rows[0];
    expect(
      canSeeOpportunity(await actorOf(u), {
        workspaceId: row.workspace_id,
        ownerId: row.owner_id,
        managerId: row.manager_id,
        teamId: row.team_id,
        branchId: row.branch_id,
      }),
    ).toBe(sees);
  });

  it(`${sees ? 'may' : 'may not'} write to it`, async () => {
    const u = user(who);
    const res = await call(ctx, u, 'POST', `/opportunities/${card.id}/move`, {
      stageId: w.stages[0]?.id,
      position: 0,
    });
    expect(res.status).toBe(sees ? 200 : 404);
    const edit = await call(
      ctx,
      u,
      'PATCH',
      `/opportunities/${card.id}`,
      { city: 'São Paulo' },
      { 'if-match': '"999"' },
    );
    expect(edit.status).toBe(sees ? 412 : 404);
    const status = await call(ctx, u, 'POST', `/opportunities/${card.id}/status`, { status: 'open' });
    expect(status.status).toBe(sees ? 200 : 404);
  });
});

describe('realtime', () => {
  it('sends a move to every open board that may see the card, and to nobody else', async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
    const teammate = await openEventStream(base, w.brokerA2.cookie, `?pipelineId=${w.pipelineId}`);
    const otherTeam = await openEventStream(base, w.brokerB1.cookie, `?pipelineId=${w.pipelineId}`);
    const otherPipeline = await openEventStream(base, w.admin.cookie, `?pipelineId=${w.teamBeta}`);
    const moved = await call(ctx, w.brokerA1, 'POST', `/opportunities/${card.id}/move`, {
      stageId: w.stages[1]?.id,
    });
    expect(moved.status).toBe(200);
    const received = await teammate.waitFor(
      (e) =>
        e.event === 'opportunity.moved' && (e.data as { opportunityId: string }).opportunityId === card.id,
    );
    // Delivery time is measured by bench/ (200 SSE clients receiving a move), not asserted on this machine.
    expect(received?.data).toMatchObject({
      type: 'opportunity.moved',
      pipelineId: w.pipelineId,
      stageId: w.stages[1]?.id,
      version: moved.body.version,
      actorId: w.brokerA1.id,
    });
    // A card created by the other team reaches B1, proving B1's stream works, while A1's move did not.
    const theirs = await newOpportunity(ctx, w, w.brokerB1, { title: 'Da equipe Beta' });
    expect(
      await otherTeam.waitFor(
        (e) => (e.data as { opportunityId: string }).opportunityId === theirs.opportunity.id,
      ),
    ).not.toBeNull();
    expect(
      otherTeam.events.some((e) => (e.data as { opportunityId?: string }).opportunityId === card.id),
    ).toBe(false);
    expect(otherPipeline.events.filter((e) => e.event !== 'ready')).toEqual([]);
    await Promise.all([teammate.close(), otherTeam.close(), otherPipeline.close()]);
  });

  it('sends nothing for a refused change (NOTIFY is part of the rolled-back transaction)', async () => {
    const base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
    const stream = await openEventStream(base, w.admin.cookie);
    const proposta = w.stages[2]?.id;
    const refused = await call(ctx, w.brokerA1, 'POST', `/opportunities/${card.id}/move`, {
      stageId: proposta,
    });
    expect(refused.status).toBe(422);
    const accepted = await call(ctx, w.brokerA1, 'POST', `/opportunities/${card.id}/move`, {
      stageId: w.stages[0]?.id,
    });
    expect(accepted.status).toBe(200);
    expect(
      await stream.waitFor((e) => (e.data as { version?: number }).version === accepted.body.version),
    ).not.toBeNull();
    expect(stream.events.some((e) => (e.data as { stageId?: string }).stageId === proposta)).toBe(false);
    await stream.close();
  });
});

describe('an open stream', () => {
  it('ends once its user is signed out (checked at each heartbeat)', async () => {
    const base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
    const extra = await createUser(ctx, w.workspaceId, 'broker');
    const res = await fetch(`${base}/api/v1/events`, { headers: { cookie: extra.cookie } });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await call(ctx, extra, 'POST', '/auth/logout');
    const drained = (async () => {
      while (!(await reader.read()).done);
      return 'ended';
    })();
    // A ceiling far above the 200 ms heartbeat, so only a stream that stays open fails, not a slow machine.
    let timer: NodeJS.Timeout | undefined;
    const ceiling = new Promise((resolve) => {
      timer = setTimeout(() => resolve('still open'), 15_000);
    });
    expect(await Promise.race([drained, ceiling])).toBe('ended');
    clearTimeout(timer);
  });
});

describe('the rotting job', () => {
  it('notifies each owner once per day about the cards past their stage limit', async () => {
    const rotten = await newOpportunity(ctx, w, w.brokerA2, { title: 'Parada há dias' });
    const fresh = await newOpportunity(ctx, w, w.brokerA2, { title: 'Recente' });
    // "Novo lead" rots after 3 days: age one card as the database owner would see it.
    await ctx.db.query(
      `UPDATE opportunities SET stage_entered_at = now() - interval '4 days' WHERE id = $1`,
      [rotten.opportunity.id],
    );
    const read = await call(ctx, w.brokerA2, 'GET', `/opportunities/${rotten.opportunity.id}`);
    expect(read.body.rotting).toBe(true);
    const onlyRotting = await call(
      ctx,
      w.brokerA2,
      'GET',
      `/opportunities?pipelineId=${w.pipelineId}&rotting=true&ownerId=${w.brokerA2.id}`,
    );
    expect(onlyRotting.body.items.map((o: { title: string }) => o.title)).toEqual(['Parada há dias']);
    expect(onlyRotting.body.items.map((o: { id: string }) => o.id)).not.toContain(fresh.opportunity.id);
    const now = new Date();
    expect(await notifyRottingOpportunities(ctx.db, now)).toBe(1);
    expect(await notifyRottingOpportunities(ctx.db, now)).toBe(0);
    const inbox = await call(ctx, w.brokerA2, 'GET', '/notifications');
    expect(inbox.body.unread).toBe(1);
    expect(inbox.body.items[0]).toMatchObject({
      kind: 'rotting_opportunities',
      data: { count: 1, opportunities: [{ id: rotten.opportunity.id, title: 'Parada há dias' }] },
    });
    expect((await call(ctx, w.brokerA1, 'GET', '/notifications')).body.items).toEqual([]);
    const tomorrow = new Date(now.getTime() + 86_400_000);
    expect(await notifyRottingOpportunities(ctx.db, tomorrow)).toBe(1);
    expect((await call(ctx, w.brokerA2, 'GET', '/notifications')).body.items).toHaveLength(2);
    const readIt = await call(ctx, w.brokerA2, 'POST', `/notifications/${inbox.body.items[0].id}/read`);
    expect(readIt.status).toBe(204);
    expect(
      (await call(ctx, w.brokerA1, 'POST', `/notifications/${inbox.body.items[0].id}/read`)).status,
    ).toBe(404);
    // Moving the card restarts its clock.
    await call(ctx, w.brokerA2, 'POST', `/opportunities/${rotten.opportunity.id}/move`, {
      stageId: w.stages[1]?.id,
    });
    expect((await call(ctx, w.brokerA2, 'GET', `/opportunities/${rotten.opportunity.id}`)).body.rotting).toBe(
      false,
    );
  });
});
