import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/lib/free-port.ts';
import { openEventStream } from '../test/event-stream.ts';
import { type AppProcess, appProcess } from './app-process.ts';
import { type ServerPostgres, startDebianPostgres } from './debian-postgres.ts';
import { type ReverseProxy, startReverseProxy } from './reverse-proxy.ts';

// Two app processes on one PostgreSQL server behind a balancer (docs/OPERATIONS.md, "Several instances").

const PASSWORD = `senha-${randomBytes(6).toString('hex')}`;
const ADMIN = 'admin@funil.local';
const REMINDER_POLL_MS = 1000;

let postgres: ServerPostgres;
let dataDir: string;
let instances: AppProcess[] = [];
let proxy: ReverseProxy;
let owner: pg.Client;
let cookie = '';

beforeAll(async () => {
  postgres = await startDebianPostgres();
  const admin = new pg.Client({ connectionString: postgres.superuserUrl() });
  await admin.connect();
  await admin.query('CREATE DATABASE funil');
  await admin.end();
  // One file store for both (a shared volume in production), one secret key.
  dataDir = await mkdtemp(path.join(tmpdir(), 'funil-two-'));
  const env = {
    DATABASE_URL: postgres.superuserUrl('funil'),
    FUNIL_DATA_DIR: dataDir,
    FUNIL_SECRET_KEY: randomBytes(32).toString('base64'),
    FUNIL_ADMIN_PASSWORD: PASSWORD,
    FUNIL_DEMO_PEOPLE: '20',
    FUNIL_TRUST_PROXY: 'loopback',
    FUNIL_LOG_LEVEL: 'debug',
    FUNIL_WEB_DIST: '/nonexistent',
    FUNIL_REMINDER_POLL_MS: String(REMINDER_POLL_MS),
    FUNIL_SSE_HEARTBEAT_MS: '1000',
    FUNIL_QUEUE_POLL_S: '1',
    FUNIL_DB_POOL_SIZE: '5',
    // Long enough for the balancer's 100 ms health checks to take a stopping instance out.
    FUNIL_SHUTDOWN_DELAY_MS: '600',
    FUNIL_SHUTDOWN_GRACE_MS: '5000',
  };
  instances = [appProcess(env, await freePort()), appProcess(env, await freePort())];
  // The first start migrates and seeds; the second finds both done.
  await (instances[0] as AppProcess).start();
  await (instances[1] as AppProcess).start();
  proxy = await startReverseProxy(instances.map((i) => i.url));
  owner = new pg.Client({ connectionString: postgres.superuserUrl('funil') });
  await owner.connect();
}, 300_000);

afterAll(async () => {
  await owner?.end().catch(() => undefined);
  await proxy?.close();
  await Promise.all(instances.map((i) => i.stop('SIGKILL')));
  await postgres?.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const [one, two] = [() => instances[0] as AppProcess, () => instances[1] as AppProcess];

describe('two instances behind a balancer', () => {
  it('a session made through the balancer works on either instance', async () => {
    const login = await fetch(`${proxy.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^funil_session=./);
    for (const instance of [one(), two()]) {
      const me = await fetch(`${instance.url}/api/v1/auth/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: { email: string } }).user.email).toBe(ADMIN);
    }
    // Round robin: consecutive requests through the balancer reach both instances, each with its request id.
    const upstreams = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const me = await fetch(`${proxy.url}/api/v1/auth/me`, {
        headers: { cookie, 'x-request-id': `rr-${i}` },
      });
      expect(me.status).toBe(200);
      expect(me.headers.get('x-request-id')).toBe(`rr-${i}`);
      upstreams.add(String(me.headers.get('x-upstream')));
    }
    expect([...upstreams].sort()).toEqual(['0', '1']);
    // …and the log line of a request says which one it reached, by its id.
    const served = [one(), two()].map((p) => p.logs.some((l) => l.reqId === 'rr-0'));
    expect(served.filter(Boolean)).toHaveLength(1);
  });

  it('a card moved through one instance reaches a board open on the other (LISTEN/NOTIFY)', async () => {
    const { rows } = await owner.query(
      `SELECT o.id, s.id AS stage_id, o.pipeline_id
         FROM opportunities o
         JOIN pipeline_stages s ON s.pipeline_id = o.pipeline_id AND s.id <> o.stage_id
                               AND s.archived_at IS NULL AND s.required_fields = '{}'
        WHERE o.status = 'open'
        ORDER BY s.position LIMIT 1`,
    );
    const card = rows[0] as { id: string; stage_id: string; pipeline_id: string };
    const board = await openEventStream(one().url, cookie, `?pipelineId=${card.pipeline_id}`);
    try {
      const moved = await fetch(`${two().url}/api/v1/opportunities/${card.id}/move`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ stageId: card.stage_id }),
      });
      expect(moved.status).toBe(200);
      const heard = await board.waitFor(
        (e) => e.event === 'opportunity.moved' && JSON.stringify(e.data).includes(card.id),
      );
      expect(heard).not.toBeNull();
    } finally {
      await board.close();
    }
  });

  it('a periodic sweep runs once per period, whichever instance runs it', async () => {
    const from = [one().logs.length, two().logs.length];
    await new Promise((resolve) => setTimeout(resolve, 6 * REMINDER_POLL_MS));
    const runs = [one(), two()].flatMap((p, i) =>
      p.logs
        .slice(from[i])
        .filter((l) => l.msg === 'periodic job ran' && l.job === 'activity-reminders')
        .map((l) => String(l.slot)),
    );
    // About six periods: each slot ran at most once across both instances, and slots ran (one may be lost under load).
    expect(new Set(runs).size).toBe(runs.length);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(7);
  });

  it('a rolling restart drops no request and loses no acknowledged write', async () => {
    const failures: string[] = [];
    const created: string[] = [];
    let reads = 0;
    let stop = false;
    const client = async (worker: number) => {
      for (let n = 0; !stop; n++) {
        try {
          if (n % 2 === 0) {
            const res = await fetch(`${proxy.url}/api/v1/auth/me`, { headers: { cookie } });
            if (res.status !== 200) failures.push(`GET me ${res.status} ${await res.text()}`);
            else reads++;
            await res.arrayBuffer().catch(() => undefined);
          } else {
            const res = await fetch(`${proxy.url}/api/v1/people`, {
              method: 'POST',
              headers: { cookie, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
              body: JSON.stringify({ kind: 'individual', name: `Rolagem ${worker}-${n}` }),
            });
            const body = await res.text();
            if (res.status !== 201) failures.push(`POST people ${res.status} ${body}`);
            else created.push(JSON.parse(body).id);
          }
        } catch (error) {
          failures.push(
            `network: ${(error as Error).message} ${(error as { cause?: Error }).cause?.message ?? ''}`,
          );
        }
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    const during = async (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // An event stream on the instance about to stop ends cleanly during its drain (the browser then reconnects).
    const stream = await openEventStream(one().url, cookie, '');
    await during(1000);
    for (const instance of [one(), two()]) {
      const before = created.length + reads;
      const code = await instance.stop('SIGTERM');
      expect(code).toBe(0);
      await during(500);
      await instance.start();
      await during(1000);
      expect(created.length + reads).toBeGreaterThan(before);
    }
    stop = true;
    await Promise.all(clients);
    expect(await stream.ended).toBe(true);
    expect(failures).toEqual([]);
    expect(created.length).toBeGreaterThan(20);
    // Every write that was answered 201 is in the database.
    const { rows } = await owner.query('SELECT count(*)::int AS n FROM people WHERE id = ANY($1::uuid[])', [
      created,
    ]);
    expect(rows[0].n).toBe(created.length);
    // Both instances serve again.
    for (const instance of [one(), two()]) {
      expect((await fetch(`${instance.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(200);
    }
  }, 360_000);
});
