import { formatCpf, generateCpf } from '@funil/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../src/modules/imports/imports.service.ts';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
import { createTestContext, type TestContext, type TestUser } from './helpers.ts';
import { call, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

let ctx: TestContext;
let w: World;

let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

async function upload(user: TestUser, filename: string, text: string, kind = 'opportunities') {
  const boundary = '----funil-import-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(text, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/imports?kind=${kind}`,
    headers: { cookie: user.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  return { status: res.statusCode, body: res.json() };
}

async function counts(user: TestUser) {
  const q = async (sql: string) => Number((await ctx.db.query(sql, [w.workspaceId])).rows[0].n);
  return {
    opportunities: await q('SELECT count(*) AS n FROM opportunities WHERE workspace_id = $1'),
    involved: await q('SELECT count(*) AS n FROM opportunity_people WHERE workspace_id = $1'),
    visits: await q('SELECT count(*) AS n FROM opportunity_stage_visits WHERE workspace_id = $1'),
    people: await q('SELECT count(*) AS n FROM people WHERE workspace_id = $1'),
    listed: (await call(ctx, user, 'GET', `/opportunities?pipelineId=${w.pipelineId}`)).body.total,
    listedPeople: (await call(ctx, user, 'GET', '/people?limit=1')).body.total,
  };
}

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
});
afterAll(() => ctx.close());

describe('importing opportunities', () => {
  it('suggests the mapping, previews errors per row in pt-BR, creates cards with money, dates, funnel and stage names, reports and undoes', async () => {
    const holder = await call(ctx, w.admin, 'POST', '/people', personBody({ name: 'Titular Existente' }));
    expect(holder.status).toBe(201);
    const holderCpf = holder.body.document as string;
    const newCpf = generateCpf(random);
    const csv = [
      'Título;Titular;CPF/CNPJ;E-mail;Funil;Etapa;Valor;Previsão de fechamento;Responsável;Mídia;Canal',
      `Apto Centro;;${formatCpf(holderCpf)};;vendas;Visita;R$ 1.234,56;15/03/2027;${w.brokerA1.email};Google;Site`,
      `Casa Nova;Maria Nova;${newCpf};maria.nova@ex.com;;;"R$ 250.000,00";01/02/2027;;;`,
      'Segunda da Maria;;;MARIA.NOVA@ex.com;Vendas;Novo lead;10,00;;;;',
      `Funil errado;;${holderCpf};;Inexistente;;;;;;`,
      `Valores ruins;;${holderCpf};;Vendas;Visita;abc;31/02/2027;;;`,
      'Sem titular;;;ninguem@ex.com;;;;;;;',
      `Sem requisitos;;${holderCpf};;Vendas;Proposta;;;;;`,
      `Dono estranho;;${holderCpf};;;;;;nao-existe@ex.com;;`,
      `Etapa errada;;${holderCpf};;Vendas;Fase X;;;;;`,
    ].join('\n');
    const before = await counts(w.admin);
    const up = await upload(w.admin, 'negocios.csv', csv);
    expect(up.status).toBe(201);
    expect(up.body.kind).toBe('opportunities');
    const mapping = [
      'title',
      'name',
      'document',
      'email',
      'pipeline',
      'stage',
      'value',
      'expectedCloseDate',
      'owner',
      'media',
      'channel',
    ];
    expect(up.body.mapping).toEqual(mapping);
    const id = up.body.id as string;
    expect((await call(ctx, w.admin, 'PUT', `/imports/${id}`, { mapping, policy: 'skip' })).status).toBe(200);
    const preview = (await call(ctx, w.admin, 'GET', `/imports/${id}/preview`)).body.rows as {
      rowNo: number;
      errors: string[];
    }[];
    const errorsOf = (rowNo: number) => preview.find((r) => r.rowNo === rowNo)?.errors;
    expect(errorsOf(2)).toEqual([]);
    expect(errorsOf(3)).toEqual([]);
    expect(errorsOf(5)).toEqual(['Funil não encontrado: Inexistente']);
    expect(errorsOf(6)).toEqual([
      'Valor inválido: abc (use R$ 1.234,56)',
      'Data de fechamento inválida: 31/02/2027 (use dd/mm/aaaa)',
    ]);
    expect(errorsOf(7)).toEqual(['Titular não encontrado (informe o nome para cadastrá-lo)']);
    expect(errorsOf(8)).toEqual(['A etapa Proposta exige: valor, previsão de fechamento']);
    expect(errorsOf(9)).toEqual(['Responsável não encontrado: nao-existe@ex.com']);
    expect(errorsOf(10)).toEqual(['Etapa não encontrada no funil Vendas: Fase X']);

    expect((await call(ctx, w.admin, 'POST', `/imports/${id}/start`)).status).toBe(202);
    await runImport(ctx.db, w.workspaceId, id, { batchSize: 4 });
    const done = (await call(ctx, w.admin, 'GET', `/imports/${id}`)).body;
    expect(done).toMatchObject({ status: 'done', totalRows: 9, processedRows: 9, created: 3, rejected: 6 });

    const cards = (
      await ctx.db.query(
        `SELECT o.title, o.value_cents, o.expected_close_date::text AS close, s.name AS stage, o.owner_id,
           o.source_media, o.source_channel, o.origin, o.origin_integration, op.person_id
         FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id
         JOIN opportunity_people op ON op.opportunity_id = o.id AND op.role = 'holder'
         WHERE o.workspace_id = $1 AND o.origin_payload->>'importId' = $2 ORDER BY o.title`,
        [w.workspaceId, id],
      )
    ).rows;
    expect(cards).toHaveLength(done.created);
    const maria = (
      await ctx.db.query(
        "SELECT id, origin FROM people WHERE workspace_id = $1 AND name = 'Maria Nova' AND document = $2",
        [w.workspaceId, newCpf],
      )
    ).rows;
    expect(maria).toEqual([{ id: expect.any(String), origin: 'import' }]);
    expect(cards).toEqual([
      {
        title: 'Apto Centro',
        value_cents: 123456,
        close: '2027-03-15',
        stage: 'Visita',
        owner_id: w.brokerA1.id,
        source_media: 'Google',
        source_channel: 'Site',
        origin: 'import',
        origin_integration: 'negocios.csv',
        person_id: holder.body.id,
      },
      expect.objectContaining({
        title: 'Casa Nova',
        value_cents: 25000000,
        close: '2027-02-01',
        stage: 'Novo lead',
        owner_id: w.admin.id,
        person_id: maria[0].id,
      }),
      expect.objectContaining({ title: 'Segunda da Maria', value_cents: 1000, person_id: maria[0].id }),
    ]);
    const events = await ctx.db.query(
      `SELECT count(*)::int AS n FROM timeline_events e JOIN opportunities o ON o.id = e.subject_id
       WHERE e.workspace_id = $1 AND e.subject_type = 'opportunity' AND e.kind = 'created'
         AND o.origin_payload->>'importId' = $2 AND e.summary->>'origin' = 'import'`,
      [w.workspaceId, id],
    );
    expect(events.rows[0].n).toBe(3);
    const after = await counts(w.admin);
    expect(after.opportunities - before.opportunities).toBe(3);
    expect(after.listed - before.listed).toBe(3);
    expect(after.people - before.people).toBe(1);
    expect(after.listedPeople - before.listedPeople).toBe(1);

    const report = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${id}/errors`,
      headers: { cookie: w.admin.cookie },
    });
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Funil não encontrado: Inexistente');
    expect(report.body).toContain('A etapa Proposta exige: valor, previsão de fechamento');

    const undo = await call(ctx, w.admin, 'POST', `/imports/${id}/undo`);
    expect(undo.status).toBe(200);
    expect(undo.body).toMatchObject({ status: 'undone', undoKept: 0 });
    expect(await counts(w.admin)).toEqual(before);
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
  });

  it('a manager assigns owners but sees only their teams’ holders; a card changed since is kept by undo', async () => {
    const outside = await call(ctx, w.brokerB1, 'POST', '/people', personBody({ name: 'Cliente do B1' }));
    const own = await call(ctx, w.manager, 'POST', '/people', personBody({ name: 'Cliente do Gerente' }));
    const csv = [
      'Título;CPF;Responsável;Valor',
      `Fora da carteira;${outside.body.document};;1.000`,
      `Da equipe;${own.body.document};${w.brokerA2.email};2.500,00`,
    ].join('\n');
    const up = await upload(w.manager, 'equipe.csv', csv);
    expect(up.body.mapping).toEqual(['title', 'document', 'owner', 'value']);
    await call(ctx, w.manager, 'PUT', `/imports/${up.body.id}`, { mapping: up.body.mapping, policy: 'skip' });
    expect((await call(ctx, w.manager, 'POST', `/imports/${up.body.id}/start`)).status).toBe(202);
    await runImport(ctx.db, w.workspaceId, up.body.id);
    const done = (await call(ctx, w.manager, 'GET', `/imports/${up.body.id}`)).body;
    expect(done).toMatchObject({ status: 'done', created: 1, rejected: 1 });
    const rows = (
      await ctx.db.query(
        'SELECT row_no, status, reason, opportunity_id FROM import_rows WHERE workspace_id = $1 AND import_id = $2 ORDER BY row_no',
        [w.workspaceId, up.body.id],
      )
    ).rows;
    expect(rows[0]).toMatchObject({ status: 'rejected', reason: 'Titular fora da sua carteira' });
    const card = await call(ctx, w.manager, 'GET', `/opportunities/${rows[1].opportunity_id}`);
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({ valueCents: 250000, origin: 'import' });
    expect(card.body.owner?.id ?? card.body.ownerId).toBe(w.brokerA2.id);
    // Someone works on the card: undo leaves it.
    const moved = await call(ctx, w.manager, 'POST', `/opportunities/${rows[1].opportunity_id}/move`, {
      stageId: w.stages[1]?.id,
    });
    expect(moved.status).toBe(200);
    const undo = await call(ctx, w.manager, 'POST', `/imports/${up.body.id}/undo`);
    expect(undo.body).toMatchObject({ status: 'undone', undoKept: 1 });
    expect((await call(ctx, w.manager, 'GET', `/opportunities/${rows[1].opportunity_id}`)).status).toBe(200);
  });

  it('an importer without assignOwners keeps the cards under their own name', async () => {
    const res = await call(ctx, w.admin, 'GET', '/workspace/role-matrix');
    const matrix = res.body;
    matrix.broker.capabilities.importPeople = true;
    const put = await call(ctx, w.admin, 'PUT', '/workspace/role-matrix', matrix, {
      'if-match': res.headers.etag as string,
    });
    expect(put.status).toBe(200);
    const own = await call(ctx, w.brokerA1, 'POST', '/people', personBody({ name: 'Cliente da A1' }));
    const csv = [
      'Título;CPF;Responsável',
      `Minha;${own.body.document};`,
      `De outro;${own.body.document};${w.brokerA2.email}`,
    ].join('\n');
    const up = await upload(w.brokerA1, 'corretora.csv', csv);
    expect(up.status).toBe(201);
    await call(ctx, w.brokerA1, 'PUT', `/imports/${up.body.id}`, {
      mapping: up.body.mapping,
      policy: 'skip',
    });
    const preview = (await call(ctx, w.brokerA1, 'GET', `/imports/${up.body.id}/preview`)).body.rows;
    expect(preview.map((r: { errors: string[] }) => r.errors)).toEqual([
      [],
      ['Seu perfil só pode cadastrar oportunidades em seu próprio nome'],
    ]);
    expect((await call(ctx, w.brokerA1, 'POST', `/imports/${up.body.id}/start`)).status).toBe(202);
    await runImport(ctx.db, w.workspaceId, up.body.id);
    const done = (await call(ctx, w.brokerA1, 'GET', `/imports/${up.body.id}`)).body;
    expect(done).toMatchObject({ status: 'done', created: 1, rejected: 1 });
    const owners = await ctx.db.query(
      "SELECT owner_id FROM opportunities WHERE workspace_id = $1 AND origin_payload->>'importId' = $2",
      [w.workspaceId, up.body.id],
    );
    expect(owners.rows).toEqual([{ owner_id: w.brokerA1.id }]);
  });

  it('needs a holder column for opportunities and refuses people fields that do not apply', async () => {
    const up = await upload(w.admin, 'sem-titular.csv', 'Título;Valor\nA;1,00\n');
    expect(up.body.mapping).toEqual(['title', 'value']);
    const put = await call(ctx, w.admin, 'PUT', `/imports/${up.body.id}`, {
      mapping: up.body.mapping,
      policy: 'skip',
    });
    expect(put.status).toBe(422);
    const wrong = await call(ctx, w.admin, 'PUT', `/imports/${up.body.id}`, {
      mapping: ['rg', 'value'],
      policy: 'skip',
    });
    expect(wrong.status).toBe(422);
  });
});
