/**
 * `npm run bench:exports --workspace bench`: 100,000 people (phone, e-mail, address) on a fresh embedded PostgreSQL;
 * an admin asks for the whole people list through `POST /exports` (the app built in-process with `buildApp`) and the
 * `export-file` job is run here, as the worker runs it — pages through the people list's own service, the file
 * streamed into the file store. Measures rows per second for CSV and XLSX. Writes its section of bench/RESULTS.md.
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
import { freePort } from '../server/src/lib/free-port.ts';
import { SecretBox } from '../server/src/lib/secret-box.ts';
import { hashPassword } from '../server/src/modules/auth/auth.service.ts';
import { runExport } from '../server/src/modules/exports/exports.service.ts';
import { RealtimeHub } from '../server/src/modules/realtime/realtime.hub.ts';
import { log, writeResultsSection } from './support.ts';

const PEOPLE = Number(process.env.BENCH_EXPORT_PEOPLE ?? 100_000);
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
  await db.query(
    `WITH p AS (
       INSERT INTO people (workspace_id, kind, name, stage, owner_id, origin, tags, source_media, source_channel)
       SELECT $1, 'individual', 'Pessoa ' || i, (ARRAY['suspect','prospect','lead','client'])[1 + i % 4], $2,
              'manual', ARRAY['bench'], 'Google', 'Site'
       FROM generate_series(1, $3::int) i RETURNING id, name),
     ph AS (
       INSERT INTO person_phones (workspace_id, person_id, number, type, is_primary, position)
       SELECT $1, p.id, '+55119' || lpad(substring(p.name from 8), 8, '0'), 'whatsapp', true, 0 FROM p),
     em AS (
       INSERT INTO person_emails (workspace_id, person_id, address, type, is_primary, position)
       SELECT $1, p.id, 'pessoa' || substring(p.name from 8) || '@exemplo.com.br', 'personal', true, 0 FROM p)
     INSERT INTO person_addresses (workspace_id, person_id, type, cep, street, number, city, state, is_primary, position)
     SELECT $1, p.id, 'home', '01310100', 'Av. Paulista', '1000', 'São Paulo', 'SP', true, 0 FROM p`,
    [ws, admin, PEOPLE],
  );
  await db.query('ANALYZE');
  return { ws };
}

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'funil-bench-exports-'));
  // A port of its own each run: other benches (and other checkouts) may be holding theirs.
  const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  try {
    await migrate(embedded.url);
    const owner = new pg.Client({ connectionString: embedded.url });
    await owner.connect();
    const seedStart = performance.now();
    const { ws } = await seed(owner);
    log(`seeded ${PEOPLE} people in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const db = createAppPool(embedded.url, 4);
    const files = new LocalFileStore(path.join(dataDir, 'files'));
    const app = await buildApp({
      db,
      env: loadEnv({ FUNIL_LOG_LEVEL: 'silent', FUNIL_WEB_DIST: '/nonexistent' }),
      files,
      secrets: new SecretBox(randomBytes(32)),
      realtime: new RealtimeHub(embedded.url),
    });
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@bench', password: PASSWORD },
    });
    const cookie = `funil_session=${login.cookies.find((c) => c.name === 'funil_session')?.value}`;
    const results: { format: string; rows: number; seconds: number; bytes: number }[] = [];
    for (const format of ['csv', 'xlsx'] as const) {
      const asked = await app.inject({
        method: 'POST',
        url: '/api/v1/exports',
        headers: { cookie },
        payload: { list: 'people', format, filters: {} },
      });
      if (asked.statusCode !== 202) throw new Error(`export answered ${asked.statusCode}: ${asked.body}`);
      const id = asked.json().id as string;
      const t = performance.now();
      await runExport({ db, files }, { workspaceId: ws, exportId: id });
      const seconds = (performance.now() - t) / 1000;
      const record = (await app.inject({ url: `/api/v1/exports/${id}`, headers: { cookie } })).json();
      if (record.status !== 'done') throw new Error(`export ended ${record.status}: ${record.error}`);
      results.push({ format, rows: record.rowsDone, seconds, bytes: record.fileSize });
      log(
        `${format}: ${record.rowsDone} rows in ${seconds.toFixed(1)} s (${Math.round(record.rowsDone / seconds)} rows/s)`,
      );
    }
    const load = os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' / ');
    const section = `<!-- exports:start -->
## Exports (issue 13 §3)

Written by \`npm run bench:exports --workspace bench\` on ${new Date().toISOString()} (${os.cpus().length} cores,
Node ${process.version}; load average at the end ${load}, other engineers' work shares the machine). Embedded
PostgreSQL, ${PEOPLE.toLocaleString('en')} people, each with a phone, an e-mail and an address. An admin asks for the
whole people list (\`POST /exports\`, in-process) and the \`export-file\` job runs as the worker runs it: keyset pages
of 500 through the people list's own service and policy, the file streamed into the file store, progress recorded.

| format | rows | time | rows/s | file |
|---|---|---|---|---|
${results
  .map(
    (r) =>
      `| ${r.format.toUpperCase()} | ${r.rows.toLocaleString('en')} | ${r.seconds.toFixed(1)} s | **${Math.round(r.rows / r.seconds).toLocaleString('en')}** | ${(r.bytes / 1024 / 1024).toFixed(1)} MB |`,
  )
  .join('\n')}
<!-- exports:end -->
`;
    await writeResultsSection('exports', section);
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
