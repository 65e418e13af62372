import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser, ConsoleMessage, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { allowFramingBy, securityHeaders } from '../server/src/http/security-headers.ts';
import { cspViolations, launchChromium, signIn } from './browser.ts';
import { apiCall } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let framer: Server;
let framerPort: number;
let panel: FastifyInstance;
let panelUrl: string;

/** A page on another port (another origin; at 127.0.0.1 another site too) that frames `?src=`. */
function startFramer(): Promise<Server> {
  const server = createServer((req, res) => {
    const src = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>helpdesk</title><iframe name="embedded" src="${src}"></iframe>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  browser = await launchChromium();
  framer = await startFramer();
  framerPort = (framer.address() as AddressInfo).port;
  // A stand-in for the future /embed/helpdesk route: the app's headers, plus the exception for one origin.
  panel = Fastify();
  await panel.register(fastifyHelmet, securityHeaders({}));
  panel.get('/embed', async (_request, reply) => {
    allowFramingBy(reply, [`http://localhost:${framerPort}`]);
    return reply.type('text/html').send('<!doctype html><p id="panel">painel</p>');
  });
  panel.get('/other', async (_request, reply) =>
    reply.type('text/html').send('<!doctype html><p id="panel">outra</p>'),
  );
  panelUrl = await panel.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await browser?.close();
  await panel?.close();
  await new Promise((resolve) => framer?.close(resolve));
});

const REFUSAL = /Framing .* violates .*frame-ancestors/i;

/** Opens the framer page (served from `framerHost`) around `src`; answers the frame and what the console said. */
async function frame(page: Page, framerHost: string, src: string) {
  const refusals: string[] = [];
  const onConsole = (m: ConsoleMessage) => {
    if (REFUSAL.test(m.text())) refusals.push(m.text());
  };
  page.on('console', onConsole);
  await page.goto(`http://${framerHost}:${framerPort}/?src=${encodeURIComponent(src)}`);
  // The iframe is attached a moment after the framer page loads: wait for the element, then for its frame.
  const element = await page.waitForSelector('iframe[name="embedded"]', { state: 'attached' });
  const embedded = (await element.contentFrame()) as Frame;
  await embedded.waitForLoadState('load');
  // A refused frame shows Chromium's error page instead (chrome-error://chromewebdata/).
  const url = embedded.url();
  // The refused frame shows Chromium's error page; a loaded one shows the document asked for.
  const loaded = await embedded
    .evaluate(() => document.querySelector('#root, #panel')?.outerHTML ?? null)
    .catch(() => null);
  if (loaded === null && refusals.length === 0) {
    // The report may come a moment after the load event; a frame that did load needs no wait.
    await page
      .waitForEvent('console', { predicate: (m) => REFUSAL.test(m.text()), timeout: 5000 })
      .catch(() => {});
  }
  page.off('console', onConsole);
  return { loaded, refusals, url };
}

it('another site framing the signed-in app is refused by the browser', async () => {
  const page = await signIn(browser, 'admin@funil.local');
  for (const path of ['/people', '/login', '/api/docs', '/api/v1/auth/me']) {
    const { loaded, refusals, url } = await frame(page, 'localhost', `${baseUrl}${path}`);
    expect(loaded, path).toBeNull();
    expect(url.startsWith(baseUrl), path).toBe(false);
    expect(refusals.join('\n'), path).toMatch(/frame-ancestors 'none'/);
  }
  // Nor may another site (the app is served as localhost).
  const otherSite = await frame(page, '127.0.0.1', `${baseUrl}/people`);
  expect(otherSite.loaded).toBeNull();
  expect(otherSite.refusals.join('\n')).toMatch(/frame-ancestors 'none'/);
  await page.context().close();
});

it('allowFramingBy lets only the configured origin frame the page that calls it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const allowed = await frame(page, 'localhost', `${panelUrl}/embed`);
  expect(allowed.loaded).toContain('painel');
  expect(allowed.refusals).toEqual([]);
  // The same page framed by another origin, and another page framed by the configured origin: both refused.
  const otherOrigin = await frame(page, '127.0.0.1', `${panelUrl}/embed`);
  expect(otherOrigin.loaded).toBeNull();
  expect(otherOrigin.refusals.join('\n')).toMatch(/frame-ancestors http:\/\/localhost:/);
  const otherPage = await frame(page, 'localhost', `${panelUrl}/other`);
  expect(otherPage.loaded).toBeNull();
  await context.close();
});

it('the main pages, the chart report and the API docs work under the policy', async () => {
  const before = cspViolations.length;
  const page = await signIn(browser, 'admin@funil.local');
  const people = await apiCall<{ items: { id: string }[] }>(page, 'GET', '/people?limit=1');
  const pipelines = await apiCall<{ items: { id: string }[] }>(page, 'GET', '/pipelines');
  const pipelineId = pipelines.items[0]?.id;
  // Something for the board and the report's charts to draw.
  await apiCall(page, 'POST', '/opportunities', {
    pipelineId,
    title: 'Cobertura na política',
    holderId: people.items[0]?.id,
  });
  const visits: [string, string][] = [
    ['/people', '[data-testid="person-row"]'],
    [`/people/${people.items[0]?.id}`, '[data-testid="person-origin"]'],
    [`/pipelines/${pipelineId}`, '[data-testid="board-card"]'],
    [`/reports/funnel?pipelineId=${pipelineId}`, '[data-testid="funnel-report-chart"] svg'],
    ['/activities', 'main'],
    ['/admin/users', 'main'],
    ['/admin/access', '[data-testid="role-matrix-capability"]'],
    ['/api/docs', '.swagger-ui .info .title'],
  ];
  for (const [path, ready] of visits) {
    await page.goto(`${baseUrl}${path}`);
    await page.locator(ready).first().waitFor();
  }
  expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('Funil API');
  expect(cspViolations.slice(before)).toEqual([]);
  await page.context().close();
});
