import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { precompress } from '../../web/precompress.ts';
import { createTestContext, type TestContext } from './helpers.ts';

let ctx: TestContext;
let dist: string;
let script: string;
const IMMUTABLE = 'public, max-age=31536000, immutable';

beforeAll(async () => {
  // A small stand-in for web/dist: an index, a hashed script big enough to compress, a tiny hashed file.
  dist = await mkdtemp(path.join(tmpdir(), 'funil-dist-'));
  await mkdir(path.join(dist, 'assets'));
  script = Array.from({ length: 400 }, (_, i) => `export const value${i} = "funil-${i % 7}";\n`).join('');
  await writeFile(path.join(dist, 'assets', 'index-Ab12Cd34.js'), script);
  await writeFile(path.join(dist, 'assets', 'tiny-Zz99.css'), 'a{color:red}');
  await writeFile(
    path.join(dist, 'index.html'),
    `<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head>${'<!-- -->'.repeat(200)}</html>`,
  );
  await precompress(dist);
  ctx = await createTestContext({ env: { FUNIL_WEB_DIST: dist } });
});
afterAll(async () => {
  await ctx?.close();
  await rm(dist, { recursive: true, force: true });
});

it('precompresses only what gains from it', async () => {
  await expect(stat(path.join(dist, 'assets', 'index-Ab12Cd34.js.br'))).resolves.toBeTruthy();
  await expect(stat(path.join(dist, 'assets', 'index-Ab12Cd34.js.gz'))).resolves.toBeTruthy();
  await expect(stat(path.join(dist, 'assets', 'tiny-Zz99.css.br'))).rejects.toThrow();
  const br = await readFile(path.join(dist, 'assets', 'index-Ab12Cd34.js.br'));
  expect(brotliDecompressSync(br).toString()).toBe(script);
});

it('sends a hashed asset brotli-compressed to a browser that accepts it, cached for good', async () => {
  const res = await ctx.app.inject({
    url: '/assets/index-Ab12Cd34.js',
    headers: { 'accept-encoding': 'gzip, br' },
  });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-encoding']).toBe('br');
  expect(res.headers['content-type']).toMatch(/javascript/);
  expect(res.headers['cache-control']).toBe(IMMUTABLE);
  expect(res.headers.vary).toMatch(/accept-encoding/i);
  expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(script));
  expect(brotliDecompressSync(res.rawPayload).toString()).toBe(script);
});

it('falls back to gzip, then to the plain file, by Accept-Encoding', async () => {
  const gzipped = await ctx.app.inject({
    url: '/assets/index-Ab12Cd34.js',
    headers: { 'accept-encoding': 'gzip' },
  });
  expect(gzipped.headers['content-encoding']).toBe('gzip');
  expect(gzipped.headers['cache-control']).toBe(IMMUTABLE);
  expect(gunzipSync(gzipped.rawPayload).toString()).toBe(script);

  const plain = await ctx.app.inject({
    url: '/assets/index-Ab12Cd34.js',
    headers: { 'accept-encoding': 'identity' },
  });
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body).toBe(script);
  expect(plain.headers['cache-control']).toBe(IMMUTABLE);

  const tiny = await ctx.app.inject({ url: '/assets/tiny-Zz99.css', headers: { 'accept-encoding': 'br' } });
  expect(tiny.headers['content-encoding']).toBeUndefined();
  expect(tiny.body).toBe('a{color:red}');
  expect(tiny.headers['cache-control']).toBe(IMMUTABLE);
});

it('makes the browser revalidate index.html, at / and as the fallback of a page path', async () => {
  for (const url of ['/', '/index.html', '/people/7f0c5d0e-0000-4000-8000-000000000000']) {
    const res = await ctx.app.inject({ url, headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode, url).toBe(200);
    expect(res.headers['content-type'], url).toMatch(/text\/html/);
    expect(res.headers['cache-control'], url).toBe('no-cache');
    const html =
      res.headers['content-encoding'] === 'br' ? brotliDecompressSync(res.rawPayload).toString() : res.body;
    expect(html, url).toContain('/assets/index-Ab12Cd34.js');
  }
});

it('answers a missing hashed asset with a 404 problem, not the page', async () => {
  const res = await ctx.app.inject({ url: '/assets/index-Old00000.js' });
  expect(res.statusCode).toBe(404);
  expect(res.headers['content-type']).toMatch(/problem\+json/);
});
