/**
 * `npm run bench:campaigns --workspace bench`: a 10,000-recipient WhatsApp campaign is started through the HTTP API
 * (the app built in-process with `buildApp`, on a fresh embedded PostgreSQL) and the time until every recipient row
 * is queued is measured — the start request takes them from the people list's filter in one statement. Then one
 * batch is claimed to check the queue is usable. Writes its section of bench/RESULTS.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadEnv } from '../server/src/config/env.ts';
import { startEmbeddedPostgres } from '../server/src/db/embedded.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { createAppPool } from '../server/src/db/pool.ts';
import { buildApp } from '../server/src/http/app.ts';
import { LocalFileStore } from '../server/src/lib/file-store.ts';
import { SecretBox } from '../server/src/lib/secret-box.ts';
import { hashPassword } from '../server/src/modules/auth/auth.service.ts';
import { RealtimeHub } from '../server/src/modules/realtime/realtime.hub.ts';
import { log, writeResultsSection } from './support.ts';

const RECIPIENTS = Number(process.env.BENCH_CAMPAIGN_RECIPIENTS ?? 10_000);
/** People in the workspace besides the campaign's (the filter must find the right ones among them). */
const OTHERS = Number(process.env.BENCH_CAMPAIGN_OTHERS ?? 40_000);
const RUNS = 3;
const PASSWORD = 'bench-password-1';

async function seed(db: pg.Client) {
  const ws = (await db.query("INSERT INTO workspaces (name) VALUES ('Bench') RETURNING id")).rows[0]
    .id as string;
  const admin = (
    await db.query(
      `INSERT INTO users (workspace_id, name, email, password_hash, role)
       VALUES ($1, 'Admin', 'admin@bench', $2, 'admin') RETURNING id`,
      [ws, await hashPassword(PASSWORD)],
    )
  ).rows[0].id as string;
  for (const [tag, n, offset] of [
    ['campanha', RECIPIENTS, 0],
    ['outros', OTHERS, RECIPIENTS],
  ] as const) {
    await db.query(
      `WITH p AS (
         INSERT INTO people (workspace_id, kind, name, stage, owner_id, origin, tags)
         SELECT $1, 'individual', 'Pessoa ' || i, 'lead', $2, 'manual', ARRAY[$3::text]
         FROM generate_series($4::int + 1, $4::int + $5::int) i RETURNING id, name)
       INSERT INTO person_phones (workspace_id, person_id, number, type, is_primary, position)
       SELECT $1, p.id, '+55119' || lpad(substring(p.name from 8), 8, '0'), 'whatsapp', true, 0 FROM p`,
      [ws, admin, tag, offset, n],
    );
  }
  // A few on the deny list (skipped with the reason).
  await db.query(
    `UPDATE people SET do_not_contact = true WHERE workspace_id = $1 AND name IN ('Pessoa 1', 'Pessoa 2', 'Pessoa 3')`,
    [ws],
  );
  await db.query('ANALYZE');
  return { ws, admin };
}

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'funil-bench-campaigns-'));
  const embedded = await startEmbeddedPostgres({ dataDir, port: 57800 });
  try {
    await migrate(embedded.url);
    const owner = new pg.Client({ connectionString: embedded.url });
    await owner.connect();
    const seedStart = performance.now();
    await seed(owner);
    log(`seeded ${RECIPIENTS + OTHERS} people in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const db = createAppPool(embedded.url, 4);
    const secrets = new SecretBox(randomBytes(32));
    const app = await buildApp({
      db,
      env: loadEnv({ FUNIL_LOG_LEVEL: 'silent', FUNIL_WEB_DIST: '/nonexistent' }),
      files: new LocalFileStore(path.join(dataDir, 'files')),
      secrets,
      realtime: new RealtimeHub(embedded.url),
    });
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@bench', password: PASSWORD },
    });
    const cookie = `funil_session=${login.cookies.find((c) => c.name === 'funil_session')?.value}`;
    const call = (method: 'POST' | 'PUT' | 'GET', url: string, payload?: object) =>
      app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
    await call('PUT', '/campaigns/whatsapp-account', {
      apiUrl: 'http://127.0.0.1:9',
      phoneNumberId: '100000000000001',
      accessToken: 'bench-access-token',
      appSecret: 'bench-app-secret',
      verifyToken: 'bench-verify-token',
    });
    const times: number[] = [];
    let counts: Record<string, number> = {};
    for (let run = 0; run < RUNS; run++) {
      const created = await call('POST', '/campaigns', {
        name: `Bench ${run}`,
        channel: 'whatsapp',
        body: 'Olá {{primeiro_nome}}',
        template: { name: 'oferta', language: 'pt_BR', params: ['primeiro_nome'] },
        filter: { tag: 'campanha' },
        throttlePerMinute: 6000,
      });
      const id = created.json().id as string;
      const t = performance.now();
      const started = await call('POST', `/campaigns/${id}/start`);
      times.push((performance.now() - t) / 1000);
      if (started.statusCode !== 200)
        throw new Error(`start answered ${started.statusCode}: ${started.body}`);
      counts = started.json().counts;
      log(`run ${run + 1}: ${times.at(-1)?.toFixed(2)} s, ${JSON.stringify(counts)}`);
    }
    const worst = Math.max(...times);
    const best = Math.min(...times);
    const queued = (counts.queued ?? 0) + (counts.skipped ?? 0);
    const section = `<!-- campaigns:start -->
## Mass sends (issue 12)

Written by \`npm run bench:campaigns --workspace bench\` on ${new Date().toISOString()} (${os.cpus().length} cores,
Node ${process.version}). Embedded PostgreSQL, ${(RECIPIENTS + OTHERS).toLocaleString('en')} people with a WhatsApp
phone, ${RECIPIENTS.toLocaleString('en')} of them tagged for the campaign (3 on the deny list). \`POST
/campaigns/{id}/start\` through the HTTP layer (in-process), ${RUNS} campaigns in a row.

| measure | result | goal | met |
|---|---|---|---|
| ${RECIPIENTS.toLocaleString('en')}-recipient send queued (start request, worst of ${RUNS}) | **${worst.toFixed(2)} s** (best ${best.toFixed(2)} s) | ≤ 5 s | ${worst <= 5 && queued === RECIPIENTS ? 'yes' : 'no'} |

Recipient rows made: ${queued.toLocaleString('en')} (${counts.queued ?? 0} queued, ${counts.skipped ?? 0} skipped).
<!-- campaigns:end -->
`;
    await writeResultsSection('campaigns', section);
    await app.close();
    await db.end();
    await owner.end();
  } finally {
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
