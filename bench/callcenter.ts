/**
 * `npm run bench:callcenter --workspace bench`: the call center's call list (aba Filtros) on 100,000 people, on a
 * fresh embedded PostgreSQL. Seeds people with a phone, 80,000 of them with a contact attempt (its timeline event,
 * the attempt and the person's contact summary) over the last 120 days, publicity / interest / lead type from the
 * workspace's lists; a broker owns 5,000. Measures `POST /call-center/call-list` (first page of 50 + the total)
 * through the HTTP API, 200 sequential requests per filter; writes its section of bench/RESULTS.md.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/src/db/embedded.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { createAppPool, type Queryable } from '../server/src/db/pool.ts';
import { actorForUser, hashPassword } from '../server/src/modules/auth/auth.service.ts';
import { callListPage } from '../server/src/modules/callcenter/callcenter.service.ts';
import { log, loginCookie, percentile, startServer, writeResultsSection } from './support.ts';

const PEOPLE = Number(process.env.BENCH_CALLCENTER_PEOPLE ?? 100_000);
const REQUESTS = Number(process.env.BENCH_CALLCENTER_REQUESTS ?? 200);
const PASSWORD = 'bench-password-1';
const GOAL_MS = 100;

async function seed(db: pg.Client, ws: string, adminId: string, brokerId: string) {
  const options = async (list: string, labels: string[]) =>
    (
      await db.query(
        `INSERT INTO list_options (workspace_id, list, label, position)
         SELECT $1, $2, label, ord FROM unnest($3::text[]) WITH ORDINALITY AS x(label, ord) RETURNING id`,
        [ws, list, labels],
      )
    ).rows.map((r) => r.id as string);
  const publicity = await options('publicity', ['Instagram', 'Jornal', 'Indicação', 'Google', 'Placa']);
  const interest = await options('interest_level', ['Baixo', 'Médio', 'Alto']);
  const leadType = await options('lead_type', ['Compra', 'Locação']);
  await db.query(
    `INSERT INTO people (workspace_id, kind, name, stage, origin, owner_id, created_by)
     SELECT $1, 'individual', 'Pessoa ' || lpad(i::text, 6, '0'), 'lead', 'manual',
       CASE WHEN i % 20 = 0 THEN $2::uuid ELSE $3::uuid END, $3::uuid
     FROM generate_series(1, $4::int) i`,
    [ws, brokerId, adminId, PEOPLE],
  );
  await db.query(
    `INSERT INTO person_phones (workspace_id, person_id, number, type, is_primary, position)
     SELECT workspace_id, id, '+55119' || lpad((row_number() OVER ())::text, 8, '0'), 'mobile', true, 0
     FROM people WHERE workspace_id = $1`,
    [ws],
  );
  // One contact for 4 people in 5: its event (dummy hashes: the bench does not verify chains), the attempt, the summary.
  await db.query(
    `CREATE TEMP TABLE seeded AS
     SELECT p.id AS person_id, now() - (random() * interval '120 days') AS at,
       ($2::uuid[])[1 + floor(random() * 5)::int] AS publicity_id,
       ($3::uuid[])[1 + floor(random() * 3)::int] AS interest_level_id,
       ($4::uuid[])[1 + floor(random() * 2)::int] AS lead_type_id
     FROM people p WHERE p.workspace_id = $1 AND random() < 0.8`,
    [ws, publicity, interest, leadType],
  );
  await db.query(
    `WITH ev AS (
       INSERT INTO timeline_events (workspace_id, subject_type, subject_id, seq, kind, actor_id, occurred_at,
         summary, payload_digest, prev_hash, hash)
       SELECT $1, 'person', person_id, 1, 'contact_attempt', $2, at, '{}', 'x', 'x', 'x' FROM seeded
       RETURNING id, subject_id, occurred_at
     )
     INSERT INTO contact_attempts (workspace_id, person_id, direction, channel, outcome, interest_level_id,
       lead_type_id, publicity_id, user_id, event_id, created_at)
     SELECT $1, s.person_id, 'outbound', 'call', 'answered', s.interest_level_id, s.lead_type_id, s.publicity_id,
       $2, ev.id, s.at
     FROM ev JOIN seeded s ON s.person_id = ev.subject_id`,
    [ws, adminId],
  );
  await db.query(
    `INSERT INTO person_contact_summary (person_id, workspace_id, last_contact_at, attempts, interest_level_id,
       lead_type_id, publicity_id)
     SELECT person_id, $1, at, 1, interest_level_id, lead_type_id, publicity_id FROM seeded`,
    [ws],
  );
  // A steady database: autovacuum has set the visibility map (index-only scans) and the statistics.
  await db.query('VACUUM ANALYZE');
  return { publicity, interest, leadType };
}

/** BENCH_EXPLAIN=1: prints the plans of each case's statements (run through the service, so the SQL is the app's). */
async function explainAll(
  url: string,
  ws: string,
  adminId: string,
  brokerId: string,
  cases: { name: string; cookie: string; filter: Record<string, unknown> }[],
) {
  const pool = createAppPool(url, 4);
  const explaining: Queryable = {
    // biome-ignore lint/suspicious/noExplicitAny: a pg query config or text, passed through
    query: (async (q: any, values?: unknown[]) => {
      const text = typeof q === 'string' ? q : q.text;
      const res = await pool.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
        typeof q === 'string' ? values : q.values,
      );
      console.log(res.rows.map((r) => r['QUERY PLAN']).join('\n'));
      return { rows: [{ n: 0 }], rowCount: 0 };
    }) as Queryable['query'],
  } as Queryable;
  for (const c of cases) {
    const actor = await actorForUser(pool, ws, c.name.startsWith('broker') ? brokerId : adminId);
    if (!actor) throw new Error('no actor');
    console.log(`--- ${c.name}`);
    await callListPage(explaining as never, actor, c.filter, null);
  }
  await pool.end();
}

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'funil-bench-callcenter-'));
  const embedded = await startEmbeddedPostgres({ dataDir, port: 57800 });
  let server: ChildProcess | null = null;
  try {
    await migrate(embedded.url);
    const db = new pg.Client({ connectionString: embedded.url });
    db.on('error', () => undefined);
    await db.connect();
    const ws = (await db.query("INSERT INTO workspaces (name) VALUES ('Bench call center') RETURNING id"))
      .rows[0].id as string;
    const user = async (email: string, role: string) =>
      (
        await db.query(
          `INSERT INTO users (workspace_id, name, email, password_hash, role) VALUES ($1, $2, $2, $3, $4) RETURNING id`,
          [ws, email, await hashPassword(PASSWORD), role],
        )
      ).rows[0].id as string;
    const adminId = await user('admin@bench', 'admin');
    const brokerId = await user('broker@bench', 'broker');
    const started = performance.now();
    log(`seeding ${PEOPLE} people and their contacts…`);
    const lists = await seed(db, ws, adminId, brokerId);
    const seededIn = (performance.now() - started) / 1000;
    log(`seeded in ${seededIn.toFixed(0)} s`);

    const port = 57810;
    const base = `http://127.0.0.1:${port}`;
    server = await startServer(embedded.url, port);
    const cookieOf = (email: string) => loginCookie(base, email, PASSWORD);
    const admin = await cookieOf('admin@bench');
    const broker = await cookieOf('broker@bench');
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

    const cases: { name: string; cookie: string; filter: Record<string, unknown> }[] = [
      { name: 'admin: one publicity channel', cookie: admin, filter: { publicityIds: [lists.publicity[0]] } },
      {
        name: 'admin: publicity + interest + lead type',
        cookie: admin,
        filter: {
          publicityIds: [lists.publicity[1]],
          interestLevelIds: [lists.interest[2]],
          leadTypeIds: [lists.leadType[0]],
        },
      },
      {
        name: 'admin: contacted in the last 30 days',
        cookie: admin,
        filter: { contactedFrom: day(30), contactedTo: day(0) },
      },
      { name: 'admin: not contacted for 60 days', cookie: admin, filter: { notContactedSince: day(60) } },
      {
        name: 'broker (5,000 own): one publicity channel',
        cookie: broker,
        filter: { publicityIds: [lists.publicity[0]] },
      },
      { name: 'admin: no filter (every person)', cookie: admin, filter: {} },
    ];
    const rows: string[] = [];
    for (const c of cases) {
      const times: number[] = [];
      let total = '';
      for (let i = 0; i < REQUESTS + 10; i++) {
        const t = performance.now();
        const res = await fetch(`${base}/api/v1/call-center/call-list`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: c.cookie },
          body: JSON.stringify({ filter: c.filter }),
        });
        const body = (await res.json()) as { total: number; totalCapped: boolean };
        if (res.status !== 200) throw new Error(`${c.name}: ${res.status} ${JSON.stringify(body)}`);
        if (i >= 10) times.push(performance.now() - t);
        total = `${body.total.toLocaleString('en')}${body.totalCapped ? '+' : ''}`;
      }
      const p95 = percentile(times, 95);
      log(`${c.name}: ${total} people, p95 ${p95.toFixed(1)} ms, p50 ${percentile(times, 50).toFixed(1)} ms`);
      rows.push(
        `| ${c.name} | ${total} | **${p95.toFixed(1)} ms** (p50 ${percentile(times, 50).toFixed(1)} ms) | ≤ ${GOAL_MS} ms | ${p95 <= GOAL_MS ? 'yes' : 'no'} |`,
      );
    }
    await db.end();
    if (process.env.BENCH_EXPLAIN) await explainAll(embedded.url, ws, adminId, brokerId, cases);

    const section = `<!-- callcenter:start -->
## Call list, aba Filtros (issue 12)

Written by \`npm run bench:callcenter --workspace bench\` on ${new Date().toISOString()} (${os.cpus().length} cores,
Node ${process.version}). Fresh embedded PostgreSQL; ${PEOPLE.toLocaleString('en')} people with a phone, 80% of them with
a contact attempt in the last 120 days (seeded in SQL in ${seededIn.toFixed(0)} s); a broker owns 5%. Each figure is
the first page (50 by name) plus the total through \`POST /call-center/call-list\`, ${REQUESTS} sequential requests
after 10 warm-up ones. The total is exact up to 10,000 matches and answered as "10,000+" (\`totalCapped\`) past
them: the count stops at the 10,001st match instead of reading all of them. Load average when it ended: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} (1 / 5 / 15 min; other work on the machine inflates these figures).

| filter | people matched | p95 first page | goal | met |
|---|---|---|---|---|
${rows.join('\n')}
<!-- callcenter:end -->`;
    await writeResultsSection('callcenter', section);
  } finally {
    server?.kill('SIGTERM');
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
