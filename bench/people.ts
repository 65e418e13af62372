/**
 * The people measures: create-person throughput through the API vs raw single-row INSERTs, lookups by CPF/CNPJ,
 * e-mail and phone, accent-insensitive name search, a broker's first list page, and a dense name search (a word
 * matching about 10 % of the people) alone and from 50 concurrent searchers. `npm run bench` runs them with the
 * rest; `npm run bench:people --workspace bench` runs only these (seeding only the people) and writes its section
 * of bench/RESULTS.md. BENCH_DATA_DIR keeps the seeded database between runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { generateCpf } from '@funil/domain';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/src/db/embedded.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { createRandom } from '../server/src/db/seed/demo-data.ts';
import { openOrSeedPeople, PASSWORD, PEOPLE } from './people-seed.ts';
import { log, loginCookie, percentile, startServer, writeResultsSection } from './support.ts';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WRITE_SECONDS = Number(process.env.BENCH_WRITE_SECONDS ?? 15);
const SAMPLES = 300;
/** The dense search: how many searchers at once, and for how long. */
const SEARCHERS = 50;
const SEARCH_SECONDS = Number(process.env.BENCH_SEARCH_SECONDS ?? 15);
/** BENCH_PARTS=dense (or reads, writes; comma-separated) measures only those parts, for tuning (RESULTS.md untouched). */
const PARTS = process.env.BENCH_PARTS?.split(',');
const part = (name: 'reads' | 'dense' | 'writes') => !PARTS || PARTS.includes(name);

/** Runs `work` from `concurrency` loops for `seconds`; returns operations per second and each one's latency. */
export async function throughput(
  work: (n: number) => Promise<void>,
  concurrency = CONCURRENCY,
  seconds = WRITE_SECONDS,
): Promise<{ perSecond: number; times: number[] }> {
  let next = 0;
  const times: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await work(next++);
        times.push(performance.now() - t0);
      }
    }),
  );
  return { perSecond: times.length / ((performance.now() - started) / 1000), times };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(CONCURRENCY, SEARCHERS) });

/**
 * One request over kept-alive connections (node:http: less client CPU than fetch, which matters when the
 * client shares two cores with the server and Postgres); resolves with the status.
 */
export function request(
  url: string,
  cookie: string,
  body?: unknown,
): Promise<{ status: number; body: string }> {
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

/**
 * The word typed in the dense search: among the seeded names' words, the one whose share of the workspace's
 * people is closest to 10 % (counted once, before measuring).
 */
async function denseWord(
  db: pg.Client,
  ws: string,
): Promise<{ word: string; matches: number; share: number }> {
  const { rows } = await db.query(
    `WITH sample AS (SELECT name FROM people TABLESAMPLE SYSTEM (2) WHERE workspace_id = $1),
       words AS (SELECT lower(w) AS w, count(*) AS n, (SELECT count(*) FROM sample) AS total
         FROM sample, regexp_split_to_table(search_text(name), '\\s+') AS w WHERE length(w) >= 4 GROUP BY 1)
     SELECT w FROM words ORDER BY abs(n::float / total - 0.10) LIMIT 1`,
    [ws],
  );
  const word = rows[0].w as string;
  const counted = await db.query(
    `SELECT count(*)::int AS n, (SELECT count(*)::int FROM people WHERE workspace_id = $1) AS total
     FROM people WHERE workspace_id = $1
       AND search_vector @@ to_tsquery('simple', quote_literal(left(search_text($2), 20)))`,
    [ws, word],
  );
  return { word, matches: counted.rows[0].n, share: counted.rows[0].n / counted.rows[0].total };
}

export type PeopleResults = Awaited<ReturnType<typeof benchPeople>>;
type Page = { total: number; totalCapped?: boolean };
const shownTotal = (p: Page) => `${p.total.toLocaleString('en')}${p.totalCapped ? '+' : ''}`;

/** Measures every people figure against the server at `base`, as the admin and a broker. */
export async function benchPeople(
  db: pg.Client,
  ctx: { base: string; url: string; ws: string; brokers: string[]; admin: string; broker: string },
) {
  const { base, admin, broker, ws, brokers } = ctx;
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
  const reads = (samples: string[], cookie: string) =>
    part('reads') ? latencies(samples, cookie, base) : [];
  const byDocument = await reads(
    sample.rows.map((r) => q(mask(r.document))),
    admin,
  );
  const byEmail = await reads(
    sample.rows.map((r) => q(r.address)),
    admin,
  );
  const byPhone = await reads(
    sample.rows.map((r) => q(phoneMask(r.number))),
    admin,
  );
  const byName = await reads(
    sample.rows.map((r) => q(r.partial.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase())),
    admin,
  );
  const brokerPage = await reads(
    Array.from({ length: SAMPLES }, () => '/api/v1/people?limit=25'),
    broker,
  );
  log('reads measured');

  // Dense search: one word matching ~10 % of the people, first page with its total, as the admin (sees everyone).
  const dense = await denseWord(db, ws);
  log(`dense word "${dense.word}": ${dense.matches} matches (${(dense.share * 100).toFixed(1)} %)`);
  const denseAnswer = await request(`${base}${q(dense.word)}`, admin);
  if (denseAnswer.status !== 200) throw new Error(`dense search: ${denseAnswer.status}`);
  const denseBody = JSON.parse(denseAnswer.body) as { total: number; totalCapped?: boolean };
  const denseAlone = part('dense')
    ? await latencies(
        Array.from({ length: SAMPLES }, () => q(dense.word)),
        admin,
        base,
      )
    : [];
  log(`dense search alone: p95 ${percentile(denseAlone, 95).toFixed(1)} ms`);
  const denseConcurrent = await throughput(
    async () => {
      const { status } = await request(`${base}${q(dense.word)}`, admin);
      if (status !== 200) throw new Error(`dense search: ${status}`);
    },
    SEARCHERS,
    part('dense') ? SEARCH_SECONDS : 0,
  );
  log(
    `dense search, ${SEARCHERS} searchers: ${denseConcurrent.perSecond.toFixed(0)}/s, p99 ${percentile(denseConcurrent.times, 99).toFixed(1)} ms`,
  );
  // Two common words of the demo data: a surname spread over the alphabet, a first name whose people all sort
  // together (a walk from the start of the name index does not reach them: the page is gathered).
  const common: { word: string; total: string; times: number[] }[] = [];
  for (const word of part('dense') ? ['silva', 'maria'] : []) {
    const first = JSON.parse((await request(`${base}${q(word)}`, admin)).body) as Page;
    const times = await latencies(
      Array.from({ length: 100 }, () => q(word)),
      admin,
      base,
    );
    common.push({ word, total: shownTotal(first), times });
    log(`"${word}" (${shownTotal(first)}): p95 ${percentile(times, 95).toFixed(1)} ms`);
  }
  // The same load with rare names (a first name and four letters of a surname, as above): what "as fast as a rare
  // search" means on this machine at this moment.
  const rareNames = sample.rows.map((r) =>
    q(r.partial.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()),
  );
  const rareConcurrent = await throughput(
    async (n) => {
      const { status } = await request(`${base}${rareNames[n % rareNames.length]}`, admin);
      if (status !== 200) throw new Error(`rare search: ${status}`);
    },
    SEARCHERS,
    part('dense') ? SEARCH_SECONDS : 0,
  );
  log(
    `rare search, ${SEARCHERS} searchers: ${rareConcurrent.perSecond.toFixed(0)}/s, p99 ${percentile(rareConcurrent.times, 99).toFixed(1)} ms`,
  );

  // Writes: raw single-row INSERTs (autocommit, CONCURRENCY connections) vs POST /people (same concurrency).
  const random = createRandom(Date.now() % 100_000);
  // Identifiers unique to this run, so a reused database (BENCH_DATA_DIR) gets no duplicates.
  const run = Date.now() % 10_000_000;
  const rawPool = new pg.Pool({ connectionString: ctx.url, max: CONCURRENCY });
  rawPool.on('error', () => undefined);
  const writeSeconds = part('writes') ? WRITE_SECONDS : 0;
  const rawRate = (
    await throughput(
      async () => {
        await rawPool.query(
          `INSERT INTO people (workspace_id, kind, name, document, stage, owner_id, origin)
         VALUES ($1, 'individual', 'Raw Insert', $2, 'lead', $3, 'manual') ON CONFLICT DO NOTHING`,
          [ws, generateCpf(random), brokers[0]],
        );
      },
      CONCURRENCY,
      writeSeconds,
    )
  ).perSecond;
  await rawPool.end();
  const api = await throughput(
    async (n) => {
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
    },
    CONCURRENCY,
    writeSeconds,
  );
  log(
    `writes: API ${api.perSecond.toFixed(0)}/s, raw ${rawRate.toFixed(0)}/s = ${(api.perSecond / rawRate).toFixed(3)}`,
  );

  return {
    byDocument,
    byEmail,
    byPhone,
    byName,
    brokerPage,
    apiRate: api.perSecond,
    rawRate,
    dense: { ...dense, total: denseBody.total, capped: denseBody.totalCapped === true },
    denseAlone,
    denseConcurrent,
    rareConcurrent,
    common,
  };
}

const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(1)} ms`;
const row = (name: string, value: string, goal: string, met: boolean | null) =>
  `| ${name} | ${value} | ${goal} | ${met === null ? '—' : met ? 'yes' : 'no'} |`;

/** The people table's rows and the p50 line, as bench/RESULTS.md shows them. */
export function peopleReport(p: PeopleResults): string {
  const d = p.dense;
  const total = d.capped ? `${d.total.toLocaleString('en')}+` : d.total.toLocaleString('en');
  const rows = [
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
    row('p95 lookup by phone (masked)', `**${ms(p.byPhone, 95)}**`, '≤ 5 ms', percentile(p.byPhone, 95) <= 5),
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
    row(
      `p95 dense name search ("${d.word}": ${d.matches.toLocaleString('en')} people, ${(d.share * 100).toFixed(1)} %; total shown ${total})`,
      `**${ms(p.denseAlone, 95)}** (p50 ${ms(p.denseAlone, 50)})`,
      '≤ 50 ms',
      percentile(p.denseAlone, 95) <= 50,
    ),
    row(
      `dense name search, ${SEARCHERS} concurrent searchers for ${SEARCH_SECONDS} s: answers/s`,
      `**${p.denseConcurrent.perSecond.toFixed(0)}/s**`,
      '≥ 200/s',
      p.denseConcurrent.perSecond >= 200,
    ),
    row(
      `dense name search, ${SEARCHERS} concurrent searchers: p99`,
      `**${ms(p.denseConcurrent.times, 99)}** (p50 ${ms(p.denseConcurrent.times, 50)})`,
      '≤ 500 ms',
      percentile(p.denseConcurrent.times, 99) <= 500,
    ),
    ...p.common.map((c) =>
      row(
        `p95 "${c.word}" alone (total shown ${c.total})`,
        `${ms(c.times, 95)} (p50 ${ms(c.times, 50)})`,
        '—',
        true,
      ),
    ),
    row(
      `for comparison: rare name searches (as in the name search above), ${SEARCHERS} concurrent searchers`,
      `${p.rareConcurrent.perSecond.toFixed(0)}/s, p99 ${ms(p.rareConcurrent.times, 99)}`,
      '—',
      null,
    ),
  ];
  return `| measure | result | goal | met |
|---|---|---|---|
${rows.join('\n')}

p50s: CPF ${ms(p.byDocument, 50)}, e-mail ${ms(p.byEmail, 50)}, phone ${ms(p.byPhone, 50)}, name ${ms(p.byName, 50)}, broker page ${ms(p.brokerPage, 50)}.`;
}

async function main() {
  const keep = process.env.BENCH_DATA_DIR;
  const dataDir = keep ? path.resolve(keep) : await mkdtemp(path.join(os.tmpdir(), 'funil-bench-people-'));
  const pgPort = Number(process.env.BENCH_PG_PORT ?? 57520);
  const embedded = await startEmbeddedPostgres({ dataDir, port: pgPort });
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    await migrate(embedded.url);
    const db = new pg.Client({ connectionString: embedded.url });
    db.on('error', () => undefined);
    await db.connect();
    const { ws, brokers, seedSeconds } = await openOrSeedPeople(db);
    if (seedSeconds) {
      for (let pass = 0; pass < 2; pass++) {
        await db.query('VACUUM (ANALYZE)');
        await db.query('CHECKPOINT');
      }
    }
    if (process.env.BENCH_SEED_ONLY) return;
    const port = Number(process.env.BENCH_PORT ?? 57620);
    const base = `http://127.0.0.1:${port}`;
    server = await startServer(embedded.url, port, { FUNIL_DB_POOL_SIZE: String(CONCURRENCY * 2) });
    const admin = await loginCookie(base, 'admin@bench', PASSWORD);
    const broker = await loginCookie(base, 'broker7@bench', PASSWORD);
    const results = await benchPeople(db, { base, url: embedded.url, ws, brokers, admin, broker });
    await db.end();
    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ');
    const report = peopleReport(results);
    console.log(report);
    if (PARTS) return;
    await writeResultsSection(
      'people',
      `<!-- people:start -->
## People: writes and name search alone (issue 15)

Written by \`npm run bench:people --workspace bench\` on ${new Date().toISOString()} (${os.cpus().length} cores,
Node ${process.version}; load average when it ended ${load} (1 / 5 / 15 min; other work on the machine inflates
these figures)). Embedded PostgreSQL, ${PEOPLE.toLocaleString('en')} people from the demo generator${seedSeconds ? ` (seeded in ${seedSeconds.toFixed(0)} s)` : ' (a database seeded by an earlier run, BENCH_DATA_DIR)'}, no
board or activities. Latencies are end to end through the HTTP API (session cookie), ${SAMPLES} sequential requests
each; create throughput runs ${CONCURRENCY} concurrent clients for ${WRITE_SECONDS} s; the dense search's throughput runs
${SEARCHERS} concurrent searchers (one admin session, all the same word) for ${SEARCH_SECONDS} s.

${report}
<!-- people:end -->`,
    );
  } finally {
    server?.kill('SIGTERM');
    await embedded.stop();
    if (!keep) await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
