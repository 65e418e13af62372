/**
 * `npm run bench`: seeds 1,000,000 people into a fresh embedded PostgreSQL and measures, in one run,
 * create-person throughput through the API vs raw single-row INSERTs, lookups by CPF/CNPJ, e-mail and
 * phone, accent-insensitive name search, and a broker's first list page. Writes bench/RESULTS.md.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/src/db/embedded.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { BOARD_BENCH, benchBoard, seedBoard } from './board.ts';
import { benchClientPage, seedClientPage } from './client-page.ts';
import { benchPeople, peopleReport, request } from './people.ts';
import { BROKERS, openOrSeedPeople, PASSWORD, PEOPLE } from './people-seed.ts';
import { log, loginCookie, percentile, startServer } from './support.ts';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WRITE_SECONDS = Number(process.env.BENCH_WRITE_SECONDS ?? 15);
const SAMPLES = 300;
/** BENCH_ONLY=board skips the people measures (for tuning the board). */
const ONLY = process.env.BENCH_ONLY;

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
    const { ws, brokers, seedSeconds } = await openOrSeedPeople(db);

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
    const peopleResults =
      ONLY === 'board'
        ? null
        : await benchPeople(db, { base, url: embedded.url, ws, brokers, admin, broker });
    await db.end();

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
    const report = `# Benchmark results

Written by \`npm run bench\` on ${new Date().toISOString()} (${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}).
Embedded PostgreSQL 18, ${PEOPLE.toLocaleString('en')} people (${BROKERS} brokers' wallets), seeded in ${seedSeconds.toFixed(0)} s, and one funnel
of ${b.opportunities.toLocaleString('en')} open opportunities over ${BOARD_BENCH.STAGES} stages.
Latencies are end to end through the HTTP API (session cookie), ${SAMPLES} sequential requests each;
throughput runs ${CONCURRENCY} concurrent clients for ${WRITE_SECONDS} s. The SSE figure is the time from sending a move until
the last of ${BOARD_BENCH.SSE_CLIENTS} connected clients has its event (Postgres NOTIFY → the app's LISTEN connection → every stream);
the tests check that a move reaches the other boards, this figure says how fast (tests assert no times).

## People (issue 3)

${peopleResults ? peopleReport(peopleResults) : '(not run: BENCH_ONLY=board)'}

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
    // The other benches' sections (between their markers) stay below this run's figures.
    const file = path.join(import.meta.dirname, 'RESULTS.md');
    const current = await readFile(file, 'utf8').catch(() => '');
    const sections = current.indexOf('<!-- ');
    await writeFile(file, sections >= 0 ? `${report}\n${current.slice(sections)}` : report);
    console.log(report);
  } finally {
    server?.kill('SIGTERM');
    await embedded.stop();
    if (!keep) await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
