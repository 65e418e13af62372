/**
 * The client page benchmark: one activity per person (1,000,000 over 200 brokers' agendas, from 60 days ago
 * to 60 days ahead, most past ones done; a funnel card's holder's is about that card) and three ERP titles and a credit limit for 100,000 people. Measures a
 * broker's week in "Minhas atividades", the open groups of the list view, and a client's Resumo 360°.
 */
import type pg from 'pg';

const TITLED_PEOPLE = 100_000;

type Log = (msg: string) => void;
type Request = (url: string, cookie: string) => Promise<{ status: number; body: string }>;

/** Bulk-loads the activities and the ERP data (once: a kept BENCH_DATA_DIR reuses them). */
export async function seedClientPage(db: pg.Client, ws: string, log: Log) {
  if ((await db.query('SELECT 1 FROM activities LIMIT 1')).rowCount) return;
  const started = performance.now();
  // Day offset from -60 to +59 and an hour from 8 to 18, spread by the person's order.
  await db.query(
    `INSERT INTO activities (workspace_id, kind, title, due_at, owner_id, person_id, status, outcome, completed_at,
       reminder_minutes_before, remind_at, reminded_at, created_by)
     SELECT $1, (ARRAY['task','call','meeting','visit','email','whatsapp'])[1 + n % 6], 'Atividade ' || n, due,
       owner_id, id, CASE WHEN due < now() AND n % 10 <> 0 THEN 'done' ELSE 'open' END,
       CASE WHEN due < now() AND n % 10 <> 0 THEN 'Feito' END,
       CASE WHEN due < now() AND n % 10 <> 0 THEN due END,
       15, due - interval '15 minutes', CASE WHEN due < now() THEN due END, owner_id
     FROM (
       SELECT id, owner_id, n, date_trunc('day', now()) + ((n % 120) - 60) * interval '1 day'
         + (8 + n % 11) * interval '1 hour' AS due
       FROM (SELECT id, owner_id, row_number() OVER (ORDER BY id) AS n FROM people WHERE workspace_id = $1) p
     ) x`,
    [ws],
  );
  // The funnel's holders' activities are about their opportunity (the cards' "next activity").
  await db.query(
    `UPDATE activities a SET opportunity_id = op.opportunity_id
     FROM opportunity_people op WHERE op.person_id = a.person_id AND op.role = 'holder' AND a.workspace_id = $1`,
    [ws],
  );
  log(`activities seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  await db.query(
    `INSERT INTO receivables (workspace_id, person_id, external_id, number, due_on, amount_cents, paid_cents, status)
     SELECT $1, p.id, 'T' || p.n || '-' || k, 'NF ' || p.n || k, current_date + (k * 30 - 45),
       50000 + p.n % 100000, CASE WHEN k = 1 THEN 50000 + p.n % 100000 ELSE 0 END,
       CASE WHEN k = 1 THEN 'paid' ELSE 'open' END
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM people WHERE workspace_id = $1 LIMIT $2) p,
       generate_series(1, 3) k`,
    [ws, TITLED_PEOPLE],
  );
  await db.query(
    `INSERT INTO credit_limits (workspace_id, person_id, external_id, granted_cents, used_cents, valid_until)
     SELECT $1, id, 'L1', 1000000, 250000, current_date + 180
     FROM people WHERE workspace_id = $1 ORDER BY id LIMIT $2`,
    [ws, TITLED_PEOPLE],
  );
  log(`client page data seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

export async function benchClientPage(
  db: pg.Client,
  opts: {
    base: string;
    brokerCookie: string;
    brokerEmail: string;
    samples: number;
    request: Request;
    log: Log;
  },
) {
  const { base, brokerCookie, samples, request, log } = opts;
  const timed = async (path: string) => {
    const t0 = performance.now();
    const res = await request(`${base}${path}`, brokerCookie);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body.slice(0, 200)}`);
    return performance.now() - t0;
  };
  const day = 24 * 3600 * 1000;
  const now = Date.now();
  // Weeks from four weeks back to four ahead, as someone paging the calendar.
  const weeks = Array.from({ length: samples }, (_, i) => {
    const from = new Date(now + ((i % 9) - 4) * 7 * day).toISOString();
    const to = new Date(Date.parse(from) + 7 * day).toISOString();
    return `/api/v1/activities?mine=true&limit=200&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  });
  const openGroups = [
    `/api/v1/activities?mine=true&status=open&limit=20&sort=-dueAt&to=${encodeURIComponent(new Date(now).toISOString())}`,
    `/api/v1/activities?mine=true&status=open&limit=20&from=${encodeURIComponent(new Date(now).toISOString())}`,
  ];
  const clients = (
    await db.query(
      `SELECT p.id FROM people p JOIN users u ON u.id = p.owner_id
       WHERE u.email = $1 AND EXISTS (SELECT 1 FROM receivables r WHERE r.person_id = p.id) LIMIT $2`,
      [opts.brokerEmail, samples],
    )
  ).rows.map((r) => r.id as string);
  for (const path of [...weeks.slice(0, 10), ...openGroups, ...clients.slice(0, 10).map(summary)]) {
    await timed(path);
  }
  const week: number[] = [];
  for (const path of weeks) week.push(await timed(path));
  const groups: number[] = [];
  for (let i = 0; i < samples; i++) groups.push(await timed(openGroups[i % 2] as string));
  const summaries: number[] = [];
  for (let i = 0; i < samples; i++)
    summaries.push(await timed(summary(clients[i % clients.length] as string)));
  log('client page measured');
  return { week, groups, summaries, clients: clients.length };
}

const summary = (id: string) => `/api/v1/people/${id}/summary`;
