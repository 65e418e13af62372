import type { RealtimeEvent } from '@funil/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../src/modules/auth/auth.service.ts';
import { registerOpportunityVisibility } from '../src/modules/opportunities/opportunities.realtime.ts';
import * as repo from '../src/modules/opportunities/opportunities.repository.ts';
import * as peopleRepo from '../src/modules/opportunities/opportunity-people.repository.ts';
import { registerPipelineVisibility } from '../src/modules/pipelines/pipelines.realtime.ts';
import { findPipelineName, findStageName } from '../src/modules/pipelines/pipelines.service.ts';
import { type HubEvent, RealtimeHub } from '../src/modules/realtime/realtime.hub.ts';
import { createTestContext, type TestContext } from './helpers.ts';
import { call, newOpportunity, opportunityWorld, type World } from './opportunity-fixtures.ts';

/**
 * Tenancy of the opportunities side: statements keyed by an id also name the workspace, so an id from
 * another workspace finds nothing (the rule that lets the database be sharded by workspace). And the
 * realtime hub delivers only what a feature registered a visibility rule for.
 */
let ctx: TestContext;
let a: World;
let b: World;
let cardOfB: { id: string; holderId: string };

beforeAll(async () => {
  ctx = await createTestContext();
  a = await opportunityWorld(ctx);
  b = await opportunityWorld(ctx);
  const { opportunity, holderId } = await newOpportunity(ctx, b, b.brokerA1, {
    title: 'Casa do outro espaço',
  });
  cardOfB = { id: opportunity.id, holderId };
}, 60_000);

afterAll(() => ctx?.close());

describe('statements keyed by id stay in their workspace', () => {
  it('names users, teams and branches of the same workspace only (the history of an edited card)', async () => {
    const names = async (workspaceId: string) => [
      await repo.findReferenceName(ctx.db, workspaceId, 'user', b.brokerA1.id),
      await repo.findReferenceName(ctx.db, workspaceId, 'team', b.teamAlfa),
      await repo.findReferenceName(ctx.db, workspaceId, 'branch', b.branchId),
    ];
    expect(await names(b.workspaceId)).toEqual(['Corretora A1', expect.stringMatching(/^Equipe /), 'Matriz']);
    expect(await names(a.workspaceId)).toEqual(['', '', '']);
  });

  it('finds a person, a card, its stage and funnel names only within the workspace', async () => {
    const stageId = b.stages[0]?.id as string;
    expect(await peopleRepo.findPersonName(ctx.db, b.workspaceId, cardOfB.holderId)).not.toBe('');
    expect(await peopleRepo.findPersonName(ctx.db, a.workspaceId, cardOfB.holderId)).toBe('');
    expect(await repo.findPlacement(ctx.db, b.workspaceId, cardOfB.id)).toMatchObject({ stageId });
    expect(await repo.findPlacement(ctx.db, a.workspaceId, cardOfB.id)).toBeNull();
    expect(await findStageName(ctx.db, b.workspaceId, stageId)).toBe('Novo lead');
    expect(await findStageName(ctx.db, a.workspaceId, stageId)).toBe('');
    expect(await findPipelineName(ctx.db, b.workspaceId, b.pipelineId)).toBe('Vendas');
    expect(await findPipelineName(ctx.db, a.workspaceId, b.pipelineId)).toBe('');
    expect(await repo.opportunityIdsInStage(ctx.db, b.workspaceId, stageId)).toEqual([cardOfB.id]);
    expect(await repo.opportunityIdsInStage(ctx.db, a.workspaceId, stageId)).toEqual([]);
  });

  it('does not write a card of another workspace', async () => {
    const before = (await ctx.db.query('SELECT version FROM opportunities WHERE id = $1', [cardOfB.id]))
      .rows[0];
    await expect(repo.bumpVersion(ctx.db, a.workspaceId, cardOfB.id)).rejects.toThrow();
    await peopleRepo.removeInvolved(ctx.db, a.workspaceId, cardOfB.id, cardOfB.holderId);
    const after = (await ctx.db.query('SELECT version FROM opportunities WHERE id = $1', [cardOfB.id]))
      .rows[0];
    expect(after.version).toBe(before.version);
    const people = await call(ctx, b.brokerA1, 'GET', `/opportunities/${cardOfB.id}/people`);
    expect(people.body.items.map((p: { personId: string }) => p.personId)).toEqual([cardOfB.holderId]);
  });
});

describe('the realtime hub', () => {
  it('drops the events of a type no feature registered a visibility rule for', async () => {
    const hub = new RealtimeHub(ctx.ownerUrl);
    // Only funnel events are covered: card events must not pass by default.
    registerPipelineVisibility(hub);
    const admin = await authenticate(ctx.db, b.admin.cookie.replace('funil_session=', ''));
    if (!admin) throw new Error('no actor');
    const received: HubEvent[] = [];
    await hub.subscribe({ actor: admin, topic: null, send: (e) => received.push(e), end: () => undefined });
    try {
      const move = await call(ctx, b.admin, 'POST', `/opportunities/${cardOfB.id}/move`, {
        stageId: b.stages[1]?.id,
      });
      expect(move.status).toBe(200);
      const current = await call(ctx, b.admin, 'GET', `/pipelines/${b.pipelineId}`);
      const edit = await call(
        ctx,
        b.admin,
        'PUT',
        `/pipelines/${b.pipelineId}`,
        { name: 'Vendas', stages: current.body.stages, moveCardsTo: {} },
        { 'if-match': current.headers.etag as string },
      );
      expect(edit.status).toBe(200);
      // NOTIFYs arrive in commit order: once the funnel's event is here, the card's would have been too.
      await expect.poll(() => received.length).toBeGreaterThan(0);
      expect(received.map((e) => e.type)).toEqual(['pipeline.updated']);
    } finally {
      await hub.close();
    }
  });

  it('delivers card events once the opportunities module registers its rule', async () => {
    const hub = new RealtimeHub(ctx.ownerUrl);
    registerOpportunityVisibility(hub);
    const admin = await authenticate(ctx.db, b.admin.cookie.replace('funil_session=', ''));
    if (!admin) throw new Error('no actor');
    const received: RealtimeEvent[] = [];
    await hub.subscribe({
      actor: admin,
      topic: b.pipelineId,
      send: (e) => received.push(e as RealtimeEvent),
      end: () => undefined,
    });
    try {
      const move = await call(ctx, b.admin, 'POST', `/opportunities/${cardOfB.id}/move`, {
        stageId: b.stages[0]?.id,
      });
      expect(move.status).toBe(200);
      await expect.poll(() => received.length).toBe(1);
      expect(received[0]).toMatchObject({ type: 'opportunity.moved', opportunityId: cardOfB.id });
    } finally {
      await hub.close();
    }
  });
});
