import { generateCpf } from '@funil/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../src/db/seed/demo-data.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';

const random = createRandom(42);
let ctx: TestContext;
let broker: TestUser;
let otherBroker: TestUser;
let admin: TestUser;

function personBody(overrides: Record<string, unknown> = {}) {
  const cpf = generateCpf(random);
  const n = Math.floor(random() * 1e8)
    .toString()
    .padStart(8, '0');
  return {
    kind: 'individual',
    name: 'João da Conceição',
    document: `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`,
    phones: [{ number: `(11) 9${n.slice(0, 4)}-${n.slice(4)}`, type: 'whatsapp' }],
    emails: [{ address: `joao.${n}@exemplo.com.br`, type: 'personal' }],
    addresses: [{ cep: '01310-100', street: 'Av. Paulista', number: '1000', city: 'São Paulo', state: 'sp' }],
    ...overrides,
  };
}

beforeAll(async () => {
  ctx = await createTestContext();
  const { workspaceId } = await createWorkspace(ctx.db);
  broker = await createUser(ctx, workspaceId, 'broker');
  otherBroker = await createUser(ctx, workspaceId, 'broker');
  admin = await createUser(ctx, workspaceId, 'admin');
});
afterAll(() => ctx.close());

const post = (user: TestUser, payload: unknown, headers: Record<string, string> = {}) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    payload: payload as object,
    headers: { cookie: user.cookie, ...headers },
  });

describe('creating people', () => {
  it('stores normalized values and answers with the person and its version', async () => {
    const body = personBody();
    const res = await post(broker, body);
    expect(res.statusCode).toBe(201);
    const person = res.json();
    expect(person.document).toBe(body.document.replace(/\D/g, ''));
    // Phones are masked outside the recorded reveal, which answers them normalized to E.164.
    expect(person.phones[0].masked).toMatch(/^\(11\) 9••••-••\d{2}$/);
    expect(person.phones[0].primary).toBe(true);
    const revealed = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/people/${person.id}/phones/reveal`,
      headers: { cookie: broker.cookie },
    });
    expect(revealed.json().phones[0].number).toBe(`+55${body.phones[0]?.number.replace(/\D/g, '')}`);
    expect(person.addresses[0].cep).toBe('01310100');
    expect(person.addresses[0].state).toBe('SP');
    expect(person.ownerId).toBe(broker.id);
    expect(person.origin).toBe('manual');
    expect(person.createdBy.id).toBe(broker.id);
    expect(res.headers.etag).toBe('"1"');
    const read = await ctx.app.inject({
      url: `/api/v1/people/${person.id}`,
      headers: { cookie: broker.cookie },
    });
    expect(read.json()).toEqual(person);
  });

  it('refuses an invalid CPF, phone and e-mail with per-field pt-BR errors', async () => {
    const res = await post(broker, {
      ...personBody(),
      document: '123.456.789-00',
      phones: [{ number: '123' }],
      emails: [{ address: 'nope' }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    const fields = Object.fromEntries(
      problem.errors.map((e: { field: string; message: string }) => [e.field, e.message]),
    );
    expect(fields['phones.0.number']).toBe('Telefone inválido');
    expect(fields['emails.0.address']).toBe('E-mail inválido');
    expect(fields.document).toBe('CPF/CNPJ inválido');
  });

  it('refuses a CNPJ on an individual', async () => {
    const res = await post(broker, { ...personBody(), document: '11.222.333/0001-81' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'document', code: 'expected_cpf' });
  });

  it('answers 409 with the match when the CPF, phone or e-mail already belongs to someone', async () => {
    const firstBody = personBody();
    const first = (await post(broker, firstBody)).json();
    const dupe = await post(broker, personBody({ document: first.document }));
    expect(dupe.statusCode).toBe(409);
    expect(dupe.json().matches).toEqual([
      expect.objectContaining({ field: 'document', personId: first.id, visible: true, name: first.name }),
    ]);
    const byPhone = await post(
      broker,
      personBody({ phones: [{ number: `0${firstBody.phones[0]?.number.replace(/\D/g, '')}` }] }),
    );
    expect(byPhone.statusCode).toBe(409);
    expect(byPhone.json().matches[0].field).toBe('phone');
  });

  it('tells a broker who cannot see the match that it exists and who to ask, without its data', async () => {
    const theirs = (await post(otherBroker, personBody())).json();
    const res = await post(
      broker,
      personBody({ emails: [{ address: theirs.emails[0].address.toUpperCase() }] }),
    );
    expect(res.statusCode).toBe(409);
    const [match] = res.json().matches;
    expect(match).toMatchObject({ field: 'email', visible: false, personId: null, name: null });
    expect(match.ownerName).toBeTruthy();
  });

  it('replays the first response for a repeated Idempotency-Key', async () => {
    const body = personBody();
    const a = await post(broker, body, { 'idempotency-key': 'create-1' });
    const b = await post(broker, body, { 'idempotency-key': 'create-1' });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    expect(b.headers['idempotent-replayed']).toBe('true');
  });

  it('answers 409 while the first request under a key runs, and runs a retry of an abandoned one', async () => {
    const body = personBody();
    expect((await post(broker, body, { 'idempotency-key': 'running-1' })).statusCode).toBe(201);
    // As if that first request were still running: claimed a second ago, no response stored.
    await ctx.db.query(
      `UPDATE idempotency_keys SET status_code = NULL, response_body = NULL, created_at = now() - interval '1 second'
       WHERE user_id = $1 AND key = 'running-1'`,
      [broker.id],
    );
    const waiting = await post(broker, body, { 'idempotency-key': 'running-1' });
    expect(waiting.statusCode).toBe(409);
    expect(waiting.json().code).toBe('idempotency-in-progress');
    // Claimed ten minutes ago and never answered (the process or the database died): the retry runs, once.
    await ctx.db.query(
      `INSERT INTO idempotency_keys (workspace_id, user_id, key, request_hash, created_at)
       SELECT workspace_id, id, 'abandoned-1', 'a request that never answered', now() - interval '10 minutes'
       FROM users WHERE id = $1`,
      [broker.id],
    );
    const other = personBody();
    const retry = await post(broker, other, { 'idempotency-key': 'abandoned-1' });
    expect(retry.statusCode).toBe(201);
    const again = await post(broker, other, { 'idempotency-key': 'abandoned-1' });
    expect(again.json().id).toBe(retry.json().id);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('answers 400 to malformed JSON and 413 to a body over the limit', async () => {
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { cookie: broker.cookie, 'content-type': 'application/json' },
      payload: '{"kind": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('malformed-json');
    const huge = await post(broker, { ...personBody(), name: 'x'.repeat(2_000_000) });
    expect(huge.statusCode).toBe(413);
  });

  it('refuses a broker putting a person in another wallet', async () => {
    const res = await post(broker, personBody({ ownerId: otherBroker.id }));
    expect(res.statusCode).toBe(403);
  });
});

describe('editing people', () => {
  it('records the old and new value of every edited field and bumps the version', async () => {
    const created = (await post(broker, personBody())).json();
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${created.id}`,
      headers: { cookie: broker.cookie, 'if-match': '"1"' },
      payload: { name: 'João Conceição Filho', stage: 'client', tags: ['vip'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().version).toBe(2);
    const timeline = (
      await ctx.app.inject({
        url: `/api/v1/people/${created.id}/timeline?filter=changes`,
        headers: { cookie: broker.cookie },
      })
    ).json();
    expect(timeline.items).toHaveLength(1);
    expect(timeline.items[0].data.changes).toEqual([
      { field: 'name', old: 'João da Conceição', new: 'João Conceição Filho' },
      { field: 'stage', old: 'lead', new: 'client' },
      { field: 'tags', old: [], new: ['vip'] },
    ]);
  });

  it('refuses a stale edit with 412 and changes nothing; a missing version gets 428', async () => {
    const created = (await post(broker, personBody())).json();
    const edit = (version: string | undefined, name: string) =>
      ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/people/${created.id}`,
        headers: { cookie: broker.cookie, ...(version ? { 'if-match': version } : {}) },
        payload: { name },
      });
    expect((await edit('"1"', 'Primeira Edição')).statusCode).toBe(200);
    const stale = await edit('"1"', 'Edição Atrasada');
    expect(stale.statusCode).toBe(412);
    expect((await edit(undefined, 'Sem Versão')).statusCode).toBe(428);
    const now = (
      await ctx.app.inject({ url: `/api/v1/people/${created.id}`, headers: { cookie: broker.cookie } })
    ).json();
    expect(now.name).toBe('Primeira Edição');
    expect(now.version).toBe(2);
  });

  it('lets only one of two concurrent edits of the same version win', async () => {
    const created = (await post(broker, personBody())).json();
    const results = await Promise.all(
      ['Versão A', 'Versão B'].map((name) =>
        ctx.app.inject({
          method: 'PATCH',
          url: `/api/v1/people/${created.id}`,
          headers: { cookie: broker.cookie, 'if-match': '"1"' },
          payload: { name },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
  });

  it('writes owner_changed when an admin moves the wallet', async () => {
    const created = (await post(broker, personBody())).json();
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${created.id}`,
      headers: { cookie: admin.cookie, 'if-match': '"1"' },
      payload: { ownerId: otherBroker.id },
    });
    expect(res.statusCode).toBe(200);
    const events = (
      await ctx.app.inject({
        url: `/api/v1/people/${created.id}/timeline`,
        headers: { cookie: admin.cookie },
      })
    ).json().items;
    expect(events[0]).toMatchObject({ kind: 'owner_changed', data: { to: { id: otherBroker.id } } });
    expect(
      (await ctx.app.inject({ url: `/api/v1/people/${created.id}`, headers: { cookie: broker.cookie } }))
        .statusCode,
    ).toBe(404);
  });
});

describe('notes', () => {
  it('adds immutable notes that show newest first', async () => {
    const created = (await post(broker, personBody())).json();
    for (const body of ['Primeira ligação', 'Pediu retorno sexta']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/people/${created.id}/notes`,
        headers: { cookie: broker.cookie },
        payload: { body },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ kind: 'note', actor: { id: broker.id }, data: { body } });
    }
    const notes = (
      await ctx.app.inject({
        url: `/api/v1/people/${created.id}/timeline?filter=notes`,
        headers: { cookie: broker.cookie },
      })
    ).json().items;
    expect(notes.map((n: { data: { body: string } }) => n.data.body)).toEqual([
      'Pediu retorno sexta',
      'Primeira ligação',
    ]);
    expect(notes[0].actor.id).toBe(broker.id);
    const empty = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/people/${created.id}/notes`,
      headers: { cookie: broker.cookie },
      payload: { body: '   ' },
    });
    expect(empty.statusCode).toBe(422);
  });
});

describe('search and list', () => {
  it('finds by accent-insensitive partial name, masked CPF, phone in any format and e-mail', async () => {
    const body = personBody({ name: 'Antônia Gonçalves Araújo' });
    const created = (await post(broker, body)).json();
    const search = async (q: string) =>
      (
        await ctx.app.inject({
          url: `/api/v1/people?q=${encodeURIComponent(q)}`,
          headers: { cookie: broker.cookie },
        })
      ).json();
    const e164 = `+55${body.phones[0]?.number.replace(/\D/g, '')}`;
    const digits = e164.slice(3);
    for (const q of [
      'antonia goncal',
      'ARAUJO',
      'gonçalves',
      body.document,
      created.document,
      `(${digits.slice(0, 2)}) ${digits.slice(2, 7)}-${digits.slice(7)}`,
      e164,
      created.emails[0].address.toUpperCase(),
    ]) {
      const page = await search(q);
      expect(
        page.items.map((p: { id: string }) => p.id),
        q,
      ).toContain(created.id);
      expect(page.total).toBeGreaterThanOrEqual(1);
    }
    expect((await search('zzzz inexistente')).total).toBe(0);
  });

  it('paginates with a cursor, without repeats, and reports the total', async () => {
    const { workspaceId } = await createWorkspace(ctx.db, 'Paginação');
    const solo = await createUser(ctx, workspaceId, 'broker');
    for (let i = 0; i < 7; i++)
      await post(solo, personBody({ name: `Pessoa ${String.fromCharCode(65 + i)}` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/people?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await ctx.app.inject({ url, headers: { cookie: solo.cookie } });
      const page: { total: number; items: { name: string }[]; nextCursor: string | null } = res.json();
      expect(page.total).toBe(7);
      seen.push(...page.items.map((p) => p.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((l) => `Pessoa ${l}`));
  });

  it('answers 422 to a forged cursor and 404 to a malformed id', async () => {
    expect(
      (await ctx.app.inject({ url: '/api/v1/people?cursor=abc', headers: { cookie: broker.cookie } }))
        .statusCode,
    ).toBe(422);
    expect(
      (await ctx.app.inject({ url: '/api/v1/people/not-a-uuid', headers: { cookie: broker.cookie } }))
        .statusCode,
    ).toBe(404);
  });
});

describe('kind and document stay consistent', () => {
  it('refuses switching an individual with a CPF to company without a CNPJ, and impossible dates', async () => {
    const created = (await post(broker, personBody())).json();
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${created.id}`,
      headers: { cookie: broker.cookie, 'if-match': '"1"' },
      payload: { kind: 'company' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'document', code: 'expected_cnpj' });
    const badDate = await post(broker, personBody({ birthDate: '2023-02-31' }));
    expect(badDate.statusCode).toBe(422);
    expect(badDate.json().errors[0]).toMatchObject({ field: 'birthDate', code: 'invalid_date' });
  });

  it('keeps where an integration lead came from, with its payload as received', async () => {
    const payload = { form: 'Landing Vila Nova', utm_source: 'google', extra: { score: 7 } };
    const res = await post(broker, personBody({ integration: { name: 'RD Station', payload } }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      origin: 'integration',
      originIntegration: 'RD Station',
      originPayload: payload,
    });
  });
});
