import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Funil, startFunil } from '../src/bootstrap.ts';
import { loadEnv } from '../src/config/env.ts';
import { transaction } from '../src/db/pool.ts';
import { appendEvent } from '../src/modules/timeline/timeline.service.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';

type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };

/** A webhook target on loopback: answers each path with the statuses scripted for it (then 200). */
async function startReceiver() {
  const received: Received[] = [];
  const script = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const p = req.url ?? '/';
      received.push({ path: p, headers: req.headers, body });
      const status = script.get(p)?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    script,
    url: (p: string) => `http://127.0.0.1:${port}${p}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls `check` until it answers a value (a generous ceiling, not a latency assertion). */
async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  ceilingMs = 30_000,
): Promise<T> {
  const until = Date.now() + ceilingMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

let dbUrl: string;
let dataDir: string;
let funil: Funil;
let admin: TestUser;
let workspaceId: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

const envFor = () =>
  loadEnv({
    DATABASE_URL: dbUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    FUNIL_SEED_DEMO: 'false',
    FUNIL_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    FUNIL_WEB_DIST: '/nonexistent',
    FUNIL_DATA_DIR: dataDir,
    FUNIL_OUTBOUND_ALLOW_LOOPBACK: 'true',
    // Fast retries through settings: 1 s apart, no backoff.
    FUNIL_WEBHOOK_RETRY_DELAY_S: '1',
    FUNIL_WEBHOOK_RETRY_BACKOFF: 'false',
    FUNIL_WEBHOOK_RETRY_LIMIT: '5',
    FUNIL_WEBHOOK_RELAY_MS: '100',
    FUNIL_QUEUE_POLL_S: '0.5',
  });

const api = (method: string, url: string, body?: unknown) =>
  fetch(`${funil.url}/api/v1${url}`, {
    method,
    headers: { cookie: admin.cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : null,
  });

async function subscribe(url: string, eventTypes: string[]) {
  const res = await api('POST', '/webhooks/subscriptions', { url, eventTypes });
  expect(res.status).toBe(201);
  return (await res.json()) as { subscription: { id: string }; secret: string };
}

async function createPerson(name: string) {
  const res = await api('POST', '/people', { kind: 'individual', name });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function deliveriesOf(subscriptionId: string) {
  const res = await api('GET', `/webhooks/deliveries?subscriptionId=${subscriptionId}`);
  expect(res.status).toBe(200);
  return (
    (await res.json()) as {
      items: {
        id: string;
        status: string;
        attempts: number;
        responseStatus: number | null;
        eventType: string;
        responseExcerpt: string | null;
      }[];
    }
  ).items;
}

beforeAll(async () => {
  const templateUrl = new URL(inject('templateUrl'));
  const name = `funil_wh_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const pgAdmin = new pg.Client({
    connectionString: templateUrl.toString().replace(/\/[^/]+$/, '/postgres'),
  });
  await pgAdmin.connect();
  await pgAdmin.query(`CREATE DATABASE ${name} TEMPLATE ${templateUrl.pathname.slice(1)}`);
  await pgAdmin.end();
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  dbUrl = url.toString();
  dataDir = await mkdtemp(path.join(tmpdir(), 'funil-wh-'));
  funil = await startFunil(envFor());
  ({ workspaceId } = await createWorkspace(funil.db));
  admin = await createUser(funil, workspaceId, 'admin');
  receiver = await startReceiver();
});

afterAll(async () => {
  await funil?.stop();
  await receiver?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('outbound webhooks', () => {
  it('sends a committed change signed per Standard Webhooks, and nothing for a rolled-back one', async () => {
    const { subscription, secret } = await subscribe(receiver.url('/signed'), ['person.created']);
    // A change that rolls back: its timeline event (and the outbox row it wrote) disappear with it.
    await expect(
      transaction(funil.db, async (tx) => {
        await appendEvent(tx, {
          workspaceId,
          subjectType: 'person',
          subjectId: randomUUID(),
          kind: 'created',
          actorId: admin.id,
          summary: {},
          payload: { name: 'Desfeita' },
        });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const personId = await createPerson('Maria Assinada');

    const [delivery] = await eventually(async () => {
      const items = await deliveriesOf(subscription.id);
      return items[0]?.status === 'delivered' ? items : null;
    });
    expect(delivery?.eventType).toBe('person.created');
    expect(delivery?.responseStatus).toBe(200);
    expect(delivery?.responseExcerpt).toBe('answer 200');
    const got = receiver.received.filter((r) => r.path === '/signed');
    expect(got).toHaveLength(1);
    const message = got[0] as Received;
    // The receiver's check: the package's verifier with the secret shown at creation.
    const verified = new Webhook(secret).verify(message.body, {
      'webhook-id': String(message.headers['webhook-id']),
      'webhook-timestamp': String(message.headers['webhook-timestamp']),
      'webhook-signature': String(message.headers['webhook-signature']),
    }) as { type: string; data: { subject: { id: string }; payload: { name: string } } };
    expect(verified.type).toBe('person.created');
    expect(verified.data.subject.id).toBe(personId);
    expect(verified.data.payload.name).toBe('Maria Assinada');
    // Another key does not verify it.
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(message.body, {
        'webhook-id': String(message.headers['webhook-id']),
        'webhook-timestamp': String(message.headers['webhook-timestamp']),
        'webhook-signature': String(message.headers['webhook-signature']),
      }),
    ).toThrow();
    const rolledBack = await funil.db.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries d JOIN timeline_events e ON e.id = d.event_id
       WHERE d.workspace_id = $1 AND d.body->'data'->'payload'->>'name' = 'Desfeita'`,
      [workspaceId],
    );
    expect(rolledBack.rows[0].n).toBe(0);
  });

  it('retries a target that fails three times, which then gets the event once, under one webhook-id', async () => {
    receiver.script.set('/flaky', [500, 502, 503]);
    const { subscription } = await subscribe(receiver.url('/flaky'), ['person.created']);
    await createPerson('Pedro Insistente');
    const [delivery] = await eventually(async () => {
      const items = await deliveriesOf(subscription.id);
      return items[0]?.status === 'delivered' ? items : null;
    });
    expect(delivery?.attempts).toBe(4);
    const got = receiver.received.filter((r) => r.path === '/flaky');
    expect(got).toHaveLength(4);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
  });

  it('switches a subscription off when its target answers 410, and tells the admin who made it', async () => {
    receiver.script.set('/gone', [410]);
    const { subscription } = await subscribe(receiver.url('/gone'), ['person.created']);
    await createPerson('Ana Sumida');
    const [delivery] = await eventually(async () => {
      const items = await deliveriesOf(subscription.id);
      return items[0]?.status === 'failed' ? items : null;
    });
    expect(delivery?.attempts).toBe(1);
    const list = (await (await api('GET', '/webhooks/subscriptions')).json()) as {
      items: { id: string; active: boolean; disabledReason: string | null }[];
    };
    expect(list.items.find((s) => s.id === subscription.id)).toMatchObject({
      active: false,
      disabledReason: 'gone',
    });
    const bell = (await (await api('GET', '/notifications')).json()) as {
      items: { kind: string; data: { subscriptionId: string } }[];
    };
    expect(
      bell.items.some((n) => n.kind === 'webhook_disabled' && n.data.subscriptionId === subscription.id),
    ).toBe(true);
    // Nothing more goes to it: a witness subscription gets the next change, the switched-off one does not.
    const before = receiver.received.filter((r) => r.path === '/gone').length;
    await subscribe(receiver.url('/witness'), ['person.created']);
    await createPerson('Ana Ignorada');
    await eventually(async () => receiver.received.some((r) => r.path === '/witness'));
    expect(receiver.received.filter((r) => r.path === '/gone').length).toBe(before);
    expect(await deliveriesOf(subscription.id)).toHaveLength(1);
  });

  it('resends a delivery with the same message id (Reenviar)', async () => {
    const { subscription } = await subscribe(receiver.url('/resend'), ['person.created']);
    await createPerson('Rui Reenviado');
    const [delivery] = await eventually(async () => {
      const items = await deliveriesOf(subscription.id);
      return items[0]?.status === 'delivered' ? items : null;
    });
    const res = await api('POST', `/webhooks/deliveries/${delivery?.id}/resend`);
    expect(res.status).toBe(200);
    await eventually(async () => receiver.received.filter((r) => r.path === '/resend').length === 2);
    const got = receiver.received.filter((r) => r.path === '/resend');
    expect(got[0]?.headers['webhook-id']).toBe(got[1]?.headers['webhook-id']);
    expect((await api('POST', `/webhooks/deliveries/${randomUUID()}/resend`)).status).toBe(404);
  });

  it('delivers after a restart what was still waiting for a retry when the server stopped', async () => {
    receiver.script.set('/restart', [503]);
    const { subscription } = await subscribe(receiver.url('/restart'), ['person.created']);
    await createPerson('Clara Reiniciada');
    await eventually(async () => (await deliveriesOf(subscription.id))[0]?.attempts === 1);
    await funil.stop();
    const owner = new pg.Client({ connectionString: dbUrl });
    await owner.connect();
    try {
      const waiting = await owner.query(
        `SELECT j.state FROM pgboss.job j JOIN webhook_deliveries d ON j.data->>'deliveryId' = d.id::text
         WHERE d.subscription_id = $1`,
        [subscription.id],
      );
      expect(waiting.rows.map((r) => r.state)).toEqual(['retry']);
    } finally {
      await owner.end();
    }
    funil = await startFunil(envFor());
    admin = await createUser(funil, workspaceId, 'admin');
    const [delivery] = await eventually(async () => {
      const items = await deliveriesOf(subscription.id);
      return items[0]?.status === 'delivered' ? items : null;
    });
    expect(delivery?.attempts).toBe(2);
    expect(
      receiver.received.filter((r) => r.path === '/restart').map((r) => r.headers['webhook-id']),
    ).toHaveLength(2);
  });
});

describe('the delivery log and the subscription list (web pages)', () => {
  it('pages the log newest first by cursor, without losing or repeating rows made in one relay run', async () => {
    const { subscription } = await subscribe(receiver.url('/paged'), ['person.created']);
    // One transaction: the five events reach the relay together, so their deliveries share one created_at.
    await transaction(funil.db, async (tx) => {
      for (let i = 0; i < 5; i++) {
        await appendEvent(tx, {
          workspaceId,
          subjectType: 'person',
          subjectId: randomUUID(),
          kind: 'created',
          actorId: admin.id,
          summary: {},
          payload: { name: `Paginada ${i}` },
        });
      }
    });
    const all = await eventually(async () => {
      const items = await deliveriesOf(subscription.id);
      return items.length === 5 ? items : null;
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `subscriptionId=${subscription.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await api('GET', `/webhooks/deliveries?${query}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.map((d) => d.id));
    expect(new Set(seen).size).toBe(5);
  });

  it('refuses a cursor it did not make with a 422, never a 500', async () => {
    const forged = [
      'not-base64!',
      Buffer.from('["2026-13-45 99:00:00+00","00000000-0000-0000-0000-000000000000"]').toString('base64url'),
      Buffer.from('["yesterday","00000000-0000-0000-0000-000000000000"]').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
    ];
    for (const cursor of forged) {
      const res = await api('GET', `/webhooks/deliveries?cursor=${cursor}`);
      expect(res.status, cursor).toBe(422);
    }
  });

  it('names who made each subscription', async () => {
    const { subscription } = await subscribe(receiver.url('/creator'), ['note.created']);
    const res = await api('GET', '/webhooks/subscriptions');
    const listed = ((await res.json()) as { items: { id: string; createdBy: unknown }[] }).items.find(
      (s) => s.id === subscription.id,
    );
    expect(listed?.createdBy).toEqual({ id: admin.id, name: expect.any(String) });
    expect((subscription as { createdBy?: unknown }).createdBy).toEqual(listed?.createdBy);
  });
});

describe('webhook targets', () => {
  let ctx: TestContext;
  let cookie: string;
  beforeAll(async () => {
    // Loopback not allowed here (the default).
    ctx = await createTestContext();
    const ws = await createWorkspace(ctx.db);
    cookie = (await createUser(ctx, ws.workspaceId, 'admin')).cookie;
  });
  afterAll(() => ctx.close());

  const create = (url: string) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/subscriptions',
      headers: { cookie },
      payload: { url, eventTypes: ['person.created'] },
    });

  it.each([
    'http://127.0.0.1/hook',
    'http://10.0.0.1/hook',
    'http://localhost:8080/hook',
    'http://[::1]/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://192.168.0.10/hook',
  ])('refuses a subscription to %s', async (url) => {
    const res = await create(url);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'url', code: 'blocked-target' });
    // The form shows the server's sentence: it must say why, in Portuguese.
    expect(res.json().errors[0].message).toMatch(/^Endereço interno não permitido/);
  });

  it('refuses other schemes and bad input without a 500', async () => {
    expect((await create('ftp://example.com/x')).statusCode).toBe(422);
    expect((await create('not a url')).statusCode).toBe(422);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/subscriptions',
      headers: { cookie },
      payload: { url: 'http://8.8.8.8/x', eventTypes: ['person.exploded'] },
    });
    expect(res.statusCode).toBe(422);
  });

  it('is for who manages integrations only', async () => {
    const ws = await createWorkspace(ctx.db);
    const broker = await createUser(ctx, ws.workspaceId, 'broker');
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/webhooks/subscriptions',
      headers: { cookie: broker.cookie },
    });
    expect(res.statusCode).toBe(403);
  });
});
