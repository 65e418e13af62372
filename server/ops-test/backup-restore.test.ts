import { randomInt } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFunil } from '../src/bootstrap.ts';
import { loadEnv } from '../src/config/env.ts';
import type { BackupManifest } from '../src/db/backup/manifest.ts';
import { letPostgresReachBinaries } from '../src/db/embedded.ts';
import { freePort } from '../src/lib/free-port.ts';
import { api, cli, login, pdf, removeTemps, settings, temp, upload } from './backup-helpers.ts';

// `npm run backup` of a running app with the embedded database (people, files, history made through the API),
// then `npm run restore` into a fresh data folder: the app started on it finds everything, and verify-history holds.

let pgPortA: number;
let pgPortB: number;
let dataA: string;
let dataB: string;
let backupDir: string;

beforeAll(async () => {
  await letPostgresReachBinaries();
  pgPortA = await freePort();
  do pgPortB = await freePort();
  while (pgPortB === pgPortA);
  dataA = await temp('funil-backup-a-');
  dataB = await temp('funil-backup-b-');
  backupDir = path.join(await temp('funil-backup-out-'), 'backup-1');
});
afterAll(removeTemps);

// Each step takes a few seconds on a quiet machine; on a busy one (initdb, tsx start-ups) much longer.
const STEP_MS = 180_000;
const people: { id: string; name: string }[] = [];
const files = new Map<string, Buffer>();
let before: { total: number; sample: unknown; timeline: unknown };
let manifest: BackupManifest;

it(
  'backs up a running app: embedded database, files and secret key, in one snapshot',
  async () => {
    // A data folder with people (phones, e-mails), attachments and notes made through the API.
    const source = await startFunil(loadEnv(settings(dataA, pgPortA)));
    try {
      const cookie = await login(source.url);
      const call = api(source.url, cookie);
      for (let i = 0; i < 6; i++) {
        const n = String(randomInt(10_000_000, 99_999_999));
        const created = await call('POST', '/people', {
          kind: 'individual',
          name: `Cliente do Backup ${i}`,
          phones: [{ number: `(11) 9${n.slice(0, 4)}-${n.slice(4)}`, type: 'whatsapp' }],
          emails: [{ address: `cliente.${n}@backup.test`, type: 'personal' }],
        });
        expect(created.status).toBe(201);
        const id = created.json.id as unknown as string;
        people.push({ id, name: `Cliente do Backup ${i}` });
        const bytes = pdf(i);
        files.set(await upload(source.url, cookie, id, `contrato-${i}.pdf`, bytes), bytes);
        expect(
          (await call('POST', `/people/${id}/notes`, { body: `Ligou pedindo proposta ${i}` })).status,
        ).toBe(201);
      }
      const list = await call('GET', '/people?limit=1');
      const sampleId = people[2]?.id as string;
      before = {
        total: list.json.total as unknown as number,
        sample: (await call('GET', `/people/${sampleId}`)).json,
        timeline: (await call('GET', `/people/${sampleId}/timeline`)).json,
      };
      expect(before.total).toBe(46);

      // The backup, taken while the app runs (it reads the running embedded server's port from postmaster.pid).
      const started = Date.now();
      const backup = await cli(
        'backup.ts',
        ['--out', backupDir, '--with-secret-key'],
        settings(dataA, pgPortA),
      );
      expect(backup.code, backup.out).toBe(0);
      console.log(`backup: ${Date.now() - started} ms — ${backup.out.trim().split('\n').at(-1)}`);
      // Written after the snapshot: not in the backup.
      expect((await call('POST', '/people', { kind: 'individual', name: 'Depois do Backup' })).status).toBe(
        201,
      );
    } finally {
      await source.stop();
    }
    manifest = JSON.parse(await readFile(path.join(backupDir, 'manifest.json'), 'utf8'));
    expect(manifest.format).toBe('logical');
    expect(manifest.files.count).toBeGreaterThanOrEqual(files.size);
    expect(manifest.tables.find((t) => t.name === 'people')?.rows).toBe(46);
    expect(manifest.tables.some((t) => t.schema === 'pgboss')).toBe(true);
    expect(manifest.migrations.map((m) => m.name)).toContain('0001_foundation.sql');
  },
  STEP_MS,
);

it(
  'refuses a damaged backup before anything is written',
  async () => {
    const damaged = path.join(path.dirname(backupDir), 'damaged');
    await cp(backupDir, damaged, { recursive: true });
    const peopleFile = manifest.tables.find((t) => t.name === 'people')?.file as string;
    const bytes = await readFile(path.join(damaged, peopleFile));
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
    await writeFile(path.join(damaged, peopleFile), bytes);
    const refused = await cli('restore.ts', [damaged], settings(dataB, pgPortB));
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/checksum/);
  },
  STEP_MS,
);

it(
  'restores into a fresh data folder, and refuses to restore over it again without --force',
  async () => {
    const started = Date.now();
    const restore = await cli('restore.ts', [backupDir], settings(dataB, pgPortB));
    expect(restore.code, restore.out).toBe(0);
    console.log(`restore: ${Date.now() - started} ms`);
    // A second restore over it is refused without --force.
    const again = await cli('restore.ts', [backupDir], settings(dataB, pgPortB));
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/--force/);
    expect(await readFile(path.join(dataB, 'secret.key'), 'utf8')).toBe(
      await readFile(path.join(dataA, 'secret.key'), 'utf8'),
    );
  },
  STEP_MS,
);

it(
  'serves the restored data: same people, files and history, verify-history passes',
  async () => {
    // The app on the restored folder: same people, same files, same history; the demo seed does not run again.
    const restored = await startFunil(loadEnv(settings(dataB, pgPortB)));
    try {
      expect(restored.demoLogins).toBeNull();
      const cookie = await login(restored.url);
      const call = api(restored.url, cookie);
      const list = await call('GET', '/people?limit=1');
      expect(list.json.total).toBe(before.total);
      const sampleId = people[2]?.id as string;
      expect((await call('GET', `/people/${sampleId}`)).json).toEqual(before.sample);
      expect((await call('GET', `/people/${sampleId}/timeline`)).json).toEqual(before.timeline);
      for (const p of people) expect((await call('GET', `/people/${p.id}`)).json.name).toBe(p.name);
      const found = await call('GET', `/people?q=${encodeURIComponent('Depois do Backup')}`);
      expect(found.json.total).toBe(0);
      for (const [id, expected] of files) {
        const res = await fetch(`${restored.url}/api/v1/attachments/${id}/download`, { headers: { cookie } });
        expect(res.status).toBe(200);
        expect(Buffer.from(await res.arrayBuffer()).equals(expected)).toBe(true);
      }
      // New writes work (sequences and grants came back): a person and an event on the restored history.
      expect((await call('POST', '/people', { kind: 'individual', name: 'Depois do Restore' })).status).toBe(
        201,
      );
      expect((await call('POST', `/people/${sampleId}/notes`, { body: 'Depois do restore' })).status).toBe(
        201,
      );

      const verify = await cli('verify-history.ts', [], settings(dataB, pgPortB));
      expect(verify.code, verify.out).toBe(0);
      expect(verify.out).toMatch(/Todas as cadeias estão íntegras/);
    } finally {
      await restored.stop();
    }
  },
  STEP_MS,
);
