import { Readable } from 'node:stream';
import type { Dashboard } from '@funil/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from './helpers.ts';
import { call, newOpportunity, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

/**
 * The dashboard (GET /dashboards) counts only what the viewer may see: every figure is checked against an
 * independent SQL count written here (not through the policy), for an admin (the workspace) and a broker (their
 * own cards, their team's, those they manage).
 */
let ctx: TestContext;
let w: World;
const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const RANGE = { from: day(-29), to: day(1) };
type Card = { id: string; holderId: string };
/** The cards beforeAll makes, by name. */
const cards: Record<'a1won' | 'a1lost' | 'a1open' | 'b1open', Card> = {} as never;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
  const visita = w.stages[1] as { id: string };
  const mk = async (user: TestUser, o: Record<string, unknown>) => {
    const { opportunity, holderId } = await newOpportunity(ctx, w, user, {
      expectedCloseDate: day(15),
      ...o,
    });
    return { id: opportunity.id as string, holderId };
  };
  const a1won = await mk(w.brokerA1, { valueCents: 500_000, source: { media: 'Google', channel: 'Site' } });
  const a1lost = await mk(w.brokerA1, { valueCents: 200_000, source: { media: 'Google', channel: 'Site' } });
  const a1open = await mk(w.brokerA1, { valueCents: 300_000, source: { media: 'Indicação', channel: null } });
  await mk(w.brokerA2, { valueCents: 100_000 });
  const b1won = await mk(w.brokerB1, {
    valueCents: 700_000,
    source: { media: 'Instagram', channel: 'Anúncio' },
  });
  const b1open = await mk(w.brokerB1, {
    valueCents: 400_000,
    source: { media: 'Instagram', channel: 'Anúncio' },
  });
  const old = await mk(w.brokerB1, { valueCents: 900_000 });
  Object.assign(cards, { a1won, a1lost, a1open, b1open });
  const ok = (r: { status: number; body: unknown }) => expect(r.status, JSON.stringify(r.body)).toBe(200);
  ok(await call(ctx, w.brokerA1, 'POST', `/opportunities/${a1open.id}/move`, { stageId: visita.id }));
  ok(await call(ctx, w.brokerB1, 'POST', `/opportunities/${b1open.id}/move`, { stageId: visita.id }));
  ok(await call(ctx, w.brokerA1, 'POST', `/opportunities/${a1won.id}/status`, { status: 'won' }));
  ok(await call(ctx, w.brokerB1, 'POST', `/opportunities/${b1won.id}/status`, { status: 'won' }));
  ok(
    await call(ctx, w.brokerA1, 'POST', `/opportunities/${a1lost.id}/status`, {
      status: 'lost',
      reasonId: w.lists.loss_reason[0]?.id,
    }),
  );
  // Created two months ago: out of the range.
  await ctx.db.query(
    "UPDATE opportunities SET created_at = now() - interval '60 days' WHERE id = $1 AND workspace_id = $2",
    [old.id, w.workspaceId],
  );
  const activity = async (user: TestUser, body: Record<string, unknown>) => {
    const res = await call(ctx, user, 'POST', '/activities', {
      kind: 'call',
      title: 'Ligar para o cliente',
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      ...body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };
  const done = await activity(w.brokerA1, { opportunityId: a1open.id });
  ok(await call(ctx, w.brokerA1, 'POST', `/activities/${done.id}/complete`, {}));
  await activity(w.brokerB1, { kind: 'meeting', title: 'Reunião', opportunityId: b1open.id });
  const attempt = async (user: TestUser, personId: string, outcome: string) => {
    const res = await call(ctx, user, 'POST', '/call-center/attempts', {
      personId,
      direction: 'outbound',
      outcome,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };
  await attempt(w.brokerA1, a1won.holderId, 'answered');
  await attempt(w.brokerB1, b1won.holderId, 'no_answer');
  await attempt(w.brokerB1, b1open.holderId, 'answered');
});
afterAll(() => ctx.close());

const query = (extra: Record<string, string> = {}) =>
  `/dashboards?${new URLSearchParams({ ...RANGE, ...extra }).toString()}`;

async function dashboard(user: TestUser, extra: Record<string, string> = {}): Promise<Dashboard> {
  const res = await call(ctx, user, 'GET', query(extra));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Dashboard;
}

/** The visibility of an opportunity `o` for the user, written out by hand (scope own: owner, manager, team). */
function visibleSql(user: TestUser | 'all', args: unknown[]): string {
  if (user === 'all') return 'true';
  args.push(user.id);
  const me = `$${args.length}`;
  return `(o.owner_id = ${me} OR o.manager_id = ${me} OR o.team_id IN
    (SELECT tm.team_id FROM team_members tm WHERE tm.user_id = ${me} AND tm.workspace_id = o.workspace_id))`;
}

async function expected(user: TestUser | 'all') {
  const args: unknown[] = [w.workspaceId, RANGE.from, RANGE.to];
  const visible = visibleSql(user, args);
  const cohort = `o.workspace_id = $1 AND o.created_at >= ($2::date::timestamp AT TIME ZONE 'America/Sao_Paulo')
    AND o.created_at < (($3::date + 1)::timestamp AT TIME ZONE 'America/Sao_Paulo') AND ${visible}`;
  const one = async (sql: string) => (await ctx.db.query(sql, args)).rows;
  const [totals] =
    await one(`SELECT count(*)::int AS created, count(*) FILTER (WHERE status = 'won')::int AS won,
      count(*) FILTER (WHERE status = 'lost')::int AS lost, count(*) FILTER (WHERE status = 'open')::int AS open,
      coalesce(sum(value_cents) FILTER (WHERE status = 'won'), 0)::int AS won_value
    FROM opportunities o WHERE ${cohort}`);
  const byMedia =
    await one(`SELECT source_media AS media, count(*)::int AS n FROM opportunities o WHERE ${cohort}
    GROUP BY source_media`);
  const byOwner = await one(
    `SELECT owner_id, count(*)::int AS n FROM opportunities o WHERE ${cohort} GROUP BY owner_id`,
  );
  const reachedVisita = await one(`SELECT count(DISTINCT v.opportunity_id)::int AS n FROM opportunities o
    JOIN opportunity_stage_visits v ON v.opportunity_id = o.id AND v.workspace_id = o.workspace_id
    JOIN pipeline_stages s ON s.id = v.stage_id AND s.workspace_id = o.workspace_id
    WHERE ${cohort} AND s.position >= (SELECT position FROM pipeline_stages WHERE id = '${w.stages[1]?.id}' AND workspace_id = $1)`);
  const forecast =
    await one(`SELECT count(*)::int AS n, coalesce(sum(o.value_cents * s.probability / 100.0), 0)::float8 AS weighted
    FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id AND s.workspace_id = o.workspace_id
    WHERE o.workspace_id = $1 AND o.status = 'open' AND o.expected_close_date IS NOT NULL AND ${visible}
      AND $2::date IS NOT NULL AND $3::date IS NOT NULL`);
  return {
    totals,
    byMedia,
    byOwner,
    reachedVisita: reachedVisita[0]?.n as number,
    forecast: forecast[0] as { n: number; weighted: number },
  };
}

describe('GET /dashboards', () => {
  for (const who of ['admin', 'brokerB1'] as const) {
    it(`matches SQL counts of what ${who} sees`, async () => {
      const user = w[who];
      const d = await dashboard(user);
      const e = await expected(who === 'admin' ? 'all' : user);
      expect(d.totals).toMatchObject({
        created: e.totals.created,
        won: e.totals.won,
        lost: e.totals.lost,
        open: e.totals.open,
        wonValueCents: e.totals.won_value,
      });
      expect(d.totals.created).toBeGreaterThan(0);
      const media = Object.fromEntries(d.byChannel.map((c) => [c.media ?? '', 0]));
      for (const c of d.byChannel) media[c.media ?? ''] = (media[c.media ?? ''] ?? 0) + c.created;
      expect(media).toEqual(Object.fromEntries(e.byMedia.map((r) => [r.media ?? '', r.n])));
      expect(Object.fromEntries(d.byOwner.map((r) => [r.id, r.created]))).toEqual(
        Object.fromEntries(e.byOwner.map((r) => [r.owner_id, r.n])),
      );
      const visita = d.stages.find((s) => s.stageId === w.stages[1]?.id);
      expect(visita?.reached).toBe(e.reachedVisita);
      const first = d.stages.find((s) => s.stageId === w.stages[0]?.id);
      expect(first?.reached).toBe(e.totals.created);
      expect(first?.conversionToNext).toBeCloseTo(e.reachedVisita / e.totals.created, 5);
      expect(d.forecast.reduce((n, f) => n + f.count, 0)).toBe(e.forecast.n);
      expect(d.forecast.reduce((n, f) => n + f.weightedCents, 0)).toBeCloseTo(e.forecast.weighted, -1);
    });
  }

  it('gives the admin the workspace and a broker only what they see, activities and calls included', async () => {
    const admin = await dashboard(w.admin);
    const b1 = await dashboard(w.brokerB1);
    expect(admin.totals.created).toBe(6);
    expect(admin.totals.won).toBe(2);
    expect(admin.totals.wonValueCents).toBe(1_200_000);
    expect(b1.totals.created).toBe(2);
    expect(b1.totals.won).toBe(1);
    expect(b1.totals.wonValueCents).toBe(700_000);
    expect(b1.byOwner.map((r) => r.id)).toEqual([w.brokerB1.id]);
    expect(admin.outcomes).toEqual(
      expect.arrayContaining([
        { status: 'won', reason: null, count: 2, valueCents: 1_200_000 },
        { status: 'lost', reason: 'Preço', count: 1, valueCents: 200_000 },
      ]),
    );
    expect(b1.outcomes).toEqual([{ status: 'won', reason: null, count: 1, valueCents: 700_000 }]);
    const total = (rows: { id: string | null; total: number }[]) => rows.find((r) => r.id === null)?.total;
    expect(total(admin.activities)).toBe(2);
    expect(total(b1.activities)).toBe(1);
    expect(b1.activities.filter((r) => r.id !== null).map((r) => [r.name, r.meetings])).toEqual([
      ['Corretor B1', 1],
    ]);
    const calls = (d: Dashboard) => Object.fromEntries(d.callOutcomes.map((c) => [c.outcome, c.outbound]));
    expect(calls(admin)).toEqual({ answered: 2, no_answer: 1 });
    expect(calls(b1)).toEqual({ answered: 1, no_answer: 1 });
    const leads = (d: Dashboard) => d.firstContact.find((r) => r.id === null);
    // A1: a call with the won card's holder and an activity done on the open card; B1: calls with both holders.
    expect(leads(admin)).toMatchObject({ leads: 6, contacted: 4 });
    expect(leads(b1)).toMatchObject({ leads: 2, contacted: 2 });
    expect(leads(b1)?.avgHours).toBeGreaterThanOrEqual(0);
  });

  it('narrows by owner, team and funnel', async () => {
    const byOwner = await dashboard(w.admin, { ownerId: w.brokerA1.id });
    expect(byOwner.totals.created).toBe(3);
    expect(byOwner.activities.find((r) => r.id === null)?.total).toBe(1);
    const byTeam = await dashboard(w.admin, { teamId: w.teamBeta });
    const teamCount = await ctx.db.query(
      `SELECT count(*)::int AS n FROM opportunities WHERE workspace_id = $1 AND team_id = $2
         AND created_at > now() - interval '30 days'`,
      [w.workspaceId, w.teamBeta],
    );
    expect(byTeam.totals.created).toBe(teamCount.rows[0].n);
    const otherFunnel = await call(ctx, w.admin, 'POST', '/pipelines', {
      name: 'Locação',
      stages: [{ name: 'Novo', probability: 10 }],
    });
    const none = await dashboard(w.admin, { pipelineId: otherFunnel.body.id });
    expect(none.totals.created).toBe(0);
    expect(none.stages).toEqual([]);
  });

  it('answers 422 for a bad, inverted or too long range', async () => {
    for (const q of [
      { from: '2026-02-31', to: '2026-03-01' },
      { from: 'ontem', to: '2026-03-01' },
      { from: day(0), to: day(-1) },
      { from: '2020-01-01', to: '2026-01-01' },
    ]) {
      const res = await call(ctx, w.admin, 'GET', `/dashboards?${new URLSearchParams(q).toString()}`);
      expect(res.status, JSON.stringify(q)).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const unknownTeam = await call(ctx, w.admin, 'GET', query({ teamId: 'x' }));
    expect(unknownTeam.status).toBe(422);
  });

  it('defaults to the last 30 days', async () => {
    const res = await call(ctx, w.admin, 'GET', '/dashboards');
    expect(res.status).toBe(200);
    expect(res.body.to).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((Date.parse(res.body.to) - Date.parse(res.body.from)) / 86_400_000).toBe(29);
  });
});

/** GET /dashboards/export as the user: the raw answer and, when it is a workbook, its sheets' rows by name. */
async function workbook(user: TestUser, extra: Record<string, string> = {}) {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/dashboards/export?${new URLSearchParams({ format: 'xlsx', ...RANGE, ...extra }).toString()}`,
    headers: { cookie: user.cookie },
  });
  const sheets = new Map<string, { sheet: ExcelJS.Worksheet; rows: ExcelJS.CellValue[][] }>();
  if (res.statusCode === 200) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.read(Readable.from(res.rawPayload));
    for (const sheet of book.worksheets) {
      const rows: ExcelJS.CellValue[][] = [];
      sheet.eachRow((r) => {
        // An empty cell (a figure that is null, like a stage's conversion with nobody in it) reads back as null.
        rows.push(Array.from({ length: sheet.columnCount }, (_, i) => r.getCell(i + 1).value ?? null));
      });
      sheets.set(sheet.name, { sheet, rows });
    }
  }
  return { res, sheets };
}

describe('GET /dashboards/export (XLSX)', () => {
  for (const who of ['admin', 'brokerB1'] as const) {
    it(`holds the figures of GET /dashboards for ${who}, typed, one sheet per table`, async () => {
      const user = w[who];
      const d = await dashboard(user);
      const { res, sheets } = await workbook(user);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['content-disposition']).toContain(
        `filename="painel-${RANGE.from}-${RANGE.to}.xlsx"`,
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect([...sheets.keys()]).toEqual([
        'Resumo',
        'Conversão por etapa',
        'Por mídia e canal',
        'Por responsável',
        'Por equipe',
        'Por filial',
        'Ganhas e perdidas por motivo',
        'Previsão de fechamento por mês',
        'Atividades por usuário',
        'Tempo até o primeiro contato',
        'Resultados do call center',
      ]);
      const rows = (name: string) => sheets.get(name)?.rows ?? [];

      // The summary: the period as days, the totals as numbers, conversion as a ratio shown in %, money in reais.
      const summary = sheets.get('Resumo');
      expect(summary?.rows[0]?.slice(0, 3)).toEqual(['De', 'Até', 'Criadas']);
      expect(summary?.sheet.getRow(1).font?.bold).toBe(true);
      expect(summary?.sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const [from, to, created, open, won, lost, discarded, conv, wonValue] = summary?.rows[1] ?? [];
      expect((from as Date).toISOString().slice(0, 10)).toBe(RANGE.from);
      expect((to as Date).toISOString().slice(0, 10)).toBe(RANGE.to);
      expect([created, open, won, lost, discarded]).toEqual([
        d.totals.created,
        d.totals.open,
        d.totals.won,
        d.totals.lost,
        d.totals.discarded,
      ]);
      expect(conv).toBeCloseTo(d.totals.won / d.totals.created, 10);
      expect(summary?.sheet.getCell('H2').numFmt).toBe('0.0%');
      expect(wonValue).toBe(d.totals.wonValueCents / 100);
      expect(summary?.sheet.getCell('I2').numFmt).toBe('"R$" #,##0.00');

      // Every table: the same rows in the same order as the answer of GET /dashboards.
      expect(rows('Conversão por etapa').slice(1)).toEqual(
        d.stages.map((s) => [
          s.pipelineName,
          s.stageName,
          s.reached,
          s.conversionToNext,
          s.openCards,
          s.avgDays,
        ]),
      );
      expect(
        rows('Por responsável')
          .slice(1)
          .map((r) => [r[0], r[1], r[3], r[7]]),
      ).toEqual(d.byOwner.map((r) => [r.name, r.created, r.won, r.wonValueCents / 100]));
      expect(
        rows('Por mídia e canal')
          .slice(1)
          .map((r) => [r[0], r[2]]),
      ).toEqual(d.byChannel.map((r) => [r.media ?? 'Sem mídia informada', r.created]));
      expect(rows('Ganhas e perdidas por motivo').slice(1)).toEqual(
        d.outcomes.map((o) => [
          { won: 'Ganhas', lost: 'Perdidas', discarded: 'Descartadas' }[o.status],
          o.reason ?? 'Sem motivo',
          o.count,
          o.valueCents / 100,
        ]),
      );
      expect(
        rows('Previsão de fechamento por mês')
          .slice(1)
          .map((r) => [r[1], r[3]]),
      ).toEqual(d.forecast.map((f) => [f.count, f.weightedCents / 100]));
      expect(
        rows('Atividades por usuário')
          .slice(1)
          .map((r) => [r[0], r[1]]),
      ).toEqual(d.activities.map((r) => [r.id === null ? 'Total' : r.name, r.total]));
      expect(
        rows('Tempo até o primeiro contato')
          .slice(1)
          .map((r) => [r[1], r[2]]),
      ).toEqual(d.firstContact.map((r) => [r.leads, r.contacted]));
      expect(
        rows('Resultados do call center')
          .slice(1)
          .map((r) => r[3]),
      ).toEqual(d.callOutcomes.map((r) => r.total));
      expect(
        rows('Resultados do call center')
          .slice(1)
          .map((r) => r[0]),
      ).toContain('Atendeu');
    });
  }

  it("gives a broker only what they see (not the admin's workspace)", async () => {
    const admin = await workbook(w.admin);
    const b1 = await workbook(w.brokerB1);
    const created = (s: typeof admin.sheets) => s.get('Resumo')?.rows[1]?.[2];
    expect(created(admin.sheets)).toBe(6);
    expect(created(b1.sheets)).toBe(2);
    expect(
      b1.sheets
        .get('Por responsável')
        ?.rows.slice(1)
        .map((r) => r[0]),
    ).toEqual(['Corretor B1']);
  });

  it('narrows by the same filters as GET /dashboards', async () => {
    const { sheets } = await workbook(w.admin, { ownerId: w.brokerA1.id });
    expect(sheets.get('Resumo')?.rows[1]?.[2]).toBe(3);
  });

  it('answers 422 for bad filters or format, as problem+json', async () => {
    const bad: Record<string, string>[] = [
      { from: '2026-02-31', to: '2026-03-01' },
      { from: day(0), to: day(-1) },
      { from: '2020-01-01', to: '2026-01-01' },
      { teamId: 'x' },
      { format: 'pdf' },
    ];
    for (const q of bad) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/dashboards/export?${new URLSearchParams(q).toString()}`,
        headers: { cookie: w.admin.cookie },
      });
      expect(res.statusCode, JSON.stringify(q)).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});

describe("each card's first contact, kept by the database (0049)", () => {
  /** Every card of the workspace: the first contact it keeps and the one its sources give, written out here. */
  async function kept() {
    const { rows } = await ctx.db.query(
      `SELECT o.id, o.first_contact_at AS kept, least(
         (SELECT min(ca.created_at) FROM opportunity_people op
            JOIN contact_attempts ca ON ca.person_id = op.person_id AND ca.workspace_id = op.workspace_id
          WHERE op.opportunity_id = o.id AND op.role = 'holder' AND ca.created_at >= o.created_at),
         (SELECT min(a.completed_at) FROM activities a
          WHERE a.opportunity_id = o.id AND a.status = 'done' AND a.completed_at >= o.created_at)) AS computed
       FROM opportunities o WHERE o.workspace_id = $1`,
      [w.workspaceId],
    );
    for (const r of rows) expect(r.kept, r.id).toEqual(r.computed);
    return Object.fromEntries(rows.map((r) => [r.id, r.kept as Date | null]));
  }
  const ok = (r: { status: number; body: unknown }, status = 200) =>
    expect(r.status, JSON.stringify(r.body)).toBe(status);

  it('follows contacts, done activities, holders and moves, whatever wrote them', async () => {
    const start = await kept();
    // beforeAll: a call with A1's won card's holder, an activity done on A1's open card, calls with B1's holders.
    expect([cards.a1won, cards.a1open, cards.b1open].map((c) => start[c.id] !== null)).toEqual([
      true,
      true,
      true,
    ]);
    expect(start[cards.a1lost.id]).toBeNull();

    // A new holder never contacted replaces B1's open card's (called) holder: no first contact any more.
    const newcomer = await call(ctx, w.brokerB1, 'POST', '/people', personBody());
    ok(newcomer, 201);
    ok(
      await call(ctx, w.brokerB1, 'POST', `/opportunities/${cards.b1open.id}/people`, {
        personId: newcomer.body.id,
        role: 'holder',
      }),
    );
    expect((await kept())[cards.b1open.id]).toBeNull();
    // An activity done on it gives it one; a call with the new holder afterwards does not change it.
    const visit = await call(ctx, w.brokerB1, 'POST', '/activities', {
      kind: 'visit',
      title: 'Visita ao decorado',
      dueAt: new Date().toISOString(),
      opportunityId: cards.b1open.id,
    });
    ok(visit, 201);
    ok(await call(ctx, w.brokerB1, 'POST', `/activities/${visit.body.id}/complete`, {}));
    const done = (await kept())[cards.b1open.id];
    expect(done).not.toBeNull();
    ok(
      await call(ctx, w.brokerB1, 'POST', '/call-center/attempts', {
        personId: newcomer.body.id,
        direction: 'outbound',
        outcome: 'answered',
      }),
      201,
    );
    expect((await kept())[cards.b1open.id]).toEqual(done);

    // Written outside the API: a done activity moved to another card, a card's creation moved after its contact.
    const moved = await ctx.db.query(
      `UPDATE activities SET opportunity_id = $2 WHERE opportunity_id = $1 AND status = 'done' RETURNING id`,
      [cards.a1open.id, cards.a1lost.id],
    );
    expect(moved.rowCount).toBe(1);
    const after = await kept();
    expect(after[cards.a1open.id]).toBeNull();
    expect(after[cards.a1lost.id]).not.toBeNull();
    await ctx.db.query(`UPDATE opportunities SET created_at = now() WHERE id = $1`, [cards.a1won.id]);
    expect((await kept())[cards.a1won.id]).toBeNull();
    // And the dashboard reads what the cards keep: A1's open card no longer contacted, the lost one now is.
    const leads = (await dashboard(w.admin)).firstContact.find((r) => r.id === null);
    const contacted = Object.values(await kept()).filter((at) => at !== null).length;
    expect(leads?.contacted).toBe(contacted);
  });
});
