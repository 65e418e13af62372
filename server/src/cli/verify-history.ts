import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { loadEnv } from '../config/env.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { verifyAllChains } from '../modules/timeline/timeline.service.ts';

/**
 * `npm run verify-history`: recomputes every timeline hash chain and reports the first broken event of
 * each broken chain. Exit code 0 when all chains hold, 2 when one is broken.
 */
async function main() {
  const env = loadEnv();
  let url = env.DATABASE_URL;
  let stop: (() => Promise<void>) | null = null;
  if (!url) {
    const pidFile = path.join(env.dataDir, 'pg', 'postmaster.pid');
    const passwordFile = path.join(env.dataDir, 'pg-superuser-password');
    if (existsSync(pidFile) && existsSync(passwordFile)) {
      // The app is running: talk to its embedded server.
      const password = (await readFile(passwordFile, 'utf8')).trim();
      url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${env.FUNIL_PG_PORT}/funil`;
    } else {
      const embedded = await startEmbeddedPostgres({ dataDir: env.dataDir, port: env.FUNIL_PG_PORT });
      url = embedded.url;
      stop = embedded.stop;
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const report = await verifyAllChains(client);
    console.log(`Histórico verificado: ${report.events} eventos em ${report.chains} cadeias.`);
    if (report.broken.length === 0) {
      console.log('Todas as cadeias estão íntegras.');
      return 0;
    }
    console.log(`${report.broken.length} cadeia(s) adulterada(s):`);
    for (const b of report.broken) {
      console.log(`  evento ${b.eventId} (${b.subjectType} ${b.subjectId}, seq ${b.seq}): ${b.reason}`);
    }
    return 2;
  } finally {
    await client.end();
    await stop?.();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`verify-history falhou: ${error.message}`);
    process.exit(1);
  },
);
