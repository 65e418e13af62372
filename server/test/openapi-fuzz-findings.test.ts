import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';

// What the fuzz test over the OpenAPI document (openapi-fuzz.test.ts) found, each pinned by a focused case.

let ctx: TestContext;
let admin: TestUser;
let broker: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  const { workspaceId } = await createWorkspace(ctx.db);
  admin = await createUser(ctx, workspaceId, 'admin');
  broker = await createUser(ctx, workspaceId, 'broker');
});
afterAll(() => ctx?.close());

describe('a URL the router cannot read', () => {
  it.each([
    ['undecodable percent-encoding', '/api/v1/people/%FF'],
    ['an encoded surrogate half', '/api/v1/activities/%ED%A0%80/cancel'],
    ['a path parameter past the router limit', `/api/v1/people/${'x'.repeat(3000)}/notes`],
  ])('answers 404 problem+json with the security headers (%s)', async (_name, url) => {
    const res = await ctx.app.inject({ method: 'POST', url, headers: { cookie: admin.cookie } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'not-found', status: 404 });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('team members', () => {
  it('a user listed twice, or as manager and member, is one membership (the manager role wins)', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { cookie: admin.cookie },
      payload: {
        name: 'Equipe repetida',
        managerIds: [admin.id, admin.id],
        memberIds: [broker.id, broker.id, admin.id],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ managerIds: [admin.id], memberIds: [broker.id] });

    const edited = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/teams/${created.json().id}`,
      headers: { cookie: admin.cookie, 'if-match': created.headers.etag as string },
      payload: { memberIds: [admin.id, admin.id], managerIds: [broker.id, broker.id] },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ managerIds: [broker.id], memberIds: [admin.id] });
  });
});

describe('a body nested thousands of levels deep', () => {
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;

  it.each([
    [
      'a route without a body schema, with an Idempotency-Key',
      '/api/v1/notifications/7f0c5d0e-0000-4000-8000-000000000000/read',
      'k-deep-1',
    ],
    ['a route with a body schema', '/api/v1/people', 'k-deep-2'],
    ['no Idempotency-Key', '/api/v1/people', null],
  ])('is refused with a 422 naming no field (%s)', async (_name, url, key) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: admin.cookie,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      payload: deep,
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'validation', errors: [{ field: '', code: 'too_deep' }] });
  });

  it('a body as deep as the deepest schema still passes', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/workspace/role-matrix',
      headers: { cookie: admin.cookie },
    });
    const saved = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/workspace/role-matrix',
      headers: { cookie: admin.cookie, 'if-match': res.headers.etag as string },
      payload: res.json(),
    });
    expect(saved.statusCode, saved.body).toBe(200);
  });
});
