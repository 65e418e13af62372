import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';

// Strings PostgreSQL cannot store: NUL anywhere, and lone UTF-16 surrogates (no UTF-8 form).
const NUL = 'a\u0000b';
const LONE_HIGH = 'x\uD800';
const LONE_LOW = '\uDC00y';

let ctx: TestContext;
let admin: TestUser;
let personId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const { workspaceId } = await createWorkspace(ctx.db);
  admin = await createUser(ctx, workspaceId, 'admin');
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: { cookie: admin.cookie },
    payload: { kind: 'individual', name: 'Maria Texto' },
  });
  expect(res.statusCode, res.body).toBe(201);
  personId = res.json().id;
});
afterAll(() => ctx?.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'GET', url, headers: { cookie: admin.cookie, ...headers } });
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  ctx.app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: { cookie: admin.cookie, ...headers },
  });

function expectRefused(res: Awaited<ReturnType<typeof get>>, field: string) {
  expect(res.statusCode, res.body).toBe(422);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({
    code: 'validation',
    errors: [{ field, code: 'invalid_character', message: expect.any(String) }],
  });
}

describe('strings Postgres cannot store', () => {
  it.each(['tag', 'media', 'channel'])('are refused in the people and export filter %s', async (name) => {
    for (const value of [NUL, '\u0000']) {
      const query = `${name}=${encodeURIComponent(value)}`;
      expectRefused(await get(`/api/v1/people?${query}`), `query.${name}`);
      expectRefused(
        await post('/api/v1/exports', { list: 'people', format: 'csv', filters: { [name]: value } }),
        `filters.${name}`,
      );
    }
    // A URL carries bytes: an encoded surrogate half or a stray byte is not UTF-8 and never a 500.
    for (const raw of ['%ED%A0%80', '%FF', '%C0%80']) {
      expect((await get(`/api/v1/people?${name}=${raw}`)).statusCode).toBeLessThan(500);
    }
  });

  it('are refused in the opportunities tag filter', async () => {
    expectRefused(await get(`/api/v1/opportunities?tag=${encodeURIComponent(NUL)}`), 'query.tag');
  });

  it('are refused in a note body, a new asset type and nested fields, naming the field', async () => {
    expectRefused(await post(`/api/v1/people/${personId}/notes`, { body: NUL }), 'body');
    expectRefused(await post(`/api/v1/people/${personId}/notes`, { body: LONE_LOW }), 'body');
    expectRefused(await post('/api/v1/asset-types', { name: NUL, fields: [] }), 'name');
    expectRefused(
      await post('/api/v1/asset-types', {
        name: 'Imóvel',
        fields: [{ key: 'area', label: LONE_HIGH, type: 'text' }],
      }),
      'fields.0.label',
    );
    // A JSON escape reaches the parser as the same lone surrogate.
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/people/${personId}/notes`,
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      payload: '{"body": "nota \\ud83d sem par"}',
    });
    expectRefused(res, 'body');
  });

  it('are refused in headers that reach the database, and in a path id (404)', async () => {
    expectRefused(
      await post('/api/v1/people', { kind: 'individual', name: 'Z' }, { 'idempotency-key': NUL }),
      'header.idempotency-key',
    );
    const patch = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${personId}`,
      headers: { cookie: admin.cookie, 'if-match': `"1${'\u0000'}"` },
      payload: { name: 'Maria' },
    });
    expectRefused(patch, 'header.if-match');
    const path = await get(`/api/v1/people/${encodeURIComponent(NUL)}`);
    expect(path.statusCode).toBe(404);
  });

  it('are refused in an uploaded file name', async () => {
    const boundary = 'funilboundary';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.txt"\r\n` +
          'Content-Type: text/plain\r\n\r\nhello\r\n',
      ),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/people/${personId}/attachments`,
      headers: { cookie: admin.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(res.statusCode, res.body).toBeLessThan(500);
    if (res.statusCode !== 201) expect(res.statusCode).toBe(422);
    else expect(res.json().fileName).not.toContain('\u0000');
  });

  it('lets emoji, RTL text and paired surrogates through', async () => {
    const text = 'Olá 👋🏽 مرحبا \u202Eabc 𝄞';
    const res = await post(`/api/v1/people/${personId}/notes`, { body: text });
    expect(res.statusCode, res.body).toBe(201);
    const list = await get(`/api/v1/people?tag=${encodeURIComponent('🏷️ vip')}`);
    expect(list.statusCode).toBe(200);
  });
});
