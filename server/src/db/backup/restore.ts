import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { from as copyFrom } from 'pg-copy-streams';
import { migrate, migrationChecksum } from '../migrate.ts';
import { APP_SCHEMAS, quoteIdent } from './backup.ts';
import { BackupInvalidError, type BackupManifest, listFiles, readVerifiedManifest } from './manifest.ts';
import { findPgRestore, runPgTool } from './pg-tools.ts';

export type RestoreOptions = {
  backupDir: string;
  /** Owner connection string of the target database (a superuser for the logical format: triggers are off). */
  databaseUrl: string;
  filesDir: string | null;
  /** Where to put the backup's secret key (FUNIL_DATA_DIR/secret.key), null to leave it. */
  secretKeyFile: string | null;
  /** Replace a database that already holds the app's tables (and a different secret key). */
  force: boolean;
  pgBinDir?: string;
  migrationsDir?: string;
  log?: (line: string) => void;
  /** The manifest already read by `readVerifiedManifest` (checksums checked), so files are not hashed twice. */
  verified?: BackupManifest;
};

const MIGRATIONS_DIR = path.join(import.meta.dirname, '..', 'migrations');
const qualified = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

export class RestoreRefusedError extends Error {
  override name = 'RestoreRefusedError';
}

/**
 * Restores a backup folder into an empty database (or, with `force`, over one): checks every checksum first,
 * then the database, then the file store and the secret key. Newer migrations are left to the app's next start.
 */
export async function restoreBackup(options: RestoreOptions): Promise<BackupManifest> {
  const log = options.log ?? (() => undefined);
  const manifest = options.verified ?? (await readVerifiedManifest(options.backupDir));
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;
  if (manifest.format === 'logical') await assertMigrationsShipped(manifest, migrationsDir);
  await assertSecretKeyFits(manifest, options);

  await prepareDatabase(options.databaseUrl, options.force, log);
  if (manifest.format === 'logical') await restoreLogical(manifest, options, migrationsDir, log);
  else await restorePgDump(manifest, options, log);
  await checkRowCounts(manifest, options.databaseUrl);

  if (manifest.files.count > 0) {
    if (!options.filesDir) {
      log(
        'aviso: o backup tem arquivos locais, mas o destino não usa o armazenamento local; arquivos não copiados',
      );
    } else {
      const from = path.join(options.backupDir, 'files');
      for (const file of await listFiles(from)) {
        const target = path.join(options.filesDir, file);
        await mkdir(path.dirname(target), { recursive: true });
        await copyFile(path.join(from, file), target);
      }
      log(`arquivos: ${manifest.files.count} copiados / files copied`);
    }
  }
  if (manifest.secretKey && options.secretKeyFile) {
    await mkdir(path.dirname(options.secretKeyFile), { recursive: true });
    await writeFile(options.secretKeyFile, await readFile(path.join(options.backupDir, 'secret.key')), {
      mode: 0o600,
    });
  }
  return manifest;
}

/** A logical backup is rebuilt with its own migrations: each must ship, unchanged, with this code. */
async function assertMigrationsShipped(manifest: BackupManifest, migrationsDir: string): Promise<void> {
  for (const m of manifest.migrations) {
    const bytes = await readFile(path.join(migrationsDir, m.name)).catch(() => null);
    if (!bytes) {
      throw new RestoreRefusedError(
        `a migração ${m.name} do backup não existe nesta versão do Funil; restaure com a versão que fez o backup ` +
          `/ migration ${m.name} is not shipped with this version`,
      );
    }
    if (m.checksum && migrationChecksum(bytes) !== m.checksum) {
      throw new RestoreRefusedError(`a migração ${m.name} difere da do backup / differs from the backup's`);
    }
  }
}

async function assertSecretKeyFits(manifest: BackupManifest, options: RestoreOptions): Promise<void> {
  if (!manifest.secretKey || !options.secretKeyFile || !existsSync(options.secretKeyFile)) return;
  const ours = (await readFile(options.secretKeyFile, 'utf8')).trim();
  const theirs = (await readFile(path.join(options.backupDir, 'secret.key'), 'utf8')).trim();
  if (ours !== theirs && !options.force) {
    throw new RestoreRefusedError(
      `${options.secretKeyFile} já existe com outra chave; use --force para substituí-la / a different secret key exists`,
    );
  }
}

/** Refuses a database holding the app's tables unless forced; forced, drops the app's schemas first. */
async function prepareDatabase(url: string, force: boolean, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'funil-restore' });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')`,
      [APP_SCHEMAS],
    );
    if (Number(rows[0]?.n) === 0) return;
    if (!force) {
      throw new RestoreRefusedError(
        'o banco de destino não está vazio; pare o Funil e use --force para substituí-lo ' +
          '/ the target database is not empty: stop Funil and pass --force to replace it',
      );
    }
    log('--force: apagando os esquemas do app no destino / dropping the target app schemas');
    await client.query('DROP SCHEMA IF EXISTS pgboss CASCADE');
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}

/**
 * Schema from the backup's own migrations (exactly those, from a folder holding only them), pg-boss's schema and
 * queue partitions from pg-boss itself, then every table's rows in one transaction with triggers off (the
 * history's append-only triggers and foreign keys would refuse a bulk load in arbitrary order), sequences last.
 */
async function restoreLogical(
  manifest: BackupManifest,
  options: RestoreOptions,
  migrationsDir: string,
  log: (line: string) => void,
): Promise<void> {
  const only = await mkdtemp(path.join(tmpdir(), 'funil-restore-migrations-'));
  try {
    for (const m of manifest.migrations)
      await copyFile(path.join(migrationsDir, m.name), path.join(only, m.name));
    await migrate(options.databaseUrl, only);
  } finally {
    await rm(only, { recursive: true, force: true });
  }
  log(`esquema: ${manifest.migrations.length} migrações aplicadas / migrations applied`);

  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'funil-restore' });
  await client.connect();
  try {
    if (manifest.pgboss) {
      await client.query(PgBoss.getConstructionPlans('pgboss'));
      const version = (await client.query<{ version: number }>('SELECT version FROM pgboss.version')).rows[0];
      if (version?.version !== manifest.pgboss.version) {
        throw new RestoreRefusedError(
          `fila de jobs: o backup é do esquema pg-boss ${manifest.pgboss.version}, esta versão usa ${version?.version}`,
        );
      }
      for (const queue of manifest.pgboss.queues) {
        await client.query('SELECT pgboss.create_queue($1, $2)', [queue, '{}']);
      }
    }
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica').catch((error: Error) => {
      throw new RestoreRefusedError(
        `o restore lógico precisa de um superusuário (ou GRANT SET ON PARAMETER session_replication_role): ${error.message}`,
      );
    });
    const targets = manifest.tables.map((t) => qualified(t.schema, t.name));
    if (targets.length > 0) await client.query(`TRUNCATE ${targets.join(', ')}`);
    for (const t of manifest.tables) {
      if (!t.file || t.rows === 0) continue;
      const columns = t.columns.map(quoteIdent).join(', ');
      await pipeline(
        createReadStream(path.join(options.backupDir, t.file)),
        createGunzip(),
        client.query(copyFrom(`COPY ${qualified(t.schema, t.name)} (${columns}) FROM STDIN`)),
      );
    }
    for (const s of manifest.sequences) {
      await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [
        qualified(s.schema, s.name),
        s.lastValue,
        s.isCalled,
      ]);
    }
    await client.query('COMMIT');
    log(`linhas: ${manifest.tables.reduce((n, t) => n + t.rows, 0)} em ${manifest.tables.length} tabelas`);
    await client.query('ANALYZE');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** pg_restore of the archive, objects owned by the restoring role; the app role is made first (it is global). */
async function restorePgDump(manifest: BackupManifest, options: RestoreOptions, log: (line: string) => void) {
  const dumpMajor = Number(/(\d+)/.exec(manifest.pgDump ?? '')?.[1] ?? manifest.server.major);
  const tool = findPgRestore(dumpMajor, options.pgBinDir);
  if (!tool) throw new RestoreRefusedError(`nenhum pg_restore ≥ ${dumpMajor} encontrado / none found`);
  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'funil-restore' });
  await client.connect();
  try {
    // The same statements as migration 0001: the app's role is cluster-wide, so no dump of one database holds it.
    await client.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'funil_app') THEN CREATE ROLE funil_app NOLOGIN; END IF;
        EXECUTE format('GRANT funil_app TO %I', current_user);
      END $$`);
  } finally {
    await client.end();
  }
  log(`banco: pg_restore ${tool.major} (${tool.dir})`);
  await runPgTool(
    tool,
    'pg_restore',
    [
      '--no-owner',
      '--single-transaction',
      '--exit-on-error',
      path.join(options.backupDir, 'database', 'funil.dump'),
    ],
    options.databaseUrl,
  );
}

/** Every table holds as many rows as the backup counted in its snapshot. */
async function checkRowCounts(manifest: BackupManifest, url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'funil-restore' });
  await client.connect();
  try {
    for (const t of manifest.tables) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${qualified(t.schema, t.name)}`,
      );
      if (Number(rows[0]?.n) !== t.rows) {
        throw new BackupInvalidError(
          `${t.schema}.${t.name}: ${rows[0]?.n} linhas restauradas, ${t.rows} no backup`,
        );
      }
    }
  } finally {
    await client.end();
  }
}
