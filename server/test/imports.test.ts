import { formatCpf, generateCpf } from '@funil/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../src/modules/imports/imports.service.ts';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call } from './opportunity-fixtures.ts';

let ctx: TestContext;
let workspaceId: string;
let admin: TestUser;
let broker: TestUser;

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

function multipart(filename: string, bytes: Buffer) {
  const boundary = '----funil-import-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function upload(user: TestUser, filename: string, bytes: Buffer) {
  const body = multipart(filename, bytes);
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/imports',
    headers: { cookie: user.cookie, ...body.headers },
    payload: body.payload,
  });
  return { status: res.statusCode, body: res.json() };
}

/** Maps, starts and runs an import to its end (the job, called directly). */
async function importAll(id: string, mapping: (string | null)[], policy: 'skip' | 'update' | 'create') {
  expect((await call(ctx, admin, 'PUT', `/imports/${id}`, { mapping, policy })).status).toBe(200);
  expect((await call(ctx, admin, 'POST', `/imports/${id}/start`)).status).toBe(202);
  await runImport(ctx.db, workspaceId, id);
  return (await call(ctx, admin, 'GET', `/imports/${id}`)).body;
}

async function registryCounts() {
  const q = async (sql: string) => Number((await ctx.db.query(sql, [workspaceId])).rows[0].n);
  return {
    people: await q('SELECT count(*) AS n FROM people WHERE workspace_id = $1'),
    phones: await q('SELECT count(*) AS n FROM person_phones WHERE workspace_id = $1'),
    emails: await q('SELECT count(*) AS n FROM person_emails WHERE workspace_id = $1'),
    listed: (await call(ctx, admin, 'GET', '/people?limit=1')).body.total ?? null,
  };
}

async function createExisting(name: string, cpf: string, phone: string, email: string) {
  const res = await call(ctx, admin, 'POST', '/people', {
    kind: 'individual',
    name,
    document: cpf,
    phones: [{ number: phone, type: 'mobile' }],
    emails: [{ address: email }],
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number };
}

beforeAll(async () => {
  ctx = await createTestContext();
  ({ workspaceId } = await createWorkspace(ctx.db, 'Importações'));
  admin = await createUser(ctx, workspaceId, 'admin');
  broker = await createUser(ctx, workspaceId, 'broker');
});
afterAll(() => ctx.close());

describe('reading the file', () => {
  it('reads a Latin-1 CSV with ; and suggests the mapping; a UTF-8 BOM CSV with ,', async () => {
    const latin1 = Buffer.from(
      'Nome;CPF;Celular;E-mail\nJosé Conceição;;(11) 91234-0001;jose@ex.com\n',
      'latin1',
    );
    const a = await upload(admin, 'contatos.csv', latin1);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ';',
      headers: ['Nome', 'CPF', 'Celular', 'E-mail'],
      mapping: ['name', 'document', 'phone', 'email'],
      totalRows: 1,
      status: 'uploaded',
    });
    expect(a.body.sample[0][0]).toBe('José Conceição');

    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('First Name,Last Name,E-mail 1 - Value\nAna,Lúcia,a@b.com\n'),
    ]);
    const b = await upload(admin, 'google.csv', bom);
    expect(b.body).toMatchObject({
      encoding: 'utf-8',
      delimiter: ',',
      mapping: ['firstName', 'lastName', 'email'],
    });
    expect(b.body.headers[0]).toBe('First Name');
  });

  it('stages cells as read: backslashes, tabs, line breaks, quotes and accents survive', async () => {
    const csv = 'Nome;Tags\n"Ana \\ Barra";"C:\\pasta\\n\tum ""dois""\nlinha 2 ção"\nBia;\\N\n';
    const up = await upload(admin, 'barras.csv', Buffer.from(csv, 'utf8'));
    expect(up.status).toBe(201);
    const rows = (
      await ctx.db.query(
        'SELECT row_no, cells FROM import_rows WHERE workspace_id = $1 AND import_id = $2 ORDER BY row_no',
        [workspaceId, up.body.id],
      )
    ).rows;
    expect(rows).toEqual([
      { row_no: 2, cells: ['Ana \\ Barra', 'C:\\pasta\\n\tum "dois"\nlinha 2 ção'] },
      { row_no: 3, cells: ['Bia', '\\N'] },
    ]);
  });

  it('reads an XLSX (dates and numbers as the sheet shows them)', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Contatos');
    sheet.addRow(['Nome', 'Telefone', 'Nascimento']);
    sheet.addRow(['Márcia Araújo', 11987650001, new Date(Date.UTC(1985, 2, 7))]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(admin, 'planilha.xlsx', bytes);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fileType: 'xlsx', mapping: ['name', 'phone', 'birthDate'] });
    expect(res.body.sample).toEqual([['Márcia Araújo', '11987650001', '07/03/1985']]);
  });

  it('refuses other files (415), an empty sheet (422), and users without importPeople (403)', async () => {
    expect((await upload(admin, 'foto.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]))).status).toBe(415);
    expect((await upload(admin, 'velho.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).status).toBe(415);
    expect((await upload(admin, 'vazia.csv', Buffer.from('Nome;CPF\n'))).status).toBe(422);
    expect((await upload(admin, 'ruim.xlsx', Buffer.from('PK\u0003\u0004lixo'))).status).toBe(422);
    expect((await upload(broker, 'contatos.csv', Buffer.from('Nome\nAna\n'))).status).toBe(403);
    expect((await call(ctx, broker, 'GET', '/imports')).status).toBe(403);
  });

  it("a manager reaches only their own imports (the rows hold the file's personal data)", async () => {
    const manager = await createUser(ctx, workspaceId, 'manager');
    const admins = await upload(admin, 'do-admin.csv', Buffer.from('Nome\nAna\n'));
    const mine = await upload(manager, 'do-gerente.csv', Buffer.from('Nome\nBia\n'));
    expect(mine.status).toBe(201);
    expect((await call(ctx, manager, 'GET', `/imports/${admins.body.id}`)).status).toBe(404);
    expect((await call(ctx, manager, 'GET', `/imports/${admins.body.id}/errors`)).status).toBe(404);
    expect((await call(ctx, manager, 'POST', `/imports/${admins.body.id}/undo`)).status).toBe(404);
    const listed = (await call(ctx, manager, 'GET', '/imports')).body.items.map((i: { id: string }) => i.id);
    expect(listed).toEqual([mine.body.id]);
    expect((await call(ctx, admin, 'GET', `/imports/${mine.body.id}`)).status).toBe(200);
  });
});

describe('importing people', () => {
  it('previews errors per row, imports with dedup skip against the registry and inside the file, reports and undoes', async () => {
    const existingCpf = generateCpf(random);
    const existing = await createExisting(
      'Pessoa Existente',
      existingCpf,
      '(21) 99876-0001',
      'existente@ex.com',
    );
    const cpfs = Array.from({ length: 3 }, () => generateCpf(random));
    const csv = [
      'Nome;CPF;Telefone;E-mail;Nascimento',
      `Ana Souza;${formatCpf(cpfs[0] as string)};(11) 98888-0001;ana@ex.com;05/03/1980`,
      `Bruno Lima;${cpfs[1]};+55 11 98888-0002;bruno@ex.com;`,
      'Sem CPF Válido;123.456.789-00;11 98888-0003;x@ex.com;',
      ';;;sem-nome@ex.com;',
      `Existente de Novo;${formatCpf(existingCpf)};;;`,
      `Ana Repetida;;(11) 98888-0001;;`,
      `Carla Dias;${cpfs[2]};011 3456-7890;carla@ex.com;31/02/1990`,
      'Dora Alves;;021 98888-0004 / (21) 3333-4444;dora@ex.com;01/01/1970',
    ].join('\n');
    const before = await registryCounts();
    const up = await upload(admin, 'clientes.csv', Buffer.from(csv, 'latin1'));
    const id = up.body.id as string;
    expect(up.body.mapping).toEqual(['name', 'document', 'phone', 'email', 'birthDate']);
    await call(ctx, admin, 'PUT', `/imports/${id}`, { mapping: up.body.mapping, policy: 'skip' });
    const preview = (await call(ctx, admin, 'GET', `/imports/${id}/preview`)).body.rows;
    expect(preview.map((r: { rowNo: number }) => r.rowNo)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(preview[2].errors).toEqual(['CPF/CNPJ inválido: 123.456.789-00']);
    expect(preview[3].errors).toEqual(['Nome obrigatório']);
    expect(preview[4].duplicate).toBe('registry');
    expect(preview[5].duplicate).toBe('file');
    expect(preview[6].errors).toEqual(['Data inválida: 31/02/1990 (use dd/mm/aaaa)']);

    const done = await importAll(id, up.body.mapping, 'skip');
    expect(done).toMatchObject({
      status: 'done',
      totalRows: 8,
      processedRows: 8,
      created: 3,
      skipped: 2,
      rejected: 3,
    });
    const sql = await ctx.db.query(
      "SELECT count(*)::int AS n FROM people WHERE workspace_id = $1 AND origin = 'import' AND origin_payload->>'importId' = $2",
      [workspaceId, id],
    );
    expect(sql.rows[0].n).toBe(done.created);
    const after = await registryCounts();
    expect(after.people - before.people).toBe(3);

    // The imported person: normalized values, origin, timeline event naming the import.
    const ana = await ctx.db.query(
      `SELECT p.id, p.name, p.birth_date::text, p.origin, p.origin_integration,
         (SELECT array_agg(number) FROM person_phones x WHERE x.person_id = p.id) AS phones
       FROM people p WHERE p.workspace_id = $1 AND p.document = $2`,
      [workspaceId, cpfs[0]],
    );
    expect(ana.rows[0]).toMatchObject({
      name: 'Ana Souza',
      birth_date: '1980-03-05',
      origin: 'import',
      origin_integration: 'clientes.csv',
      phones: ['+5511988880001'],
    });
    const timeline = await call(ctx, admin, 'GET', `/people/${ana.rows[0].id}/timeline`);
    const created = timeline.body.items.find((e: { kind: string }) => e.kind === 'created');
    expect(created.data).toMatchObject({ origin: 'import', importId: id, fileName: 'clientes.csv' });
    const dora = await ctx.db.query(
      'SELECT array_agg(number ORDER BY position) AS phones FROM person_phones WHERE workspace_id = $1 AND person_id = (SELECT id FROM people WHERE workspace_id = $1 AND name = $2)',
      [workspaceId, 'Dora Alves'],
    );
    expect(dora.rows[0].phones).toEqual(['+5521988880004', '+552133334444']);

    // The error report: the refused and skipped rows with their line and reason.
    const report = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${id}/errors`,
      headers: { cookie: admin.cookie },
    });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('text/csv');
    const lines = report.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Nome;CPF;Telefone;E-mail;Nascimento;Linha;Situação;Motivo');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain(';4;Recusada;CPF/CNPJ inválido: 123.456.789-00');
    expect(lines.find((l: string) => l.startsWith('Ana Repetida'))).toContain('linha 2');
    expect(lines.find((l: string) => l.startsWith('Existente de Novo'))).toContain(
      'Já cadastrada (mesmo CPF/CNPJ)',
    );

    // Undo: the registry is as before, the values can be registered again, history still verifies.
    const undo = await call(ctx, admin, 'POST', `/imports/${id}/undo`);
    expect(undo.status).toBe(200);
    expect(undo.body).toMatchObject({ status: 'undone', undoKept: 0 });
    expect(await registryCounts()).toEqual(before);
    expect((await call(ctx, admin, 'GET', `/people?q=${cpfs[0]}`)).body.items).toEqual([]);
    expect((await call(ctx, admin, 'GET', `/people/${existing.id}`)).status).toBe(200);
    const again = await call(ctx, admin, 'POST', '/people', {
      kind: 'individual',
      name: 'Ana de Novo',
      document: cpfs[0],
      phones: [{ number: '(11) 98888-0001', type: 'mobile' }],
    });
    expect(again.status).toBe(201);
    expect((await call(ctx, admin, 'POST', `/imports/${id}/undo`)).status).toBe(409);
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
  });

  it('update: fills the registry person from the row, and undo gives back exactly what was there', async () => {
    const cpf = generateCpf(random);
    const person = await createExisting('Eva Antiga', cpf, '(31) 99876-0001', 'eva@ex.com');
    const snapshot = async () => ({
      ...((await call(ctx, admin, 'GET', `/people/${person.id}`)).body as {
        name: string;
        birthDate: string | null;
        emails: { address: string }[];
        tags: string[];
      }),
      phoneNumbers: (
        await ctx.db.query(
          'SELECT number FROM person_phones WHERE workspace_id = $1 AND person_id = $2 ORDER BY position',
          [workspaceId, person.id],
        )
      ).rows.map((r) => r.number as string),
    });
    const before = await snapshot();
    const counts = await registryCounts();
    const csv = `Nome;CPF;Celular;E-mail;Nascimento;Tags\nEva Nova;${formatCpf(cpf)};(31) 3222-1111;eva.trabalho@ex.com;10/10/1990;vip\n`;
    const up = await upload(admin, 'atualizar.csv', Buffer.from(csv));
    const done = await importAll(up.body.id, up.body.mapping, 'update');
    expect(done).toMatchObject({ status: 'done', updated: 1, created: 0 });
    const updated = await snapshot();
    expect(updated).toMatchObject({ name: 'Eva Nova', birthDate: '1990-10-10', tags: ['vip'] });
    expect(updated.phoneNumbers).toEqual(['+5531998760001', '+553132221111']);
    expect(updated.emails.map((e) => e.address)).toEqual(['eva@ex.com', 'eva.trabalho@ex.com']);
    const events = (await call(ctx, admin, 'GET', `/people/${person.id}/timeline`)).body.items;
    expect(events[0]).toMatchObject({ kind: 'field_changed' });

    expect((await call(ctx, admin, 'POST', `/imports/${up.body.id}/undo`)).status).toBe(200);
    const restored = await snapshot();
    expect({ ...restored, version: 0, updatedAt: '' }).toEqual({ ...before, version: 0, updatedAt: '' });
    expect(await registryCounts()).toEqual(counts);
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
  });

  it('a person type by name and passport / IE columns, checked as the person form checks them', async () => {
    const type = await call(ctx, admin, 'POST', '/person-types', {
      name: 'Estrangeiro',
      baseKind: 'individual',
      documents: [{ kind: 'passport', required: true }],
    });
    expect(type.status, JSON.stringify(type.body)).toBe(201);
    const csv = [
      'Nome;Tipo cadastral;Passaporte;País do passaporte;Inscrição estadual;UF da inscrição estadual',
      'John Smith;estrangeiro;X1234567;us;;',
      'Jane Roe;Estrangeiro;;;;',
      'Max Mustermann;Marciano;C01X00T47;DE;;',
      'Bob Dup;Estrangeiro;X1234567;US;;',
      'Eve Bad;Estrangeiro;12;US;;',
      'Ana Rural;;;;123;SP',
      'Rui Sem Tipo;;AB123456;PT;;',
      'Zeca Sem UF;;;;110042490114;',
    ].join('\n');
    const up = await upload(admin, 'estrangeiros.csv', Buffer.from(csv));
    expect(up.body.mapping).toEqual([
      'name',
      'personType',
      'passport',
      'passportCountry',
      'stateRegistration',
      'stateRegistrationUf',
    ]);
    const done = await importAll(up.body.id, up.body.mapping, 'skip');
    expect(done).toMatchObject({ status: 'done', created: 1, rejected: 7 });
    const { rows } = await ctx.db.query(
      'SELECT row_no, person_id, reason FROM import_rows WHERE import_id = $1 ORDER BY row_no',
      [up.body.id],
    );
    expect(rows.map((r) => r.reason)).toEqual([
      null,
      'O tipo Estrangeiro exige passaporte',
      'Tipo de pessoa não encontrado: Marciano',
      'Repetido no arquivo: passaporte US X1234567 (linha 2)',
      'Passaporte inválido: 12 (6 a 20 letras e números)',
      'Inscrição estadual inválida: 123',
      'O tipo Pessoa física não aceita passaporte',
      'UF da inscrição estadual obrigatória: 110042490114',
    ]);
    const john = (await call(ctx, admin, 'GET', `/people/${rows[0].person_id}`)).body;
    expect(john).toMatchObject({
      typeId: type.body.id,
      documents: [{ kind: 'passport', country: 'US', number: 'X1234567' }],
    });
    const report = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${up.body.id}/errors`,
      headers: { cookie: admin.cookie },
    });
    expect(report.body).toContain(';3;Recusada;O tipo Estrangeiro exige passaporte');

    // Another file with the same passport: already registered.
    const again = await upload(
      admin,
      'de-novo.csv',
      Buffer.from(`${csv.split('\n')[0]}\nJ Smith;Estrangeiro;X1234567;US;;\n`),
    );
    const second = await importAll(again.body.id, again.body.mapping, 'skip');
    expect(second).toMatchObject({ created: 0, rejected: 1 });
  });

  it('create: a duplicate becomes a new person without the value someone already holds', async () => {
    const cpf = generateCpf(random);
    await createExisting('Fábio Original', cpf, '(41) 99876-0001', 'fabio@ex.com');
    const csv = `Nome;CPF;Celular\nFábio Homônimo;${cpf};(41) 99876-0002\n`;
    const up = await upload(admin, 'criar.csv', Buffer.from(csv));
    const done = await importAll(up.body.id, up.body.mapping, 'create');
    expect(done).toMatchObject({ created: 1, skipped: 0 });
    const { rows } = await ctx.db.query(
      `SELECT p.document, (SELECT array_agg(number) FROM person_phones x WHERE x.person_id = p.id) AS phones
       FROM people p WHERE p.workspace_id = $1 AND p.name = 'Fábio Homônimo'`,
      [workspaceId],
    );
    expect(rows).toEqual([{ document: null, phones: ['+5541998760002'] }]);
  });

  it('resumes after a crash from its checkpoint, without duplicating anyone', async () => {
    const rows = Array.from(
      { length: 10 },
      (_, i) => `Pessoa ${i};(51) 98000-00${String(i).padStart(2, '0')}`,
    );
    // Row 10 repeats row 2's phone: a repeat inside the file, found across batches.
    rows.push('Repetida;(51) 98000-0001');
    const up = await upload(admin, 'grande.csv', Buffer.from(`Nome;Telefone\n${rows.join('\n')}\n`));
    const id = up.body.id as string;
    await call(ctx, admin, 'PUT', `/imports/${id}`, { mapping: up.body.mapping, policy: 'skip' });
    await call(ctx, admin, 'POST', `/imports/${id}/start`);
    await runImport(ctx.db, workspaceId, id, { batchSize: 4, maxBatches: 1 });
    const midway = (await call(ctx, admin, 'GET', `/imports/${id}`)).body;
    expect(midway).toMatchObject({ status: 'running', processedRows: 4, created: 4 });
    // The process "restarts": two runners at once, as after a crash both the old job and a new one may run.
    await Promise.all([
      runImport(ctx.db, workspaceId, id, { batchSize: 4 }),
      runImport(ctx.db, workspaceId, id, { batchSize: 4 }),
    ]);
    const done = (await call(ctx, admin, 'GET', `/imports/${id}`)).body;
    expect(done).toMatchObject({ status: 'done', processedRows: 11, created: 10, skipped: 1 });
    const { rows: people } = await ctx.db.query(
      "SELECT count(*)::int AS n FROM people WHERE workspace_id = $1 AND origin_payload->>'importId' = $2",
      [workspaceId, id],
    );
    expect(people[0].n).toBe(10);
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
  });

  it('needs a name column and a policy before starting; the mapping can be saved and is offered again', async () => {
    const up = await upload(admin, 'sem-nome.csv', Buffer.from('Telefone;Obs\n11 98765-4321;x\n'));
    const put = await call(ctx, admin, 'PUT', `/imports/${up.body.id}`, {
      mapping: ['phone', null],
      policy: 'skip',
    });
    expect(put.status).toBe(422);
    const saved = await call(ctx, admin, 'PUT', `/imports/${up.body.id}`, {
      mapping: ['phone', 'name'],
      policy: 'skip',
      saveMappingAs: 'Planilha do João',
    });
    expect(saved.status).toBe(200);
    const next = await upload(admin, 'outra.csv', Buffer.from('telefone;OBS\n11 98765-4322;y\n'));
    expect(next.body.savedMappings).toEqual([{ name: 'Planilha do João', mapping: ['phone', 'name'] }]);
    expect(next.body.mapping).toEqual(['phone', 'name']);
    expect((await call(ctx, admin, 'GET', '/imports')).body.items.length).toBeGreaterThan(3);
  });
});
