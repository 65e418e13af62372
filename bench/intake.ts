/**
 * `npm run bench:intake --workspace bench`: lead intake through the HTTP endpoint against the create-person API, in
 * one run on a fresh embedded PostgreSQL. 5,000 people are created through POST /people (the baseline); then 10,000
 * leads are posted to an intake source (Grupo OLX/ZAP preset), half of them the same people again with the phone and
 * e-mail written otherwise. Measures the HTTP answer (throughput, p95), the time until every lead is processed, and
 * counts the people created (no duplicates). Writes its section of bench/RESULTS.md.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/src/db/embedded.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { hashPassword } from '../server/src/modules/auth/auth.service.ts';
import { log, loginCookie, percentile, startServer, writeResultsSection } from './support.ts';

const EXISTING = Number(process.env.BENCH_INTAKE_EXISTING ?? 5_000);
const LEADS = Number(process.env.BENCH_INTAKE_LEADS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const PASSWORD = 'bench-password-1';

/** Runs `count` requests, CONCURRENCY at a time; answers each one's latency and the wall time. */
async function run(count: number, send: (i: number) => Promise<Response>) {
  const times: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const t = performance.now();
        const res = await send(i);
        await res.arrayBuffer();
        times.push(performance.now() - t);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: count / seconds, p95: percentile(times, 95), p50: percentile(times, 50), statuses };
}

/** Eight digits (a mobile number is 9 + eight digits). */
const digits = (i: number) => String(100_000_000 + i).slice(1);

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'funil-bench-intake-'));
  const embedded = await startEmbeddedPostgres({ dataDir, port: 57700 });
  let server: ChildProcess | null = null;
  try {
    await migrate(embedded.url);
    const db = new pg.Client({ connectionString: embedded.url });
    db.on('error', () => undefined);
    await db.connect();
    const ws = (await db.query("INSERT INTO workspaces (name) VALUES ('Bench intake') RETURNING id")).rows[0]
      .id;
    await db.query(
      `INSERT INTO users (workspace_id, name, email, password_hash, role) VALUES ($1, 'Admin', 'admin@bench', $2, 'admin')`,
      [ws, await hashPassword(PASSWORD)],
    );
    const port = 57710;
    const base = `http://127.0.0.1:${port}`;
    server = await startServer(embedded.url, port, {
      FUNIL_DB_POOL_SIZE: String(CONCURRENCY * 2),
      FUNIL_QUEUE_POLL_S: '0.5',
      FUNIL_WEBHOOK_RELAY_MS: '200',
    });
    const cookie = await loginCookie(base, 'admin@bench', PASSWORD);
    const post = (url: string, body: unknown, headers: Record<string, string> = { cookie }) =>
      fetch(`${base}/api/v1${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const pipeline = (await (
      await post('/pipelines', { name: 'Portais', stages: [{ name: 'Novo' }, { name: 'Visita' }] })
    ).json()) as {
      id: string;
    };
    const created = (await (
      await post('/intake/sources', {
        name: 'ZAP',
        preset: 'olx_zap',
        pipelineId: pipeline.id,
        media: 'Portal',
        channel: 'ZAP',
      })
    ).json()) as { source: { id: string }; token: string };

    // Baseline: the create-person API, the people the duplicates will match.
    log(`creating ${EXISTING} people through POST /people…`);
    const people = await run(EXISTING, (i) =>
      post('/people', {
        kind: 'individual',
        name: `Pessoa ${i}`,
        phones: [{ number: `(11) 9${digits(i).slice(0, 4)}-${digits(i).slice(4)}`, type: 'mobile' }],
        emails: [{ address: `pessoa${i}@bench.com.br` }],
      }),
    );
    log(
      `create-person: ${people.perSecond.toFixed(0)}/s, p95 ${people.p95.toFixed(1)} ms, ${[...people.statuses]}`,
    );
    if (people.statuses.get(201) !== EXISTING) throw new Error('the baseline people were not all created');

    // Intake: even leads are existing people (phone as +55 11 9xxxxxxxx, e-mail uppercased), odd ones new.
    log(`posting ${LEADS} leads…`);
    const auth = { authorization: `Bearer ${created.token}` };
    const intakeStarted = performance.now();
    const intake = await run(LEADS, (i) => {
      const existing = i % 2 === 0;
      const k = existing ? (i / 2) % EXISTING : 100_000 + i;
      const lead = existing
        ? { name: `Pessoa ${k}`, phoneNumber: `+55 11 9${digits(k)}`, email: `PESSOA${k}@BENCH.COM.BR` }
        : { name: `Lead ${k}`, ddd: '21', phone: `9${digits(k)}`, email: `lead${k}@bench.com.br` };
      return post(
        `/intake/${created.source.id}/leads`,
        { originLeadId: `zap-${i}`, clientListingId: 'a1', ...lead },
        auth,
      );
    });
    log(`intake HTTP: ${intake.perSecond.toFixed(0)}/s, p95 ${intake.p95.toFixed(1)} ms`);
    for (;;) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM intake_leads WHERE status = 'pending'`);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const processedSeconds = (performance.now() - intakeStarted) / 1000;
    const statuses = (
      await db.query('SELECT status, count(*)::int AS n FROM intake_leads GROUP BY status ORDER BY status')
    ).rows;
    const peopleCount = (await db.query('SELECT count(*)::int AS n FROM people')).rows[0].n as number;
    const expectedPeople = EXISTING + LEADS / 2;
    const duplicates = peopleCount - expectedPeople;
    const ratio = intake.perSecond / people.perSecond;
    log(
      `all processed in ${processedSeconds.toFixed(1)} s; people ${peopleCount} (expected ${expectedPeople})`,
    );

    const section = `<!-- intake:start -->
## Lead intake (issue 11)

Written by \`npm run bench:intake --workspace bench\` on ${new Date().toISOString()} (${os.cpus().length} cores,
Node ${process.version}). Fresh embedded PostgreSQL; ${EXISTING.toLocaleString('en')} people created first through
\`POST /people\` (the baseline, ${CONCURRENCY} concurrent clients), then ${LEADS.toLocaleString('en')} leads posted to
one Grupo OLX/ZAP source (${CONCURRENCY} concurrent clients, Bearer token): half are those people again with the phone
as \`+55 11 9…\` and the e-mail uppercased, half new people. Three \`intake-lead\` workers (25 leads per poll each) process them.

| measure | result | goal | met |
|---|---|---|---|
| intake HTTP answer throughput ÷ create-person API | ${intake.perSecond.toFixed(0)} / ${people.perSecond.toFixed(0)} per s = **${ratio.toFixed(2)}** | ≥ 0.8 | ${ratio >= 0.8 ? 'yes' : 'no'} |
| p95 intake HTTP answer | **${intake.p95.toFixed(1)} ms** (p50 ${intake.p50.toFixed(1)} ms) | — | — |
| p95 create-person API | ${people.p95.toFixed(1)} ms (p50 ${people.p50.toFixed(1)} ms) | — | — |
| time until every lead is processed (from the first post) | **${processedSeconds.toFixed(1)} s** (${(LEADS / processedSeconds).toFixed(0)} leads/s) | — | — |
| duplicate people created | **${duplicates}** (${peopleCount.toLocaleString('en')} people, ${expectedPeople.toLocaleString('en')} expected) | 0 | ${duplicates === 0 ? 'yes' : 'no'} |

HTTP answers: ${[...intake.statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}. Leads ended: ${statuses.map((r) => `${r.status} ${r.n}`).join(', ')}.
<!-- intake:end -->
`;
    await writeResultsSection('intake', section);
    await db.end();
  } finally {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
