import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import {
  BACKUP_FORMAT_VERSION,
  type BackupManifest,
  type BackupTable,
  listFiles,
  sha256File,
  writeManifest,
} from './manifest.ts';
import { findPgDump, runPgTool } from './pg-tools.ts';

/** The schemas that hold the app's data: its own (public, with schema_migrations) and pg-boss's. */
export const APP_SCHEMAS = ['public', 'pgboss'];

export type BackupOptions = {
  /** Owner connection string of the database. */
  databaseUrl: string;
  /** The local file store's folder (FUNIL_DATA_DIR/files); null when files live elsewhere (S3). */
  filesDir: string | null;
  /** The server's secret key file to include (FUNIL_DATA_DIR/secret.key), or null to leave it out. */
  secretKeyFile: string | null;
  out: string;
  /** `auto`: pg_dump when one can read this server, else the built-in logical backup. */
  format: 'auto' | 'logical' | 'pg_dump';
  pgBinDir?: string;
  log?: (line: string) => void;
};

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const qualified = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

/**
 * Writes a backup folder: the database (one consistent snapshot) plus the local file store, with a manifest of
 * migrations, row counts and every file's sha256, written last.
 */
export async function createBackup(options: BackupOptions): Promise<BackupManifest> {
  const log = options.log ?? (() => undefined);
  const existing = await readdir(options.out).catch(() => null);
  if (existing && existing.length > 0) {
    throw new Error(`${options.out} já existe e não está vazio / exists and is not empty`);
  }
  await mkdir(path.join(options.out, 'database'), { recursive: true, mode: 0o700 });

  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'funil-backup' });
  await client.connect();
  try {
    // One snapshot for everything read (tables, counts, sequences; pg_dump joins it through pg_export_snapshot).
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const version = (
      await client.query<{ v: string; n: string }>(
        "SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n",
      )
    ).rows[0] as { v: string; n: string };
    const major = Math.floor(Number(version.n) / 10000);
    const pgDump = options.format === 'logical' ? null : findPgDump(major, options.pgBinDir);
    if (options.format === 'pg_dump' && !pgDump) {
      throw new Error(
        `nenhum pg_dump ≥ ${major} encontrado / no pg_dump ≥ ${major} found (FUNIL_PG_BIN_DIR)`,
      );
    }
    const tables = await listTables(client);
    const migrations = (
      await client.query<{ name: string; checksum: string | null }>(
        'SELECT name, checksum FROM schema_migrations ORDER BY name',
      )
    ).rows;
    const pgboss = await pgBossState(client);
    const sequences = await listSequences(client);

    const dumped: BackupTable[] = [];
    if (pgDump) {
      log(`banco: pg_dump ${pgDump.major} (${pgDump.dir})`);
      const snapshot = (await client.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]
        ?.s as string;
      const counting = (async () => {
        for (const t of tables) {
          const { rows } = await client.query<{ n: string }>(
            `SELECT count(*) AS n FROM ${qualified(t.schema, t.name)}`,
          );
          dumped.push({ ...t, rows: Number(rows[0]?.n), file: null });
        }
      })();
      await Promise.all([
        counting,
        runPgTool(
          pgDump,
          'pg_dump',
          [
            '--format=custom',
            `--snapshot=${snapshot}`,
            `--file=${path.join(options.out, 'database', 'funil.dump')}`,
          ],
          options.databaseUrl,
        ),
      ]);
    } else {
      log('banco: backup lógico embutido (COPY) / built-in logical backup');
      for (const [i, t] of tables.entries()) {
        const file = `database/${String(i).padStart(3, '0')}-${t.schema}.${t.name}.copy.gz`;
        const rows = await copyTableOut(client, t, path.join(options.out, file));
        dumped.push({ ...t, rows, file });
      }
    }
    await client.query('COMMIT');

    const files = options.filesDir
      ? await copyFileStore(options.filesDir, path.join(options.out, 'files'))
      : null;
    if (options.secretKeyFile) {
      await writeFile(path.join(options.out, 'secret.key'), await readFile(options.secretKeyFile), {
        mode: 0o600,
      });
    }
    const checksums: Record<string, string> = {};
    for (const file of await listFiles(options.out))
      checksums[file] = await sha256File(path.join(options.out, file));
    const manifest: BackupManifest = {
      funilBackup: BACKUP_FORMAT_VERSION,
      format: pgDump ? 'pg_dump' : 'logical',
      createdAt: new Date().toISOString(),
      server: { version: version.v, major },
      pgDump: pgDump?.versionLine ?? null,
      migrations,
      pgboss,
      tables: dumped,
      sequences,
      files: files ?? { count: 0, bytes: 0 },
      secretKey: options.secretKeyFile !== null,
      checksums,
    };
    await writeManifest(options.out, manifest);
    return manifest;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

type TableInfo = Omit<BackupTable, 'rows' | 'file'>;

/** Every table of the app's schemas (a partitioned table once, through its parent), with its stored columns. */
async function listTables(client: pg.Client): Promise<TableInfo[]> {
  const { rows } = await client.query<{
    schema: string;
    name: string;
    partitioned: boolean;
    columns: string[];
  }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind = 'p' AS partitioned,
            array(SELECT a.attname::text FROM pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                   ORDER BY a.attnum) AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
      ORDER BY n.nspname, c.relname`,
    [APP_SCHEMAS],
  );
  return rows;
}

async function listSequences(client: pg.Client): Promise<BackupManifest['sequences']> {
  const { rows } = await client.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind = 'S' ORDER BY 1, 2`,
    [APP_SCHEMAS],
  );
  const out: BackupManifest['sequences'] = [];
  for (const s of rows) {
    const value = (
      await client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text, is_called FROM ${qualified(s.schema, s.name)}`,
      )
    ).rows[0] as { last_value: string; is_called: boolean };
    out.push({ ...s, lastValue: value.last_value, isCalled: value.is_called });
  }
  return out;
}

async function pgBossState(client: pg.Client): Promise<BackupManifest['pgboss']> {
  const exists = await client.query("SELECT to_regclass('pgboss.version') IS NOT NULL AS ok");
  if (!exists.rows[0]?.ok) return null;
  const version = (await client.query<{ version: number }>('SELECT version FROM pgboss.version')).rows[0];
  const queues = (await client.query<{ name: string }>('SELECT name FROM pgboss.queue ORDER BY name')).rows;
  return { version: version?.version ?? 0, queues: queues.map((q) => q.name) };
}

/** COPY … TO STDOUT of one table into a gzipped file; answers the row count (one line per row in text format). */
async function copyTableOut(client: pg.Client, table: TableInfo, file: string): Promise<number> {
  const columns = table.columns.map(quoteIdent).join(', ');
  const source = table.partitioned
    ? `(SELECT ${columns} FROM ${qualified(table.schema, table.name)})`
    : `${qualified(table.schema, table.name)} (${columns})`;
  let rows = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
      callback(null, chunk);
    },
  });
  await pipeline(
    client.query(copyTo(`COPY ${source} TO STDOUT`)),
    counter,
    createGzip(),
    createWriteStream(file, { mode: 0o600 }),
  );
  return rows;
}

/** Copies the file store (content-addressed, so files never change once written); temp files are skipped. */
async function copyFileStore(from: string, to: string): Promise<{ count: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  for (const file of await listFiles(from)) {
    if (file.endsWith('.tmp')) continue;
    const target = path.join(to, file);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(from, file), target);
    count++;
    bytes += (await stat(target)).size;
  }
  return { count, bytes };
}
