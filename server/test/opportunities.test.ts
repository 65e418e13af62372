import type { RealtimeEvent } from '@funil/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../src/modules/auth/auth.service.ts';
import { registerOpportunityVisibility } from '../src/modules/opportunities/opportunities.realtime.ts';
import { RealtimeHub } from '../src/modules/realtime/realtime.hub.ts';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
import { createTestContext, type TestContext } from './helpers.ts';
import { call, newOpportunity, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

let ctx: TestContext;
let w: World;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
});
afterAll(() => ctx.close());

const stage = (name: string) => w.stages.find((s) => s.name === name)?.id as string;

describe('creating an opportunity', () => {
  it('fills the conversion data from the owner (team, its manager, branch) and records who registered it', async () => {
    const { opportunity, holderId } = await newOpportunity(ctx, w, w.brokerA1, { valueCents: 45_000_000 });
    expect(opportunity.stageId).toBe(stage('Novo lead'));
    expect(opportunity.owner).toEqual({ id: w.brokerA1.id, name: 'Corretora A1' });
    expect(opportunity.team.id).toBe(w.teamAlfa);
    expect(opportunity.manager).toEqual({ id: w.manager.id, name: 'Gerente Alfa' });
    expect(opportunity.branch.id).toBe(w.branchId);
    expect(opportunity.origin).toBe('manual');
    expect(opportunity.createdBy.id).toBe(w.brokerA1.id);
    expect(opportunity.people).toEqual([
      expect.objectContaining({ personId: holderId, role: 'holder', visible: true, missing: [] }),
    ]);
    expect(opportunity.valueCents).toBe(45_000_000);
    const timeline = await call(ctx, w.brokerA1, 'GET', `/opportunities/${opportunity.id}/timeline`);
    expect(timeline.body.items.map((e: { kind: string }) => e.kind)).toEqual(['created']);
  });

  it('keeps what an integration sent, as received', async () => {
    const payload = {
      lead: { nome: 'Ana', telefone: '+55 11 98888-7777' },
      campanha: 'Black Friday',
      extra: [1, 2],
    };
    const { opportunity } = await newOpportunity(ctx, w, w.brokerA1, {
      integration: { name: 'Opa! Suite', payload },
    });
    expect(opportunity.origin).toBe('integration');
    expect(opportunity.originIntegration).toBe('Opa! Suite');
    expect(opportunity.originPayload).toEqual(payload);
  });

  it('refuses fields a stage requires, unknown references and invisible people, per field', async () => {
    const person = await call(ctx, w.brokerA1, 'POST', '/people', personBody());
    const missing = await call(ctx, w.brokerA1, 'POST', '/opportunities', {
      pipelineId: w.pipelineId,
      stageId: stage('Proposta'),
      title: 'Casa',
      holderId: person.body.id,
    });
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('stage-requirements');
    expect(missing.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['valueCents', 'required_for_stage'],
      ['expectedCloseDate', 'required_for_stage'],
    ]);
    expect(missing.body.errors[0].message).toBe('Obrigatório nesta etapa');
    const strangers = await call(ctx, w.brokerB1, 'POST', '/opportunities', {
      pipelineId: w.pipelineId,
      title: 'Casa',
      holderId: person.body.id,
      businessPlanId: w.lists.loss_reason[0]?.id,
      valueCents: -5,
    });
    expect(strangers.status).toBe(422);
    expect(strangers.body.errors.map((e: { field: string }) => e.field)).toEqual(['valueCents']);
    const invisible = await call(ctx, w.brokerB1, 'POST', '/opportunities', {
      pipelineId: w.pipelineId,
      title: 'Casa',
      holderId: person.body.id,
      businessPlanId: w.lists.loss_reason[0]?.id,
    });
    expect(invisible.status).toBe(422);
    expect(invisible.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(
      ['businessPlanId:unknown_option'],
    );
    const holder = await call(ctx, w.brokerB1, 'POST', '/opportunities', {
      pipelineId: w.pipelineId,
      title: 'Casa',
      holderId: person.body.id,
    });
    expect(holder.body.errors).toEqual([
      expect.objectContaining({ field: 'holderId', code: 'unknown_person' }),
    ]);
  });

  it('does not let a broker register an opportunity in someone else’s name', async () => {
    const person = await call(ctx, w.brokerA1, 'POST', '/people', personBody());
    const res = await call(ctx, w.brokerA1, 'POST', '/opportunities', {
      pipelineId: w.pipelineId,
      title: 'Casa',
      holderId: person.body.id,
      ownerId: w.brokerA2.id,
    });
    expect(res.status).toBe(403);
  });
});

describe('moving cards', () => {
  it('orders cards inside a column and records each stage change on the card and on its people', async () => {
    const a = await newOpportunity(ctx, w, w.brokerA2, { title: 'Card A' });
    const b = await newOpportunity(ctx, w, w.brokerA2, { title: 'Card B' });
    const c = await newOpportunity(ctx, w, w.brokerA2, { title: 'Card C' });
    for (const card of [a, b, c]) {
      const moved = await call(ctx, w.brokerA2, 'POST', `/opportunities/${card.opportunity.id}/move`, {
        stageId: stage('Visita'),
        position: 99,
      });
      expect(moved.status).toBe(200);
    }
    // A to the top, then C between A and B.
    await call(ctx, w.brokerA2, 'POST', `/opportunities/${a.opportunity.id}/move`, {
      stageId: stage('Visita'),
      position: 0,
    });
    await call(ctx, w.brokerA2, 'POST', `/opportunities/${c.opportunity.id}/move`, {
      stageId: stage('Visita'),
      afterId: a.opportunity.id,
    });
    const column = await call(
      ctx,
      w.brokerA2,
      'GET',
      `/opportunities?stageId=${stage('Visita')}&ownerId=${w.brokerA2.id}&sort=rank`,
    );
    expect(column.body.items.map((o: { title: string }) => o.title)).toEqual(['Card A', 'Card C', 'Card B']);
    const events = await call(
      ctx,
      w.brokerA2,
      'GET',
      `/opportunities/${a.opportunity.id}/timeline?filter=changes`,
    );
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0]).toMatchObject({
      kind: 'stage_changed',
      data: { from: { name: 'Novo lead' }, to: { name: 'Visita' } },
      actor: { id: w.brokerA2.id },
    });
    const personTimeline = await call(ctx, w.brokerA2, 'GET', `/people/${a.holderId}/timeline`);
    const kinds = personTimeline.body.items.map(
      (e: { kind: string; subject: { type: string } }) => `${e.subject.type}:${e.kind}`,
    );
    expect(kinds).toEqual(['opportunity:stage_changed', 'opportunity:created', 'person:created']);
    expect(personTimeline.body.items[0].subject.title).toBe('Card A');
  });

  it('refuses a stage whose required fields are empty', async () => {
    const { opportunity } = await newOpportunity(ctx, w, w.brokerA1);
    const refused = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/move`, {
      stageId: stage('Proposta'),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('stage-requirements');
    expect(refused.body.title).toBe('Preencha os campos exigidos pela etapa antes de mover o card');
    const unknown = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/move`, {
      stageId: opportunity.pipelineId,
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'stageId', code: 'unknown_stage' });
    const read = await call(ctx, w.brokerA1, 'GET', `/opportunities/${opportunity.id}`);
    expect(read.body.stageId).toBe(stage('Novo lead'));
    expect(read.body.version).toBe(opportunity.version);
  });

  it('moves a card to another funnel, recording both funnels', async () => {
    const { opportunity } = await newOpportunity(ctx, w, w.brokerA1);
    const other = await call(ctx, w.admin, 'POST', '/pipelines', {
      name: 'Locação',
      stages: [{ name: 'Lead' }],
    });
    const moved = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/move`, {
      stageId: other.body.stages[0].id,
    });
    expect(moved.status).toBe(200);
    const read = await call(ctx, w.brokerA1, 'GET', `/opportunities/${opportunity.id}`);
    expect(read.body).toMatchObject({ pipelineId: other.body.id, stageId: other.body.stages[0].id });
    const events = await call(
      ctx,
      w.brokerA1,
      'GET',
      `/opportunities/${opportunity.id}/timeline?filter=changes`,
    );
    expect(events.body.items[0].data).toMatchObject({
      from: { name: 'Novo lead' },
      to: { name: 'Lead' },
      fromPipeline: { id: w.pipelineId, name: 'Vendas' },
      toPipeline: { id: other.body.id, name: 'Locação' },
    });
    const board = await call(ctx, w.brokerA1, 'GET', `/pipelines/${other.body.id}/board`);
    expect(board.body.columns[0].cards.map((c: { id: string }) => c.id)).toContain(opportunity.id);
  });

  it('applies two users’ concurrent moves of one card in turn: one final state, both moves on the timeline', async () => {
    const { opportunity } = await newOpportunity(ctx, w, w.brokerA1, {
      valueCents: 100,
      expectedCloseDate: '2027-01-10',
    });
    const [first, second] = await Promise.all([
      call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/move`, { stageId: stage('Visita') }),
      call(ctx, w.manager, 'POST', `/opportunities/${opportunity.id}/move`, { stageId: stage('Proposta') }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const final = await call(ctx, w.brokerA1, 'GET', `/opportunities/${opportunity.id}`);
    const last = first.body.version > second.body.version ? first.body : second.body;
    expect(final.body.stageId).toBe(last.stageId);
    expect(final.body.version).toBe(opportunity.version + 2);
    const moves = await call(
      ctx,
      w.brokerA1,
      'GET',
      `/opportunities/${opportunity.id}/timeline?filter=changes`,
    );
    expect(moves.body.items.map((e: { kind: string }) => e.kind)).toEqual(['stage_changed', 'stage_changed']);
    expect(moves.body.items[0].data.to.id).toBe(final.body.stageId);
    expect(moves.body.items[1].data.to.id).toBe(moves.body.items[0].data.from.id);
  });

  it('gives a stale edit 412 and changes nothing; a move sent with a stale If-Match too', async () => {
    const { opportunity } = await newOpportunity(ctx, w, w.brokerA1);
    const etag = `"${opportunity.version}"`;
    const edit = await call(
      ctx,
      w.brokerA1,
      'PATCH',
      `/opportunities/${opportunity.id}`,
      { city: 'Santos' },
      { 'if-match': etag },
    );
    expect(edit.status).toBe(200);
    expect(edit.body.version).toBe(opportunity.version + 1);
    const stale = await call(
      ctx,
      w.manager,
      'PATCH',
      `/opportunities/${opportunity.id}`,
      { city: 'Campinas' },
      { 'if-match': etag },
    );
    expect(stale.status).toBe(412);
    const staleMove = await call(
      ctx,
      w.manager,
      'POST',
      `/opportunities/${opportunity.id}/move`,
      { stageId: stage('Visita') },
      {
        'if-match': etag,
      },
    );
    expect(staleMove.status).toBe(412);
    const noVersion = await call(ctx, w.manager, 'PATCH', `/opportunities/${opportunity.id}`, {
      city: 'Campinas',
    });
    expect(noVersion.status).toBe(428);
    const read = await call(ctx, w.brokerA1, 'GET', `/opportunities/${opportunity.id}`);
    expect(read.body).toMatchObject({ city: 'Santos', stageId: stage('Novo lead') });
  });

  it('records every edited field with its old and new value, references by name', async () => {
    const { opportunity } = await newOpportunity(ctx, w, w.brokerA1, { valueCents: 1000 });
    const res = await call(
      ctx,
      w.admin,
      'PATCH',
      `/opportunities/${opportunity.id}`,
      {
        valueCents: 2000,
        ownerId: w.brokerA2.id,
        qualificationId: w.lists.qualification[1]?.id,
        tags: ['vip'],
      },
      { 'if-match': `"${opportunity.version}"` },
    );
    expect(res.status).toBe(200);
    const events = await call(
      ctx,
      w.admin,
      'GET',
      `/opportunities/${opportunity.id}/timeline?filter=changes`,
    );
    expect(events.body.items[0].kind).toBe('field_changed');
    expect(events.body.items[0].data.changes).toEqual([
      { field: 'valueCents', old: 1000, new: 2000 },
      {
        field: 'ownerId',
        old: { id: w.brokerA1.id, name: 'Corretora A1' },
        new: { id: w.brokerA2.id, name: 'Corretor A2' },
      },
      { field: 'qualificationId', old: null, new: { id: w.lists.qualification[1]?.id, name: 'Quente' } },
      { field: 'tags', old: [], new: ['vip'] },
    ]);
  });

  it('applies bulk actions one by one and reports the refused ones', async () => {
    const ok = await newOpportunity(ctx, w, w.brokerA1, { valueCents: 5, expectedCloseDate: '2027-02-01' });
    const noValue = await newOpportunity(ctx, w, w.brokerA1);
    const res = await call(ctx, w.brokerA1, 'POST', '/opportunities/bulk', {
      action: 'move',
      ids: [ok.opportunity.id, noValue.opportunity.id],
      stageId: stage('Proposta'),
    });
    expect(res.body.done).toEqual([ok.opportunity.id]);
    expect(res.body.failed).toEqual([
      expect.objectContaining({ id: noValue.opportunity.id, code: 'stage-requirements' }),
    ]);
    const lost = await call(ctx, w.brokerA1, 'POST', '/opportunities/bulk', {
      action: 'lose',
      ids: [noValue.opportunity.id],
      reasonId: w.lists.loss_reason[0]?.id,
    });
    expect(lost.body.done).toEqual([noValue.opportunity.id]);
  });
});

describe('statuses, involved people and the sale', () => {
  it('needs a reason to lose or discard, records reopening, and keeps lost cards off the open board', async () => {
    const { opportunity } = await newOpportunity(ctx, w, w.brokerA1, { title: 'Perdida' });
    const noReason = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/status`, {
      status: 'lost',
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0]).toMatchObject({ field: 'reasonId', code: 'required' });
    const wrongList = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/status`, {
      status: 'lost',
      reasonId: w.lists.discard_reason[0]?.id,
    });
    expect(wrongList.status).toBe(422);
    const lost = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/status`, {
      status: 'lost',
      reasonId: w.lists.loss_reason[1]?.id,
      note: 'Fechou com outra construtora',
    });
    expect(lost.body).toMatchObject({ status: 'lost', statusReason: { label: 'Concorrência' } });
    const move = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/move`, {
      stageId: stage('Visita'),
    });
    expect(move.status).toBe(409);
    expect(move.body.code).toBe('opportunity-closed');
    const board = await call(ctx, w.brokerA1, 'GET', `/pipelines/${w.pipelineId}/board?q=Perdida`);
    expect(board.body.columns.flatMap((c: { cards: unknown[] }) => c.cards)).toHaveLength(0);
    const lostBoard = await call(
      ctx,
      w.brokerA1,
      'GET',
      `/pipelines/${w.pipelineId}/board?q=Perdida&status=lost`,
    );
    expect(lostBoard.body.columns[0].count).toBe(1);
    const reopened = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/status`, {
      status: 'open',
    });
    expect(reopened.body).toMatchObject({ status: 'open', statusReason: null, closedAt: null });
    const events = await call(
      ctx,
      w.brokerA1,
      'GET',
      `/opportunities/${opportunity.id}/timeline?filter=changes`,
    );
    expect(events.body.items.map((e: { data: { to: string } }) => e.data.to)).toEqual(['open', 'lost']);
    expect(events.body.items[1].data).toMatchObject({
      from: 'open',
      reason: { label: 'Concorrência' },
      note: 'Fechou com outra construtora',
    });
  });

  it('keeps exactly one holder: a new holder demotes the old one; the holder cannot be removed', async () => {
    const { opportunity, holderId } = await newOpportunity(ctx, w, w.brokerA1);
    const other = await call(ctx, w.brokerA1, 'POST', '/people', personBody());
    const swapped = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/people`, {
      personId: other.body.id,
      role: 'holder',
    });
    expect(swapped.body.items.map((p: { personId: string; role: string }) => [p.personId, p.role])).toEqual([
      [other.body.id, 'holder'],
      [holderId, 'other'],
    ]);
    const removeHolder = await call(
      ctx,
      w.brokerA1,
      'DELETE',
      `/opportunities/${opportunity.id}/people/${other.body.id}`,
    );
    expect(removeHolder.status).toBe(422);
    const removed = await call(
      ctx,
      w.brokerA1,
      'DELETE',
      `/opportunities/${opportunity.id}/people/${holderId}`,
    );
    expect(removed.body.items).toHaveLength(1);
    const { rows } = await ctx.db.query(
      "SELECT count(*)::int AS n FROM opportunity_people WHERE opportunity_id = $1 AND role = 'holder'",
      [opportunity.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses the sale while an involved person lacks required data, then turns the accepted proposal into a sales order', async () => {
    const { opportunity } = await newOpportunity(ctx, w, w.brokerA1, { valueCents: 50_000_000 });
    const spouse = await call(
      ctx,
      w.brokerA1,
      'POST',
      '/people',
      personBody({ name: 'Cônjuge Sem CPF', document: null, addresses: [] }),
    );
    await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/people`, {
      personId: spouse.body.id,
      role: 'spouse',
    });
    const proposal = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/proposals`, {
      valueCents: 48_000_000,
      conditions: '20% de entrada, saldo financiado',
      validUntil: '2027-03-31',
      items: [{ description: 'Apartamento 52', quantity: 1, unitCents: 48_000_000 }],
    });
    expect(proposal.status).toBe(201);
    const refused = await call(
      ctx,
      w.brokerA1,
      'POST',
      `/opportunities/${opportunity.id}/proposals/${proposal.body.id}/accept`,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('sale-requirements');
    expect(refused.body.missing).toEqual([
      { personId: spouse.body.id, name: 'Cônjuge Sem CPF', missing: ['document', 'address'] },
    ]);
    const wonDirectly = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/status`, {
      status: 'won',
    });
    expect(wonDirectly.status).toBe(422);
    expect((await call(ctx, w.brokerA1, 'GET', `/opportunities/${opportunity.id}`)).body.status).toBe('open');
    const person = await call(ctx, w.brokerA1, 'GET', `/people/${spouse.body.id}`);
    const fixed = await call(
      ctx,
      w.brokerA1,
      'PATCH',
      `/people/${spouse.body.id}`,
      { document: personBody().document, addresses: personBody().addresses },
      { 'if-match': person.headers.etag as string },
    );
    expect(fixed.status).toBe(200);
    const won = await call(
      ctx,
      w.brokerA1,
      'POST',
      `/opportunities/${opportunity.id}/proposals/${proposal.body.id}/accept`,
    );
    expect(won.status).toBe(200);
    expect(won.body.status).toBe('won');
    expect(won.body.salesOrder).toMatchObject({ valueCents: 48_000_000 });
    const proposals = await call(ctx, w.brokerA1, 'GET', `/opportunities/${opportunity.id}/proposals`);
    expect(proposals.body.items[0].status).toBe('accepted');
    const reopen = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/status`, {
      status: 'open',
    });
    expect(reopen.status).toBe(409);
    const events = await call(ctx, w.brokerA1, 'GET', `/opportunities/${opportunity.id}/timeline`);
    expect(events.body.items.map((e: { kind: string }) => e.kind).slice(0, 3)).toEqual([
      'status_changed',
      'sale_created',
      'proposal_created',
    ]);
    // The spouse's own timeline shows the sale too.
    const spouseTimeline = await call(ctx, w.brokerA1, 'GET', `/people/${spouse.body.id}/timeline`);
    expect(spouseTimeline.body.items.map((e: { kind: string }) => e.kind)).toContain('sale_created');
  });

  it('keeps annotations immutable and every opportunity chain intact', async () => {
    const { opportunity } = await newOpportunity(ctx, w, w.brokerA1);
    const note = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/notes`, {
      body: 'Cliente pediu desconto',
    });
    expect(note.status).toBe(201);
    await expect(
      ctx.db.query('UPDATE timeline_events SET kind = $1 WHERE id = $2', ['x', note.body.id]),
    ).rejects.toThrow();
    await expect(ctx.db.query('DELETE FROM timeline_events WHERE id = $1', [note.body.id])).rejects.toThrow();
    const report = await verifyAllChains(ctx.db);
    expect(report.broken).toEqual([]);
    expect(report.events).toBeGreaterThan(50);
  });
});

describe('funnels and lists', () => {
  it('archives a stage with cards only after moving them, each move on the card’s timeline', async () => {
    const created = await call(ctx, w.admin, 'POST', '/pipelines', {
      name: 'Funil temporário',
      stages: [{ name: 'A' }, { name: 'B' }, { name: 'C' }],
    });
    const [a, b, c] = created.body.stages;
    const person = await call(ctx, w.admin, 'POST', '/people', personBody());
    const opp = await call(ctx, w.admin, 'POST', '/opportunities', {
      pipelineId: created.body.id,
      stageId: b.id,
      title: 'No B',
      holderId: person.body.id,
    });
    const keep = [a, c].map(({ id, name }) => ({ id, name }));
    const refused = await call(
      ctx,
      w.admin,
      'PUT',
      `/pipelines/${created.body.id}`,
      { name: 'Funil temporário', stages: keep },
      {
        'if-match': '"1"',
      },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('stage-not-empty');
    const renamed = [{ id: c.id, name: 'C (primeiro)' }, { id: a.id, name: 'A' }, { name: 'D' }];
    const saved = await call(
      ctx,
      w.admin,
      'PUT',
      `/pipelines/${created.body.id}`,
      { name: 'Funil renomeado', stages: renamed, moveCardsTo: { [b.id]: c.id } },
      { 'if-match': '"1"' },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.name).toBe('Funil renomeado');
    expect(saved.body.stages.map((s: { name: string }) => s.name)).toEqual(['C (primeiro)', 'A', 'D']);
    expect(saved.body.cardCounts).toEqual({ [c.id]: 1 });
    const events = await call(ctx, w.admin, 'GET', `/opportunities/${opp.body.id}/timeline?filter=changes`);
    expect(events.body.items[0].data).toMatchObject({
      from: { name: 'B' },
      to: { name: 'C' },
      reason: 'stage_archived',
    });
    const stale = await call(
      ctx,
      w.admin,
      'PUT',
      `/pipelines/${created.body.id}`,
      { name: 'X', stages: renamed },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);
    const broker = await call(
      ctx,
      w.brokerA1,
      'PUT',
      `/pipelines/${created.body.id}`,
      { name: 'X', stages: renamed },
      {
        'if-match': '"2"',
      },
    );
    expect(broker.status).toBe(403);
  });

  it('versions the lists and sale requirements; archived options keep showing on old opportunities', async () => {
    const { opportunity } = await newOpportunity(ctx, w, w.brokerA1, {
      businessPlanId: w.lists.business_plan[0]?.id,
    });
    const settings = await call(ctx, w.admin, 'GET', '/opportunity-settings');
    expect(settings.body.saleRequirements).toEqual(['document', 'address', 'phone']);
    const replaced = await call(
      ctx,
      w.admin,
      'PUT',
      '/opportunity-settings/lists/business_plan',
      { items: [{ label: 'Cobertura' }] },
      {
        'if-match': settings.headers.etag as string,
      },
    );
    expect(replaced.body.lists.business_plan.map((o: { label: string }) => o.label)).toEqual(['Cobertura']);
    const stale = await call(
      ctx,
      w.admin,
      'PUT',
      '/opportunity-settings/sale-requirements',
      { requirements: ['email'] },
      {
        'if-match': settings.headers.etag as string,
      },
    );
    expect(stale.status).toBe(412);
    const read = await call(ctx, w.brokerA1, 'GET', `/opportunities/${opportunity.id}`);
    expect(read.body.businessPlan).toMatchObject({ label: 'Apartamento 2 dorms', archived: true });
    const brokerEdit = await call(
      ctx,
      w.brokerA1,
      'PUT',
      '/opportunity-settings/sale-requirements',
      { requirements: [] },
      {
        'if-match': replaced.headers.etag as string,
      },
    );
    expect(brokerEdit.status).toBe(403);
  });
});

describe('the funnel report', () => {
  it('counts cards per stage, the conversion from each stage to the next and outcomes by reason, owner and source', async () => {
    const p = await call(ctx, w.admin, 'POST', '/pipelines', {
      name: 'Relatório',
      stages: [{ name: 'Um' }, { name: 'Dois' }, { name: 'Três' }],
    });
    const [, two, three] = p.body.stages;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { opportunity } = await newOpportunity(ctx, w, w.brokerA1, {
        pipelineId: p.body.id,
        valueCents: 1000 * (i + 1),
        source: { media: i < 2 ? 'Site' : 'Indicação' },
      });
      ids.push(opportunity.id);
    }
    for (const id of ids.slice(0, 2))
      await call(ctx, w.brokerA1, 'POST', `/opportunities/${id}/move`, { stageId: two.id });
    await call(ctx, w.brokerA1, 'POST', `/opportunities/${ids[0]}/move`, { stageId: three.id });
    // Moving back does not undo having reached a stage.
    await call(ctx, w.brokerA1, 'POST', `/opportunities/${ids[0]}/move`, { stageId: two.id });
    await call(ctx, w.brokerA1, 'POST', `/opportunities/${ids[3]}/status`, {
      status: 'lost',
      reasonId: w.lists.loss_reason[0]?.id,
    });
    const report = await call(ctx, w.brokerA1, 'GET', `/pipelines/${p.body.id}/report`);
    expect(report.status).toBe(200);
    expect(
      report.body.stages.map(
        (s: { name: string; reached: number; openCards: number; conversionToNext: number | null }) => [
          s.name,
          s.reached,
          s.openCards,
          s.conversionToNext,
        ],
      ),
    ).toEqual([
      ['Um', 4, 1, 0.5],
      ['Dois', 2, 2, 0.5],
      ['Três', 1, 0, null],
    ]);
    expect(report.body.stages[1].openValueCents).toBe(3000);
    expect(report.body.outcomes).toEqual([
      { status: 'lost', reason: 'Preço', count: 1, valueCents: 4000 },
      { status: 'open', reason: null, count: 3, valueCents: 6000 },
    ]);
    expect(report.body.byOwner).toEqual([
      { owner: { id: w.brokerA1.id, name: 'Corretora A1' }, open: 3, won: 0, lost: 1, wonValueCents: 0 },
    ]);
    expect(report.body.bySource.map((s: { media: string; lost: number }) => [s.media, s.lost])).toEqual([
      ['Indicação', 1],
      ['Site', 0],
    ]);
    // Another team's broker sees nothing of it.
    const other = await call(ctx, w.brokerB1, 'GET', `/pipelines/${p.body.id}/report`);
    expect(other.body.stages.map((s: { reached: number }) => s.reached)).toEqual([0, 0, 0]);
    const empty = await call(
      ctx,
      w.brokerA1,
      'GET',
      `/pipelines/${p.body.id}/report?from=2020-01-01&to=2020-01-31`,
    );
    expect(empty.body.outcomes).toEqual([]);
  });
});

describe('the API document', () => {
  it('lists every opportunities endpoint of the contract', async () => {
    const doc = (await ctx.app.inject({ url: '/api/v1/openapi.json' })).json();
    const expected: Record<string, string[]> = {
      '/api/v1/pipelines': ['get', 'post'],
      '/api/v1/pipelines/{id}': ['get', 'put'],
      '/api/v1/pipelines/{id}/board': ['get'],
      '/api/v1/pipelines/{id}/report': ['get'],
      '/api/v1/opportunities': ['get', 'post'],
      '/api/v1/opportunities/{id}': ['get', 'patch'],
      '/api/v1/opportunities/{id}/move': ['post'],
      '/api/v1/opportunities/{id}/status': ['post'],
      '/api/v1/opportunities/{id}/people': ['get', 'post'],
      '/api/v1/opportunities/{id}/timeline': ['get'],
      '/api/v1/opportunities/{id}/proposals': ['get', 'post'],
      '/api/v1/events': ['get'],
      '/api/v1/opportunity-settings': ['get'],
      '/api/v1/notifications': ['get'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect(Object.keys(doc.paths[path] ?? {}), path).toEqual(expect.arrayContaining(methods));
    }
  });
});

describe('ranks', () => {
  it('gives concurrent creations and moves into one column distinct places', async () => {
    const p = await call(ctx, w.admin, 'POST', '/pipelines', {
      name: 'Concorrência',
      stages: [{ name: 'A' }, { name: 'B' }],
    });
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        newOpportunity(ctx, w, w.brokerA1, { pipelineId: p.body.id, title: `Simultânea ${i}` }),
      ),
    );
    await Promise.all(
      created.map(({ opportunity }) =>
        call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/move`, {
          stageId: p.body.stages[1].id,
          position: 0,
        }),
      ),
    );
    const { rows } = await ctx.db.query(
      'SELECT count(*)::int AS n, count(DISTINCT rank)::int AS ranks FROM opportunities WHERE pipeline_id = $1',
      [p.body.id],
    );
    expect(rows[0]).toEqual({ n: 12, ranks: 12 });
  });
});

describe('the next activity on cards', () => {
  const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  const schedule = async (user: typeof w.admin, opportunityId: string, body: Record<string, unknown>) => {
    const res = await call(ctx, user, 'POST', '/activities', { kind: 'call', opportunityId, ...body });
    if (res.status !== 201) throw new Error(`activity: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  type Card = { id: string; nextActivity: unknown };
  const byId = (cards: Card[]) => new Map(cards.map((c) => [c.id, c.nextActivity]));

  it('shows the soonest open activity on the board, the list and column pages; done and cancelled ones are ignored', async () => {
    const p = await call(ctx, w.admin, 'POST', '/pipelines', { name: 'Agenda', stages: [{ name: 'Único' }] });
    const stageId = p.body.stages[0].id as string;
    const make = async (title: string) =>
      (await newOpportunity(ctx, w, w.brokerA1, { pipelineId: p.body.id, title })).opportunity.id as string;
    const busy = await make('Zebraprox agendada');
    const idle = await make('Zebraprox sem agenda');
    const closed = await make('Zebraprox só encerradas');

    await schedule(w.brokerA1, busy, { title: 'Ligar daqui a dois dias', dueAt: inHours(48) });
    // Overdue and open: it is still the next one... until it is done.
    const late = await schedule(w.brokerA1, busy, {
      kind: 'task',
      title: 'Mandar a simulação',
      dueAt: inHours(-3),
    });
    const cancelled = await schedule(w.brokerA1, busy, { title: 'Ligar em uma hora', dueAt: inHours(1) });
    // The manager's own activity on the broker's card: visible to the broker through the opportunity.
    const next = await schedule(w.manager, busy, {
      kind: 'meeting',
      title: 'Reunião com o casal',
      dueAt: inHours(2),
    });
    await schedule(w.brokerA1, closed, { title: 'Já feita', dueAt: inHours(5) }).then((id) =>
      call(ctx, w.brokerA1, 'POST', `/activities/${id}/complete`, { outcome: 'Atendeu' }),
    );

    let board = await call(ctx, w.brokerA1, 'GET', `/pipelines/${p.body.id}/board`);
    expect(board.status).toBe(200);
    expect(byId(board.body.columns[0].cards).get(busy)).toMatchObject({ id: late, kind: 'task' });

    expect(
      (await call(ctx, w.brokerA1, 'POST', `/activities/${late}/complete`, { outcome: null })).status,
    ).toBe(200);
    const cancel = await call(ctx, w.brokerA1, 'POST', `/activities/${cancelled}/cancel`, {
      reason: 'Remarcar',
    });
    expect(cancel.status).toBe(200);

    const expected = {
      id: next,
      kind: 'meeting',
      title: 'Reunião com o casal',
      dueAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    };
    board = await call(ctx, w.brokerA1, 'GET', `/pipelines/${p.body.id}/board`);
    const onBoard = byId(board.body.columns[0].cards);
    expect(onBoard.get(busy)).toEqual(expected);
    expect(onBoard.get(idle)).toBeNull();
    expect(onBoard.get(closed)).toBeNull();

    const list = await call(ctx, w.manager, 'GET', `/opportunities?pipelineId=${p.body.id}&sort=title`);
    expect(byId(list.body.items)).toEqual(
      new Map<string, unknown>([
        [busy, expected],
        [idle, null],
        [closed, null],
      ]),
    );

    // A column's "load more" pages carry it too.
    const seen = new Map<string, unknown>();
    let cursor = '';
    for (let page = 0; page < 3; page++) {
      const res = await call(
        ctx,
        w.brokerA1,
        'GET',
        `/opportunities?stageId=${stageId}&sort=rank&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      for (const [id, a] of byId(res.body.items)) seen.set(id, a);
      cursor = res.body.nextCursor;
    }
    expect(cursor).toBeNull();
    expect(seen).toEqual(onBoard);
  });

  it('tells the boards that may see the card when one of its activities changes', async () => {
    const { opportunity } = await newOpportunity(ctx, w, w.brokerA1, { title: 'Casa com agenda ao vivo' });
    const hub = new RealtimeHub(ctx.ownerUrl);
    registerOpportunityVisibility(hub);
    const token = (u: typeof w.admin) => u.cookie.replace('funil_session=', '');
    const events = { manager: [] as RealtimeEvent[], stranger: [] as unknown[] };
    const manager = await authenticate(ctx.db, token(w.manager));
    const stranger = await authenticate(ctx.db, token(w.brokerB1));
    if (!manager || !stranger) throw new Error('no actor');
    await hub.subscribe({
      actor: manager,
      topic: w.pipelineId,
      send: (e) => events.manager.push(e as RealtimeEvent),
      end: () => undefined,
    });
    await hub.subscribe({
      actor: stranger,
      topic: w.pipelineId,
      send: (e) => events.stranger.push(e),
      end: () => undefined,
    });
    try {
      const id = await schedule(w.brokerA1, opportunity.id, { title: 'Ligar amanhã', dueAt: inHours(20) });
      await call(ctx, w.brokerA1, 'POST', `/activities/${id}/cancel`, { reason: 'Cliente pediu' });
      await expect.poll(() => events.manager.length).toBe(2);
      expect(events.manager[0]).toMatchObject({
        type: 'opportunity.updated',
        pipelineId: w.pipelineId,
        opportunityId: opportunity.id,
        stageId: opportunity.stageId,
        // Not a new version of the opportunity: every board showing it reloads.
        version: null,
        actorId: w.brokerA1.id,
      });
      expect(events.stranger).toEqual([]);
      const after = await call(ctx, w.brokerA1, 'GET', `/opportunities/${opportunity.id}`);
      expect(after.body.version).toBe(opportunity.version);
    } finally {
      await hub.close();
    }
  });
});
