import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerMetrics } from '../src/http/metrics.ts';
import { JOBS, type JobName, JobQueue, type RetryPolicy } from '../src/jobs/queue.ts';
import { RealtimeHub } from '../src/modules/realtime/realtime.hub.ts';
import { createTestContext, type TestContext } from './helpers.ts';
import { call, newOpportunity, opportunityWorld, type World } from './opportunity-fixtures.ts';

const TOKEN = 'metrics-token-0123456789abcdef';
let ctx: TestContext;
let plain: TestContext;
let w: World;
let personId = '';

beforeAll(async () => {
  ctx = await createTestContext({ env: { FUNIL_METRICS_TOKEN: TOKEN } });
  plain = await createTestContext();
  w = await opportunityWorld(ctx);
  personId = (await newOpportunity(ctx, w, w.admin)).holderId;
});
afterAll(async () => {
  await ctx.close();
  await plain.close();
});

const scrape = (token?: string) =>
  ctx.app.inject({ url: '/metrics', headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('Prometheus metrics', () => {
  it('answer only the configured Bearer token (401 problem otherwise); without a token there is no endpoint', async () => {
    expect((await scrape()).statusCode).toBe(401);
    const wrong = await scrape('metrics-token-0123456789abcdeX');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect((await scrape(TOKEN)).statusCode).toBe(200);
    expect((await plain.app.inject({ url: '/metrics' })).statusCode).toBe(404);
  });

  it('count requests per route pattern (never the ids), time them, and show the pool and the live streams', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await call(ctx, w.admin, 'GET', `/people/${personId}`)).status).toBe(200);
    }
    const text = (await scrape(TOKEN)).body;
    const line = text
      .split('\n')
      .find((l) => l.startsWith('funil_http_requests_total{') && l.includes('route="/api/v1/people/:id"'));
    expect(line).toContain('method="GET"');
    expect(line).toContain('status="200"');
    expect(Number(line?.split(' ').at(-1))).toBe(3);
    expect(text).not.toContain(personId);
    expect(text).toMatch(/funil_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/people\/:id"/);
    expect(text).toMatch(/funil_db_pool_connections\{state="idle"\} \d+/);
    expect(text).toMatch(/funil_db_pool_connections\{state="waiting"\} 0/);
    expect(text).toMatch(/funil_sse_clients \d+/);
    expect(text).toContain('funil_process_resident_memory_bytes');
  });

  it('show the jobs waiting in each queue of the real job queue', async () => {
    const retry = Object.fromEntries(
      Object.keys(JOBS).map((name) => [name, { retryLimit: 0, retryDelay: 1, retryBackoff: false }]),
    ) as Record<JobName, RetryPolicy>;
    const queue = await JobQueue.start({ databaseUrl: ctx.ownerUrl, pollingIntervalSeconds: 1, retry });
    const app = Fastify();
    const realtime = new RealtimeHub(ctx.ownerUrl);
    try {
      registerMetrics(app, { db: ctx.db, realtime, token: TOKEN, jobQueueDepth: () => queue.depth() });
      for (let i = 0; i < 2; i++) {
        await queue.send('export-file', { workspaceId: randomUUID(), exportId: randomUUID() });
      }
      const text = (await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } }))
        .body;
      expect(text).toMatch(/funil_job_queue_depth\{queue="export-file"\} 2/);
      expect(text).toMatch(/funil_job_queue_depth\{queue="webhook-delivery"\} 0/);
    } finally {
      await app.close();
      await realtime.close();
      await queue.stop();
    }
  });
});
