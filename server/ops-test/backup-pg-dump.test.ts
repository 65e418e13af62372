import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFunil } from '../src/bootstrap.ts';
import { loadEnv } from '../src/config/env.ts';
import { ZBackupManifest } from '../src/db/backup/manifest.ts';
import { api, cli, login, pdf, removeTemps, settings, temp, upload } from './backup-helpers.ts';
import { type ServerPostgres, startDebianPostgres } from './debian-postgres.ts';

// The pg_dump path: an external PostgreSQL server (Debian's 15) whose pg_dump can read it. The databases belong to
// an owner role that is no superuser, as in the documented DATABASE_URL setup.

const OWNER_PASSWORD = 'senha-do-dono-do-banco';
let server: ServerPostgres;
let backupDir: string;

function ownerUrl(database: string) {
  return `postgres://funil_owner:${OWNER_PASSWORD}@127.0.0.1:${server.port}/${database}`;
}

function external(dataDir: string, database: string): NodeJS.ProcessEnv {
  return { ...settings(dataDir, 1), DATABASE_URL: ownerUrl(database), FUNIL_DEMO_PEOPLE: '25' };
}

beforeAll(async () => {
  server = await startDebianPostgres();
  const admin = new pg.Client({ connectionString: server.superuserUrl() });
  await admin.connect();
  await admin.query(`CREATE ROLE funil_owner LOGIN CREATEROLE PASSWORD '${OWNER_PASSWORD}'`);
  await admin.query('CREATE DATABASE funil_origem OWNER funil_owner');
  await admin.query('CREATE DATABASE funil_destino OWNER funil_owner');
  await admin.end();
  backupDir = path.join(await temp('funil-pgdump-out-'), 'backup');
});
afterAll(async () => {
  await server?.destroy();
  await removeTemps();
});

it('backs up an external PostgreSQL 15 with pg_dump and restores it into an empty database', async () => {
  const dataA = await temp('funil-pgdump-a-');
  const dataB = await temp('funil-pgdump-b-');
  const source = await startFunil(loadEnv(external(dataA, 'funil_origem')));
  let before: { total: number; sample: unknown; timeline: unknown };
  const sampleId: string[] = [];
  const file = pdf(1);
  let fileId: string;
  try {
    const cookie = await login(source.url);
    const call = api(source.url, cookie);
    const created = await call('POST', '/people', {
      kind: 'individual',
      name: 'Cliente do pg_dump',
      phones: [{ number: '(21) 98765-4321', type: 'whatsapp' }],
      emails: [{ address: 'cliente@pgdump.test', type: 'personal' }],
    });
    expect(created.status).toBe(201);
    const id = created.json.id as unknown as string;
    sampleId.push(id);
    fileId = await upload(source.url, cookie, id, 'contrato.pdf', file);
    expect((await call('POST', `/people/${id}/notes`, { body: 'Pediu a proposta por e-mail' })).status).toBe(
      201,
    );
    before = {
      total: (await call('GET', '/people?limit=1')).json.total as unknown as number,
      sample: (await call('GET', `/people/${id}`)).json,
      timeline: (await call('GET', `/people/${id}/timeline`)).json,
    };
    expect(before.total).toBe(26);
    const backup = await cli('backup.ts', ['--out', backupDir], external(dataA, 'funil_origem'));
    expect(backup.code, backup.out).toBe(0);
  } finally {
    await source.stop();
  }
  const manifest = ZBackupManifest.parse(
    JSON.parse(await readFile(path.join(backupDir, 'manifest.json'), 'utf8')),
  );
  expect(manifest.format).toBe('pg_dump');
  expect(manifest.pgDump).toMatch(/pg_dump \(PostgreSQL\) 15/);
  expect(manifest.tables.find((t) => t.name === 'people')?.rows).toBe(26);

  const restore = await cli('restore.ts', [backupDir], external(dataB, 'funil_destino'));
  expect(restore.code, restore.out).toBe(0);
  expect(restore.out).toMatch(/pg_restore 15/);

  const restored = await startFunil(loadEnv(external(dataB, 'funil_destino')));
  try {
    expect(restored.demoLogins).toBeNull();
    const cookie = await login(restored.url);
    const call = api(restored.url, cookie);
    const id = sampleId[0] as string;
    expect((await call('GET', '/people?limit=1')).json.total).toBe(before.total);
    expect((await call('GET', `/people/${id}`)).json).toEqual(before.sample);
    expect((await call('GET', `/people/${id}/timeline`)).json).toEqual(before.timeline);
    const download = await fetch(`${restored.url}/api/v1/attachments/${fileId}/download`, {
      headers: { cookie },
    });
    expect(Buffer.from(await download.arrayBuffer()).equals(file)).toBe(true);
    // The app role's grants came back with the archive: the app writes as funil_app.
    expect((await call('POST', `/people/${id}/notes`, { body: 'Depois do restore' })).status).toBe(201);
    const verify = await cli('verify-history.ts', [], external(dataB, 'funil_destino'));
    expect(verify.code, verify.out).toBe(0);
  } finally {
    await restored.stop();
  }
}, 240_000);
