import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';

/** The manifest's own format; a restore refuses a backup of a format it does not know. */
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

const ZTable = z.object({
  schema: z.string(),
  name: z.string(),
  partitioned: z.boolean(),
  columns: z.array(z.string()),
  rows: z.number().int().nonnegative(),
  /** Path inside the backup of its COPY text, gzipped (logical format only). */
  file: z.string().nullable(),
});

export const ZBackupManifest = z.object({
  funilBackup: z.literal(BACKUP_FORMAT_VERSION),
  /** `logical`: COPY of every table, schema rebuilt by the migrations; `pg_dump`: one custom-format archive. */
  format: z.enum(['logical', 'pg_dump']),
  createdAt: z.string(),
  server: z.object({ version: z.string(), major: z.number().int() }),
  /** pg_dump's own version line (pg_dump format only). */
  pgDump: z.string().nullable(),
  /** The migrations the database had applied: a logical restore applies exactly these before loading rows. */
  migrations: z.array(z.object({ name: z.string(), checksum: z.string().nullable() })),
  /** pg-boss's schema version and queues (each queue is a partition pg-boss creates). */
  pgboss: z.object({ version: z.number().int(), queues: z.array(z.string()) }).nullable(),
  tables: z.array(ZTable),
  sequences: z.array(
    z.object({ schema: z.string(), name: z.string(), lastValue: z.string(), isCalled: z.boolean() }),
  ),
  files: z.object({ count: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }),
  secretKey: z.boolean(),
  /** sha256 of every file of the backup but the manifest, by its path inside the backup (forward slashes). */
  checksums: z.record(z.string(), z.string()),
});

export type BackupManifest = z.infer<typeof ZBackupManifest>;
export type BackupTable = z.infer<typeof ZTable>;

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Every regular file under `dir`, as paths relative to it with forward slashes. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Written last, through a temp name: a folder without a manifest is an unfinished backup. */
export async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
  const temp = path.join(dir, `${MANIFEST_FILE}.tmp`);
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path.join(dir, MANIFEST_FILE));
}

export class BackupInvalidError extends Error {
  override name = 'BackupInvalidError';
}

/**
 * Reads the manifest and checks every file it lists against its sha256 (and that nothing is missing), before
 * anything is written to the database.
 */
export async function readVerifiedManifest(dir: string): Promise<BackupManifest> {
  const raw = await readFile(path.join(dir, MANIFEST_FILE), 'utf8').catch(() => {
    throw new BackupInvalidError(
      `${dir} não é um backup do Funil (sem ${MANIFEST_FILE}) / not a Funil backup`,
    );
  });
  const parsed = ZBackupManifest.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    throw new BackupInvalidError(`manifesto inválido / invalid manifest: ${parsed.error.issues[0]?.message}`);
  }
  const manifest = parsed.data;
  for (const [file, expected] of Object.entries(manifest.checksums)) {
    if (file.split('/').includes('..') || path.isAbsolute(file))
      throw new BackupInvalidError(`bad path ${file}`);
    const actual = await sha256File(path.join(dir, file)).catch(() => null);
    if (actual === null) throw new BackupInvalidError(`arquivo ausente no backup / missing file: ${file}`);
    if (actual !== expected) {
      throw new BackupInvalidError(`checksum não confere / checksum mismatch: ${file}`);
    }
  }
  return manifest;
}
