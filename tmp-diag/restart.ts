import { mkdtemp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/src/db/embedded.ts';
process.env.FUNIL_PG_SHARED_BUFFERS = '32MB';
const dataDir = await mkdtemp(path.join(tmpdir(), 'diag-'));
const t0 = Date.now();
const T = () => `${String(Date.now() - t0).padStart(6)}ms`;
const db = await startEmbeddedPostgres({ dataDir, port: 51234, log: (l) => console.log(T(), 'PG', l), warn: (m) => console.log(T(), 'SUP', m) });
const c = new pg.Client({ connectionString: db.url }); await c.connect();
await c.query('CREATE TABLE t AS SELECT g, md5(g::text) FROM generate_series(1, 200000) g');
c.on('error', () => {}); await c.query('CHECKPOINT');
const pid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
console.log(T(), 'kill', pid); process.kill(pid, 'SIGKILL');
for (;;) {
  const x = new pg.Client({ connectionString: db.url }); x.on('error', () => {});
  try { await x.connect(); await x.query('select 1'); await x.end(); console.log(T(), 'UP'); break; } catch (e) { await new Promise(r => setTimeout(r, 100)); }
}
await db.stop(); console.log(T(), 'stopped');
