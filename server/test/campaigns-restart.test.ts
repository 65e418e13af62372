import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  startWhatsAppSimulator,
  type WhatsAppSimulator,
} from '../src/integrations/whatsapp/whatsapp-simulator.ts';
import { createTestContext, createUser, createWorkspace, type TestContext } from './helpers.ts';

// Issue 12, "done when": a mass WhatsApp send to 1,000 people, the server killed (SIGKILL, no shutdown) mid-send and
// started again on the same database, finishes with no one messaged twice. The app runs as a real child process
// (server/src/main.ts), its campaign worker and relay included, against the WhatsApp simulator.

const PEOPLE = 1000;
const PHONE_ID = '100000000000042';
const TOKEN = 'restart-access-token';
const APP_SECRET = 'restart-app-secret';

let ctx: TestContext;
let sim: WhatsAppSimulator;
let dataDir: string;
let child: ChildProcess | null = null;

beforeAll(async () => {
  ctx = await createTestContext();
  // Statuses never leave by themselves: the progress below is what the worker recorded, not late webhooks.
  sim = await startWhatsAppSimulator({
    phoneNumberId: PHONE_ID,
    accessToken: TOKEN,
    appSecret: APP_SECRET,
    statusDelayMs: null,
  });
  dataDir = await mkdtemp(path.join(tmpdir(), 'funil-restart-'));
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await sim?.close();
  await ctx?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** `server/src/main.ts` on this test's database; resolves once it says it is up. */
async function startApp(port: number): Promise<ChildProcess> {
  const app = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve(import.meta.dirname, '../src/main.ts')],
    {
      env: {
        ...process.env,
        DATABASE_URL: ctx.ownerUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        FUNIL_DATA_DIR: dataDir,
        FUNIL_SEED_DEMO: 'false',
        FUNIL_LOG_LEVEL: 'warn',
        FUNIL_WEB_DIST: '/nonexistent',
        // The simulator listens on loopback.
        FUNIL_OUTBOUND_ALLOW_LOOPBACK: 'true',
        // A batch every half second, picked up within half a second; a recipient left `sending` by a dead worker
        // is declared interrupted after 5 s (the default is 10 minutes).
        FUNIL_CAMPAIGN_TICK_MS: '500',
        FUNIL_QUEUE_POLL_S: '0.5',
        FUNIL_WEBHOOK_RELAY_MS: '250',
        FUNIL_CAMPAIGN_INTERRUPTED_MS: '5000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start:\n${output}`)), 30_000);
    app.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Funil está no ar')) {
        clearTimeout(timer);
        resolve();
      }
    });
    app.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    app.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code} before it was up:\n${output}`));
    });
  });
  app.removeAllListeners('exit');
  return app;
}

const until = async (check: () => Promise<boolean>, what: string, ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

type Campaign = { id: string; status: string; total: number; counts: Record<string, number> };

it('a 1,000-person WhatsApp send killed mid-way (SIGKILL) and restarted finishes with nobody messaged twice', async () => {
  const { workspaceId } = await createWorkspace(ctx.db, 'Imobiliária Reinício');
  const admin = await createUser(ctx, workspaceId, 'admin', { name: 'Ana Admin' });
  const owner = new pg.Client({ connectionString: ctx.ownerUrl });
  await owner.connect();
  try {
    await owner.query(
      `INSERT INTO people (workspace_id, kind, name, stage, origin, owner_id, created_by)
       SELECT $1, 'individual', 'Pessoa ' || lpad(i::text, 4, '0'), 'lead', 'manual', $2, $2
       FROM generate_series(1, $3::int) i`,
      [workspaceId, admin.id, PEOPLE],
    );
    await owner.query(
      `INSERT INTO person_phones (workspace_id, person_id, number, type, is_primary, position)
       SELECT workspace_id, id, '+55119' || lpad((7000000 + row_number() OVER (ORDER BY name))::text, 8, '0'),
         'whatsapp', true, 0
       FROM people WHERE workspace_id = $1`,
      [workspaceId],
    );
  } finally {
    await owner.end();
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}/api/v1`;
  child = await startApp(port);
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: admin.email, password: admin.password }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const api = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  await api('PUT', '/campaigns/whatsapp-account', {
    apiUrl: sim.url,
    apiVersion: 'v21.0',
    phoneNumberId: PHONE_ID,
    accessToken: TOKEN,
    appSecret: APP_SECRET,
    verifyToken: 'restart-verify-token',
  });
  // 6,000 a minute = 50 a batch every half second: at least ten seconds for 1,000.
  const draft = await api<Campaign>('POST', '/campaigns', {
    name: 'Lançamento (reinício)',
    channel: 'whatsapp',
    body: 'Olá {{primeiro_nome}}, temos novidades!',
    template: { name: 'lancamento', language: 'pt_BR', params: ['primeiro_nome'] },
    filter: { ownerId: admin.id },
    throttlePerMinute: 6000,
  });
  const started = await api<Campaign>('POST', `/campaigns/${draft.id}/start`);
  expect(started.total).toBe(PEOPLE);

  // Killed without warning once some but not all messages went out.
  await until(async () => sim.sent.length >= 200, 'the first 200 messages', 30_000);
  child.kill('SIGKILL');
  await new Promise((r) => child?.once('exit', r));
  const atKill = sim.sent.length;
  expect(atKill).toBeLessThan(PEOPLE);
  const killed = await api<Campaign>('GET', `/campaigns/${draft.id}`).catch(() => null);
  expect(killed).toBeNull();

  child = await startApp(port);
  const newLogin = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: admin.email, password: admin.password }),
  });
  expect(newLogin.status).toBe(200);
  let campaign: Campaign | null = null;
  await until(
    async () => {
      campaign = await api<Campaign>('GET', `/campaigns/${draft.id}`);
      return campaign.status === 'completed';
    },
    'the campaign to complete after the restart',
    45_000,
  );
  const done = campaign as unknown as Campaign;
  expect(sim.sent.length).toBeGreaterThan(atKill);

  // Nobody twice: each number at most one message.
  const perNumber = new Map<string, number>();
  for (const m of sim.sent) perNumber.set(m.to, (perNumber.get(m.to) ?? 0) + 1);
  const twice = [...perNumber].filter(([, n]) => n > 1);
  expect(twice).toEqual([]);

  // Every recipient has a final status, and the page's counts add up to them.
  const rows = (
    await ctx.db.query<{ address: string; status: string; error: string | null }>(
      `SELECT address, status, error FROM campaign_recipients WHERE workspace_id = $1 AND campaign_id = $2`,
      [workspaceId, draft.id],
    )
  ).rows;
  expect(rows).toHaveLength(PEOPLE);
  expect(rows.filter((r) => r.status === 'queued' || r.status === 'sending')).toEqual([]);
  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  expect(done.total).toBe(PEOPLE);
  expect(Object.values(done.counts).reduce((a, b) => a + b, 0)).toBe(PEOPLE);
  for (const [status, n] of Object.entries(byStatus)) expect(done.counts[status]).toBe(n);

  // Each recipient recorded as sent got exactly one message. The rows the killed worker had claimed but not reached
  // were queued again and sent by the new process; only a message in flight at the kill (its request may or may not
  // have left) is failed as interrupted and never sent again: one message or none for that person.
  const digits = (e164: string) => e164.replace(/\D/g, '');
  for (const r of rows.filter((x) => x.status === 'sent')) expect(perNumber.get(digits(r.address))).toBe(1);
  const unfinished = rows.filter((r) => r.status !== 'sent');
  expect(unfinished.length).toBeLessThanOrEqual(1);
  for (const r of unfinished) {
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/^interrupted/);
    expect(perNumber.get(digits(r.address)) ?? 0).toBeLessThanOrEqual(1);
  }
  expect(sim.sent.length).toBe(perNumber.size);
  expect(perNumber.size).toBeGreaterThanOrEqual(PEOPLE - unfinished.length);
}, 90_000);
