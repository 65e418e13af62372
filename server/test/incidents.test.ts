import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, personBody } from './opportunity-fixtures.ts';

// The incident register (Resolução CD/ANPD 15/2024): the 3-business-day deadline, optimistic concurrency, every
// change kept, never deleted, `managePrivacy` only.

let ctx: TestContext;
let admin: TestUser;
let broker: TestUser;
let otherAdmin: TestUser;

const incident = (overrides: Record<string, unknown> = {}) => ({
  title: 'Notebook com planilha de clientes furtado',
  description: 'Notebook de um corretor furtado no carro.',
  occurredOn: '2026-12-22',
  learnedOn: '2026-12-23',
  dataCategories: ['identification', 'contact'],
  affectedCount: 120,
  affectedPersonIds: [],
  consequences: 'Uso dos contatos para golpes.',
  risk: 'high',
  measuresTaken: 'Senhas trocadas.',
  measuresPlanned: 'Criptografia de disco.',
  ...overrides,
});

beforeAll(async () => {
  ctx = await createTestContext();
  const { workspaceId } = await createWorkspace(ctx.db);
  admin = await createUser(ctx, workspaceId, 'admin', { name: 'Ana Admin' });
  broker = await createUser(ctx, workspaceId, 'broker', { name: 'Bruno Corretor' });
  const other = await createWorkspace(ctx.db, 'Outra');
  otherAdmin = await createUser(ctx, other.workspaceId, 'admin');
});
afterAll(() => ctx.close());

describe('recording an incident', () => {
  it('computes the deadline in business days across Christmas and lists the affected people by name', async () => {
    const person = await call(ctx, admin, 'POST', '/people', personBody({ name: 'Maria Afetada' }));
    const res = await call(
      ctx,
      admin,
      'POST',
      '/privacy/incidents',
      incident({ affectedPersonIds: [person.body.id] }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    // Learned Wed 23/12: Thu 24, (Fri 25 Natal, weekend), Mon 28, Tue 29.
    expect(res.body.noticeDeadline).toBe('2026-12-29');
    expect(res.body.affectedPeople).toEqual([{ id: person.body.id, name: 'Maria Afetada' }]);
    expect(res.body.createdBy.name).toBe('Ana Admin');

    const list = await call(ctx, admin, 'GET', '/privacy/incidents');
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(res.body.id);
    // Another workspace does not see it.
    expect((await call(ctx, otherAdmin, 'GET', `/privacy/incidents/${res.body.id}`)).status).toBe(404);
    expect((await call(ctx, otherAdmin, 'GET', '/privacy/incidents')).body.items).toEqual([]);
  });

  it('needs managePrivacy and refuses bad input with 422', async () => {
    expect((await call(ctx, broker, 'POST', '/privacy/incidents', incident())).status).toBe(403);
    expect((await call(ctx, broker, 'GET', '/privacy/incidents')).status).toBe(403);
    const bad = await call(ctx, admin, 'POST', '/privacy/incidents', incident({ learnedOn: '2026-02-30' }));
    expect(bad.status).toBe(422);
    const unknownPerson = await call(
      ctx,
      admin,
      'POST',
      '/privacy/incidents',
      incident({ affectedPersonIds: ['00000000-0000-4000-8000-000000000000'] }),
    );
    expect(unknownPerson.status).toBe(422);
    const after = await call(
      ctx,
      admin,
      'POST',
      '/privacy/incidents',
      incident({ occurredOn: '2026-12-24' }),
    );
    expect(after.status).toBe(422);
  });
});

describe('editing an incident', () => {
  it('keeps every change with the old and new value, and refuses a stale edit with 412', async () => {
    const created = await call(ctx, admin, 'POST', '/privacy/incidents', incident());
    const id = created.body.id as string;
    const edited = await call(
      ctx,
      admin,
      'PUT',
      `/privacy/incidents/${id}`,
      incident({ anpdNotifiedOn: '2026-12-24', anpdProtocol: 'ANPD-2026-123' }),
      { 'if-match': '"1"' },
    );
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(2);
    expect(edited.body.anpdProtocol).toBe('ANPD-2026-123');

    const stale = await call(ctx, admin, 'PUT', `/privacy/incidents/${id}`, incident({ risk: 'low' }), {
      'if-match': '"1"',
    });
    expect(stale.status).toBe(412);
    expect((await call(ctx, admin, 'PUT', `/privacy/incidents/${id}`, incident())).status).toBe(428);
    expect((await call(ctx, admin, 'GET', `/privacy/incidents/${id}`)).body.risk).toBe('high');

    const events = await call(ctx, admin, 'GET', `/privacy/incidents/${id}/events`);
    expect(events.body.items.map((e: { kind: string }) => e.kind)).toEqual(['changed', 'created']);
    expect(events.body.items[0].changes).toEqual([
      { field: 'anpdNotifiedOn', old: null, new: '2026-12-24' },
      { field: 'anpdProtocol', old: '', new: 'ANPD-2026-123' },
    ]);
    expect(events.body.items[0].actor.name).toBe('Ana Admin');
  });

  it('has no DELETE route and the database refuses to delete incidents or rewrite their history', async () => {
    const created = await call(ctx, admin, 'POST', '/privacy/incidents', incident());
    const id = created.body.id as string;
    expect((await call(ctx, admin, 'DELETE', `/privacy/incidents/${id}`)).status).toBe(404);
    await expect(ctx.db.query('DELETE FROM incidents WHERE id = $1', [id])).rejects.toThrow(
      /permission denied|kept in the register/,
    );
    await expect(ctx.db.query('UPDATE incident_events SET kind = $1', ['changed'])).rejects.toThrow(
      /permission denied|append-only/,
    );
    const owner = new pg.Client({ connectionString: ctx.ownerUrl });
    await owner.connect();
    try {
      await expect(owner.query('DELETE FROM incidents')).rejects.toThrow(/kept in the register/);
      await expect(owner.query('TRUNCATE incidents CASCADE')).rejects.toThrow(/kept in the register/);
      await expect(owner.query('DELETE FROM incident_events')).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
    expect((await call(ctx, admin, 'GET', `/privacy/incidents/${id}`)).status).toBe(200);
  });
});

describe('paging the register', () => {
  it('walks every page with the cursor and refuses a forged one with 422', async () => {
    for (let i = 0; i < 3; i++)
      await call(ctx, admin, 'POST', '/privacy/incidents', incident({ title: `Página ${i}` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
        await call(ctx, admin, 'GET', `/privacy/incidents?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const all = await ctx.db.query('SELECT count(*)::int AS n FROM incidents WHERE created_by = $1', [
      admin.id,
    ]);
    expect(new Set(seen).size).toBe(all.rows[0].n);
    const forged = Buffer.from(
      JSON.stringify(['2026-13-45|x', '00000000-0000-4000-8000-000000000000']),
    ).toString('base64url');
    expect((await call(ctx, admin, 'GET', `/privacy/incidents?cursor=${forged}`)).status).toBe(422);
    expect((await call(ctx, admin, 'GET', `/privacy/access-log?cursor=${forged}`)).status).toBe(422);
  });
});
