/**
 * The Kanban board benchmark: one funnel with 100,000 opportunities over 8 stages. Measures the board's
 * first screen (top 50 cards per column + counts + sums), a move, and how long 200 connected SSE clients
 * take to receive a move.
 */
import http from 'node:http';
import { generateNKeysBetween } from 'fractional-indexing';
import type pg from 'pg';
import { percentile } from './support.ts';

const OPPORTUNITIES = Number(process.env.BENCH_OPPORTUNITIES ?? 100_000);
const STAGES = 8;
const SSE_CLIENTS = 200;
const SSE_ROUNDS = 10;

type Log = (msg: string) => void;

/** Bulk-loads the funnel: stages, opportunities (ranked per column), their holders and stage visits. */
export async function seedBoard(db: pg.Client, ws: string, brokers: string[], log: Log) {
  const existing = await db.query(
    `SELECT id FROM pipelines WHERE workspace_id = $1 AND name = 'Bench funnel'`,
    [ws],
  );
  if (existing.rowCount) return existing.rows[0].id as string;
  const started = performance.now();
  const pipelineId = (
    await db.query(`INSERT INTO pipelines (workspace_id, name) VALUES ($1, 'Bench funnel') RETURNING id`, [
      ws,
    ])
  ).rows[0].id as string;
  const stageIds = (
    await db.query(
      `INSERT INTO pipeline_stages (workspace_id, pipeline_id, name, position, probability, rotting_days)
       SELECT $1, $2, 'Etapa ' || (i + 1), i, i * 12, 10 FROM generate_series(0, $3 - 1) i
       RETURNING id`,
      [ws, pipelineId, STAGES],
    )
  ).rows.map((r) => r.id as string);
  const holders = (await db.query('SELECT id FROM people ORDER BY id LIMIT $1', [OPPORTUNITIES])).rows.map(
    (r) => r.id as string,
  );
  const perStage = Math.ceil(OPPORTUNITIES / STAGES);
  for (const [s, stageId] of stageIds.entries()) {
    const ranks = generateNKeysBetween(null, null, perStage);
    for (let offset = 0; offset < perStage; offset += 5000) {
      const batch = ranks.slice(offset, offset + 5000).map((rank, j) => {
        const i = s * perStage + offset + j;
        return {
          rank,
          owner: brokers[i % brokers.length],
          holder: holders[i % holders.length],
          value: 10_000_000 + ((i * 7919) % 90_000_000),
          days: i % 30,
        };
      });
      await db.query(
        `WITH x AS (
           SELECT * FROM jsonb_to_recordset($4::jsonb) AS x(rank text, owner uuid, holder uuid, value bigint, days int)),
         o AS (
           INSERT INTO opportunities (workspace_id, pipeline_id, stage_id, rank, title, value_cents, owner_id, created_by,
             stage_entered_at, created_at, city, source_media)
           SELECT $1, $2, $3, x.rank, 'Oportunidade ' || x.rank, x.value, x.owner, x.owner,
             now() - (x.days || ' days')::interval, now() - (x.days || ' days')::interval, 'São Paulo', 'Site'
           FROM x RETURNING id, rank, stage_entered_at),
         h AS (
           INSERT INTO opportunity_people (workspace_id, opportunity_id, person_id, role)
           SELECT $1, o.id, x.holder, 'holder' FROM o JOIN x ON x.rank = o.rank)
         INSERT INTO opportunity_stage_visits (workspace_id, opportunity_id, pipeline_id, stage_id, entered_at)
         SELECT $1, o.id, $2, $3, o.stage_entered_at FROM o`,
        [ws, pipelineId, stageId, JSON.stringify(batch)],
      );
    }
  }
  log(
    `seeded ${OPPORTUNITIES.toLocaleString('en')} opportunities in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return pipelineId;
}

/** Holds `n` SSE connections to the funnel's event stream; resolves once each got its `ready`. */
async function connectClients(base: string, cookie: string, pipelineId: string, n: number) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const clients: { received: Map<string, number>; req: http.ClientRequest }[] = [];
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<void>((resolve, reject) => {
          const received = new Map<string, number>();
          const req = http.get(
            `${base}/api/v1/events?pipelineId=${pipelineId}`,
            { agent, headers: { cookie } },
            (res) => {
              let buffer = '';
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => {
                buffer += chunk;
                let end = buffer.indexOf('\n\n');
                while (end >= 0) {
                  const block = buffer.slice(0, end);
                  buffer = buffer.slice(end + 2);
                  if (block.includes('event: ready')) resolve();
                  const data = /^data: (.*)$/m.exec(block)?.[1];
                  if (data && !block.includes('event: ready')) {
                    const event = JSON.parse(data) as { opportunityId: string; version: number };
                    received.set(`${event.opportunityId}:${event.version}`, performance.now());
                  }
                  end = buffer.indexOf('\n\n');
                }
              });
            },
          );
          req.on('error', reject);
          clients.push({ received, req });
        }),
    ),
  );
  return {
    clients,
    close: () => {
      for (const c of clients) c.req.destroy();
    },
  };
}

export async function benchBoard(
  db: pg.Client,
  opts: {
    base: string;
    adminCookie: string;
    brokerCookie: string;
    pipelineId: string;
    samples: number;
    request: (url: string, cookie: string, body?: unknown) => Promise<{ status: number; body: string }>;
    log: Log;
  },
) {
  const { base, adminCookie, brokerCookie, pipelineId, request, log } = opts;
  const board = `${base}/api/v1/pipelines/${pipelineId}/board`;
  const timed = async (url: string, cookie: string, body?: unknown) => {
    const t0 = performance.now();
    const res = await request(url, cookie, body);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.body.slice(0, 200)}`);
    return { ms: performance.now() - t0, body: res.body };
  };
  for (let i = 0; i < 10; i++) await timed(board, adminCookie);
  const boardTimes: number[] = [];
  for (let i = 0; i < opts.samples; i++) boardTimes.push((await timed(board, adminCookie)).ms);
  const brokerTimes: number[] = [];
  for (let i = 0; i < opts.samples; i++) brokerTimes.push((await timed(board, brokerCookie)).ms);
  const firstScreen = JSON.parse((await timed(board, adminCookie)).body) as {
    columns: { count: number; cards: unknown[] }[];
  };
  log('board measured');

  const stages = (
    await db.query('SELECT id FROM pipeline_stages WHERE pipeline_id = $1 ORDER BY position', [pipelineId])
  ).rows.map((r) => r.id as string);
  const cards = (
    await db.query(`SELECT id FROM opportunities TABLESAMPLE SYSTEM (2) WHERE pipeline_id = $1 LIMIT $2`, [
      pipelineId,
      opts.samples + 20,
    ])
  ).rows.map((r) => r.id as string);
  const move = (id: string, i: number) =>
    timed(`${base}/api/v1/opportunities/${id}/move`, adminCookie, {
      stageId: stages[i % stages.length],
      position: i % 40,
    });
  for (const [i, id] of cards.splice(0, 20).entries()) await move(id, i);
  const moveTimes: number[] = [];
  for (const [i, id] of cards.entries()) moveTimes.push((await move(id, i + 3)).ms);
  log('moves measured');

  const sse = await connectClients(base, adminCookie, pipelineId, SSE_CLIENTS);
  const fanOut: number[] = [];
  for (let round = 0; round < SSE_ROUNDS; round++) {
    const id = cards[round] as string;
    const t0 = performance.now();
    const moved = JSON.parse((await move(id, round + 5)).body) as { version: number };
    const key = `${id}:${moved.version}`;
    const deadline = t0 + 10_000;
    while (performance.now() < deadline && !sse.clients.every((c) => c.received.has(key))) {
      await new Promise((r) => setTimeout(r, 2));
    }
    const arrivals = sse.clients.map((c) => c.received.get(key) ?? Number.POSITIVE_INFINITY);
    fanOut.push(Math.max(...arrivals) - t0);
  }
  sse.close();
  log('realtime measured');
  return {
    opportunities: firstScreen.columns.reduce((n, c) => n + c.count, 0),
    cardsOnFirstScreen: firstScreen.columns.reduce((n, c) => n + c.cards.length, 0),
    board: boardTimes,
    brokerBoard: brokerTimes,
    moves: moveTimes,
    fanOut,
    percentile,
  };
}

export const BOARD_BENCH = { OPPORTUNITIES, STAGES, SSE_CLIENTS, SSE_ROUNDS };
