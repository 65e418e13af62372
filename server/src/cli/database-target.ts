import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Env } from '../config/env.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';

export type DatabaseTarget = {
  /** Owner connection string. */
  url: string;
  /** The embedded server was started for this command (and is stopped by `close`). */
  startedHere: boolean;
  running: boolean;
  close: () => Promise<void>;
};

/** The pid, port and socket folder of a running embedded server, from its postmaster.pid; null when none runs. */
async function runningEmbedded(pgDir: string): Promise<{ port: string; socketDir: string } | null> {
  const lines = (await readFile(path.join(pgDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('postgres')) return null;
  return { port: lines[3] ?? '', socketDir: lines[4] ?? '' };
}

/**
 * The app's database for a maintenance command, from the app's own settings: the owner's DATABASE_OWNER_URL (else
 * DATABASE_URL) as is; else the embedded
 * server of FUNIL_DATA_DIR — the running one when the app is up (port and socket read from its postmaster.pid),
 * otherwise started here for the command and stopped after it (created only when `create`: a restore's fresh folder).
 */
export async function openAppDatabase(env: Env, opts: { create: boolean }): Promise<DatabaseTarget> {
  const external = env.DATABASE_OWNER_URL ?? env.DATABASE_URL;
  if (external) {
    return { url: external, startedHere: false, running: false, close: async () => undefined };
  }
  const pgDir = path.join(env.dataDir, 'pg');
  const running = existsSync(pgDir) ? await runningEmbedded(pgDir) : null;
  if (running) {
    const password = (await readFile(path.join(env.dataDir, 'pg-superuser-password'), 'utf8')).trim();
    const socket = running.socketDir ? `?host=${encodeURIComponent(running.socketDir)}` : '';
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}/funil${socket}`,
      startedHere: false,
      running: true,
      close: async () => undefined,
    };
  }
  if (!opts.create && !existsSync(path.join(pgDir, 'PG_VERSION'))) {
    throw new Error(
      `nenhum banco embutido em ${pgDir}: confira FUNIL_DATA_DIR (ou DATABASE_URL) / no embedded database there`,
    );
  }
  const embedded = await startEmbeddedPostgres({ dataDir: env.dataDir, port: env.FUNIL_PG_PORT });
  return { url: embedded.url, startedHere: true, running: false, close: embedded.stop };
}
