import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, createUser, createWorkspace, type TestContext } from './helpers.ts';

let ctx: TestContext;
let logs = '';

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    logs += chunk.toString();
  });
  ctx = await createTestContext({ logStream: stream });
});
afterAll(() => ctx.close());

/** The JSON log lines written since `from`. */
const linesSince = (from: number) =>
  logs
    .slice(from)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

it('keeps a sane incoming X-Request-Id: answered in the header, in every log line of the request and in problems', async () => {
  const { workspaceId } = await createWorkspace(ctx.db);
  const user = await createUser(ctx, workspaceId, 'broker');
  const from = logs.length;
  const id = 'lb-7f3a.92_X-1';
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: { cookie: user.cookie, 'x-request-id': id },
    payload: { kind: 'individual' },
  });
  expect(res.statusCode).toBe(422);
  expect(res.headers['x-request-id']).toBe(id);
  expect(res.json().requestId).toBe(id);
  const lines = linesSince(from).filter((l) => l.reqId === id);
  // "incoming request" and "request completed" at least, both as JSON lines carrying the id.
  expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
  expect(
    linesSince(from)
      .filter((l) => 'req' in l || 'res' in l)
      .every((l) => l.reqId === id),
  ).toBe(true);
});

it('replaces an id that is too long or carries odd characters with one of its own, different per request', async () => {
  const answered: string[] = [];
  for (const incoming of ['x'.repeat(65), 'abc def', 'a\u00e7\u00e3o', 'id;rm -rf', '']) {
    const res = await ctx.app.inject({ url: '/api/health', headers: { 'x-request-id': incoming } });
    expect(res.statusCode).toBe(200);
    const id = String(res.headers['x-request-id']);
    expect(id).not.toBe(incoming);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    answered.push(id);
  }
  const none = await ctx.app.inject({ url: '/api/health' });
  answered.push(String(none.headers['x-request-id']));
  expect(new Set(answered).size).toBe(answered.length);
});

it('answers the id on 404s, on URLs the router cannot read and on the event stream', async () => {
  const notFound = await ctx.app.inject({ url: '/api/v1/nothing-here', headers: { 'x-request-id': 'nf-1' } });
  expect(notFound.statusCode).toBe(404);
  expect(notFound.headers['x-request-id']).toBe('nf-1');
  expect(notFound.json().requestId).toBe('nf-1');
  const unreadable = await ctx.app.inject({
    url: '/api/v1/people/%FF',
    headers: { 'x-request-id': 'bad-url' },
  });
  expect(unreadable.statusCode).toBe(404);
  expect(unreadable.headers['x-request-id']).toBe('bad-url');
  const unauthenticated = await ctx.app.inject({
    url: '/api/v1/events',
    headers: { 'x-request-id': 'sse-1' },
  });
  expect(unauthenticated.statusCode).toBe(401);
  expect(unauthenticated.headers['x-request-id']).toBe('sse-1');
});
