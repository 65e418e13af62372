import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser } from '../src/modules/auth/auth.service.ts';
import { callListIds, callListPage, fireDueAlarms } from '../src/modules/callcenter/callcenter.service.ts';
import { createTestContext, createUser, type TestContext, type TestUser } from './helpers.ts';
import { call, newOpportunity, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

let ctx: TestContext;
let w: World;
let lists: Record<'lead_type' | 'interest_level' | 'publicity', { id: string; label: string }[]>;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
  const out: Record<string, { id: string; label: string }[]> = {};
  for (const [list, labels] of [
    ['lead_type', ['Compra', 'Locação']],
    ['interest_level', ['Baixo', 'Alto']],
    ['publicity', ['Instagram', 'Jornal', 'Indicação']],
  ] as const) {
    const settings = await call(ctx, w.admin, 'GET', '/opportunity-settings');
    const res = await call(
      ctx,
      w.admin,
      'PUT',
      `/opportunity-settings/lists/${list}`,
      { items: labels.map((label) => ({ label })) },
      { 'if-match': settings.headers.etag as string },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    out[list] = res.body.lists[list];
  }
  lists = out as typeof lists;
});
afterAll(() => ctx.close());

async function person(user: TestUser, overrides: Record<string, unknown> = {}) {
  const res = await call(ctx, user, 'POST', '/people', personBody({ ownerId: user.id, ...overrides }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number; name: string };
}

const attempt = (user: TestUser, body: Record<string, unknown>) =>
  call(ctx, user, 'POST', '/call-center/attempts', { direction: 'outbound', outcome: 'answered', ...body });

describe('contact attempts', () => {
  it('records an attempt with its return, lists contacts newest first and puts each on the timeline', async () => {
    const p = await person(w.brokerA1);
    const first = await attempt(w.brokerA1, {
      personId: p.id,
      direction: 'inbound',
      outcome: 'answered',
      durationSeconds: 95,
      summary: 'Quer um apartamento de 2 dormitórios',
      interestLevelId: lists.interest_level[1]?.id,
      leadTypeId: lists.lead_type[0]?.id,
      publicityId: lists.publicity[0]?.id,
      nextAction: 'Enviar proposta',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      direction: 'inbound',
      channel: 'call',
      durationSeconds: 95,
      summary: 'Quer um apartamento de 2 dormitórios',
      nextAction: 'Enviar proposta',
      interestLevel: { label: 'Alto' },
      publicity: { label: 'Instagram' },
      user: { id: w.brokerA1.id },
    });
    const second = await attempt(w.brokerA1, { personId: p.id, outcome: 'voicemail' });
    expect(second.status).toBe(201);

    const history = await call(ctx, w.brokerA1, 'GET', `/call-center/people/${p.id}/attempts`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((a: { outcome: string }) => a.outcome)).toEqual(['voicemail', 'answered']);

    const timeline = await call(ctx, w.brokerA1, 'GET', `/people/${p.id}/timeline`);
    const kinds = timeline.body.items.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k: string) => k === 'contact_attempt')).toHaveLength(2);

    // Another broker does not see the person: neither its history nor a new attempt.
    expect((await call(ctx, w.brokerB1, 'GET', `/call-center/people/${p.id}/attempts`)).status).toBe(404);
    expect((await attempt(w.brokerB1, { personId: p.id })).status).toBe(404);
  });

  it('is append-only: the database refuses UPDATE and DELETE, even to the table owner', async () => {
    const p = await person(w.brokerA1);
    const a = await attempt(w.brokerA1, { personId: p.id, outcome: 'no_answer' });
    expect(a.status).toBe(201);
    await expect(
      ctx.db.query(`UPDATE contact_attempts SET outcome = 'answered' WHERE id = $1`, [a.body.id]),
    ).rejects.toThrow();
    const owner = new pg.Client({ connectionString: ctx.ownerUrl });
    await owner.connect();
    try {
      await expect(
        owner.query(`UPDATE contact_attempts SET outcome = 'answered' WHERE id = $1`, [a.body.id]),
      ).rejects.toThrow(/append-only/);
      await expect(owner.query(`DELETE FROM contact_attempts WHERE id = $1`, [a.body.id])).rejects.toThrow(
        /append-only/,
      );
    } finally {
      await owner.end();
    }
    const history = await call(ctx, w.brokerA1, 'GET', `/call-center/people/${p.id}/attempts`);
    expect(history.body.items[0].outcome).toBe('no_answer');
  });

  it('takes only live options of the right list', async () => {
    const p = await person(w.brokerA1);
    const wrongList = await attempt(w.brokerA1, { personId: p.id, interestLevelId: lists.publicity[0]?.id });
    expect(wrongList.status).toBe(422);
    expect(wrongList.body.errors).toEqual([
      expect.objectContaining({ field: 'interestLevelId', code: 'unknown_option' }),
    ]);
    // Archive "Jornal" (replace the list without it): kept for history, refused for new contacts.
    const settings = await call(ctx, w.admin, 'GET', '/opportunity-settings');
    const kept = lists.publicity.filter((o) => o.label !== 'Jornal');
    const res = await call(
      ctx,
      w.admin,
      'PUT',
      '/opportunity-settings/lists/publicity',
      { items: kept },
      { 'if-match': settings.headers.etag as string },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const jornal = lists.publicity.find((o) => o.label === 'Jornal')?.id;
    const archived = await attempt(w.brokerA1, { personId: p.id, publicityId: jornal });
    expect(archived.status).toBe(422);
    expect(archived.body.errors[0]).toMatchObject({ field: 'publicityId', code: 'unknown_option' });
  });

  it('refuses an alarm in the past and an unknown outcome', async () => {
    const p = await person(w.brokerA1);
    const past = await attempt(w.brokerA1, {
      personId: p.id,
      alarmAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(past.status).toBe(422);
    expect(past.body.errors[0]).toMatchObject({ field: 'alarmAt', code: 'alarm_in_past' });
    expect((await attempt(w.brokerA1, { personId: p.id, outcome: 'maybe' })).status).toBe(422);
  });
});

describe('alarms', () => {
  it('rings the attendant once when due, with the next action', async () => {
    const p = await person(w.brokerA2);
    const alarmAt = new Date(Date.now() + 2_000);
    const a = await attempt(w.brokerA2, {
      personId: p.id,
      nextAction: 'Ligar para fechar a visita',
      alarmAt: alarmAt.toISOString(),
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const bell = async () =>
      (await call(ctx, w.brokerA2, 'GET', '/notifications')).body.items.filter(
        (n: { kind: string }) => n.kind === 'contact_alarm',
      );
    // Not yet due: nothing rings.
    await fireDueAlarms(ctx.db, new Date(alarmAt.getTime() - 1_000));
    expect(await bell()).toHaveLength(0);
    const later = new Date(alarmAt.getTime() + 1_000);
    const [x, y] = await Promise.all([fireDueAlarms(ctx.db, later), fireDueAlarms(ctx.db, later)]);
    expect(x + y).toBe(1);
    expect(await fireDueAlarms(ctx.db, new Date(alarmAt.getTime() + 60_000))).toBe(0);
    const rung = await bell();
    expect(rung).toHaveLength(1);
    expect(rung[0].data).toMatchObject({
      attemptId: a.body.id,
      personId: p.id,
      personName: p.name,
      nextAction: 'Ligar para fechar a visita',
    });
    // Only the attendant who registered it hears it.
    const others = (await call(ctx, w.admin, 'GET', '/notifications')).body.items;
    expect(others.filter((n: { kind: string }) => n.kind === 'contact_alarm')).toHaveLength(0);
  });
});

describe('call list (Filtros)', () => {
  it('filters by publicity, interest, lead type, contact, owner, dates; pages by cursor; applies visibility', async () => {
    const [instagram, , indicacao] = lists.publicity;
    const mine = [];
    for (let i = 0; i < 3; i++) {
      const p = await person(w.brokerB1);
      await attempt(w.brokerB1, {
        personId: p.id,
        publicityId: instagram?.id,
        leadTypeId: lists.lead_type[1]?.id,
      });
      mine.push(p);
    }
    const other = await person(w.brokerB1, { phones: [{ number: '(11) 98888-7766', type: 'mobile' }] });
    await attempt(w.brokerB1, { personId: other.id, publicityId: indicacao?.id });
    const never = await person(w.brokerB1);
    // A person of someone else with the same publicity: B1 must not get it.
    const hidden = await person(w.brokerA1);
    await attempt(w.brokerA1, { personId: hidden.id, publicityId: instagram?.id });

    const search = (user: TestUser, filter: Record<string, unknown>, cursor?: string | null) =>
      call(ctx, user, 'POST', '/call-center/call-list', { filter, cursor });

    const byPublicity = await search(w.brokerB1, { publicityIds: [instagram?.id] });
    expect(byPublicity.status, JSON.stringify(byPublicity.body)).toBe(200);
    expect(byPublicity.body.total).toBe(3);
    expect(byPublicity.body.items.map((i: { id: string }) => i.id).sort()).toEqual(
      mine.map((p) => p.id).sort(),
    );
    expect(byPublicity.body.items[0]).toMatchObject({
      publicity: 'Instagram',
      leadType: 'Locação',
      attempts: 1,
    });
    expect(byPublicity.body.items[0].primaryPhone).toMatch(/•|\*/);

    const adminSees = await search(w.admin, { publicityIds: [instagram?.id] });
    expect(adminSees.body.items.map((i: { id: string }) => i.id)).toContain(hidden.id);

    const byPhone = await search(w.brokerB1, { contact: '+55 11 98888-7766' });
    expect(byPhone.body.items.map((i: { id: string }) => i.id)).toEqual([other.id]);
    expect((await search(w.brokerB1, { contact: 'not a phone' })).status).toBe(422);

    const notContacted = await search(w.brokerB1, {
      ownerId: w.brokerB1.id,
      notContactedSince: '2000-01-01',
    });
    expect(notContacted.body.items.map((i: { id: string }) => i.id)).toEqual([never.id]);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
    const inRange = await search(w.brokerB1, { contactedFrom: today, contactedTo: today });
    expect(inRange.body.total).toBe(4);
    const past = await search(w.brokerB1, { contactedFrom: '2020-01-01', contactedTo: '2020-12-31' });
    expect(past.body.total).toBe(0);

    // Keyset pages through the service (the dialer's contract): every person once, in order.
    const actor = await actorForUser(ctx.db, w.workspaceId, w.brokerB1.id);
    if (!actor) throw new Error('no actor');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await callListPage(ctx.db, actor, { publicityIds: [instagram?.id ?? ''] }, cursor, 2);
      expect(page.total).toBe(3);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(mine.map((p) => p.id).sort());
    expect(await callListIds(ctx.db, actor, { publicityIds: [instagram?.id ?? ''] }, 2)).toHaveLength(2);

    // An archived person (Excluir) leaves the list, history kept.
    expect((await call(ctx, w.admin, 'POST', `/people/${mine[0]?.id}/archive`)).status).toBe(200);
    expect((await search(w.brokerB1, { publicityIds: [instagram?.id] })).body.total).toBe(2);
    expect(
      (await call(ctx, w.admin, 'GET', `/call-center/people/${mine[0]?.id}/attempts`)).body.items,
    ).toHaveLength(1);
  });

  it('refuses a bad cursor and unknown filter fields with 422', async () => {
    const bad = await call(ctx, w.brokerA1, 'POST', '/call-center/call-list', { filter: {}, cursor: 'xx' });
    expect(bad.status).toBe(422);
    // Forged cursors (valid base64 JSON) with what Postgres cannot read are refused, not a 500.
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const id = '00000000-0000-4000-8000-000000000000';
    const nul = await call(ctx, w.brokerA1, 'POST', '/call-center/call-list', {
      filter: {},
      cursor: forged(['a\u0000b', id]),
    });
    expect(nul.status).toBe(422);
    const p = await person(w.brokerA1);
    const notAnInstant = await call(
      ctx,
      w.brokerA1,
      'GET',
      `/call-center/people/${p.id}/attempts?cursor=${forged(['1', id])}`,
    );
    expect(notAnInstant.status).toBe(422);
    const extra = await call(ctx, w.brokerA1, 'POST', '/call-center/call-list', { filter: { color: 'red' } });
    expect(extra.status).toBe(422);
  });

  it('counts exactly up to 10,000 matches and answers "10.000+" (totalCapped) past them', async () => {
    const volume = await createUser(ctx, w.workspaceId, 'broker', { name: 'Corretor Volume' });
    const owner = new pg.Client({ connectionString: ctx.ownerUrl });
    await owner.connect();
    const seed = (from: number, to: number) =>
      owner.query(
        `INSERT INTO people (workspace_id, kind, name, stage, origin, owner_id, created_by)
         SELECT $1, 'individual', 'Volume ' || lpad(i::text, 5, '0'), 'lead', 'manual', $2, $2
         FROM generate_series($3::int, $4::int) i`,
        [w.workspaceId, volume.id, from, to],
      );
    const total = async () => {
      const res = await call(ctx, w.admin, 'POST', '/call-center/call-list', {
        filter: { ownerId: volume.id },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return { total: res.body.total, totalCapped: res.body.totalCapped, first: res.body.items[0]?.name };
    };
    try {
      await seed(1, 9_999);
      expect(await total()).toEqual({ total: 9_999, totalCapped: false, first: 'Volume 00001' });
      await seed(10_000, 10_000);
      expect(await total()).toEqual({ total: 10_000, totalCapped: false, first: 'Volume 00001' });
      await seed(10_001, 10_001);
      expect(await total()).toEqual({ total: 10_000, totalCapped: true, first: 'Volume 00001' });
      // Below the cap again (one archived) the count is exact once more.
      await owner.query(
        `UPDATE people SET archived_at = now() WHERE workspace_id = $1 AND owner_id = $2 AND name = 'Volume 00001'`,
        [w.workspaceId, volume.id],
      );
      expect(await total()).toEqual({ total: 10_000, totalCapped: false, first: 'Volume 00002' });
    } finally {
      await owner.end();
    }
  });

  it('saves filters, private or shared with the team', async () => {
    const shared = await call(ctx, w.brokerA1, 'POST', '/call-center/saved-filters', {
      name: 'Instagram quentes',
      filter: { publicityIds: [lists.publicity[0]?.id], interestLevelIds: [lists.interest_level[1]?.id] },
      shared: true,
    });
    expect(shared.status, JSON.stringify(shared.body)).toBe(201);
    const mine = await call(ctx, w.brokerA1, 'POST', '/call-center/saved-filters', {
      name: 'Só meu',
      filter: { notContactedSince: '2026-01-01' },
    });
    expect(mine.status).toBe(201);
    const names = async (u: TestUser) =>
      (await call(ctx, u, 'GET', '/call-center/saved-filters')).body.items.map(
        (f: { name: string }) => f.name,
      );
    expect(await names(w.brokerA1)).toEqual(expect.arrayContaining(['Instagram quentes', 'Só meu']));
    expect(await names(w.brokerA2)).toContain('Instagram quentes');
    expect(await names(w.brokerA2)).not.toContain('Só meu');
    const seenByA2 = (await call(ctx, w.brokerA2, 'GET', '/call-center/saved-filters')).body.items.find(
      (f: { id: string }) => f.id === shared.body.id,
    );
    expect(seenByA2).toMatchObject({ mine: false, filter: shared.body.filter });
    expect((await call(ctx, w.brokerA2, 'DELETE', `/call-center/saved-filters/${mine.body.id}`)).status).toBe(
      404,
    );
    expect(
      (await call(ctx, w.brokerA2, 'DELETE', `/call-center/saved-filters/${shared.body.id}`)).status,
    ).toBe(403);
    expect(
      (await call(ctx, w.brokerA1, 'DELETE', `/call-center/saved-filters/${shared.body.id}`)).status,
    ).toBe(204);
    expect(await names(w.brokerA2)).not.toContain('Instagram quentes');
  });
});

describe('pré-cadastro', () => {
  it('needs a won negotiation with the person, and the sale requirements; then the person is a client', async () => {
    const { opportunity, holderId } = await newOpportunity(ctx, w, w.brokerA1);
    const pre = (body: Record<string, unknown>, id = holderId) =>
      call(ctx, w.brokerA1, 'POST', `/call-center/people/${id}/pre-registration`, body);

    const open = await pre({ opportunityId: opportunity.id });
    expect(open.status).toBe(409);

    const won = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/status`, {
      status: 'won',
    });
    expect(won.status, JSON.stringify(won.body)).toBe(200);

    const stranger = await person(w.brokerA1);
    const notInvolved = await pre({ opportunityId: opportunity.id }, stranger.id);
    expect(notInvolved.status).toBe(422);
    expect(notInvolved.body.errors[0]).toMatchObject({ field: 'opportunityId', code: 'not_involved' });

    // The address went missing after the sale: the pré-cadastro asks for it.
    const current = await call(ctx, w.brokerA1, 'GET', `/people/${holderId}`);
    const edited = await call(
      ctx,
      w.brokerA1,
      'PATCH',
      `/people/${holderId}`,
      { addresses: [] },
      { 'if-match': current.headers.etag as string },
    );
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const missing = await pre({ opportunityId: opportunity.id });
    expect(missing.status).toBe(422);
    expect(missing.body.type).toMatch(/sale-requirements/);
    expect(missing.body.missing[0].missing).toEqual(['address']);

    const fixed = await call(
      ctx,
      w.brokerA1,
      'PATCH',
      `/people/${holderId}`,
      {
        addresses: [
          { cep: '01310-100', street: 'Av. Paulista', number: '900', city: 'São Paulo', state: 'SP' },
        ],
      },
      { 'if-match': edited.headers.etag as string },
    );
    expect(fixed.status).toBe(200);
    const done = await pre({ opportunityId: opportunity.id });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.stage).toBe('client');

    const timeline = await call(ctx, w.brokerA1, 'GET', `/people/${holderId}/timeline`);
    const event = timeline.body.items.find((e: { kind: string }) => e.kind === 'pre_registered');
    expect(event?.data).toMatchObject({ opportunityId: opportunity.id });
    const stageChange = timeline.body.items.find(
      (e: { kind: string; data: { changes?: { field: string }[] } }) =>
        e.kind === 'field_changed' && e.data.changes?.some((c) => c.field === 'stage'),
    );
    expect(stageChange).toBeTruthy();
  });
});
