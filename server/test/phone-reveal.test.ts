import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
import { exportAs } from './export-fixtures.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, personBody } from './opportunity-fixtures.ts';

// Visualizar telefones (issue 5 §3): phones are masked in every read; the reveal answers the full numbers
// and records who looked and when.

let ctx: TestContext;
let admin: TestUser;
let broker: TestUser;
let otherBroker: TestUser;
let attendant: TestUser;

const LANDLINE = '(11) 3456-7890';
let seq = 0;

/** A person with a mobile and a landline of its own (unique per test). */
async function newPerson(user = broker) {
  seq++;
  const subscriber = `9${String(7000_0000 + seq * 7919).slice(0, 8)}`;
  const mobile = `(21) ${subscriber.slice(0, 5)}-${subscriber.slice(5)}`;
  const res = await call(
    ctx,
    user,
    'POST',
    '/people',
    personBody({
      ownerId: user.id,
      phones: [
        { number: mobile, type: 'whatsapp', primary: true },
        { number: `(21) 3${String(4000_000 + seq * 31).slice(0, 7)}`, type: 'landline' },
      ],
    }),
  );
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return { id: res.body.id as string, body: res.body, mobile };
}

const e164 = (national: string) => `+55${national.replace(/\D/g, '')}`;

beforeAll(async () => {
  ctx = await createTestContext();
  const { workspaceId } = await createWorkspace(ctx.db);
  admin = await createUser(ctx, workspaceId, 'admin', { name: 'Admin' });
  broker = await createUser(ctx, workspaceId, 'broker', { name: 'Carla Corretora' });
  otherBroker = await createUser(ctx, workspaceId, 'broker', { name: 'Outro Corretor' });
  attendant = await createUser(ctx, workspaceId, 'attendant', { name: 'Atendente' });
});
afterAll(() => ctx.close());

describe('masked phones', () => {
  it('masks the phones of the created person, of its read and of the list, keeping type and primary', async () => {
    const { id, body, mobile } = await newPerson();
    const digits = e164(mobile).slice(3);
    const expected = `(${digits.slice(0, 2)}) ${digits[2]}••••-••${digits.slice(-2)}`;
    expect(body.phones[0]).toEqual({ masked: expected, type: 'whatsapp', kind: 'mobile', primary: true });
    expect(body.phones[1]).toMatchObject({ type: 'landline', kind: 'landline', primary: false });
    expect(body.phones[1].masked).toMatch(/^\(21\) 3•••-••\d{2}$/);
    const read = await call(ctx, broker, 'GET', `/people/${id}`);
    expect(read.body.phones).toEqual(body.phones);
    expect(JSON.stringify(read.body)).not.toContain(digits.slice(3, 9));
    // Searching by the full number still finds the person; the row shows it masked.
    const found = await call(ctx, broker, 'GET', `/people?q=${encodeURIComponent(mobile)}`);
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
    expect(found.body.items[0].primaryPhone).toBe(expected);
  });

  it('masks the numbers in the history of a phone edit', async () => {
    const { id, body } = await newPerson();
    await call(ctx, broker, 'POST', `/people/${id}/phones/reveal`);
    const edited = await call(
      ctx,
      broker,
      'PATCH',
      `/people/${id}`,
      { phones: [{ number: LANDLINE.replace('3456', '3999'), type: 'landline' }] },
      { 'if-match': `"${body.version}"` },
    );
    expect(edited.status).toBe(200);
    const timeline = await call(ctx, broker, 'GET', `/people/${id}/timeline?filter=changes`);
    const change = timeline.body.items.find((e: { kind: string }) => e.kind === 'field_changed');
    const phones = change.data.changes.find((c: { field: string }) => c.field === 'phones');
    expect(phones.new).toEqual([expect.objectContaining({ number: '(11) 3•••-••90' })]);
    expect(JSON.stringify(timeline.body)).not.toContain('39997890');
  });
});

describe('revealing phones', () => {
  it('answers the full numbers and records who revealed them on the timeline', async () => {
    const { id, mobile } = await newPerson();
    const res = await call(ctx, broker, 'POST', `/people/${id}/phones/reveal`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.phones[0]).toEqual({ number: e164(mobile), type: 'whatsapp', primary: true });
    expect(res.body.phones).toHaveLength(2);
    const timeline = await call(ctx, broker, 'GET', `/people/${id}/timeline`);
    const event = timeline.body.items[0];
    expect(event).toMatchObject({
      kind: 'phones_revealed',
      actor: { id: broker.id, name: 'Carla Corretora' },
    });
    expect(Date.parse(event.occurredAt)).toBe(Date.parse(res.body.revealedAt));
    // The event itself keeps no number.
    expect(JSON.stringify(event)).not.toContain(e164(mobile).slice(3));
    // Every reveal is recorded, also by others who may see the person.
    await call(ctx, admin, 'POST', `/people/${id}/phones/reveal`);
    const again = await call(ctx, broker, 'GET', `/people/${id}/timeline`);
    expect(
      again.body.items
        .filter((e: { kind: string }) => e.kind === 'phones_revealed')
        .map((e: { actor: { id: string } }) => e.actor.id),
    ).toEqual([admin.id, broker.id]);
  });

  it('does not count a reveal as activity that keeps the person in the wallet', async () => {
    const { id } = await newPerson();
    await ctx.db.query("UPDATE people SET last_activity_at = now() - interval '20 days' WHERE id = $1", [id]);
    await call(ctx, broker, 'POST', `/people/${id}/phones/reveal`);
    const { rows } = await ctx.db.query(
      "SELECT last_activity_at < now() - interval '19 days' AS still_old FROM people WHERE id = $1",
      [id],
    );
    expect(rows[0].still_old).toBe(true);
  });

  it('answers 404 for a person the user may not see, and records nothing', async () => {
    const { id } = await newPerson();
    const res = await call(ctx, otherBroker, 'POST', `/people/${id}/phones/reveal`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const timeline = await call(ctx, broker, 'GET', `/people/${id}/timeline`);
    expect(timeline.body.items.map((e: { kind: string }) => e.kind)).not.toContain('phones_revealed');
  });

  it('answers 403 to a role without "Visualizar telefones", which also may not replace the phones', async () => {
    const { id: theirs } = await newPerson(attendant);
    const read = await call(ctx, admin, 'GET', '/workspace/action-matrix');
    const matrix = structuredClone(read.body.matrix);
    matrix.attendant.viewPhones = false;
    const saved = await call(
      ctx,
      admin,
      'PUT',
      '/workspace/action-matrix',
      { matrix },
      { 'if-match': read.headers.etag as string },
    );
    expect(saved.status).toBe(200);
    try {
      const refused = await call(ctx, attendant, 'POST', `/people/${theirs}/phones/reveal`);
      expect(refused.status).toBe(403);
      expect(refused.body.title).toBe('Você não tem permissão para esta ação');
      const status = await call(ctx, attendant, 'GET', `/people/${theirs}/status`);
      expect(status.body.allowedActions).not.toContain('viewPhones');
      const person = await call(ctx, attendant, 'GET', `/people/${theirs}`);
      const replace = await call(
        ctx,
        attendant,
        'PATCH',
        `/people/${theirs}`,
        { phones: [] },
        { 'if-match': person.headers.etag as string },
      );
      expect(replace.status).toBe(403);
      // Other fields stay editable, and the phones stay as they were.
      const rename = await call(
        ctx,
        attendant,
        'PATCH',
        `/people/${theirs}`,
        { name: 'Nome Novo Atendente' },
        { 'if-match': person.headers.etag as string },
      );
      expect(rename.status).toBe(200);
      expect(rename.body.phones).toEqual(person.body.phones);
      const timeline = await call(ctx, attendant, 'GET', `/people/${theirs}/timeline`);
      expect(timeline.body.items.map((e: { kind: string }) => e.kind)).not.toContain('phones_revealed');
    } finally {
      const current = await call(ctx, admin, 'GET', '/workspace/action-matrix');
      await call(
        ctx,
        admin,
        'PUT',
        '/workspace/action-matrix',
        { matrix: read.body.matrix },
        { 'if-match': current.headers.etag as string },
      );
    }
  });
});

describe('editing without touching the phones', () => {
  it('keeps the stored phones when an edit leaves them out, and refuses masked values as numbers', async () => {
    const { id, body } = await newPerson();
    const before = (await call(ctx, broker, 'POST', `/people/${id}/phones/reveal`)).body.phones;
    const edited = await call(
      ctx,
      broker,
      'PATCH',
      `/people/${id}`,
      { name: 'Cliente Renomeado' },
      { 'if-match': `"${body.version}"` },
    );
    expect(edited.status).toBe(200);
    expect(edited.body.name).toBe('Cliente Renomeado');
    // A client echoing the masked values back cannot overwrite the numbers with them.
    const echoed = await call(
      ctx,
      broker,
      'PATCH',
      `/people/${id}`,
      {
        phones: body.phones.map((p: { masked: string; type: string }) => ({
          number: p.masked,
          type: p.type,
        })),
      },
      { 'if-match': `"${edited.body.version}"` },
    );
    expect(echoed.status).toBe(422);
    expect(echoed.body.errors[0]).toMatchObject({ field: 'phones.0.number', message: 'Telefone inválido' });
    const after = (await call(ctx, broker, 'POST', `/people/${id}/phones/reveal`)).body.phones;
    expect(after).toEqual(before);
  });

  it('exports full numbers to roles that may see phones', async () => {
    const { mobile } = await newPerson();
    const res = await exportAs(ctx, admin, { list: 'people', filters: { q: mobile } });
    expect(res.status).toBe(200);
    expect(res.body).toContain(mobile);
  });

  it('keeps every chain intact', async () => {
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
  });
});
