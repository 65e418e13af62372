import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadEnv } from '../config/env.ts';
import { createBackup } from '../db/backup/backup.ts';
import { openAppDatabase } from './database-target.ts';

const USAGE =
  'uso / usage: npm run backup -- --out <pasta> [--format auto|logical|pg_dump] [--with-secret-key]';

/**
 * `npm run backup -- --out <folder>`: the database (embedded or DATABASE_URL) and the local file store into a new
 * folder with a manifest. Safe while the app runs: one read-only snapshot of the database.
 */
export async function backupCommand(
  argv: string[],
  source: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      format: { type: 'string', default: 'auto' },
      'with-secret-key': { type: 'boolean', default: false },
    },
  });
  const format = values.format as 'auto' | 'logical' | 'pg_dump';
  if (!values.out || !['auto', 'logical', 'pg_dump'].includes(format)) {
    console.error(USAGE);
    return 64;
  }
  const env = loadEnv(source);
  if (values['with-secret-key'] && env.FUNIL_SECRET_KEY) {
    console.log('FUNIL_SECRET_KEY está definida: guarde-a com seus segredos; ela não vai para o backup');
  }
  const database = await openAppDatabase(env, { create: false });
  try {
    const manifest = await createBackup({
      databaseUrl: database.url,
      filesDir: path.join(env.dataDir, 'files'),
      secretKeyFile:
        values['with-secret-key'] && !env.FUNIL_SECRET_KEY ? path.join(env.dataDir, 'secret.key') : null,
      out: path.resolve(process.env.INIT_CWD ?? '.', values.out),
      format,
      pgBinDir: env.FUNIL_PG_BIN_DIR,
      log: (line) => console.log(line),
    });
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    console.log(
      `Backup (${manifest.format}) em ${path.resolve(process.env.INIT_CWD ?? '.', values.out)}: ${manifest.tables.length} tabelas, ${rows} linhas, ` +
        `${manifest.migrations.length} migrações, ${manifest.files.count} arquivos.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  backupCommand(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`backup falhou / failed: ${error.message}`);
      process.exit(1);
    },
  );
}
