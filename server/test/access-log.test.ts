import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAccess } from '../src/modules/access-log/access-log.service.ts';
import { samplePdf } from './attachment-fixtures.ts';
import { exportAs } from './export-fixtures.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, personBody } from './opportunity-fixtures.ts';

// The LGPD access log: the person read, the phone reveal, a file download and an export each write exactly their
// rows; reading the log needs `managePrivacy` and stays inside the workspace; the table is append-only.

let ctx: TestContext;
let workspaceId: string;
let admin: TestUser;
let broker: TestUser;
let otherAdmin: TestUser;

type Row = {
  kind: string;
  user_id: string | null;
  person_id: string;
  export_id: string | null;
  file_id: string | null;
  request_id: string | null;
  ip: string | null;
};

async function rowsOf(personId: string): Promise<Row[]> {
  const { rows } = await ctx.db.query<Row>(
    'SELECT kind, user_id, person_id, export_id, file_id, request_id, ip FROM access_log WHERE person_id = $1 ORDER BY occurred_at, id',
    [personId],
  );
  return rows;
}

async function newPerson(overrides: Record<string, unknown> = {}) {
  const res = await call(ctx, broker, 'POST', '/people', personBody({ ownerId: broker.id, ...overrides }));
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
}

beforeAll(async () => {
  ctx = await createTestContext();
  ({ workspaceId } = await createWorkspace(ctx.db));
  admin = await createUser(ctx, workspaceId, 'admin', { name: 'Ana Admin' });
  broker = await createUser(ctx, workspaceId, 'broker', { name: 'Bruno Corretor' });
  const other = await createWorkspace(ctx.db, 'Outra Imobiliária');
  otherAdmin = await createUser(ctx, other.workspaceId, 'admin', { name: 'Outro Admin' });
});
afterAll(() => ctx.close());

describe('what writes the access log', () => {
  it('records one person_viewed per GET /people/{id}, with who, the request id and the IP, and nothing for creating or listing', async () => {
    const personId = await newPerson();
    await call(ctx, broker, 'GET', '/people?limit=10');
    expect(await rowsOf(personId)).toEqual([]);
    const read = await call(ctx, broker, 'GET', `/people/${personId}`);
    expect(read.status).toBe(200);
    const rows = await rowsOf(personId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'person_viewed',
      user_id: broker.id,
      export_id: null,
      file_id: null,
    });
    expect(rows[0]?.request_id).toBeTruthy();
    expect(rows[0]?.ip).toBeTruthy();
    // A refused read (another workspace) records nothing.
    expect((await call(ctx, otherAdmin, 'GET', `/people/${personId}`)).status).toBe(404);
    expect(await rowsOf(personId)).toHaveLength(1);
  });

  it('records the phone reveal once, and never the numbers', async () => {
    const personId = await newPerson();
    const res = await call(ctx, broker, 'POST', `/people/${personId}/phones/reveal`);
    expect(res.status).toBe(200);
    const rows = await rowsOf(personId);
    expect(rows.map((r) => r.kind)).toEqual(['phones_revealed']);
    const { rows: raw } = await ctx.db.query(
      'SELECT row_to_json(a)::text AS json FROM access_log a WHERE person_id = $1',
      [personId],
    );
    const digits = (res.body.phones[0].number as string).replace(/\D/g, '');
    expect(raw[0].json).not.toContain(digits.slice(-8));
  });

  it('records a file download with the file id', async () => {
    const personId = await newPerson();
    const boundary = '----funil-access-log';
    const upload = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/people/${personId}/attachments`,
      headers: { cookie: broker.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="contrato.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        samplePdf(),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(upload.statusCode).toBe(201);
    const fileId = upload.json().id as string;
    expect(await rowsOf(personId)).toEqual([]);
    const download = await ctx.app.inject({
      url: `/api/v1/attachments/${fileId}/download`,
      headers: { cookie: admin.cookie },
    });
    expect(download.statusCode).toBe(200);
    const rows = await rowsOf(personId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'file_downloaded', user_id: admin.id, file_id: fileId });
  });

  it('records one row_exported per exported person, with the export', async () => {
    const tag = `exp${Date.now()}`;
    const ids = [
      await newPerson({ tags: [tag] }),
      await newPerson({ tags: [tag] }),
      await newPerson({ tags: [tag] }),
    ];
    const outside = await newPerson();
    const file = await exportAs(ctx, admin, { list: 'people', filters: { tag } });
    expect(file.status).toBe(200);
    const { rows: exports } = await ctx.db.query('SELECT id FROM exports WHERE user_id = $1', [admin.id]);
    const exportId = exports[0].id as string;
    for (const id of ids) {
      expect(await rowsOf(id)).toEqual([
        expect.objectContaining({ kind: 'row_exported', user_id: admin.id, export_id: exportId }),
      ]);
    }
    expect(await rowsOf(outside)).toEqual([]);
    const { rows: total } = await ctx.db.query(
      "SELECT count(*)::int AS n FROM access_log WHERE export_id = $1 AND kind = 'row_exported'",
      [exportId],
    );
    expect(total[0].n).toBe(3);

    // The same pages written again (a retried job starts over) add no row.
    await recordAccess(
      ctx.db,
      ids.map((personId) => ({
        workspaceId,
        userId: admin.id,
        personId,
        kind: 'row_exported' as const,
        exportId,
      })),
    );
    const { rows: again } = await ctx.db.query(
      'SELECT count(*)::int AS n FROM access_log WHERE export_id = $1',
      [exportId],
    );
    expect(again[0].n).toBe(3);
  });
});

describe('reading the access log', () => {
  it("answers the person's log to managePrivacy only, newest first, paginated", async () => {
    const personId = await newPerson();
    await call(ctx, broker, 'GET', `/people/${personId}`);
    await call(ctx, broker, 'POST', `/people/${personId}/phones/reveal`);
    await call(ctx, admin, 'GET', `/people/${personId}`);

    expect((await call(ctx, broker, 'GET', `/people/${personId}/access-log`)).status).toBe(403);
    expect((await call(ctx, otherAdmin, 'GET', `/people/${personId}/access-log`)).status).toBe(404);

    const first = await call(ctx, admin, 'GET', `/people/${personId}/access-log?limit=2`);
    expect(first.status).toBe(200);
    expect(
      first.body.items.map((e: { kind: string; user: { name: string } }) => [e.kind, e.user.name]),
    ).toEqual([
      ['person_viewed', 'Ana Admin'],
      ['phones_revealed', 'Bruno Corretor'],
    ]);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await call(
      ctx,
      admin,
      'GET',
      `/people/${personId}/access-log?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((e: { kind: string }) => e.kind)).toEqual(['person_viewed']);
    expect(second.body.nextCursor).toBeNull();
    expect(second.body.items[0].person.id).toBe(personId);
  });

  it('filters the audit by user, kind and period, inside the workspace, and downloads it as CSV', async () => {
    const personId = await newPerson();
    await call(ctx, broker, 'POST', `/people/${personId}/phones/reveal`);
    expect((await call(ctx, broker, 'GET', `/privacy/access-log?userId=${broker.id}`)).status).toBe(403);

    const reveals = await call(
      ctx,
      admin,
      'GET',
      `/privacy/access-log?userId=${broker.id}&kind=phones_revealed&limit=200`,
    );
    expect(reveals.status).toBe(200);
    expect(reveals.body.items.length).toBeGreaterThan(0);
    for (const e of reveals.body.items) {
      expect(e.user.id).toBe(broker.id);
      expect(e.kind).toBe('phones_revealed');
    }
    expect(reveals.body.items.some((e: { person: { id: string } }) => e.person.id === personId)).toBe(true);

    const past = await call(ctx, admin, 'GET', `/privacy/access-log?from=2020-01-01&to=2020-12-31`);
    expect(past.body.items).toEqual([]);
    // Another workspace's admin sees none of this workspace's entries.
    const foreign = await call(ctx, otherAdmin, 'GET', `/privacy/access-log?userId=${broker.id}`);
    expect(foreign.status).toBe(200);
    expect(foreign.body.items).toEqual([]);
    expect((await call(ctx, admin, 'GET', '/privacy/access-log?from=2026-02-30')).status).toBe(422);

    const csv = await ctx.app.inject({
      url: `/api/v1/privacy/access-log.csv?personId=${personId}`,
      headers: { cookie: admin.cookie },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Telefones revelados');
    expect(lines[1]).toContain('Bruno Corretor');
    const refused = await ctx.app.inject({
      url: '/api/v1/privacy/access-log.csv',
      headers: { cookie: broker.cookie },
    });
    expect(refused.statusCode).toBe(403);
  });
});

describe('append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE from the app role and from the owner', async () => {
    const personId = await newPerson();
    await recordAccess(ctx.db, [{ workspaceId, userId: admin.id, personId, kind: 'person_viewed' }]);
    await expect(ctx.db.query("UPDATE access_log SET kind = 'phones_revealed'")).rejects.toThrow(
      /permission denied|append-only/,
    );
    await expect(ctx.db.query('DELETE FROM access_log')).rejects.toThrow(/permission denied|append-only/);
    await expect(ctx.db.query('TRUNCATE access_log')).rejects.toThrow(/permission denied|append-only/);
    const owner = new pg.Client({ connectionString: ctx.ownerUrl });
    await owner.connect();
    try {
      await expect(owner.query("UPDATE access_log SET ip = 'x'")).rejects.toThrow(/append-only/);
      await expect(owner.query('DELETE FROM access_log')).rejects.toThrow(/append-only/);
      await expect(owner.query('TRUNCATE access_log')).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
    expect(await rowsOf(personId)).toHaveLength(1);
  });
});
