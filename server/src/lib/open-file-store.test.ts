import { describe, expect, it } from 'vitest';
import { loadEnv } from '../config/env.ts';
import { LocalFileStore } from './file-store.ts';
import { openFileStore } from './open-file-store.ts';
import { normalizePrefix, S3FileStore } from './s3-file-store.ts';

const base = { FUNIL_DATA_DIR: '/tmp/funil-open-file-store' };

describe('the file store the settings choose', () => {
  it('is the local disk by default and the bucket with FUNIL_FILE_STORE=s3', () => {
    expect(openFileStore(loadEnv(base))).toBeInstanceOf(LocalFileStore);
    const store = openFileStore(
      loadEnv({ ...base, FUNIL_FILE_STORE: 's3', FUNIL_S3_BUCKET: 'funil', FUNIL_S3_PREFIX: 'prod/' }),
    );
    expect(store).toBeInstanceOf(S3FileStore);
    const key = 'ab'.repeat(32);
    expect((store as S3FileStore).objectKey(key)).toBe(`prod/ab/${key}`);
    expect((store.section('exports') as S3FileStore).objectKey(key)).toBe(`prod/exports/ab/${key}`);
  });

  it('refuses to start on incomplete S3 settings, naming the setting and never its value', () => {
    expect(() => loadEnv({ ...base, FUNIL_FILE_STORE: 's3' })).toThrow(/FUNIL_S3_BUCKET/);
    const secret = 'segredo-muito-secreto';
    let message = '';
    try {
      loadEnv({
        ...base,
        FUNIL_FILE_STORE: 's3',
        FUNIL_S3_BUCKET: 'funil',
        FUNIL_S3_SECRET_ACCESS_KEY: secret,
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/FUNIL_S3_ACCESS_KEY_ID/);
    expect(message).not.toContain(secret);
    expect(() => loadEnv({ ...base, FUNIL_FILE_STORE: 'ftp' })).toThrow(/FUNIL_FILE_STORE/);
    expect(() => loadEnv({ ...base, FUNIL_S3_PREFIX: '../x y' })).toThrow(/FUNIL_S3_PREFIX/);
  });

  it('normalizes the prefix to one trailing slash', () => {
    expect(normalizePrefix('')).toBe('');
    expect(normalizePrefix('/')).toBe('');
    expect(normalizePrefix('funil')).toBe('funil/');
    expect(normalizePrefix('/a/b//')).toBe('a/b/');
  });
});
