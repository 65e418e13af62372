/**
 * `npm run bench`: seeds 1,000,000 people into a fresh embedded PostgreSQL and measures, in one run,
 * create-person throughput through the API vs raw single-row INSERTs, lookups by CPF/CNPJ, e-mail and
 * phone, accent-insensitive name search, and a broker's first list page. Writes bench/RESULTS.md.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { generateCpf } from '@funil/domain';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/src/db/embedded.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { createRandom, type DemoPerson, generateDemoPerson } from '../server/src/db/seed/demo-data.ts';
import { hashPassword } from '../server/src/modules/auth/auth.service.ts';
import { BOARD_BENCH, benchBoard, seedBoard } from './board.ts';
import { benchClientPage, seedClientPage } from './client-page.ts';
import { log, loginCookie, percentile, startServer } from './support.ts';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 1_000_000);
const BROKERS = 200;
const BATCH = 5_000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WRITE_SECONDS = Number(process.env.BENCH_WRITE_SECONDS ?? 15);
const SAMPLES = 300;
const PASSWORD = 'bench-password-1';
/** BENCH_ONLY=board skips the people measures (for tuning the board). */
const ONLY = process.env.BENCH_ONLY;

async function seedWorkspace(db: pg.Client) {
  const ws = (await db.query("INSERT INTO workspaces (name) VALUES ('Bench') RETURNING id")).rows[0]
    .id as string;
  const hash = await hashPassword(PASSWORD);
  const admin = (
    await db.query(
      `INSERT INTO users (workspace_id, name, email, password_hash, role) VALUES ($1, 'Admin', 'admin@bench', $2, 'admin')
       RETURNING id`,
      [ws, hash],
    )
  ).rows[0].id as string;
  const brokers = (
    await db.query(
      `INSERT INTO users (workspace_id, name, email, password_hash, role)
       SELECT $1, 'Corretor ' || i, 'broker' || i || '@bench', $2, 'broker' FROM generate_series(1, $3) i RETURNING id`,
      [ws, hash, BROKERS],
    )
  ).rows.map((r) => r.id as string);
  return { ws, admin, brokers };
}

/** Bulk-loads people with phones, e-mails and an address, BATCH rows per statement. */
async function seedPeople(db: pg.Client, ws: string, brokers: string[]) {
  const random = createRandom(1);
  const started = performance.now();
  for (let offset = 0; offset < PEOPLE; offset += BATCH) {
    const rows: DemoPerson[] = [];
    for (let i = offset; i < Math.min(PEOPLE, offset + BATCH); i++) rows.push(generateDemoPerson(random, i));
    const ids = (
      await db.query(
        `INSERT INTO people (workspace_id, kind, name, trade_name, document, stage, owner_id, tags, source_media,
           source_channel, origin, created_by, created_at)
         SELECT $1, x.kind, x.name, x.trade_name, x.document, x.stage, x.owner_id, '{}', x.media, x.channel, 'manual',
           x.owner_id, now() - (x.age || ' minutes')::interval
         FROM jsonb_to_recordset($2::jsonb) AS x(kind text, name text, trade_name text, document text, stage text,
           owner_id uuid, media text, channel text, age int)
         RETURNING id`,
        [
          ws,
          JSON.stringify(
            rows.map((p, j) => ({
              kind: p.kind,
              name: p.name,
              trade_name: p.tradeName,
              document: p.document,
              stage: p.stage,
              owner_id: brokers[(offset + j) % brokers.length],
              media: p.source.media,
              channel: p.source.channel,
              age: PEOPLE - offset - j,
            })),
          ),
        ],
      )
    ).rows.map((r) => r.id as string);
    const phones = rows.flatMap((p, j) =>
      p.phones.map((ph, position) => ({
        person_id: ids[j],
        number: ph.number,
        type: ph.type,
        is_primary: ph.primary,
        position,
      })),
    );
    const emails = rows.flatMap((p, j) =>
      p.emails.map((e, position) => ({
        person_id: ids[j],
        address: e.address,
        type: e.type,
        is_primary: e.primary,
        position,
      })),
    );
    await db.query(
      `INSERT INTO person_phones (workspace_id, person_id, number, type, is_primary, position)
       SELECT $1, x.person_id, x.number, x.type, x.is_primary, x.position
       FROM jsonb_to_recordset($2::jsonb) AS x(person_id uuid, number text, type text, is_primary boolean, position int)`,
      [ws, JSON.stringify(phones)],
    );
    await db.query(
      `INSERT INTO person_emails (workspace_id, person_id, address, type, is_primary, position)
       SELECT $1, x.person_id, x.address, x.type, x.is_primary, x.position
       FROM jsonb_to_recordset($2::jsonb) AS x(person_id uuid, address text, type text, is_primary boolean, position int)`,
      [ws, JSON.stringify(emails)],
    );
    if ((offset / BATCH) % 20 === 0) log(`seeded ${offset + rows.length} people`);
  }
  return (performance.now() - started) / 1000;
}

/** Runs `work` from CONCURRENCY loops for WRITE_SECONDS; returns operations per second. */
async function throughput(work: (n: number) => Promise<void>): Promise<number> {
  let done = 0;
  let next = 0;
  const deadline = performance.now() + WRITE_SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        await work(next++);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/**
 * One request over kept-alive connections (node:http: less client CPU than fetch, which matters when the
 * client shares two cores with the server and Postgres); resolves with the status.
 */
function request(url: string, cookie: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        agent,
        method: payload ? 'POST' : 'GET',
        headers: { cookie, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function latencies(samples: string[], cookie: string, base: string): Promise<number[]> {
  const times: number[] = [];
  for (const url of samples) {
    const t0 = performance.now();
    const { status } = await request(`${base}${url}`, cookie);
    if (status !== 200) throw new Error(`${url}: ${status}`);
    times.push(performance.now() - t0);
  }
  return times;
}

async function main() {
  // BENCH_DATA_DIR keeps the seeded database between runs (for tuning); by default it is thrown away.
  const keep = process.env.BENCH_DATA_DIR;
  const dataDir = keep ? path.resolve(keep) : await mkdtemp(path.join(os.tmpdir(), 'funil-bench-'));
  const embedded = await startEmbeddedPostgres({ dataDir, port: 57500 });
  let server: ChildProcess | null = null;
  try {
    await migrate(embedded.url);
    const db = new pg.Client({ connectionString: embedded.url });
    db.on('error', () => undefined);
    await db.connect();
    const existing = await db.query(`SELECT id FROM workspaces WHERE name = 'Bench'`);
    let ws: string;
    let brokers: string[];
    let seedSeconds = 0;
    if (existing.rowCount) {
      ws = existing.rows[0].id;
      brokers = (
        await db.query(`SELECT id FROM users WHERE role = 'broker' ORDER BY created_at, email`)
      ).rows.map((r) => r.id);
      log('reusing the seeded database in BENCH_DATA_DIR');
    } else {
      ({ ws, brokers } = await seedWorkspace(db));
      log(`seeding ${PEOPLE.toLocaleString('en')} people…`);
      seedSeconds = await seedPeople(db, ws, brokers);
      log(`seeded in ${seedSeconds.toFixed(0)} s`);
    }

    const pipelineId = await seedBoard(db, ws, brokers, log);
    await seedClientPage(db, ws, log);
    // Measure a settled database, as in production: no autovacuum pass or checkpoint left over from the bulk
    // load. Twice: an autovacuum ANALYZE still running from the load holds back the first pass, which then
    // cannot mark the new pages all-visible (the board's counts are index-only scans).
    for (let pass = 0; pass < 2; pass++) {
      await db.query('VACUUM (ANALYZE)');
      await db.query('CHECKPOINT');
    }

    const port = 57600;
    const base = `http://127.0.0.1:${port}`;
    server = await startServer(embedded.url, port, { FUNIL_DB_POOL_SIZE: String(CONCURRENCY * 2) });
    const admin = await loginCookie(base, 'admin@bench', PASSWORD);
    const broker = await loginCookie(base, 'broker7@bench', PASSWORD);

    const boardResults = await benchBoard(db, {
      base,
      adminCookie: admin,
      brokerCookie: broker,
      pipelineId,
      samples: SAMPLES,
      request,
      log,
    });
    const clientResults = await benchClientPage(db, {
      base,
      brokerCookie: broker,
      brokerEmail: 'broker7@bench',
      samples: SAMPLES,
      request,
      log,
    });
    const peopleResults = ONLY === 'board' ? null : await benchPeople();
    await db.end();

    async function benchPeople() {
      // Samples of existing identifiers, in the formats people type them.
      const sample = await db.query(
        `SELECT p.document, ph.number, e.address, split_part(p.name, ' ', 1) || ' ' || left(split_part(p.name, ' ', 2), 4) AS partial
         FROM people p TABLESAMPLE SYSTEM (1)
         JOIN person_phones ph ON ph.person_id = p.id AND ph.is_primary
         JOIN person_emails e ON e.person_id = p.id AND e.is_primary
         LIMIT ${SAMPLES + 20}`,
      );
      const q = (value: string) => `/api/v1/people?limit=25&q=${encodeURIComponent(value)}`;
      const mask = (d: string) =>
        d.length === 11 ? `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}` : d;
      const phoneMask = (e164: string) => `(${e164.slice(3, 5)}) ${e164.slice(5, -4)}-${e164.slice(-4)}`;

      // Warm-up: every query shape once per kind, on rows that are not measured afterwards.
      const warmup = sample.rows.splice(0, 20);
      for (const r of warmup) {
        for (const value of [mask(r.document), r.address, phoneMask(r.number), r.partial]) {
          await request(`${base}${q(value)}`, admin);
        }
        await request(`${base}/api/v1/people?limit=25`, broker);
      }
      const byDocument = await latencies(
        sample.rows.map((r) => q(mask(r.document))),
        admin,
        base,
      );
      const byEmail = await latencies(
        sample.rows.map((r) => q(r.address)),
        admin,
        base,
      );
      const byPhone = await latencies(
        sample.rows.map((r) => q(phoneMask(r.number))),
        admin,
        base,
      );
      const byName = await latencies(
        sample.rows.map((r) => q(r.partial.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase())),
        admin,
        base,
      );
      const brokerPage = await latencies(
        Array.from({ length: SAMPLES }, () => '/api/v1/people?limit=25'),
        broker,
        base,
      );
      log('reads measured');

      // Writes: raw single-row INSERTs (autocommit, CONCURRENCY connections) vs POST /people (same concurrency).
      const random = createRandom(Date.now() % 100_000);
      // Identifiers unique to this run, so a reused database (BENCH_DATA_DIR) gets no duplicates.
      const run = Date.now() % 10_000_000;
      const rawPool = new pg.Pool({ connectionString: embedded.url, max: CONCURRENCY });
      rawPool.on('error', () => undefined);
      const rawRate = await throughput(async () => {
        await rawPool.query(
          `INSERT INTO people (workspace_id, kind, name, document, stage, owner_id, origin)
           VALUES ($1, 'individual', 'Raw Insert', $2, 'lead', $3, 'manual') ON CONFLICT DO NOTHING`,
          [ws, generateCpf(random), brokers[0]],
        );
      });
      await rawPool.end();
      const apiRate = await throughput(async (n) => {
        const { status } = await request(`${base}/api/v1/people`, admin, {
          kind: 'individual',
          name: `Pessoa Bench ${n}`,
          document: generateCpf(random),
          phones: [
            {
              number: `+55119${String(70000000 + ((run + n) % 10_000_000)).padStart(8, '0')}`,
              type: 'whatsapp',
            },
          ],
          emails: [{ address: `bench.api.${run}.${n}@exemplo.com.br` }],
        });
        // A random CPF can collide with a seeded one (409): that is still a full trip through the API.
        if (status !== 201 && status !== 409) throw new Error(`create: ${status}`);
      });
      log('writes measured');

      return { byDocument, byEmail, byPhone, byName, brokerPage, apiRate, rawRate };
    }

    const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(1)} ms`;
    const row = (name: string, value: string, goal: string, met: boolean) =>
      `| ${name} | ${value} | ${goal} | ${met ? 'yes' : 'no'} |`;
    const b = boardResults;
    const boardRows = [
      row(
        `p95 board first screen (admin: ${BOARD_BENCH.STAGES} columns × top 50 + counts + sums)`,
        `**${ms(b.board, 95)}** (p50 ${ms(b.board, 50)})`,
        '≤ 100 ms',
        percentile(b.board, 95) <= 100,
      ),
      row('p95 board first screen (a broker: their cards only)', `${ms(b.brokerBoard, 95)}`, '—', true),
      row(
        'p95 move a card',
        `**${ms(b.moves, 95)}** (p50 ${ms(b.moves, 50)})`,
        '≤ 20 ms',
        percentile(b.moves, 95) <= 20,
      ),
      row(
        `${BOARD_BENCH.SSE_CLIENTS} SSE clients have received a move (worst of ${BOARD_BENCH.SSE_ROUNDS} moves)`,
        `**${Math.max(...b.fanOut).toFixed(0)} ms** (median ${percentile(b.fanOut, 50).toFixed(0)} ms)`,
        '≤ 1 s',
        Math.max(...b.fanOut) <= 1000,
      ),
    ];
    const c = clientResults;
    const clientRows = [
      row(
        "p95 a broker's week in Minhas atividades (calendar)",
        `**${ms(c.week, 95)}** (p50 ${ms(c.week, 50)})`,
        '≤ 50 ms',
        percentile(c.week, 95) <= 50,
      ),
      row(
        "p95 a broker's open activities, one group page (list view)",
        `**${ms(c.groups, 95)}** (p50 ${ms(c.groups, 50)})`,
        '≤ 50 ms',
        percentile(c.groups, 95) <= 50,
      ),
      row(
        "p95 a client's Resumo 360° (opportunities, orders, titles, limits)",
        `**${ms(c.summaries, 95)}** (p50 ${ms(c.summaries, 50)})`,
        '≤ 50 ms',
        percentile(c.summaries, 95) <= 50,
      ),
    ];
    const p = peopleResults;
    const peopleRows = p
      ? [
          row(
            'create-person throughput, API ÷ raw INSERT',
            `${p.apiRate.toFixed(0)} / ${p.rawRate.toFixed(0)} per s = **${(p.apiRate / p.rawRate).toFixed(2)}**`,
            '≥ 0.33',
            p.apiRate / p.rawRate >= 0.33,
          ),
          row(
            'p95 lookup by CPF (masked)',
            `**${ms(p.byDocument, 95)}**`,
            '≤ 5 ms',
            percentile(p.byDocument, 95) <= 5,
          ),
          row('p95 lookup by e-mail', `**${ms(p.byEmail, 95)}**`, '≤ 5 ms', percentile(p.byEmail, 95) <= 5),
          row(
            'p95 lookup by phone (masked)',
            `**${ms(p.byPhone, 95)}**`,
            '≤ 5 ms',
            percentile(p.byPhone, 95) <= 5,
          ),
          row(
            'p95 accent-insensitive name search',
            `**${ms(p.byName, 95)}**`,
            '≤ 50 ms',
            percentile(p.byName, 95) <= 50,
          ),
          row(
            "p95 broker's first list page",
            `**${ms(p.brokerPage, 95)}**`,
            '≤ 50 ms',
            percentile(p.brokerPage, 95) <= 50,
          ),
        ]
      : [];
    const report = `# Benchmark results

Written by \`npm run bench\` on ${new Date().toISOString()} (${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}).
Embedded PostgreSQL 18, ${PEOPLE.toLocaleString('en')} people (${BROKERS} brokers' wallets), seeded in ${seedSeconds.toFixed(0)} s, and one funnel
of ${b.opportunities.toLocaleString('en')} open opportunities over ${BOARD_BENCH.STAGES} stages.
Latencies are end to end through the HTTP API (session cookie), ${SAMPLES} sequential requests each;
throughput runs ${CONCURRENCY} concurrent clients for ${WRITE_SECONDS} s. The SSE figure is the time from sending a move until
the last of ${BOARD_BENCH.SSE_CLIENTS} connected clients has its event (Postgres NOTIFY → the app's LISTEN connection → every stream);
the tests check that a move reaches the other boards, this figure says how fast (tests assert no times).

## People (issue 3)

| measure | result | goal | met |
|---|---|---|---|
${p ? peopleRows.join('\n') : '| (not run: BENCH_ONLY=board) | | | |'}

${p ? `p50s: CPF ${ms(p.byDocument, 50)}, e-mail ${ms(p.byEmail, 50)}, phone ${ms(p.byPhone, 50)}, name ${ms(p.byName, 50)}, broker page ${ms(p.brokerPage, 50)}.` : ''}

## Kanban board (issue 4)

| measure | result | goal | met |
|---|---|---|---|
${boardRows.join('\n')}

## Client page (issue 5)

One activity per person (${PEOPLE.toLocaleString('en')} over the ${BROKERS} agendas, 60 days back to 60 ahead, most past ones done;
a funnel card's holder's activity is about that card, so the board above shows each card's next activity),
three ERP titles and a credit limit for 100,000 people. The broker has ${(PEOPLE / BROKERS).toLocaleString('en')} activities.

| measure | result | goal | met |
|---|---|---|---|
${clientRows.join('\n')}
`;
    await writeFile(path.join(import.meta.dirname, 'RESULTS.md'), report);
    console.log(report);
  } finally {
    server?.kill('SIGTERM');
    await embedded.stop();
    if (!keep) await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
