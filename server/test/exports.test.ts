import { Readable } from 'node:stream';
import { suggestMapping } from '@funil/domain';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireExports, runExport } from '../src/modules/exports/exports.service.ts';
import { createTestContext, createUser, type TestContext, type TestUser } from './helpers.ts';
import { call, newOpportunity, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

// Exports (issue 13 §3): the file holds exactly what the list shows the user for the same filters, under the
// user's visibility; the capability gates it; the record is written and immutable once finished.

let ctx: TestContext;
let w: World;
let attendant: TestUser;

async function exportAndRun(user: TestUser, body: Record<string, unknown>) {
  const res = await call(ctx, user, 'POST', '/exports', body);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.body.status).toBe('queued');
  await runExport({ db: ctx.db, files: ctx.files }, { workspaceId: w.workspaceId, exportId: res.body.id });
  const record = await call(ctx, user, 'GET', `/exports/${res.body.id}`);
  expect(record.status).toBe(200);
  return record.body;
}

const download = (user: TestUser, id: string) =>
  ctx.app.inject({ url: `/api/v1/exports/${id}/file`, headers: { cookie: user.cookie } });

/** The CSV as rows of cells (`;`, quoted, CRLF), without the BOM. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.slice(1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

async function readXlsx(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.read(Readable.from(bytes));
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((r) => {
    rows.push((r.values as ExcelJS.CellValue[]).slice(1));
  });
  return { sheet, rows };
}

async function grantBrokersExport() {
  const read = await call(ctx, w.admin, 'GET', '/workspace/role-matrix');
  read.body.broker.capabilities.exportPeople = true;
  const put = await call(ctx, w.admin, 'PUT', '/workspace/role-matrix', read.body, {
    'if-match': read.headers.etag as string,
  });
  expect(put.status).toBe(200);
}

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
  attendant = await createUser(ctx, w.workspaceId, 'attendant', { branchId: w.branchId });
  await newOpportunity(ctx, w, w.brokerA1, { title: 'Casa no Morumbi', valueCents: 123_456 });
  await newOpportunity(ctx, w, w.brokerA1, { title: '=HYPERLINK("http://mal.example")' });
  await newOpportunity(ctx, w, w.brokerB1, { title: 'Sala comercial' });
  for (const name of ['Ana Exportada', 'Bruno Exportado', 'Carla Exportada']) {
    const res = await call(ctx, w.admin, 'POST', '/people', personBody({ name, tags: ['vip'] }));
    expect(res.status).toBe(201);
  }
  await grantBrokersExport();
}, 60_000);
afterAll(() => ctx?.close());

describe('exports', () => {
  it('a people CSV holds what the list shows for the same filters, in Excel pt-BR form, and is recorded', async () => {
    const filters = { tag: 'vip', q: 'export' };
    const list = await call(
      ctx,
      w.admin,
      'GET',
      `/people?${new URLSearchParams({ ...filters, limit: '100' })}`,
    );
    expect(list.body.total).toBe(3);
    const record = await exportAndRun(w.admin, { list: 'people', format: 'csv', filters });
    expect(record).toMatchObject({ status: 'done', rowsDone: 3, rowsTotal: 3, downloadable: true, filters });
    expect(record.fileName).toMatch(/^pessoas-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);

    const file = await download(w.admin, record.id);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.headers['content-disposition']).toContain(record.fileName);
    const rows = parseCsv(file.body);
    expect(rows[0]?.slice(0, 4)).toEqual(['Nome', 'Tipo', 'Tipo cadastral', 'CPF/CNPJ']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(list.body.items.map((p: { name: string }) => p.name));
    const createdAt = rows[1]?.[rows[0]?.indexOf('Criado em') ?? -1];
    expect(createdAt).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);

    const stored = await ctx.db.query(
      'SELECT user_id, list, format, filters, rows_done, status FROM exports WHERE workspace_id = $1 AND id = $2',
      [w.workspaceId, record.id],
    );
    expect(stored.rows[0]).toMatchObject({
      user_id: w.admin.id,
      list: 'people',
      format: 'csv',
      rows_done: 3,
    });
    expect(stored.rows[0].filters).toEqual(filters);
  });

  it('carries the person type, passport and IE under the headers the import maps back', async () => {
    const type = async (name: string, documents: unknown[]) => {
      const res = await call(ctx, w.admin, 'POST', '/person-types', {
        name,
        baseKind: 'individual',
        documents,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const foreigner = await type('Estrangeiro exportado', [{ kind: 'passport', required: true }]);
    const farmer = await type('Produtor exportado', [{ kind: 'cpf' }, { kind: 'state_registration' }]);
    for (const body of [
      personBody({
        name: 'Zoe Identidade Passaporte',
        typeId: foreigner,
        document: null,
        documents: [{ kind: 'passport', country: 'US', number: 'ZX123456' }],
      }),
      personBody({
        name: 'Zeca Identidade Rural',
        typeId: farmer,
        documents: [{ kind: 'state_registration', state: 'SP', number: '110042490114' }],
      }),
    ]) {
      const res = await call(ctx, w.admin, 'POST', '/people', body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const record = await exportAndRun(w.admin, {
      list: 'people',
      format: 'csv',
      filters: { q: 'identidade' },
    });
    const rows = parseCsv((await download(w.admin, record.id)).body);
    const header = rows[0] as string[];
    const columns = [
      'Tipo cadastral',
      'Passaporte',
      'País do passaporte',
      'Inscrição estadual',
      'UF da inscrição estadual',
    ];
    const cells = (name: string) => {
      const row = rows.find((r) => r[0] === name) as string[];
      return columns.map((c) => row[header.indexOf(c)]);
    };
    expect(cells('Zoe Identidade Passaporte')).toEqual(['Estrangeiro exportado', 'ZX123456', 'US', '', '']);
    expect(cells('Zeca Identidade Rural')).toEqual(['Produtor exportado', '', '', '110042490114', 'SP']);
    // The import reads these columns back as the same fields.
    const mapping = suggestMapping(header, null);
    expect(columns.map((c) => mapping[header.indexOf(c)])).toEqual([
      'personType',
      'passport',
      'passportCountry',
      'stateRegistration',
      'stateRegistrationUf',
    ]);
  });

  it("a broker's export holds only the people the broker sees (checked against SQL), as XLSX", async () => {
    const record = await exportAndRun(w.brokerA1, { list: 'people', format: 'xlsx', filters: {} });
    const owned = await ctx.db.query(
      `SELECT name FROM people WHERE workspace_id = $1 AND owner_id = $2 AND archived_at IS NULL ORDER BY name`,
      [w.workspaceId, w.brokerA1.id],
    );
    const everyone = await ctx.db.query('SELECT count(*)::int AS n FROM people WHERE workspace_id = $1', [
      w.workspaceId,
    ]);
    expect(owned.rows.length).toBe(2);
    expect(everyone.rows[0].n).toBeGreaterThan(owned.rows.length);
    expect(record.rowsDone).toBe(owned.rows.length);

    const file = await download(w.brokerA1, record.id);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const { sheet, rows } = await readXlsx(file.rawPayload);
    expect(rows[0]?.[0]).toBe('Nome');
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(rows.slice(1).map((r) => r[0])).toEqual(owned.rows.map((r) => r.name));
    const createdAt = rows[1]?.[(rows[0] as string[]).indexOf('Criado em')];
    expect(createdAt).toBeInstanceOf(Date);
  });

  it('an opportunities CSV: the broker’s cards, money as a number, formulas defused', async () => {
    const filters = { pipelineId: w.pipelineId };
    const record = await exportAndRun(w.brokerA1, { list: 'opportunities', format: 'csv', filters });
    const list = await call(ctx, w.brokerA1, 'GET', `/opportunities?pipelineId=${w.pipelineId}&limit=100`);
    expect(record.rowsDone).toBe(list.body.total);
    expect(record.rowsDone).toBe(2);
    const rows = parseCsv((await download(w.brokerA1, record.id)).body);
    const header = rows[0] as string[];
    const titles = rows.slice(1).map((r) => r[header.indexOf('Título')]);
    expect(titles).toContain('Casa no Morumbi');
    expect(titles).toContain(`'=HYPERLINK("http://mal.example")`);
    expect(titles).not.toContain('Sala comercial');
    const house = rows.find((r) => r[header.indexOf('Título')] === 'Casa no Morumbi') as string[];
    expect(house[header.indexOf('Valor (R$)')]).toBe('1234,56');
    expect(house[header.indexOf('Funil')]).toBe('Vendas');
  });

  it('an activities XLSX of Minhas atividades: the user’s own, dates as dates', async () => {
    const person = await call(ctx, w.brokerA1, 'POST', '/people', personBody());
    for (const title of ['Ligar para o cliente', 'Visitar o imóvel']) {
      const res = await call(ctx, w.brokerA1, 'POST', '/activities', {
        kind: 'call',
        title,
        dueAt: '2030-01-15T13:30:00.000Z',
        personId: person.body.id,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const record = await exportAndRun(w.brokerA1, {
      list: 'activities',
      format: 'xlsx',
      filters: { mine: 'true', status: 'open' },
    });
    expect(record.rowsDone).toBe(2);
    const { rows } = await readXlsx((await download(w.brokerA1, record.id)).rawPayload);
    const header = rows[0] as string[];
    expect(
      rows
        .slice(1)
        .map((r) => r[header.indexOf('Título')])
        .sort(),
    ).toEqual(['Ligar para o cliente', 'Visitar o imóvel']);
    // 13:30 UTC is 10:30 in São Paulo, written as that wall-clock time.
    const due = rows[1]?.[header.indexOf('Vencimento')] as Date;
    expect(due.toISOString()).toBe('2030-01-15T10:30:00.000Z');
  });

  it('403 without the export capability, and nothing is recorded', async () => {
    const before = await ctx.db.query('SELECT count(*)::int AS n FROM exports WHERE workspace_id = $1', [
      w.workspaceId,
    ]);
    const res = await call(ctx, attendant, 'POST', '/exports', {
      list: 'people',
      format: 'csv',
      filters: {},
    });
    expect(res.status).toBe(403);
    const after = await ctx.db.query('SELECT count(*)::int AS n FROM exports WHERE workspace_id = $1', [
      w.workspaceId,
    ]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it("someone else's export is a 404, its file too; my list has only mine, newest first", async () => {
    const mine = await exportAndRun(w.admin, { list: 'opportunities', format: 'xlsx', filters: {} });
    expect((await call(ctx, w.brokerA1, 'GET', `/exports/${mine.id}`)).status).toBe(404);
    expect((await download(w.brokerA1, mine.id)).statusCode).toBe(404);
    const list = await call(ctx, w.admin, 'GET', '/exports?limit=1');
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([mine.id]);
    const next = await call(ctx, w.admin, 'GET', `/exports?limit=50&cursor=${list.body.nextCursor}`);
    expect(next.body.items.length).toBeGreaterThan(0);
    expect(next.body.items.map((e: { id: string }) => e.id)).not.toContain(mine.id);
    const brokers = await call(ctx, w.brokerA1, 'GET', '/exports');
    expect(brokers.body.items.map((e: { id: string }) => e.id)).not.toContain(mine.id);
  });

  it('a bad filter is a 422 naming it', async () => {
    const stage = await call(ctx, w.admin, 'POST', '/exports', {
      list: 'people',
      format: 'csv',
      filters: { stage: 'nenhuma' },
    });
    expect(stage.status).toBe(422);
    expect(stage.body.errors.map((e: { field: string }) => e.field)).toEqual(['filters.stage']);
    const pipeline = await call(ctx, w.admin, 'POST', '/exports', {
      list: 'opportunities',
      format: 'xlsx',
      filters: { pipelineId: 'x' },
    });
    expect(pipeline.status).toBe(422);
    const unknown = await call(ctx, w.admin, 'POST', '/exports', {
      list: 'activities',
      format: 'csv',
      filters: { tag: 'vip' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toMatchObject([{ field: 'filters.tag', code: 'unknown_field' }]);
    const format = await call(ctx, w.admin, 'POST', '/exports', { list: 'people', format: 'pdf' });
    expect(format.status).toBe(422);
  });

  it('a finished record cannot change or go; after its days the file goes and the record stays', async () => {
    const record = await exportAndRun(w.admin, { list: 'people', format: 'csv', filters: { tag: 'vip' } });
    const owner = new pg.Client({ connectionString: ctx.ownerUrl });
    await owner.connect();
    try {
      await expect(
        owner.query('UPDATE exports SET rows_done = 0 WHERE id = $1', [record.id]),
      ).rejects.toThrow(/audit record/);
      await expect(owner.query('DELETE FROM exports WHERE id = $1', [record.id])).rejects.toThrow(
        /audit record/,
      );
    } finally {
      await owner.end();
    }
    expect(await expireExports({ db: ctx.db, files: ctx.files }, new Date())).toBe(0);
    const expired = await expireExports(
      { db: ctx.db, files: ctx.files },
      new Date(Date.now() + 8 * 24 * 3600_000),
    );
    expect(expired).toBeGreaterThan(0);
    const after = await call(ctx, w.admin, 'GET', `/exports/${record.id}`);
    expect(after.body).toMatchObject({ status: 'done', rowsDone: 3, downloadable: false });
    expect(after.body.expiredAt).not.toBeNull();
    expect((await download(w.admin, record.id)).statusCode).toBe(409);
  });
});
