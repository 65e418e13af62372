import { PassThrough } from 'node:stream';
import { formatCpf, generateCpf, saoPauloToday } from '@funil/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../src/db/seed/demo-data.ts';
import { createTestContext, createUser, createWorkspace, type TestContext } from './helpers.ts';
import { call, newOpportunity, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

let ctx: TestContext;
let w: World;
let logs = '';
const random = createRandom(909);

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    logs += chunk.toString();
  });
  ctx = await createTestContext({ logStream: stream });
  w = await opportunityWorld(ctx);
});
afterAll(() => ctx.close());

type Scope = 'erp:receivables' | 'erp:credit-limits' | 'erp:sales-orders';
const ALL_SCOPES: Scope[] = ['erp:receivables', 'erp:credit-limits', 'erp:sales-orders'];

/** An ERP integration (every token belongs to one) and its first token. */
async function createToken(body: { scopes?: Scope[]; allowedCidrs?: string[]; name?: string } = {}) {
  const res = await call(ctx, w.admin, 'POST', '/integrations', {
    name: body.name ?? 'ERP Protheus',
    kind: 'erp',
    scopes: body.scopes ?? ALL_SCOPES,
    ...(body.allowedCidrs ? { allowedCidrs: body.allowedCidrs } : {}),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const integration = res.body.integration as {
    id: string;
    tokens: { id: string; prefix: string; status: string }[];
  };
  return {
    integrationId: integration.id,
    token: integration.tokens[0] as TokenView,
    secret: res.body.secret as string,
  };
}
type TokenView = { id: string; prefix: string; status: string };

/** The tokens of an integration as the admin sees them. */
async function tokensOf(integrationId: string) {
  const res = await call(ctx, w.admin, 'GET', `/integrations/${integrationId}`);
  expect(res.status).toBe(200);
  return res.body.tokens as Record<string, unknown>[];
}

const revoke = (t: { integrationId: string; token: { id: string } }) =>
  call(ctx, w.admin, 'POST', `/integrations/${t.integrationId}/tokens/${t.token.id}/revoke`);

/** Calls the API as a machine client with `token` (no cookie). */
async function erp(
  method: 'GET' | 'PUT' | 'POST',
  url: string,
  token: string,
  payload?: unknown,
  opts: { remoteAddress?: string; headers?: Record<string, string> } = {},
) {
  const res = await ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${token}`, ...opts.headers },
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers };
}

async function newPerson(document?: string) {
  const res = await call(ctx, w.brokerA1, 'POST', '/people', personBody(document ? { document } : {}));
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const count = async (sql: string, values: unknown[]) => Number((await ctx.db.query(sql, values)).rows[0].n);

/** The São Paulo day `days` away from today. */
function dayFromToday(days: number): string {
  const [y, m, d] = saoPauloToday().split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const title = (externalId: string, over: Record<string, unknown> = {}) => ({
  externalId,
  number: `NF-${externalId}`,
  dueOn: dayFromToday(10),
  amountCents: 10_000,
  status: 'open',
  ...over,
});

async function erpEvents(personId: string) {
  const res = await call(ctx, w.admin, 'GET', `/people/${personId}/timeline`);
  expect(res.status).toBe(200);
  return (res.body.items as { kind: string; data: Record<string, unknown>; actor: unknown }[]).filter(
    (e) => e.kind === 'erp_synced',
  );
}

describe('API tokens (admin)', () => {
  it('creates a token showing the secret once, lists it by prefix and revokes it', async () => {
    const created = await createToken({ name: 'ERP lista', allowedCidrs: ['10.1.2.3/8', '2001:db8::/32'] });
    expect(created.secret).toMatch(/^fnl_[0-9a-f]{12}_[\w-]{43}$/);
    expect(created.secret.startsWith(created.token.prefix)).toBe(true);
    expect(created.token.status).toBe('active');

    const list = await call(ctx, w.admin, 'GET', '/integrations');
    expect(list.status).toBe(200);
    const listed = (await tokensOf(created.integrationId)).find((t) => t.id === created.token.id);
    expect(listed).toMatchObject({
      name: 'ERP lista',
      prefix: created.token.prefix,
      scopes: ALL_SCOPES,
      // A host inside a block is kept as the block.
      allowedCidrs: ['10.0.0.0/8', '2001:db8::/32'],
      lastUsedAt: null,
      revokedAt: null,
      createdBy: { id: w.admin.id, name: 'Admin' },
    });
    expect(JSON.stringify(list.body)).not.toContain(created.secret);
    // Only the hash is stored.
    const stored = await ctx.db.query('SELECT token_hash FROM api_tokens WHERE id = $1', [created.token.id]);
    expect(stored.rows[0].token_hash.toString('hex')).toHaveLength(64);
    expect(JSON.stringify(stored.rows)).not.toContain(created.secret.slice(17));

    const revoked = await revoke(created);
    expect(revoked.status).toBe(200);
    const after = revoked.body.tokens.find((t: { id: string }) => t.id === created.token.id);
    expect(after.status).toBe('revoked');
    expect(after.revokedAt).not.toBeNull();
  });

  it('is for admins only, and validates with per-field errors', async () => {
    expect((await call(ctx, w.manager, 'GET', '/integrations')).status).toBe(403);
    expect(
      (
        await call(ctx, w.brokerA1, 'POST', '/integrations', {
          name: 'x',
          kind: 'erp',
          scopes: ['erp:receivables'],
        })
      ).status,
    ).toBe(403);
    const bad = await call(ctx, w.admin, 'POST', '/integrations', {
      name: '',
      kind: 'erp',
      scopes: ['erp:everything'],
      allowedCidrs: ['10.0.0.0/33', 'abc'],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.title).toBe('Dados inválidos');
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'scopes.0', 'allowedCidrs.0', 'allowedCidrs.1']));
    const other = await createWorkspace(ctx.db, 'Outra');
    const otherAdmin = await createUser(ctx, other.workspaceId, 'admin');
    const mine = await createToken();
    expect(
      (
        await call(
          ctx,
          otherAdmin,
          'POST',
          `/integrations/${mine.integrationId}/tokens/${mine.token.id}/revoke`,
        )
      ).status,
    ).toBe(404);
    expect((await call(ctx, otherAdmin, 'GET', '/integrations')).body.items).toEqual([]);
  });
});

describe('token authentication', () => {
  it('answers 401 for a missing, unknown, revoked or expired token', async () => {
    const personId = await newPerson();
    const body = { items: [] };
    const noAuth = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/people/${personId}/receivables`,
      payload: body,
    });
    expect(noAuth.statusCode).toBe(401);
    expect((await erp('PUT', `/people/${personId}/receivables`, 'fnl_000000000000_x', body)).status).toBe(
      401,
    );
    const real = await createToken();
    const forged = `${real.secret.slice(0, -4)}AAAA`;
    expect((await erp('PUT', `/people/${personId}/receivables`, forged, body)).status).toBe(401);
    expect((await erp('PUT', `/people/${personId}/receivables`, real.secret, body)).status).toBe(200);

    await revoke(real);
    const revoked = await erp('PUT', `/people/${personId}/receivables`, real.secret, body);
    expect(revoked.status).toBe(401);
    expect(revoked.headers['content-type']).toContain('application/problem+json');

    const expiring = await createToken();
    expect((await erp('PUT', `/people/${personId}/receivables`, expiring.secret, body)).status).toBe(200);
    await ctx.db.query("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", [
      expiring.token.id,
    ]);
    expect((await erp('PUT', `/people/${personId}/receivables`, expiring.secret, body)).status).toBe(401);
    const listed = (await tokensOf(expiring.integrationId)).find((t) => t.id === expiring.token.id);
    if (!listed) throw new Error('token not listed');
    expect(listed.status).toBe('expired');
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('answers 403 for a scope the token lacks, for routes of users, and to users on token routes', async () => {
    const personId = await newPerson();
    const receivablesOnly = await createToken({ scopes: ['erp:receivables'] });
    const put = (url: string) => erp('PUT', url, receivablesOnly.secret, { items: [] });
    expect((await put(`/people/${personId}/receivables`)).status).toBe(200);
    expect((await put(`/people/${personId}/credit-limits`)).status).toBe(403);
    expect((await erp('POST', '/sales-orders', receivablesOnly.secret, { orders: [] })).status).toBe(403);
    // A token is not a user: no session route answers it.
    for (const url of [
      '/people',
      `/people/${personId}`,
      `/people/${personId}/summary`,
      '/integrations',
      '/auth/me',
    ]) {
      expect((await erp('GET', url, receivablesOnly.secret)).status, url).toBe(403);
    }
    // The ERP data is fed by the integration only: even an admin's session is refused.
    const asAdmin = await call(ctx, w.admin, 'PUT', `/people/${personId}/receivables`, { items: [] });
    expect(asAdmin.status).toBe(403);
    expect(asAdmin.body.title).toBe('Você não tem permissão para esta ação');
  });

  it('refuses addresses outside the allowed blocks (socket address, not X-Forwarded-For)', async () => {
    const personId = await newPerson();
    const token = await createToken({ allowedCidrs: ['10.0.0.0/8'] });
    const url = `/people/${personId}/receivables`;
    expect(
      (await erp('PUT', url, token.secret, { items: [] }, { remoteAddress: '10.20.30.40' })).status,
    ).toBe(200);
    expect(
      (await erp('PUT', url, token.secret, { items: [] }, { remoteAddress: '192.168.0.9' })).status,
    ).toBe(403);
    const spoofed = await erp(
      'PUT',
      url,
      token.secret,
      { items: [] },
      { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '10.1.1.1' } },
    );
    expect(spoofed.status).toBe(403);
  });

  it('believes X-Forwarded-For only from the proxies FUNIL_TRUST_PROXY names', async () => {
    const proxied = await createTestContext({ env: { FUNIL_TRUST_PROXY: '127.0.0.1' } });
    try {
      const { workspaceId } = await createWorkspace(proxied.db);
      const admin = await createUser(proxied, workspaceId, 'admin');
      const person = await call(proxied, admin, 'POST', '/people', personBody({ ownerId: admin.id }));
      const created = await call(proxied, admin, 'POST', '/integrations', {
        name: 'ERP atrás do proxy',
        kind: 'erp',
        scopes: ['erp:receivables'],
        allowedCidrs: ['10.0.0.0/8'],
      });
      const put = (remoteAddress: string) =>
        proxied.app.inject({
          method: 'PUT',
          url: `/api/v1/people/${person.body.id}/receivables`,
          headers: { authorization: `Bearer ${created.body.secret}`, 'x-forwarded-for': '10.1.1.1' },
          remoteAddress,
          payload: { items: [] },
        });
      // Through the trusted proxy the client is 10.1.1.1 (allowed); from anywhere else the header is ignored.
      expect((await put('127.0.0.1')).statusCode).toBe(200);
      expect((await put('192.168.0.9')).statusCode).toBe(403);
    } finally {
      await proxied.close();
    }
  });

  it('never writes a token to the logs', async () => {
    const personId = await newPerson();
    const token = await createToken();
    await erp('PUT', `/people/${personId}/receivables`, token.secret, { items: [title('LOG-1')] });
    await erp('GET', '/people', token.secret);
    await call(ctx, w.admin, 'GET', '/integrations');
    expect(logs).toContain(`/api/v1/people/${personId}/receivables`);
    expect(logs).not.toContain(token.secret);
    expect(logs).not.toContain(token.secret.slice(17));
  });
});

describe('PUT receivables and credit limits', () => {
  it('replaces the set by external id, idempotently, with one compact timeline event per change', async () => {
    const personId = await newPerson();
    const token = await createToken();
    const url = `/people/${personId}/receivables`;
    const first = await erp('PUT', url, token.secret, { items: [title('A'), title('B'), title('C')] });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ personId, received: 3, created: 3, updated: 0, unchanged: 0, removed: 0 });

    const again = await erp('PUT', url, token.secret, { items: [title('A'), title('B'), title('C')] });
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, removed: 0 });
    expect(await erpEvents(personId)).toHaveLength(1);

    const changed = await erp('PUT', url, token.secret, {
      items: [
        title('A', { status: 'paid', paidCents: 10_000, paidOn: dayFromToday(0) }),
        title('C'),
        title('D'),
      ],
    });
    expect(changed.body).toMatchObject({ received: 3, created: 1, updated: 1, unchanged: 1, removed: 1 });
    const rows = await ctx.db.query(
      'SELECT external_id, status FROM receivables WHERE person_id = $1 ORDER BY external_id',
      [personId],
    );
    expect(rows.rows).toEqual([
      { external_id: 'A', status: 'paid' },
      { external_id: 'C', status: 'open' },
      { external_id: 'D', status: 'open' },
    ]);
    const events = await erpEvents(personId);
    expect(events).toHaveLength(2);
    expect(events[0]?.data).toMatchObject({ entity: 'receivables', created: 1, updated: 1, removed: 1 });
    expect(events[0]?.actor).toBeNull();

    const empty = await erp('PUT', url, token.secret, { items: [] });
    expect(empty.body).toMatchObject({ removed: 3 });
    expect(await count('SELECT count(*) AS n FROM receivables WHERE person_id = $1', [personId])).toBe(0);
  });

  it('rejects bad items with per-item errors and writes nothing', async () => {
    const personId = await newPerson();
    const token = await createToken();
    const url = `/people/${personId}/receivables`;
    await erp('PUT', url, token.secret, { items: [title('KEEP')] });
    const bad = await erp('PUT', url, token.secret, {
      items: [
        title('N1'),
        title('N2', { dueOn: '2026-13-01' }),
        title('N1'),
        title('N3', { amountCents: -5 }),
        title('N4', { status: 'overdue' }),
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.type).toBe('https://funil.dev/problems/validation');
    const byField = Object.fromEntries(
      bad.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    );
    expect(byField).toMatchObject({
      'items.1.dueOn': 'invalid_date',
      'items.2.externalId': 'duplicate',
      'items.3.amountCents': 'invalid_value',
    });
    expect(byField['items.4.status']).toBeDefined();
    const kept = await ctx.db.query('SELECT external_id FROM receivables WHERE person_id = $1', [personId]);
    expect(kept.rows).toEqual([{ external_id: 'KEEP' }]);
  });

  it('answers 404 for an unknown person or one of another workspace', async () => {
    const token = await createToken();
    const other = await createWorkspace(ctx.db, 'Outra imobiliária');
    const otherBroker = await createUser(ctx, other.workspaceId, 'broker');
    const foreign = await call(ctx, otherBroker, 'POST', '/people', personBody());
    const items = { items: [title('X')] };
    expect((await erp('PUT', `/people/${foreign.body.id}/receivables`, token.secret, items)).status).toBe(
      404,
    );
    expect(
      (
        await erp('PUT', '/people/00000000-0000-4000-8000-000000000000/credit-limits', token.secret, {
          items: [],
        })
      ).status,
    ).toBe(404);
    expect(await count('SELECT count(*) AS n FROM receivables WHERE person_id = $1', [foreign.body.id])).toBe(
      0,
    );
  });

  it('replaces credit limits the same way', async () => {
    const personId = await newPerson();
    const token = await createToken({ scopes: ['erp:credit-limits'] });
    const url = `/people/${personId}/credit-limits`;
    const limit = {
      externalId: 'L1',
      description: 'Limite rotativo',
      grantedCents: 500_000,
      usedCents: 120_000,
    };
    const first = await erp('PUT', url, token.secret, { items: [limit] });
    expect(first.body).toMatchObject({ created: 1, updated: 0 });
    const second = await erp('PUT', url, token.secret, { items: [{ ...limit, usedCents: 200_000 }] });
    expect(second.body).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const bad = await erp('PUT', url, token.secret, { items: [{ ...limit, grantedCents: 1.5 }] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('items.0.grantedCents');
  });
});

describe('POST sales-orders', () => {
  const order = (
    externalId: string,
    person: { personId?: string; document?: string },
    totalCents = 99_000,
  ) => ({
    externalId,
    ...person,
    number: `PV-${externalId}`,
    status: 'open',
    issuedOn: dayFromToday(-3),
    totalCents,
    items: [{ sku: 'AP-01', description: 'Apartamento', quantity: 1, unitCents: totalCents, totalCents }],
  });

  it('upserts by external id, by person id or CPF, and is idempotent', async () => {
    const cpf = generateCpf(random);
    const a = await newPerson(cpf);
    const b = await newPerson();
    const token = await createToken({ scopes: ['erp:sales-orders'] });
    const prefix = `SO-${Date.now()}`;
    const batch = {
      orders: [
        order(`${prefix}-1`, { personId: a }),
        order(`${prefix}-2`, { document: formatCpf(cpf) }),
        order(`${prefix}-3`, { personId: b }),
      ],
    };
    const first = await erp('POST', '/sales-orders', token.secret, batch);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ received: 3, created: 3, updated: 0, unchanged: 0 });
    expect(first.body.orders.map((o: { personId: string }) => o.personId)).toEqual([a, a, b]);

    const second = await erp('POST', '/sales-orders', token.secret, batch);
    expect(second.body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(second.body.orders.map((o: { id: string }) => o.id)).toEqual(
      first.body.orders.map((o: { id: string }) => o.id),
    );
    expect(
      await count('SELECT count(*) AS n FROM sales_orders WHERE external_id LIKE $1', [`${prefix}-%`]),
    ).toBe(3);
    // One event per person per call, and none for a call that changed nothing.
    const eventsA = await erpEvents(a);
    expect(eventsA).toHaveLength(1);
    expect(eventsA[0]?.data).toMatchObject({ entity: 'salesOrders', created: 2 });

    const changed = await erp('POST', '/sales-orders', token.secret, {
      orders: [{ ...order(`${prefix}-3`, { personId: a }), status: 'invoiced' }],
    });
    expect(changed.body).toMatchObject({ updated: 1 });
    // The order moved from b to a: both timelines say so.
    expect((await erpEvents(b)).map((e) => e.data)).toEqual([
      expect.objectContaining({ removed: 1 }),
      expect.objectContaining({ created: 1 }),
    ]);
  });

  it('takes two concurrent identical batches without duplicating anything', async () => {
    const people = [await newPerson(), await newPerson()];
    const token = await createToken({ scopes: ['erp:sales-orders'] });
    const prefix = `CC-${Date.now()}`;
    const batch = {
      orders: Array.from({ length: 40 }, (_, i) =>
        order(`${prefix}-${i}`, { personId: people[i % 2] as string }),
      ),
    };
    const [r1, r2] = await Promise.all([
      erp('POST', '/sales-orders', token.secret, batch),
      erp('POST', '/sales-orders', token.secret, batch),
    ]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r1.body.created + r2.body.created).toBe(40);
    expect(r1.body.updated + r2.body.updated).toBe(0);
    expect(
      await count('SELECT count(*) AS n FROM sales_orders WHERE external_id LIKE $1', [`${prefix}-%`]),
    ).toBe(40);
    expect(r1.body.orders.map((o: { id: string }) => o.id)).toEqual(
      r2.body.orders.map((o: { id: string }) => o.id),
    );
    for (const p of people) expect(await erpEvents(p)).toHaveLength(1);
  });

  it('fails the whole batch with per-order errors for unknown or foreign people', async () => {
    const mine = await newPerson();
    const other = await createWorkspace(ctx.db, 'Terceira');
    const otherBroker = await createUser(ctx, other.workspaceId, 'broker');
    const foreignCpf = generateCpf(random);
    const foreign = await call(ctx, otherBroker, 'POST', '/people', personBody({ document: foreignCpf }));
    expect(foreign.status).toBe(201);
    const token = await createToken({ scopes: ['erp:sales-orders'] });
    const prefix = `BAD-${Date.now()}`;
    const res = await erp('POST', '/sales-orders', token.secret, {
      orders: [
        order(`${prefix}-ok`, { personId: mine }),
        order(`${prefix}-foreign-id`, { personId: foreign.body.id }),
        order(`${prefix}-foreign-cpf`, { document: foreignCpf }),
        order(`${prefix}-unknown`, { document: generateCpf(random) }),
        order(`${prefix}-bad-cpf`, { document: '111.111.111-11' }),
        { ...order(`${prefix}-nobody`, {}) },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.title).toBe('Dados inválidos');
    const byField = Object.fromEntries(
      res.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    );
    expect(byField).toMatchObject({
      'orders.4.document': 'invalid_document',
      'orders.5.personId': 'required',
    });

    const valid = await erp('POST', '/sales-orders', token.secret, {
      orders: [
        order(`${prefix}-ok`, { personId: mine }),
        order(`${prefix}-foreign-id`, { personId: foreign.body.id }),
        order(`${prefix}-foreign-cpf`, { document: foreignCpf }),
        order(`${prefix}-unknown`, { document: generateCpf(random) }),
      ],
    });
    expect(valid.status).toBe(422);
    expect(valid.body.errors).toEqual([
      expect.objectContaining({
        field: 'orders.1.personId',
        code: 'unknown_person',
        message: 'Pessoa não encontrada',
      }),
      expect.objectContaining({ field: 'orders.2.document', code: 'unknown_person' }),
      expect.objectContaining({ field: 'orders.3.document', code: 'unknown_person' }),
    ]);
    expect(
      await count('SELECT count(*) AS n FROM sales_orders WHERE external_id LIKE $1', [`${prefix}-%`]),
    ).toBe(0);
    expect(await erpEvents(mine)).toHaveLength(0);
  });

  it('takes at most 500 orders a call', async () => {
    const token = await createToken({ scopes: ['erp:sales-orders'] });
    const p = await newPerson();
    const res = await erp('POST', '/sales-orders', token.secret, {
      orders: Array.from({ length: 501 }, (_, i) => order(`MAX-${i}`, { personId: p })),
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'orders', code: 'too_long' });
  });
});

describe('GET people/:id/summary', () => {
  it('sums titles (overdue by the São Paulo day), limits, orders and visible opportunities', async () => {
    const { holderId: personId, opportunity } = await newOpportunity(ctx, w, w.brokerA1, {
      valueCents: 150_000,
    });
    const lost = await call(ctx, w.brokerA1, 'POST', '/opportunities', {
      pipelineId: w.pipelineId,
      title: 'Casa no litoral',
      holderId: personId,
      valueCents: 80_000,
    });
    expect(lost.status).toBe(201);
    const lose = await call(ctx, w.brokerA1, 'POST', `/opportunities/${lost.body.id}/status`, {
      status: 'lost',
      reasonId: w.lists.loss_reason[0]?.id,
    });
    expect(lose.status).toBe(200);
    // An opportunity of another team's broker holds the same person: brokerA1 must not count it.
    const hidden = await call(ctx, w.admin, 'POST', '/opportunities', {
      pipelineId: w.pipelineId,
      title: 'Oculta',
      holderId: personId,
      valueCents: 1_000_000,
      ownerId: w.brokerB1.id,
      teamId: w.teamBeta,
    });
    expect(hidden.status).toBe(201);

    const token = await createToken();
    const put = await erp('PUT', `/people/${personId}/receivables`, token.secret, {
      items: [
        title('T-OVERDUE', { dueOn: dayFromToday(-1), amountCents: 10_000, paidCents: 2_500 }),
        title('T-OLD', { dueOn: '2020-01-10', amountCents: 40_000 }),
        title('T-TODAY', { dueOn: dayFromToday(0), amountCents: 30_000 }),
        title('T-FUTURE', { dueOn: '2099-12-31', amountCents: 5_000 }),
        title('T-PAID', { dueOn: dayFromToday(-20), amountCents: 20_000, paidCents: 21_000, status: 'paid' }),
        title('T-CANCELLED', { dueOn: dayFromToday(-5), amountCents: 77_000, status: 'cancelled' }),
      ],
    });
    expect(put.status).toBe(200);
    await erp('PUT', `/people/${personId}/credit-limits`, token.secret, {
      items: [
        { externalId: 'C-1', grantedCents: 1_000_000, usedCents: 300_000, validUntil: dayFromToday(0) },
        { externalId: 'C-2', grantedCents: 50_000, usedCents: 80_000 },
        { externalId: 'C-OLD', grantedCents: 700_000, usedCents: 0, validUntil: dayFromToday(-1) },
      ],
    });
    await erp('POST', '/sales-orders', token.secret, {
      orders: [
        order2(`SUM-${personId}-1`, personId, 120_000, 'invoiced'),
        order2(`SUM-${personId}-2`, personId, 30_000, 'open'),
        order2(`SUM-${personId}-3`, personId, 999_000, 'cancelled'),
      ],
    });

    const res = await call(ctx, w.brokerA1, 'GET', `/people/${personId}/summary`);
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe(saoPauloToday());
    expect(res.body.receivables).toEqual({
      overdue: { count: 2, totalCents: 7_500 + 40_000 },
      due: { count: 2, totalCents: 30_000 + 5_000 },
      paid: { count: 1, totalCents: 21_000 },
    });
    expect(res.body.creditLimits).toEqual({
      count: 2,
      grantedCents: 1_050_000,
      usedCents: 380_000,
      availableCents: 700_000,
      expired: { count: 1, totalCents: 700_000 },
    });
    expect(res.body.salesOrders).toMatchObject({ count: 2, totalCents: 150_000 });
    expect(res.body.salesOrders.latest).toHaveLength(3);
    expect(res.body.opportunities).toEqual({
      open: { count: 1, valueCents: 150_000 },
      won: { count: 0, valueCents: 0 },
      lost: { count: 1, valueCents: 80_000 },
      discarded: { count: 0, valueCents: 0 },
    });
    expect(opportunity.id).toBeDefined();
    const asAdmin = await call(ctx, w.admin, 'GET', `/people/${personId}/summary`);
    expect(asAdmin.body.opportunities.open).toEqual({ count: 2, valueCents: 1_150_000 });

    const receivables = await call(ctx, w.brokerA1, 'GET', `/people/${personId}/receivables`);
    const statusOf = Object.fromEntries(
      receivables.body.items.map((r: { externalId: string; status: string }) => [r.externalId, r.status]),
    );
    expect(statusOf).toEqual({
      'T-OVERDUE': 'overdue',
      'T-OLD': 'overdue',
      'T-TODAY': 'due',
      'T-FUTURE': 'due',
      'T-PAID': 'paid',
      'T-CANCELLED': 'cancelled',
    });
    const limits = await call(ctx, w.brokerA1, 'GET', `/people/${personId}/credit-limits`);
    expect(
      limits.body.items.map((l: { externalId: string; expired: boolean }) => [l.externalId, l.expired]),
    ).toEqual([
      ['C-2', false],
      ['C-1', false],
      ['C-OLD', true],
    ]);
    const orders = await call(ctx, w.brokerA1, 'GET', `/people/${personId}/sales-orders`);
    expect(orders.body.items).toHaveLength(3);
    expect(orders.body.items[0]).toMatchObject({ source: 'erp', number: expect.stringMatching(/^PV-/) });
  });

  it('answers 404 to a broker who may not see the person', async () => {
    const personId = await newPerson();
    expect((await call(ctx, w.brokerB1, 'GET', `/people/${personId}/summary`)).status).toBe(404);
    expect((await call(ctx, w.brokerB1, 'GET', `/people/${personId}/receivables`)).status).toBe(404);
    expect((await call(ctx, w.brokerB1, 'GET', `/people/${personId}/sales-orders`)).status).toBe(404);
    expect((await call(ctx, w.brokerB1, 'GET', `/people/${personId}/credit-limits`)).status).toBe(404);
    const own = await call(ctx, w.brokerA1, 'GET', `/people/${personId}/summary`);
    expect(own.status).toBe(200);
    expect(own.body.receivables.overdue).toEqual({ count: 0, totalCents: 0 });
    expect((await call(ctx, w.admin, 'GET', `/people/${personId}/summary`)).status).toBe(200);
  });
});

function order2(externalId: string, personId: string, totalCents: number, status: string) {
  return {
    externalId,
    personId,
    number: `PV-${externalId.slice(-1)}`,
    status,
    issuedOn: dayFromToday(-1),
    totalCents,
  };
}

it('documents every ERP endpoint in OpenAPI with the bearer scheme and the scope it needs', async () => {
  const res = await ctx.app.inject({ url: '/api/v1/openapi.json' });
  const doc = res.json();
  expect(doc.components.securitySchemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  for (const [path, method, scope] of [
    ['/api/v1/people/{id}/receivables', 'put', 'erp:receivables'],
    ['/api/v1/people/{id}/credit-limits', 'put', 'erp:credit-limits'],
    ['/api/v1/sales-orders', 'post', 'erp:sales-orders'],
  ] as const) {
    expect(doc.paths[path]?.[method]?.security, `${method} ${path}`).toEqual([{ apiToken: [scope] }]);
  }
  for (const [path, method] of [
    ['/api/v1/people/{id}/summary', 'get'],
    ['/api/v1/people/{id}/receivables', 'get'],
    ['/api/v1/integrations', 'post'],
    ['/api/v1/integrations/{id}/tokens/{tokenId}/revoke', 'post'],
  ] as const) {
    expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(doc.paths[path][method].security).toBeUndefined();
  }
});
