/** What every benchmark script shares: the log line, percentiles, and the app started as its own process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const log = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

/**
 * Writes one bench's section of bench/RESULTS.md: `section` starts with `<!-- name:start -->` and ends with
 * `<!-- name:end -->`; it replaces the section of the last run, or is appended.
 */
export async function writeResultsSection(name: string, section: string): Promise<void> {
  const file = path.join(import.meta.dirname, 'RESULTS.md');
  const current = await readFile(file, 'utf8');
  const marked = new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->`);
  const next = marked.test(current)
    ? current.replace(marked, () => section.trim())
    : `${current.trimEnd()}\n\n${section.trim()}\n`;
  await writeFile(file, next);
  log('bench/RESULTS.md updated');
}

/** Signs in through the API and answers the session cookie (`name=value`). */
export async function loginCookie(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Starts `server/src/main.ts` on `databaseUrl` (no demo data, warnings only); resolves once it is up. */
export async function startServer(
  databaseUrl: string,
  port: number,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (written when it stops).
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      path.resolve(import.meta.dirname, '../server/src/main.ts'),
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        FUNIL_SEED_DEMO: 'false',
        FUNIL_LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Funil está no ar')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the server exited with code ${code} before it was up`)));
  });
  return child;
}
