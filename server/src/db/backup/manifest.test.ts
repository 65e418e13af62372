import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BackupManifest,
  listFiles,
  readVerifiedManifest,
  sha256File,
  writeManifest,
} from './manifest.ts';
import { libpqTarget } from './pg-tools.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'funil-manifest-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function backupWith(
  files: Record<string, string>,
  tweak: (m: BackupManifest) => void = () => undefined,
) {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const checksums: Record<string, string> = {};
  for (const f of await listFiles(dir)) {
    if (f !== 'manifest.json') checksums[f] = await sha256File(path.join(dir, f));
  }
  const manifest: BackupManifest = {
    funilBackup: 1,
    format: 'logical',
    createdAt: '2026-12-07T03:00:00.000Z',
    server: { version: '18.0', major: 18 },
    pgDump: null,
    migrations: [{ name: '0001_foundation.sql', checksum: 'abc' }],
    pgboss: null,
    tables: [],
    sequences: [],
    files: { count: 1, bytes: 5 },
    secretKey: false,
    checksums,
  };
  tweak(manifest);
  await writeManifest(dir, manifest);
  return manifest;
}

describe('a backup folder is checked before it is restored', () => {
  it('accepts a backup whose every file matches the manifest', async () => {
    const written = await backupWith({
      'database/000-public.people.copy.gz': 'rows',
      'files/ab/abcd': 'bytes',
    });
    expect(Object.keys(written.checksums)).toEqual(['database/000-public.people.copy.gz', 'files/ab/abcd']);
    expect(await readVerifiedManifest(dir)).toEqual(written);
  });

  it('refuses a changed file, a missing file, a path out of the folder, a foreign manifest and no manifest', async () => {
    await backupWith({ 'files/ab/abcd': 'bytes' });
    await writeFile(path.join(dir, 'files/ab/abcd'), 'bytez');
    await expect(readVerifiedManifest(dir)).rejects.toThrow(/checksum/);

    await rm(path.join(dir, 'files/ab/abcd'));
    await expect(readVerifiedManifest(dir)).rejects.toThrow(/missing file/);

    await backupWith({}, (m) => {
      m.checksums['../../etc/passwd'] = 'x';
    });
    await expect(readVerifiedManifest(dir)).rejects.toThrow(/bad path/);

    await backupWith({}, (m) => {
      (m as { funilBackup: number }).funilBackup = 2;
    });
    await expect(readVerifiedManifest(dir)).rejects.toThrow(/invalid manifest/);

    await rm(path.join(dir, 'manifest.json'));
    await expect(readVerifiedManifest(dir)).rejects.toThrow(/not a Funil backup/);
  });
});

describe('libpq tools get the password through the environment', () => {
  it('keeps it out of the --dbname argument', () => {
    const target = libpqTarget('postgres://dono:s%C3%AAnha%40123@db.local:5432/funil?sslmode=require');
    expect(target.dbname).toBe('postgres://dono@db.local:5432/funil?sslmode=require');
    expect(target.env.PGPASSWORD).toBe('sênha@123');
  });
});
