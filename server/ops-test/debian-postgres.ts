import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../src/lib/free-port.ts';

/**
 * A PostgreSQL server from Debian's `postgresql` package (not the embedded one), in a cluster of its own in a
 * temp folder, for the operations tests. As root it runs as the package's `postgres` OS user.
 */
export type ServerPostgres = {
  port: number;
  dataDir: string;
  /** Superuser connection string to `database` (default `postgres`) over TCP on loopback. */
  superuserUrl: (database?: string) => string;
  /** Pid of the postmaster (from postmaster.pid). */
  pid: () => number;
  start: () => void;
  /** Fast shutdown (pg_ctl -m fast). */
  stop: () => void;
  /** Removes the cluster (stopping it first if it runs). */
  destroy: () => Promise<void>;
};

export function debianPostgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      "Debian's PostgreSQL server is missing: apt-get install -y postgresql (.ci/run installs it)",
    );
  }
  return path.join(root, versions[0] as string, 'bin');
}

const asRoot = process.getuid?.() === 0;

function run(bin: string, args: string[]): void {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${path.basename(bin)} failed: ${result.stderr || result.stdout}`);
}

export async function startDebianPostgres(opts: { port?: number; settings?: Record<string, string> } = {}) {
  const bin = debianPostgresBinDir();
  const base = await mkdtemp(path.join(tmpdir(), 'funil-debpg-'));
  await chmod(base, 0o755);
  const dataDir = path.join(base, 'data');
  const password = randomBytes(18).toString('base64url');
  const pwfile = path.join(base, 'pwfile');
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    await chown(base, uid, gid);
    await chown(pwfile, uid, gid);
  }
  run(path.join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    `--pwfile=${pwfile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
  ]);
  await rm(pwfile);
  const port = opts.port ?? (await freePort());
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: base,
    max_connections: '200',
    fsync: 'off',
    ...opts.settings,
  };
  const conf = Object.entries(settings)
    .map(([k, v]) => `${k} = '${v}'`)
    .join('\n');
  await writeFile(path.join(dataDir, 'postgresql.auto.conf'), `${conf}\n`);
  const logFile = path.join(base, 'server.log');
  const server: ServerPostgres = {
    port,
    dataDir,
    superuserUrl: (database = 'postgres') =>
      `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    pid: () => Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]),
    start: () => run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']),
    stop: () => run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']),
    destroy: async () => {
      if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
        try {
          server.stop();
        } catch {
          // already gone
        }
      }
      await rm(base, { recursive: true, force: true });
    },
  };
  server.start();
  return server;
}
