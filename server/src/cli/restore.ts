import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadEnv } from '../config/env.ts';
import { readVerifiedManifest } from '../db/backup/manifest.ts';
import { restoreBackup } from '../db/backup/restore.ts';
import { openAppDatabase } from './database-target.ts';

const USAGE = 'uso / usage: npm run restore -- <pasta do backup> [--force]';

/**
 * `npm run restore -- <folder>`: a backup into the database of the app's settings (embedded FUNIL_DATA_DIR or
 * DATABASE_URL) and its file store. Refuses a database that holds data unless --force; the app must be stopped.
 */
export async function restoreCommand(
  argv: string[],
  source: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false } },
  });
  const dir = positionals[0];
  if (!dir || positionals.length > 1) {
    console.error(USAGE);
    return 64;
  }
  const env = loadEnv(source);
  const backupDir = path.resolve(process.env.INIT_CWD ?? '.', dir);
  // Checksums first: a damaged backup is refused before a database is even started.
  const verified = await readVerifiedManifest(backupDir);
  const database = await openAppDatabase(env, { create: true });
  try {
    if (database.running) {
      console.error(
        'O Funil está em execução com este FUNIL_DATA_DIR: pare-o antes do restore / stop Funil first',
      );
      return 1;
    }
    const manifest = await restoreBackup({
      backupDir,
      verified,
      databaseUrl: database.url,
      filesDir: path.join(env.dataDir, 'files'),
      secretKeyFile: env.FUNIL_SECRET_KEY ? null : path.join(env.dataDir, 'secret.key'),
      force: values.force,
      pgBinDir: env.FUNIL_PG_BIN_DIR,
      log: (line) => console.log(line),
    });
    console.log(
      `Restaurado o backup de ${manifest.createdAt} (${manifest.format}). ` +
        'Inicie o Funil: migrações mais novas são aplicadas na partida.',
    );
    return 0;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  restoreCommand(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`restore falhou / failed: ${error.message}`);
      process.exit(1);
    },
  );
}
