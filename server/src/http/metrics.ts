import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import type { Db } from '../db/pool.ts';
import { DomainError } from '../lib/errors.ts';
import type { RealtimeHub } from '../modules/realtime/realtime.hub.ts';

/**
 * Prometheus metrics at `GET /metrics` for the operator's scraper, behind `FUNIL_METRICS_TOKEN` (a Bearer token; no
 * token configured: no endpoint): requests and their latency per route (the route's pattern, never the path with its
 * ids), the database pool (connections in use, idle, requests waiting for one), the job queue's waiting jobs per
 * queue, the live board streams (SSE clients), and the process's own (CPU, memory, event loop lag). Each app gets a registry of its own.
 */
export function registerMetrics(
  app: FastifyInstance,
  deps: {
    db: Db;
    realtime: RealtimeHub;
    token: string | undefined;
    jobQueueDepth?: (() => Promise<Record<string, number>>) | undefined;
  },
): void {
  const { token } = deps;
  if (!token) return;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'funil_' });
  const requests = new client.Counter({
    name: 'funil_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new client.Histogram({
    name: 'funil_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new client.Gauge({
    name: 'funil_db_pool_connections',
    help: 'Connections of the app pool: in use, idle, and requests waiting for one',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'in_use' }, deps.db.totalCount - deps.db.idleCount);
      this.set({ state: 'idle' }, deps.db.idleCount);
      this.set({ state: 'waiting' }, deps.db.waitingCount);
    },
  });
  new client.Gauge({
    name: 'funil_sse_clients',
    help: 'Browsers holding a live stream (boards, bells) on this instance',
    registers: [registry],
    collect() {
      this.set(deps.realtime.size);
    },
  });

  new client.Gauge({
    name: 'funil_job_queue_depth',
    help: 'Jobs waiting in each queue of the job queue (created or waiting for a retry)',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      const depth = (await deps.jobQueueDepth?.()) ?? {};
      for (const [queue, n] of Object.entries(depth)) this.set({ queue }, n);
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  const expected = Buffer.from(`Bearer ${token}`);
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      reply.header('www-authenticate', 'Bearer');
      throw new DomainError('unauthenticated', 401);
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
