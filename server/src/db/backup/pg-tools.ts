import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export type PgTool = { dir: string; major: number; versionLine: string };

/** Where pg_dump/pg_restore may be: FUNIL_PG_BIN_DIR, then PATH, then Debian's /usr/lib/postgresql/<major>/bin. */
function candidateDirs(configured?: string): string[] {
  const dirs = configured ? [configured] : [];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) dirs.push(dir);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const v of readdirSync(debian)) dirs.push(path.join(debian, v, 'bin'));
  }
  return [...new Set(dirs)];
}

function toolVersion(dir: string, tool: string): PgTool | null {
  const bin = path.join(dir, tool);
  if (!existsSync(bin)) return null;
  const result = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(result.stdout ?? '');
  if (result.status !== 0 || !match) return null;
  return { dir, major: Number(match[1]), versionLine: result.stdout.trim() };
}

/**
 * The newest pg_dump (with its pg_restore beside it) that can read a server of `serverMajor`: pg_dump refuses a
 * server newer than itself. Null when there is none (e.g. the embedded PostgreSQL 18 next to Debian's 15).
 */
export function findPgDump(serverMajor: number, configured?: string): PgTool | null {
  let best: PgTool | null = null;
  for (const dir of candidateDirs(configured)) {
    const tool = toolVersion(dir, 'pg_dump');
    if (!tool || tool.major < serverMajor || !existsSync(path.join(dir, 'pg_restore'))) continue;
    if (!best || tool.major > best.major) best = tool;
  }
  return best;
}

/** A pg_restore that reads archives of a pg_dump of `dumpMajor` (any newer or equal one). */
export function findPgRestore(dumpMajor: number, configured?: string): PgTool | null {
  let best: PgTool | null = null;
  for (const dir of candidateDirs(configured)) {
    const tool = toolVersion(dir, 'pg_restore');
    if (!tool || tool.major < dumpMajor) continue;
    if (!best || tool.major > best.major) best = tool;
  }
  return best;
}

/**
 * A connection string split for libpq tools: the password goes in PGPASSWORD (never on the command line,
 * where `ps` would show it), the rest as --dbname.
 */
export function libpqTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, PGPASSWORD: password } };
}

/** Runs a PostgreSQL client tool; its stderr (never the password) becomes the error message. */
export function runPgTool(tool: PgTool, name: 'pg_dump' | 'pg_restore', args: string[], url: string) {
  const target = libpqTarget(url);
  return new Promise<void>((resolve, reject) => {
    const child = spawn(path.join(tool.dir, name), [...args, `--dbname=${target.dbname}`], {
      env: target.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${name} falhou / failed (${code}): ${stderr.trim()}`));
    });
  });
}
