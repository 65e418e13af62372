import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFile, cp, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { MigrationDriftError, migrate } from '../src/db/migrate.ts';

const SHIPPED = path.resolve(import.meta.dirname, '../src/db/migrations');
const root = path.resolve(import.meta.dirname, '../..');

/** A new empty database (or a clone of the migrated template) on the test server. */
async function createDatabase(template?: boolean): Promise<string> {
  const templateUrl = new URL(inject('templateUrl'));
  const name = `funil_mig_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: templateUrl.toString().replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(
    template
      ? `CREATE DATABASE ${name} TEMPLATE ${templateUrl.pathname.slice(1)}`
      : `CREATE DATABASE ${name}`,
  );
  await admin.end();
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function query(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('migrate', () => {
  let dir: string;
  let url: string;
  let shipped: string[];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'funil-migrations-'));
    await cp(SHIPPED, dir, { recursive: true });
    shipped = (await readdir(SHIPPED)).filter((f) => f.endsWith('.sql')).sort();
    url = await createDatabase();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records each migration with its checksum and applies nothing the second time', async () => {
    const first = await migrate(url, dir);
    expect(first.applied).toEqual(shipped);
    const rows = await query(url, 'SELECT name, checksum FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(shipped);
    for (const row of rows) expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);

    const second = await migrate(url, dir);
    expect(second).toEqual({ applied: [], backfilled: [] });
  });

  it('refuses to go on when an applied migration was edited, naming the file', async () => {
    await migrate(url, dir);
    await appendFile(path.join(dir, '0003_opportunities.sql'), '\n-- an edit after shipping\n');
    const attempt = migrate(url, dir);
    await expect(attempt).rejects.toBeInstanceOf(MigrationDriftError);
    await expect(attempt).rejects.toThrow(
      /migration 0003_opportunities\.sql was changed after it was applied .*add a new migration instead/,
    );
  });

  it('applies no new migration when an earlier one drifted', async () => {
    await migrate(url, dir);
    await appendFile(path.join(dir, '0001_foundation.sql'), '\n-- edited\n');
    await appendFile(path.join(dir, '9999_later.sql'), 'CREATE TABLE later_one (id int);\n');
    await expect(migrate(url, dir)).rejects.toThrow(/0001_foundation\.sql was changed/);
    expect(await query(url, "SELECT to_regclass('later_one') AS t")).toEqual([{ t: null }]);
  });

  it('refuses to go on when an applied migration file is missing', async () => {
    await migrate(url, dir);
    await rename(path.join(dir, '0005_wallet.sql'), path.join(dir, '0005_wallet.sql.bak'));
    await expect(migrate(url, dir)).rejects.toThrow(
      /migration 0005_wallet\.sql was applied .* file is missing/,
    );
  });

  it('0013 wraps each token made without an integration into an ERP integration named after it', async () => {
    const later = shipped.filter((f) => f >= '0013');
    const aside = await mkdtemp(path.join(tmpdir(), 'funil-later-'));
    for (const f of later) await rename(path.join(dir, f), path.join(aside, f));
    await migrate(url, dir);
    const [ws] = await query(url, "INSERT INTO workspaces (name) VALUES ('W') RETURNING id");
    const [token] = await query(
      url,
      `INSERT INTO api_tokens (workspace_id, name, prefix, token_hash, scopes)
       VALUES ($1, 'ERP Protheus', 'abcdef012345', '\\x00', '{erp:receivables}') RETURNING id`,
      [ws.id],
    );
    for (const f of later) await rename(path.join(aside, f), path.join(dir, f));
    await rm(aside, { recursive: true, force: true });
    expect((await migrate(url, dir)).applied).toEqual(later);
    expect(await query(url, 'SELECT integration_id FROM api_tokens')).toEqual([{ integration_id: token.id }]);
    expect(await query(url, 'SELECT workspace_id, name, kind, deleted_at FROM integrations')).toEqual([
      { workspace_id: ws.id, name: 'ERP Protheus', kind: 'erp', deleted_at: null },
    ]);
    await expect(
      query(
        url,
        `INSERT INTO api_tokens (workspace_id, name, prefix, token_hash, scopes)
         VALUES ($1, 'Solto', 'abcdef012346', '\\x00', '{erp:receivables}')`,
        [ws.id],
      ),
    ).rejects.toThrow(/integration_id/);
  });

  it('applies a new migration after the shipped ones and records it', async () => {
    await migrate(url, dir);
    await appendFile(path.join(dir, '0999_extra.sql'), 'CREATE TABLE extra_one (id int);\n');
    expect((await migrate(url, dir)).applied).toEqual(['0999_extra.sql']);
    expect(await query(url, "SELECT to_regclass('extra_one')::text AS t")).toEqual([{ t: 'extra_one' }]);
  });

  it('fills the checksums of a database migrated before they were recorded, once, then holds it to them', async () => {
    await migrate(url, dir);
    const recorded = await query(url, 'SELECT name, checksum FROM schema_migrations ORDER BY name');
    // What an older Funil left: the names only.
    await query(url, 'ALTER TABLE schema_migrations DROP COLUMN checksum');

    const upgrade = await migrate(url, dir);
    expect(upgrade).toEqual({ applied: [], backfilled: shipped });
    expect(await query(url, 'SELECT name, checksum FROM schema_migrations ORDER BY name')).toEqual(recorded);
    expect(await migrate(url, dir)).toEqual({ applied: [], backfilled: [] });

    await appendFile(path.join(dir, '0002_admin_versions.sql'), '\n-- edited\n');
    await expect(migrate(url, dir)).rejects.toThrow(/0002_admin_versions\.sql was changed/);
  });
});

it('the server refuses to start on a drifted database with one clear line and a non-zero exit', async () => {
  const url = await createDatabase(true);
  await query(
    url,
    "UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE name = '0003_opportunities.sql'",
  );
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: '0',
      HOST: '127.0.0.1',
      FUNIL_LOG_LEVEL: 'silent',
      FUNIL_WEB_DIST: '/nonexistent',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(1);
  expect(stderr).toContain('migration 0003_opportunities.sql was changed after it was applied');
  expect(stderr).toContain('add a new migration instead');
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stdout).not.toContain('Funil está no ar');
});
