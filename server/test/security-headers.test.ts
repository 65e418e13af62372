import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';

// The security headers on every kind of answer the server gives (security-headers.ts), and HSTS only when the
// public URL is https. The browser's side of it (a framing site refused) is e2e/security-headers.test.ts.

let dist: string;
let http: TestContext;
let https: TestContext;
let admin: TestUser;

beforeAll(async () => {
  // A small stand-in for web/dist: the SPA's index and one hashed asset.
  dist = await mkdtemp(path.join(tmpdir(), 'funil-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'assets', 'index-Ab12Cd34.js'), 'export const a = 1;\n');
  await writeFile(
    path.join(dist, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head></html>',
  );
  http = await createTestContext({
    env: { FUNIL_WEB_DIST: dist, FUNIL_PUBLIC_URL: 'http://crm.exemplo.com.br' },
  });
  https = await createTestContext({
    env: { FUNIL_WEB_DIST: dist, FUNIL_PUBLIC_URL: 'https://crm.exemplo.com.br' },
  });
  const { workspaceId } = await createWorkspace(http.db);
  admin = await createUser(http, workspaceId, 'admin');
});
afterAll(async () => {
  await http?.close();
  await https?.close();
  await rm(dist, { recursive: true, force: true });
});

type Case = { name: string; url: string; signedIn?: boolean; status: number; type: RegExp };
const CASES: Case[] = [
  {
    name: 'an API JSON answer',
    url: '/api/v1/auth/me',
    signedIn: true,
    status: 200,
    type: /^application\/json/,
  },
  { name: 'the SPA index', url: '/', status: 200, type: /^text\/html/ },
  { name: 'the SPA fallback of a page path', url: '/people', status: 200, type: /^text\/html/ },
  { name: 'a hashed asset', url: '/assets/index-Ab12Cd34.js', status: 200, type: /javascript/ },
  {
    name: 'a problem+json 404',
    url: '/api/v1/people/7f0c5d0e-0000-4000-8000-000000000000',
    signedIn: true,
    status: 404,
    type: /^application\/problem\+json/,
  },
  { name: 'a problem+json 401', url: '/api/v1/auth/me', status: 401, type: /^application\/problem\+json/ },
  {
    name: 'a missing asset (404)',
    url: '/assets/gone-0000.js',
    status: 404,
    type: /^application\/problem\+json/,
  },
  { name: 'the API docs page', url: '/api/docs', status: 200, type: /^text\/html/ },
  {
    name: "the API docs' script",
    url: '/api/docs/static/swagger-ui-bundle.js',
    status: 200,
    type: /javascript/,
  },
  { name: 'the OpenAPI document', url: '/api/v1/openapi.json', status: 200, type: /^application\/json/ },
];

const get = (ctx: TestContext, c: Case) =>
  ctx.app.inject({ url: c.url, headers: c.signedIn ? { cookie: admin.cookie } : {} });

describe.each(CASES)('$name', (c) => {
  it('forbids framing, sniffing and leaking the address, and has no HSTS over an http public URL', async () => {
    const res = await get(http, c);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(c.status);
    expect(res.headers['content-type']).toMatch(c.type);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('adds HSTS (and upgrades stray http:// URLs) when the public URL is https', async () => {
    // The https app has no users: what a signed-in request gets there is its 401, with the same headers.
    const res = await get(https, { ...c, signedIn: false });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

it('without a public URL there is no HSTS either', async () => {
  const plain = await createTestContext();
  try {
    const res = await plain.app.inject({ url: '/api/v1/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  } finally {
    await plain.close();
  }
});
