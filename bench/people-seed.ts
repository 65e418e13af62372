/** The people every people bench measures: the Bench workspace, 200 brokers and PEOPLE people from the demo generator. */
import type pg from 'pg';
import { createRandom, type DemoPerson, generateDemoPerson } from '../server/src/db/seed/demo-data.ts';
import { hashPassword } from '../server/src/modules/auth/auth.service.ts';
import { log } from './support.ts';

export const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 1_000_000);
export const BROKERS = 200;
export const PASSWORD = 'bench-password-1';
const BATCH = 5_000;

export async function seedWorkspace(db: pg.Client) {
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
export async function seedPeople(db: pg.Client, ws: string, brokers: string[]) {
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

/**
 * The bench workspace of the database `db` opens: the one an earlier run seeded (BENCH_DATA_DIR keeps it), else
 * a new one seeded now (`seedSeconds`: how long that took; 0 when reused).
 */
export async function openOrSeedPeople(
  db: pg.Client,
): Promise<{ ws: string; brokers: string[]; seedSeconds: number }> {
  const existing = await db.query(`SELECT id FROM workspaces WHERE name = 'Bench'`);
  if (existing.rowCount) {
    const brokers = await db.query(`SELECT id FROM users WHERE role = 'broker' ORDER BY created_at, email`);
    log('reusing the seeded database in BENCH_DATA_DIR');
    return { ws: existing.rows[0].id, brokers: brokers.rows.map((r) => r.id), seedSeconds: 0 };
  }
  const { ws, brokers } = await seedWorkspace(db);
  log(`seeding ${PEOPLE.toLocaleString('en')} people…`);
  const seedSeconds = await seedPeople(db, ws, brokers);
  log(`seeded in ${seedSeconds.toFixed(0)} s`);
  return { ws, brokers, seedSeconds };
}
