import { ZCreateCustomFieldRequest } from '@funil/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/modules/auth/actor.ts';
import { actorForUser } from '../src/modules/auth/auth.service.ts';
import { createCustomField } from '../src/modules/custom-fields/custom-fields.service.ts';
import { runImport } from '../src/modules/imports/imports.service.ts';
import { processIntakeLead } from '../src/modules/intake/intake.jobs.ts';
import { claimUnqueued } from '../src/modules/intake/intake.repository.ts';
import { exportAs } from './export-fixtures.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, newOpportunity, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

// Custom fields in the lists (issue 17): filters on the people and opportunities lists (through each module's
// visibility policy), the values the lists and the board card carry, export columns, import and intake mappings.

let ctx: TestContext;
let w: World;
const people: Record<string, string> = {};

/** A field defined as an admin defines it (the definitions service of modules/custom-fields). */
async function field(body: Record<string, unknown>) {
  const admin = await actorForUser(ctx.db, w.workspaceId, w.admin.id);
  if (!admin) throw new Error('no admin');
  return createCustomField(ctx.db, admin, ZCreateCustomFieldRequest.parse(body));
}

async function person(user: TestUser, name: string, customFields: Record<string, unknown>) {
  const res = await call(ctx, user, 'POST', '/people', personBody({ name, customFields }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  people[name] = res.body.id;
  return res.body.id as string;
}

type Page = {
  items: { name: string; customFields: Record<string, unknown> }[];
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
};

const cfQuery = (cf: unknown) => `cf=${encodeURIComponent(typeof cf === 'string' ? cf : JSON.stringify(cf))}`;

async function listPeople(user: TestUser, cf: unknown, extra = '') {
  const res = await call(ctx, user, 'GET', `/people?limit=100&${cfQuery(cf)}${extra}`);
  return res;
}

async function namesFor(user: TestUser, cf: unknown, extra = '') {
  const res = await listPeople(user, cf, extra);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as Page).items.map((p) => p.name).filter((n) => n.startsWith('CF '));
}

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
  await field({
    entity: 'person',
    type: 'choice',
    label: 'Segmento',
    options: [{ label: 'Varejo' }, { label: 'Atacado' }, { label: 'Indústria' }],
  });
  await field({
    entity: 'person',
    type: 'multi_choice',
    label: 'Interesses',
    options: [{ label: 'Casa' }, { label: 'Sala' }],
  });
  await field({ entity: 'person', type: 'boolean', label: 'VIP' });
  await field({ entity: 'person', type: 'date', label: 'Fundação' });
  await field({ entity: 'person', type: 'money', label: 'Renda' });
  await field({ entity: 'person', type: 'text', label: 'Observação' });
  await field({ entity: 'person', type: 'text', label: 'Secreto', visibleRoles: ['admin'] });
  await field({
    entity: 'opportunity',
    type: 'choice',
    label: 'Origem do lead',
    options: [{ label: 'Portal' }, { label: 'Indicação' }],
    showOnCard: true,
  });
  await field({ entity: 'opportunity', type: 'money', label: 'Comissão', showOnCard: true });

  await person(w.brokerA1, 'CF Ana', {
    segmento: 'varejo',
    interesses: ['casa'],
    vip: true,
    fundacao: '2020-03-15',
    renda: 500_000,
    observacao: 'Prefere 100% à vista',
  });
  await person(w.brokerA1, 'CF Bruno', {
    segmento: 'atacado',
    interesses: ['casa', 'sala'],
    vip: false,
    renda: 90_000,
  });
  await person(w.brokerB1, 'CF Carla', {
    segmento: 'varejo',
    fundacao: '2024-01-10',
    observacao: 'ligar à tarde',
  });
  await person(w.admin, 'CF Dora', { segmento: 'industria', secreto: 'só o admin' });
}, 60_000);
afterAll(() => ctx?.close());

describe('filtering the people list by custom fields', () => {
  it('filters by each kind: any-of, multiple choice, yes/no, date and money ranges, text contains', async () => {
    expect(await namesFor(w.admin, { segmento: ['varejo'] })).toEqual(['CF Ana', 'CF Carla']);
    expect(await namesFor(w.admin, { segmento: ['varejo', 'industria'] })).toEqual([
      'CF Ana',
      'CF Carla',
      'CF Dora',
    ]);
    expect(await namesFor(w.admin, { interesses: ['sala'] })).toEqual(['CF Bruno']);
    expect(await namesFor(w.admin, { vip: true })).toEqual(['CF Ana']);
    // "Não": not marked yes, filled with false or never filled.
    expect(await namesFor(w.admin, { vip: false })).toEqual(['CF Bruno', 'CF Carla', 'CF Dora']);
    expect(await namesFor(w.admin, { fundacao: { from: '2020-01-01', to: '2020-12-31' } })).toEqual([
      'CF Ana',
    ]);
    expect(await namesFor(w.admin, { fundacao: { from: '2021-01-01' } })).toEqual(['CF Carla']);
    expect(await namesFor(w.admin, { renda: { min: 100_000 } })).toEqual(['CF Ana']);
    expect(await namesFor(w.admin, { renda: { max: 100_000 } })).toEqual(['CF Bruno']);
    expect(await namesFor(w.admin, { observacao: 'LIGAR' })).toEqual(['CF Carla']);
    // LIKE's wildcards are literal text.
    expect(await namesFor(w.admin, { observacao: '100%' })).toEqual(['CF Ana']);
    expect(await namesFor(w.admin, { observacao: '_' })).toEqual([]);
    expect(await namesFor(w.admin, { segmento: ['varejo'], vip: true })).toEqual(['CF Ana']);
  });

  it('counts the filtered total and carries the values the list shows as columns', async () => {
    const res = await listPeople(w.admin, { segmento: ['varejo'] });
    expect(res.body.total).toBe(2);
    const ana = (res.body as Page).items.find((p) => p.name === 'CF Ana');
    expect(ana?.customFields).toMatchObject({
      segmento: 'varejo',
      vip: true,
      renda: 500_000,
      fundacao: '2020-03-15',
    });
  });

  it('goes through the visibility policy: a broker filters only the people they see', async () => {
    expect(await namesFor(w.brokerA1, { segmento: ['varejo'] })).toEqual(['CF Ana']);
    expect(await namesFor(w.brokerB1, { segmento: ['varejo'] })).toEqual(['CF Carla']);
  });

  it('filters a narrow list (a broker, or one owner) on its rows, not the index, with the same answers', async () => {
    // Every equality kind: one option, any of two, a multiple choice's option(s), yes and "não".
    const cases: [unknown, string[]][] = [
      [{ segmento: ['varejo'] }, ['CF Ana']],
      [{ segmento: ['varejo', 'atacado'] }, ['CF Ana', 'CF Bruno']],
      [{ segmento: ['industria'] }, []],
      [{ interesses: ['casa'] }, ['CF Ana', 'CF Bruno']],
      [{ interesses: ['sala'] }, ['CF Bruno']],
      [{ vip: true }, ['CF Ana']],
      [{ vip: false }, ['CF Bruno']],
      [{ segmento: ['atacado'], interesses: ['sala'], vip: false }, ['CF Bruno']],
    ];
    for (const [cf, names] of cases) {
      expect(await namesFor(w.brokerA1, cf), JSON.stringify(cf)).toEqual(names);
      expect(await namesFor(w.admin, cf, `&ownerId=${w.brokerA1.id}`), JSON.stringify(cf)).toEqual(names);
    }
  });

  it('never reveals a field the role does not see: not in the items, not filterable', async () => {
    const admin = await listPeople(w.admin, { segmento: ['industria'] });
    expect(admin.body.items[0].customFields.secreto).toBe('só o admin');
    const all = await call(ctx, w.manager, 'GET', '/people?limit=100');
    for (const item of all.body.items) expect(item.customFields).not.toHaveProperty('secreto');
    const probe = await listPeople(w.manager, { secreto: 'admin' });
    expect(probe.status).toBe(422);
    expect(probe.body.errors).toEqual([
      expect.objectContaining({ field: 'query.cf.secreto', code: 'forbidden_field' }),
    ]);
  });

  it('refuses what it cannot read with a 422 problem naming the field', async () => {
    const cases: [unknown, string, string][] = [
      ['{nope', 'query.cf', 'invalid_value'],
      ['[1]', 'query.cf', 'invalid_value'],
      [{ naoexiste: 'x' }, 'query.cf.naoexiste', 'unknown_field'],
      [{ segmento: ['outro'] }, 'query.cf.segmento', 'unknown_option'],
      [{ segmento: [] }, 'query.cf.segmento', 'invalid_value'],
      [{ vip: 'sim' }, 'query.cf.vip', 'invalid_value'],
      [{ renda: { min: 'muito' } }, 'query.cf.renda', 'invalid_value'],
      [{ fundacao: { from: '2020-02-30' } }, 'query.cf.fundacao', 'invalid_value'],
    ];
    for (const [cf, at, code] of cases) {
      const res = await listPeople(w.admin, cf);
      expect(res.status, JSON.stringify(cf)).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: at, code })]);
    }
  });
});

describe('a dense custom filter on many people', () => {
  it('answers the first pages in name order with the total capped, as sorting every match would', async () => {
    // A workspace of its own: 20,400 people, half of them in one option (past the count's 10,000 cap).
    const { workspaceId } = await createWorkspace(ctx.db, 'Filtro denso');
    const admin = await createUser(ctx, workspaceId, 'admin');
    await createCustomField(
      ctx.db,
      (await actorForUser(ctx.db, workspaceId, admin.id)) as Actor,
      ZCreateCustomFieldRequest.parse({
        entity: 'person',
        type: 'choice',
        label: 'Segmento',
        options: [{ label: 'Atacado' }, { label: 'Indústria' }],
      }),
    );
    await ctx.db.query(
      `INSERT INTO people (workspace_id, kind, name, stage, origin, custom_fields)
       SELECT $1::uuid, 'individual', 'Denso ' || lpad((i * 7919 % 20400)::text, 5, '0'), 'lead', 'manual',
         jsonb_build_object('segmento', CASE WHEN i % 2 = 0 THEN 'atacado' ELSE 'industria' END)
       FROM generate_series(1, 20400) i`,
      [workspaceId],
    );
    await ctx.db.query('ANALYZE people');
    const sorted = async (offset: number) =>
      (
        await ctx.db.query(
          `SELECT name FROM people WHERE workspace_id = $1 AND custom_fields @> '{"segmento":"atacado"}'
           ORDER BY name, id OFFSET $2 LIMIT 25`,
          [workspaceId, offset],
        )
      ).rows.map((r) => r.name);
    const page = async (cursor?: string) =>
      (
        await call(
          ctx,
          admin,
          'GET',
          `/people?limit=25&${cfQuery({ segmento: ['atacado'] })}${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).body as Page;
    const first = await page();
    expect(first.totalCapped).toBe(true);
    expect(first.total).toBe(10_000);
    expect(first.items.map((p) => p.name)).toEqual(await sorted(0));
    const second = await page(first.nextCursor ?? undefined);
    expect(second.items.map((p) => p.name)).toEqual(await sorted(25));
  }, 120_000);
});

describe('opportunities: list, board card', () => {
  let portal: string;
  beforeAll(async () => {
    const casa = await newOpportunity(ctx, w, w.brokerA1, {
      title: 'CF Casa',
      customFields: { origem_do_lead: 'portal', comissao: 123_456 },
    });
    portal = casa.opportunity.id;
    await newOpportunity(ctx, w, w.brokerB1, {
      title: 'CF Sala',
      customFields: { origem_do_lead: 'portal' },
    });
    await newOpportunity(ctx, w, w.brokerA1, {
      title: 'CF Loja',
      customFields: { origem_do_lead: 'indicacao' },
    });
  });

  it('filters the list by a choice under the visibility policy', async () => {
    const titles = async (user: TestUser) => {
      const res = await call(
        ctx,
        user,
        'GET',
        `/opportunities?limit=100&${cfQuery({ origem_do_lead: ['portal'] })}`,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items.map((o: { title: string }) => o.title).sort();
    };
    expect(await titles(w.admin)).toEqual(['CF Casa', 'CF Sala']);
    expect(await titles(w.brokerA1)).toEqual(['CF Casa']);
  });

  it('the board carries the card values and filters its columns', async () => {
    const board = await call(
      ctx,
      w.admin,
      'GET',
      `/pipelines/${w.pipelineId}/board?${cfQuery({ origem_do_lead: ['portal'] })}`,
    );
    expect(board.status, JSON.stringify(board.body)).toBe(200);
    const cards = board.body.columns.flatMap(
      (c: { cards: { id: string; title: string; customFields: object }[] }) => c.cards,
    );
    expect(cards.map((c: { title: string }) => c.title).sort()).toEqual(['CF Casa', 'CF Sala']);
    expect(cards.find((c: { id: string }) => c.id === portal).customFields).toEqual({
      origem_do_lead: 'portal',
      comissao: 123_456,
    });
  });
});

describe('exports', () => {
  it('a people export has a column per custom field the role sees, formatted, and honours the filter', async () => {
    const file = await exportAs(ctx, w.admin, {
      list: 'people',
      filters: { cf: JSON.stringify({ segmento: ['varejo'] }) },
    });
    expect(file.status).toBe(200);
    const rows = file.body
      .slice(1)
      .trim()
      .split('\r\n')
      .map((r) => r.split(';'));
    const header = rows[0] ?? [];
    const col = (label: string) => header.indexOf(label);
    for (const label of ['Segmento', 'Interesses', 'VIP', 'Fundação', 'Renda', 'Observação', 'Secreto']) {
      expect(col(label), label).toBeGreaterThan(0);
    }
    expect(rows.slice(1).map((r) => r[0])).toEqual(['CF Ana', 'CF Carla']);
    const ana = rows[1] ?? [];
    expect(ana[col('Segmento')]).toBe('Varejo');
    expect(ana[col('Interesses')]).toBe('Casa');
    expect(ana[col('VIP')]).toBe('Sim');
    expect(ana[col('Fundação')]).toBe('15/03/2020');
    expect(ana[col('Renda')]).toBe('5000,00');
    const refused = await exportAs(ctx, w.admin, { list: 'people', filters: { cf: '{"naoexiste":1}' } });
    expect(refused.status).toBe(422);
  });

  it('an opportunities export has the custom columns', async () => {
    const file = await exportAs(ctx, w.admin, {
      list: 'opportunities',
      filters: { cf: JSON.stringify({ origem_do_lead: ['portal'] }) },
    });
    const rows = file.body
      .slice(1)
      .trim()
      .split('\r\n')
      .map((r) => r.split(';'));
    const header = rows[0] ?? [];
    const casa = rows.find((r) => r[0] === 'CF Casa') ?? [];
    expect(casa[header.indexOf('Origem do lead')]).toBe('Portal');
    expect(casa[header.indexOf('Comissão')]).toBe('1234,56');
    expect(rows).toHaveLength(3);
  });
});

/** Uploads a CSV as the admin (POST /imports); answers the staged import. */
async function uploadCsv(csv: string, kind: 'people' | 'opportunities' = 'people') {
  const boundary = '----cf-boundary';
  const uploaded = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/imports?kind=${kind}`,
    headers: { cookie: w.admin.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cf.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from(csv),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  return uploaded.json() as { id: string; mapping: (string | null)[] };
}

/** Maps, starts and runs an import to its end (the job, called directly); answers the import. */
async function runAll(id: string, mapping: (string | null)[], policy: 'skip' | 'update' | 'create') {
  const put = await call(ctx, w.admin, 'PUT', `/imports/${id}`, { mapping, policy });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  expect((await call(ctx, w.admin, 'POST', `/imports/${id}/start`)).status).toBe(202);
  await runImport(ctx.db, w.workspaceId, id);
  return (await call(ctx, w.admin, 'GET', `/imports/${id}`)).body;
}

describe('imports map columns to custom fields', () => {
  it('reads and checks the values; a bad one rejects its row with the reason', async () => {
    const { id } = await uploadCsv(
      'Nome;Segmento;Renda;Fundação;VIP\nCF Importada;Atacado;R$ 1.500,00;05/06/2019;sim\nCF Errada;Governo;10;31/02/2020;talvez\n',
    );
    const unknown = await call(ctx, w.admin, 'PUT', `/imports/${id}`, {
      mapping: ['name', 'cf:naoexiste', null, null, null],
      policy: 'skip',
    });
    expect(unknown.status).toBe(422);
    const mapping = ['name', 'cf:segmento', 'cf:renda', 'cf:fundacao', 'cf:vip'];
    expect((await call(ctx, w.admin, 'PUT', `/imports/${id}`, { mapping, policy: 'skip' })).status).toBe(200);
    const preview = await call(ctx, w.admin, 'GET', `/imports/${id}/preview`);
    expect(preview.body.rows[1].errors).toEqual(
      expect.arrayContaining(['Segmento: opção inexistente', 'Fundação: data inválida (use dd/mm/aaaa)']),
    );
    expect((await call(ctx, w.admin, 'POST', `/imports/${id}/start`)).status).toBe(202);
    await runImport(ctx.db, w.workspaceId, id);
    const done = (await call(ctx, w.admin, 'GET', `/imports/${id}`)).body;
    expect(done).toMatchObject({ created: 1, rejected: 1 });
    const list = await listPeople(w.admin, { segmento: ['atacado'], vip: true });
    expect(list.body.items.map((p: { name: string }) => p.name)).toEqual(['CF Importada']);
    expect(list.body.items[0].customFields).toEqual({
      segmento: 'atacado',
      renda: 150_000,
      fundacao: '2019-06-05',
      vip: true,
    });
  });
});

describe('opportunity imports map columns to the card custom fields', () => {
  it('suggests them by label, reads and checks the values, and the card carries them', async () => {
    const up = await uploadCsv(
      'Título;Titular;CPF;Origem do lead;Comissão\nCF Apto 12;CF Gil;529.982.247-25;Indicação;R$ 3.500,00\nCF Apto 13;CF Hugo;111.444.777-35;Jornal;abc\n',
      'opportunities',
    );
    expect(up.mapping).toEqual(['title', 'name', 'document', 'cf:origem_do_lead', 'cf:comissao']);
    const done = await runAll(up.id, up.mapping, 'skip');
    expect(done).toMatchObject({ status: 'done', created: 1, rejected: 1 });
    const { rows } = await ctx.db.query(
      'SELECT row_no, opportunity_id, reason FROM import_rows WHERE import_id = $1 ORDER BY row_no',
      [up.id],
    );
    expect(rows[1].reason).toBe(
      'Origem do lead: opção inexistente; Comissão: valor inválido (use R$ 1.234,56)',
    );
    const card = await call(ctx, w.admin, 'GET', `/opportunities/${rows[0].opportunity_id}`);
    expect(card.body.customFields).toEqual({ origem_do_lead: 'indicacao', comissao: 350_000 });
  });
});

describe('the update policy writes custom values onto the registry person', () => {
  it('with field_changed entries; undo gives back the values before, keeping a later edit', async () => {
    const email = 'cf.eli@exemplo.com.br';
    const created = await call(
      ctx,
      w.admin,
      'POST',
      '/people',
      personBody({
        name: 'CF Eli',
        emails: [{ address: email }],
        customFields: { segmento: 'varejo', renda: 90_000, observacao: 'antes' },
      }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const up = await uploadCsv(
      `Nome;E-mail;Segmento;Renda;VIP;Observação\nCF Eli;${email};Atacado;R$ 2.000,00;sim;antes\n`,
    );
    const done = await runAll(
      up.id,
      ['name', 'email', 'cf:segmento', 'cf:renda', 'cf:vip', 'cf:observacao'],
      'update',
    );
    expect(done).toMatchObject({ status: 'done', updated: 1, created: 0 });
    const read = async () => (await call(ctx, w.admin, 'GET', `/people/${id}`)).body;
    const updated = await read();
    expect(updated.customFields).toEqual({
      segmento: 'atacado',
      renda: 200_000,
      vip: true,
      observacao: 'antes',
    });
    const events = (await call(ctx, w.admin, 'GET', `/people/${id}/timeline`)).body.items;
    const changed = events.find((e: { kind: string }) => e.kind === 'field_changed');
    expect(changed.data.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'customFields.segmento',
          label: 'Segmento',
          old: 'varejo',
          new: 'atacado',
        }),
        expect.objectContaining({ field: 'customFields.renda', old: 90_000, new: 200_000 }),
        expect.objectContaining({ field: 'customFields.vip', old: null, new: true }),
      ]),
    );
    expect(changed.data.changes.some((c: { field: string }) => c.field === 'customFields.observacao')).toBe(
      false,
    );

    // Someone edits Renda after the import: undo keeps that edit and restores the rest exactly.
    const edited = await call(
      ctx,
      w.admin,
      'PATCH',
      `/people/${id}`,
      { customFields: { renda: 123_400 } },
      { 'if-match': `"${updated.version}"` },
    );
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await call(ctx, w.admin, 'POST', `/imports/${up.id}/undo`)).status).toBe(200);
    expect((await read()).customFields).toEqual({ segmento: 'varejo', renda: 123_400, observacao: 'antes' });
  });
});

describe('intake mappings can fill a custom field', () => {
  it('a generic source maps a payload path to a person field; a value the field refuses is left out', async () => {
    const bad = await call(ctx, w.admin, 'POST', '/intake/sources', {
      name: 'Campo inexistente',
      preset: 'generic',
      pipelineId: w.pipelineId,
      mapping: { name: 'nome', 'cf.naoexiste': 'x' },
    });
    expect(bad.status).toBe(422);
    const created = await call(ctx, w.admin, 'POST', '/intake/sources', {
      name: 'Site com segmento',
      preset: 'generic',
      pipelineId: w.pipelineId,
      mapping: { name: 'nome', email: 'email', 'cf.segmento': 'perfil.segmento', 'cf.renda': 'perfil.renda' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { source, token } = created.body;
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/intake/${source.id}/leads`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: {
        nome: 'CF Lead',
        email: 'cf.lead@exemplo.com.br',
        perfil: { segmento: 'varejo', renda: 'alta' },
      },
    });
    expect(res.statusCode, res.body).toBe(202);
    // A required person field the lead does not carry: nobody fills a form for a lead, so it is registered anyway
    // (the last test of the file: the forms of the tests above did not have to fill it).
    await field({ entity: 'person', label: 'Exigido na ficha', type: 'text', required: true });
    for (;;) {
      const claimed = await claimUnqueued(ctx.db, 100);
      if (!claimed.length) break;
      for (const l of claimed) await processIntakeLead(ctx.db, { workspaceId: l.workspace_id, leadId: l.id });
    }
    const list = await listPeople(w.admin, { segmento: ['varejo'] });
    const lead = list.body.items.find((p: { name: string }) => p.name === 'CF Lead');
    expect(lead?.customFields).toEqual({ segmento: 'varejo' });
    // A person registered through the form still has to fill it.
    const typed = await call(ctx, w.admin, 'POST', '/people', personBody({ name: 'Sem o exigido' }));
    expect(typed.status).toBe(422);
    expect(JSON.stringify(typed.body)).toContain('customFields.exigido_na_ficha');
  });
});
