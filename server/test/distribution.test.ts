import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppPool } from '../src/db/pool.ts';
import {
  distributeLead,
  enforceFirstResponseSla,
  type NewLead,
  releaseQueuedLeads,
} from '../src/modules/distribution/distribution.service.ts';
import { createTestContext, createUser, type TestContext, type TestUser } from './helpers.ts';
import { call, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

let ctx: TestContext;
let w: World;
let attendant: TestUser;
let n = 0;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
  attendant = await createUser(ctx, w.workspaceId, 'attendant', { name: 'Atendente' });
});
afterAll(() => ctx.close());

/** A funnel of its own, so each test's rule is the only one that matches. */
async function funnel() {
  const res = await call(ctx, w.admin, 'POST', '/pipelines', {
    name: `Roleta ${++n}`,
    stages: [{ name: 'Novo lead' }, { name: 'Visita' }],
  });
  expect(res.status).toBe(201);
  return { pipelineId: res.body.id as string, stages: res.body.stages as { id: string }[] };
}

async function rule(body: Record<string, unknown>) {
  const res = await call(ctx, w.admin, 'POST', '/distribution/rules', { name: `Regra ${++n}`, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number };
}

/** A negotiation without owner (registered by an attendant, as intake would) and the lead for it. */
async function unownedLead(pipelineId: string): Promise<NewLead> {
  const person = await call(ctx, attendant, 'POST', '/people', personBody({ ownerId: attendant.id }));
  expect(person.status, JSON.stringify(person.body)).toBe(201);
  const opp = await call(ctx, attendant, 'POST', '/opportunities', {
    pipelineId,
    title: `Lead ${++n}`,
    holderId: person.body.id,
  });
  expect(opp.status, JSON.stringify(opp.body)).toBe(201);
  expect((await ownerOf(opp.body.id)).owner_id).toBeNull();
  return {
    workspaceId: w.workspaceId,
    opportunityId: opp.body.id,
    personId: person.body.id,
    pipelineId,
    sourceId: null,
    createdPerson: true,
  };
}

async function ownerOf(id: string) {
  return (
    await ctx.db.query(
      'SELECT owner_id, team_id, manager_id FROM opportunities WHERE workspace_id = $1 AND id = $2',
      [w.workspaceId, id],
    )
  ).rows[0];
}

const timelineKinds = async (id: string) =>
  (
    await ctx.db.query(
      `SELECT kind, summary FROM timeline_events WHERE workspace_id = $1 AND subject_type = 'opportunity'
       AND subject_id = $2 ORDER BY seq`,
      [w.workspaceId, id],
    )
  ).rows as { kind: string; summary: Record<string, unknown> }[];

const SATURDAY_10H_SP = new Date('2026-12-05T13:00:00Z');
const MONDAY_9H05_SP = new Date('2026-12-07T12:05:00Z');
const MONDAY_8H_SP = new Date('2026-12-07T11:00:00Z');

describe('distributeLead', () => {
  it('round robin: each member in turn, across leads; owner, conversion data, person owner and the timeline', async () => {
    const { pipelineId } = await funnel();
    const r = await rule({
      pipelineId,
      members: [{ userId: w.brokerA1.id }, { userId: w.brokerA2.id }, { userId: w.brokerB1.id }],
    });
    const owners: string[] = [];
    for (let i = 0; i < 6; i++) {
      const lead = await unownedLead(pipelineId);
      const out = await distributeLead(ctx.db, lead);
      expect(out).toMatchObject({ status: 'assigned', ruleId: r.id });
      if (out.status === 'assigned') owners.push(out.ownerId);
      const row = await ownerOf(lead.opportunityId);
      expect(row.owner_id).toBe(owners[i]);
      if (i === 0) {
        // The owner's usual conversion data: A1's team Alfa and its manager.
        expect(row).toMatchObject({ team_id: w.teamAlfa, manager_id: w.manager.id });
        const person = await ctx.db.query('SELECT owner_id FROM people WHERE workspace_id = $1 AND id = $2', [
          w.workspaceId,
          lead.personId,
        ]);
        expect(person.rows[0].owner_id).toBe(w.brokerA1.id);
        const events = await timelineKinds(lead.opportunityId);
        const assigned = events.find((e) => e.kind === 'lead_assigned');
        expect(assigned?.summary).toMatchObject({ ruleId: r.id, reason: 'turn', toId: w.brokerA1.id });
        expect(events.map((e) => e.kind)).toContain('field_changed');
      }
    }
    const [a1, a2, b1] = [w.brokerA1.id, w.brokerA2.id, w.brokerB1.id];
    expect(owners).toEqual([a1, a2, b1, a1, a2, b1]);
  });

  it('no matching rule: no_rule, the negotiation keeps its owner', async () => {
    const { pipelineId } = await funnel();
    const lead = await unownedLead(pipelineId);
    expect(await distributeLead(ctx.db, lead)).toEqual({ status: 'no_rule' });
    expect((await ownerOf(lead.opportunityId)).owner_id).toBeNull();
  });

  it('weighted: over 40 leads each member gets exactly its share (3:1), smoothly interleaved', async () => {
    const { pipelineId } = await funnel();
    await rule({
      pipelineId,
      mode: 'weighted',
      members: [
        { userId: w.brokerA1.id, weight: 3 },
        { userId: w.brokerA2.id, weight: 1 },
      ],
    });
    const counts = new Map<string, number>();
    const sequence: string[] = [];
    for (let i = 0; i < 40; i++) {
      const out = await distributeLead(ctx.db, await unownedLead(pipelineId));
      if (out.status !== 'assigned') throw new Error(out.status);
      counts.set(out.ownerId, (counts.get(out.ownerId) ?? 0) + 1);
      sequence.push(out.ownerId === w.brokerA1.id ? 'A' : 'B');
    }
    expect(counts.get(w.brokerA1.id)).toBe(30);
    expect(counts.get(w.brokerA2.id)).toBe(10);
    // Smooth: never more than three A in a row.
    expect(sequence.join('')).not.toContain('AAAA');
  });

  it('daily cap: a member at their cap is skipped; once everyone is capped the lead waits in the queue', async () => {
    const { pipelineId } = await funnel();
    const r = await rule({
      pipelineId,
      members: [
        { userId: w.brokerA1.id, dailyCap: 2 },
        { userId: w.brokerA2.id, dailyCap: 3 },
      ],
    });
    const owners: string[] = [];
    for (let i = 0; i < 5; i++) {
      const out = await distributeLead(ctx.db, await unownedLead(pipelineId));
      if (out.status === 'assigned') owners.push(out.ownerId);
    }
    expect(owners.filter((o) => o === w.brokerA1.id)).toHaveLength(2);
    expect(owners.filter((o) => o === w.brokerA2.id)).toHaveLength(3);
    expect(await distributeLead(ctx.db, await unownedLead(pipelineId))).toEqual({
      status: 'queued',
      ruleId: r.id,
    });
  });

  it('only on duty: an off-duty broker gets none; the check-in is the API switch', async () => {
    const { pipelineId } = await funnel();
    await rule({
      pipelineId,
      onlyOnDuty: true,
      members: [{ userId: w.brokerA2.id }, { userId: w.brokerB1.id }],
    });
    expect((await call(ctx, w.brokerB1, 'PUT', '/distribution/duty', { onDuty: true })).body).toMatchObject({
      onDuty: true,
      member: true,
    });
    await call(ctx, w.brokerA2, 'PUT', '/distribution/duty', { onDuty: false });
    for (let i = 0; i < 4; i++) {
      expect(await distributeLead(ctx.db, await unownedLead(pipelineId))).toMatchObject({
        status: 'assigned',
        ownerId: w.brokerB1.id,
      });
    }
    await call(ctx, w.brokerB1, 'PUT', '/distribution/duty', { onDuty: false });
    expect((await distributeLead(ctx.db, await unownedLead(pipelineId))).status).toBe('queued');
  });

  it('off-hours: queued, then handed out when the shift starts (timeline says why)', async () => {
    const { pipelineId } = await funnel();
    const r = await rule({
      pipelineId,
      schedule: { weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
      members: [{ userId: w.brokerA1.id }],
    });
    const lead = await unownedLead(pipelineId);
    expect(await distributeLead(ctx.db, lead, { now: SATURDAY_10H_SP })).toEqual({
      status: 'queued',
      ruleId: r.id,
    });
    const queue = (await call(ctx, w.admin, 'GET', '/distribution/overview')).body.queue;
    expect(queue.map((q: { opportunityId: string }) => q.opportunityId)).toContain(lead.opportunityId);
    // Monday 08:00: still before the shift.
    await releaseQueuedLeads(ctx.db, MONDAY_8H_SP);
    expect((await ownerOf(lead.opportunityId)).owner_id).toBeNull();
    await releaseQueuedLeads(ctx.db, MONDAY_9H05_SP);
    expect((await ownerOf(lead.opportunityId)).owner_id).toBe(w.brokerA1.id);
    const assigned = (await timelineKinds(lead.opportunityId)).find((e) => e.kind === 'lead_assigned');
    expect(assigned?.summary).toMatchObject({ reason: 'shift_started', ruleId: r.id });
    const after = (await call(ctx, w.admin, 'GET', '/distribution/overview')).body.queue;
    expect(after.map((q: { opportunityId: string }) => q.opportunityId)).not.toContain(lead.opportunityId);
  });

  it('50 concurrent leads never give the same turn twice: 5 members get exactly 10 each', async () => {
    const { pipelineId } = await funnel();
    const extra = [
      await createUser(ctx, w.workspaceId, 'broker'),
      await createUser(ctx, w.workspaceId, 'broker'),
    ];
    await rule({
      pipelineId,
      members: [w.brokerA1, w.brokerA2, w.brokerB1, ...extra].map((u) => ({ userId: u.id })),
    });
    const leads: NewLead[] = [];
    for (let i = 0; i < 50; i++) leads.push(await unownedLead(pipelineId));
    const pool = createAppPool(ctx.ownerUrl, 20);
    try {
      const outs = await Promise.all(leads.map((l) => distributeLead(pool, l)));
      const counts = new Map<string, number>();
      for (const o of outs) {
        if (o.status !== 'assigned') throw new Error(o.status);
        counts.set(o.ownerId, (counts.get(o.ownerId) ?? 0) + 1);
      }
      expect([...counts.values()]).toEqual([10, 10, 10, 10, 10]);
    } finally {
      await pool.end();
    }
  });

  it('the rotation survives a restart: a new connection pool continues from the stored turn', async () => {
    const { pipelineId } = await funnel();
    await rule({
      pipelineId,
      mode: 'weighted',
      members: [
        { userId: w.brokerA1.id, weight: 2 },
        { userId: w.brokerA2.id, weight: 1 },
      ],
    });
    const before = [];
    for (let i = 0; i < 2; i++) before.push(await distributeLead(ctx.db, await unownedLead(pipelineId)));
    // "Restart": another pool, nothing kept in memory.
    const pool = createAppPool(ctx.ownerUrl, 2);
    try {
      const third = await distributeLead(pool, await unownedLead(pipelineId));
      const owners = [...before, third].map((o) => (o.status === 'assigned' ? o.ownerId : o.status));
      expect(owners.filter((o) => o === w.brokerA1.id)).toHaveLength(2);
      expect(owners.filter((o) => o === w.brokerA2.id)).toHaveLength(1);
    } finally {
      await pool.end();
    }
  });
});

describe('first-response SLA', () => {
  it('an untouched lead past the SLA goes to the next broker; the manager is notified; never back to the first', async () => {
    const { pipelineId } = await funnel();
    const r = await rule({
      pipelineId,
      slaMinutes: 10,
      members: [{ userId: w.brokerA1.id }, { userId: w.brokerA2.id }],
    });
    const t0 = new Date();
    const lead = await unownedLead(pipelineId);
    const first = await distributeLead(ctx.db, lead, { now: t0 });
    if (first.status !== 'assigned') throw new Error(first.status);
    const second = first.ownerId === w.brokerA1.id ? w.brokerA2.id : w.brokerA1.id;
    // Before the due time nothing happens.
    await enforceFirstResponseSla(ctx.db, new Date(t0.getTime() + 9 * 60_000));
    expect((await ownerOf(lead.opportunityId)).owner_id).toBe(first.ownerId);
    const bellBefore = (await call(ctx, w.manager, 'GET', '/notifications')).body.items.length;

    const out = await enforceFirstResponseSla(ctx.db, new Date(t0.getTime() + 11 * 60_000));
    expect(out.reclaimed).toBeGreaterThanOrEqual(1);
    expect((await ownerOf(lead.opportunityId)).owner_id).toBe(second);
    const reassigned = (await timelineKinds(lead.opportunityId)).find((e) => e.kind === 'lead_reassigned');
    expect(reassigned?.summary).toMatchObject({
      ruleId: r.id,
      reason: 'reclaimed',
      fromId: first.ownerId,
      toId: second,
      slaMinutes: 10,
    });
    const bell = (await call(ctx, w.manager, 'GET', '/notifications')).body.items;
    expect(bell.length).toBe(bellBefore + 1);
    expect(bell[0]).toMatchObject({ kind: 'lead_reclaimed', data: { opportunityId: lead.opportunityId } });

    // Past the second SLA: nobody else may take it (the first already had it) — it stays, the manager hears.
    await enforceFirstResponseSla(ctx.db, new Date(t0.getTime() + 22 * 60_000));
    expect((await ownerOf(lead.opportunityId)).owner_id).toBe(second);
    const overview = (await call(ctx, w.admin, 'GET', '/distribution/overview')).body;
    const statuses = overview.recent
      .filter((a: { opportunityId: string }) => a.opportunityId === lead.opportunityId)
      .map((a: { status: string }) => a.status);
    expect(statuses.sort()).toEqual(['expired', 'reclaimed']);
  });

  it('a contact by the owner (a note) stops the reclaim and records the first-response time', async () => {
    const { pipelineId } = await funnel();
    await rule({
      pipelineId,
      slaMinutes: 5,
      members: [{ userId: w.brokerA1.id }, { userId: w.brokerA2.id }],
    });
    const t0 = new Date(Date.now() - 60_000);
    const lead = await unownedLead(pipelineId);
    const first = await distributeLead(ctx.db, lead, { now: t0 });
    if (first.status !== 'assigned') throw new Error(first.status);
    const owner = first.ownerId === w.brokerA1.id ? w.brokerA1 : w.brokerA2;
    const note = await call(ctx, owner, 'POST', `/opportunities/${lead.opportunityId}/notes`, {
      body: 'Liguei, agendamos visita.',
    });
    expect(note.status).toBe(201);
    await enforceFirstResponseSla(ctx.db, new Date(t0.getTime() + 30 * 60_000));
    expect((await ownerOf(lead.opportunityId)).owner_id).toBe(owner.id);
    const mine = (await call(ctx, owner, 'GET', '/distribution/overview')).body;
    const row = mine.recent.find((a: { opportunityId: string }) => a.opportunityId === lead.opportunityId);
    expect(row).toMatchObject({ status: 'contacted' });
    expect(row.contactedAt).not.toBeNull();
    expect(mine.brokers[0].medianFirstResponseSeconds).not.toBeNull();
  });

  it('a note by someone else is not the owner’s contact: the lead is still reclaimed', async () => {
    const { pipelineId } = await funnel();
    await rule({
      pipelineId,
      slaMinutes: 5,
      members: [{ userId: w.brokerA1.id }, { userId: w.brokerA2.id }],
    });
    const t0 = new Date(Date.now() - 60_000);
    const lead = await unownedLead(pipelineId);
    const first = await distributeLead(ctx.db, lead, { now: t0 });
    if (first.status !== 'assigned') throw new Error(first.status);
    await call(ctx, w.admin, 'POST', `/opportunities/${lead.opportunityId}/notes`, {
      body: 'Lembrete do admin.',
    });
    await enforceFirstResponseSla(ctx.db, new Date(t0.getTime() + 30 * 60_000));
    expect((await ownerOf(lead.opportunityId)).owner_id).not.toBe(first.ownerId);
  });
});

describe('the API', () => {
  it('a rule limited to a lead source takes only its leads; rules are tried in the order managers set', async () => {
    const { pipelineId } = await funnel();
    const created = await call(ctx, w.admin, 'POST', '/intake/sources', {
      name: `Portal da roleta ${++n}`,
      preset: 'generic',
      pipelineId,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const sourceId = created.body.source.id as string;
    const sources = await call(ctx, w.manager, 'GET', '/distribution/lead-sources');
    expect(sources.body.items).toContainEqual({ id: sourceId, name: `Portal da roleta ${n}` });
    expect((await call(ctx, w.brokerA1, 'GET', '/distribution/lead-sources')).status).toBe(403);

    const portal = await rule({ pipelineId, sourceId, members: [{ userId: w.brokerA1.id }] });
    const any = await rule({ pipelineId, members: [{ userId: w.brokerB1.id }] });
    const ownerFor = async (source: string | null) => {
      const out = await distributeLead(ctx.db, { ...(await unownedLead(pipelineId)), sourceId: source });
      return out.status === 'assigned' ? out.ownerId : out.status;
    };
    expect(await ownerFor(sourceId)).toBe(w.brokerA1.id);
    expect(await ownerFor(null)).toBe(w.brokerB1.id);

    // The catch-all rule moved above the portal's: it now takes the portal's leads too.
    const moved = await call(ctx, w.manager, 'POST', `/distribution/rules/${any.id}/move`, {
      direction: 'up',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const order = moved.body.items.map((r: { id: string }) => r.id);
    expect(order.indexOf(any.id)).toBeLessThan(order.indexOf(portal.id));
    expect(await ownerFor(sourceId)).toBe(w.brokerB1.id);
    const positions = moved.body.items.map((r: { position: number }) => r.position);
    expect(positions).toEqual(positions.map((_: number, i: number) => i + 1));

    const unknown = '00000000-0000-4000-8000-000000000000';
    const missing = await call(ctx, w.manager, 'POST', `/distribution/rules/${unknown}/move`, {
      direction: 'up',
    });
    expect(missing.status).toBe(404);
    const broker = await call(ctx, w.brokerA1, 'POST', `/distribution/rules/${any.id}/move`, {
      direction: 'down',
    });
    expect(broker.status).toBe(403);
  });

  it('rules need manageDistribution; a broker sees only their own leads on the manager page', async () => {
    expect((await call(ctx, w.brokerA1, 'GET', '/distribution/rules')).status).toBe(403);
    expect(
      (
        await call(ctx, w.brokerA1, 'POST', '/distribution/rules', {
          name: 'x',
          pipelineId: w.pipelineId,
          members: [{ userId: w.brokerA1.id }],
        })
      ).status,
    ).toBe(403);
    const mine = (await call(ctx, w.brokerA1, 'GET', '/distribution/overview')).body;
    expect(mine.queue).toEqual([]);
    expect(mine.recent.length).toBeGreaterThan(0);
    expect(mine.recent.every((a: { userId: string }) => a.userId === w.brokerA1.id)).toBe(true);
    expect(mine.brokers.every((b: { userId: string }) => b.userId === w.brokerA1.id)).toBe(true);
    const all = (await call(ctx, w.admin, 'GET', '/distribution/overview')).body;
    expect(new Set(all.recent.map((a: { userId: string }) => a.userId)).size).toBeGreaterThan(1);
  });

  it('edits need If-Match (428 without, 412 stale); unknown references are 422', async () => {
    const { pipelineId } = await funnel();
    const r = await rule({ pipelineId, members: [{ userId: w.brokerA1.id }] });
    const body = { name: 'Renomeada', pipelineId, members: [{ userId: w.brokerA2.id, weight: 2 }] };
    expect((await call(ctx, w.admin, 'PUT', `/distribution/rules/${r.id}`, body)).status).toBe(428);
    const ok = await call(ctx, w.admin, 'PUT', `/distribution/rules/${r.id}`, body, {
      'if-match': `"${r.version}"`,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.members).toEqual([
      { userId: w.brokerA2.id, name: 'Corretor A2', weight: 2, dailyCap: null },
    ]);
    expect(
      (await call(ctx, w.admin, 'PUT', `/distribution/rules/${r.id}`, body, { 'if-match': `"${r.version}"` }))
        .status,
    ).toBe(412);
    const bad = await call(ctx, w.admin, 'POST', '/distribution/rules', {
      name: 'Ruim',
      pipelineId,
      sourceId: w.teamAlfa,
      members: [{ userId: w.teamAlfa }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'members.0.userId',
      'sourceId',
    ]);
    expect(
      (
        await call(ctx, w.admin, 'DELETE', `/distribution/rules/${r.id}`, undefined, {
          'if-match': `"${ok.body.version}"`,
        })
      ).status,
    ).toBe(204);
    expect((await call(ctx, w.admin, 'GET', `/distribution/rules/${r.id}`)).status).toBe(404);
  });

  it('distribuir agora: a manager hands an unowned negotiation out; an owned one is 409', async () => {
    const { pipelineId } = await funnel();
    const r = await rule({ pipelineId, members: [{ userId: w.brokerB1.id }] });
    const lead = await unownedLead(pipelineId);
    const res = await call(ctx, w.admin, 'POST', `/distribution/rules/${r.id}/distribute`, {
      opportunityId: lead.opportunityId,
      personId: lead.personId,
    });
    expect(res.body).toMatchObject({ status: 'assigned', ownerId: w.brokerB1.id });
    const again = await call(ctx, w.admin, 'POST', `/distribution/rules/${r.id}/distribute`, {
      opportunityId: lead.opportunityId,
      personId: lead.personId,
    });
    expect(again.status).toBe(409);
  });
});
