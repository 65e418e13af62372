import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');

/**
 * A database whose recorded migrations no longer match the files: starting would run code against a schema
 * other than the one the files describe, so the server refuses (main.ts prints the message, not a stack).
 */
export class MigrationDriftError extends Error {
  override name = 'MigrationDriftError';
}

export type MigrationResult = {
  /** Files applied by this call, in order. */
  applied: string[];
  /** Rows recorded before checksums existed, now given the current file's checksum. */
  backfilled: string[];
};

/** sha256 of a migration file's bytes: what an applied migration is held to from then on. */
export function migrationChecksum(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The migration files of a folder, in the order they apply. */
const migrationFiles = async (dir: string) => (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
const shipped = new Map<string, Promise<string[]>>();

/**
 * The migration files shipped with this code that the database has not recorded (readiness: an instance started
 * before the owner ran the migrations, or against another database, must not take traffic).
 */
export async function pendingMigrations(
  db: Pick<pg.Pool, 'query'>,
  migrationsDir = MIGRATIONS_DIR,
): Promise<string[]> {
  // The files ship with the code and never change while it runs: read once, not on every readiness probe.
  let files = shipped.get(migrationsDir);
  if (!files) {
    files = migrationFiles(migrationsDir);
    shipped.set(migrationsDir, files);
  }
  const names = await files;
  const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
  const applied = new Set(rows.map((r) => r.name));
  return names.filter((name) => !applied.has(name));
}

/**
 * Applies the checked-in SQL migrations in name order, each once, as the schema owner; refuses to go on when an
 * applied file was edited or removed since, because the database would silently keep the old definitions.
 */
export async function migrate(url: string, migrationsDir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const names = await migrationFiles(migrationsDir);
  const files = new Map<string, { bytes: Buffer; checksum: string }>();
  for (const name of names) {
    const bytes = await readFile(path.join(migrationsDir, name));
    files.set(name, { bytes, checksum: migrationChecksum(bytes) });
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Serialize concurrent starts of several instances.
    await client.query('SELECT pg_advisory_lock(7301)');
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), checksum text)`,
    );
    // Databases created before checksums were recorded.
    await client.query('ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text');
    const recorded = (
      await client.query<{ name: string; checksum: string | null }>(
        'SELECT name, checksum FROM schema_migrations ORDER BY name',
      )
    ).rows;

    const backfilled: string[] = [];
    for (const row of recorded) {
      const file = files.get(row.name);
      if (!file) {
        throw new MigrationDriftError(
          `migration ${row.name} was applied to this database but its file is missing from ${migrationsDir}; ` +
            'shipped migrations are never removed or renamed — restore the file',
        );
      }
      if (row.checksum === null) {
        // Applied before checksums existed: trust the file as it is now, once.
        await client.query('UPDATE schema_migrations SET checksum = $2 WHERE name = $1', [
          row.name,
          file.checksum,
        ]);
        backfilled.push(row.name);
      } else if (row.checksum !== file.checksum) {
        throw new MigrationDriftError(
          `migration ${row.name} was changed after it was applied (checksum ${file.checksum}, ` +
            `applied as ${row.checksum}); shipped migrations are never edited — add a new migration instead`,
        );
      }
    }

    const done = new Set(recorded.map((r) => r.name));
    const applied: string[] = [];
    for (const [name, file] of files) {
      if (done.has(name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(file.bytes.toString('utf8'));
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [
          name,
          file.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${name} failed: ${(error as Error).message}`);
      }
      applied.push(name);
    }
    return { applied, backfilled };
  } finally {
    await client.query('SELECT pg_advisory_unlock(7301)').catch(() => undefined);
    await client.end();
  }
}
