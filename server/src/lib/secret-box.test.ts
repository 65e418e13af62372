import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecretBox, SecretBox } from './secret-box.ts';

describe('SecretBox', () => {
  it('seals and opens; the sealed form hides the secret and differs each time', () => {
    const box = new SecretBox(randomBytes(32));
    const a = box.seal('senha-smtp-123');
    expect(a).toMatch(/^v1:/);
    expect(a).not.toContain('senha');
    expect(box.seal('senha-smtp-123')).not.toBe(a);
    expect(box.open(a)).toBe('senha-smtp-123');
  });

  it('refuses another key, an altered value and a plain value', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.seal('segredo');
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
    const altered = `${sealed.slice(0, -4)}AAAA`;
    expect(() => box.open(altered)).toThrow();
    expect(() => box.open('segredo')).toThrow();
    expect(() => new SecretBox(randomBytes(16))).toThrow();
  });

  it('keeps its key in the data folder (owner-only) when none is configured, the same on the next start', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'funil-key-'));
    try {
      const first = await loadSecretBox(undefined, dir);
      const sealed = first.seal('x');
      expect((await loadSecretBox(undefined, dir)).open(sealed)).toBe('x');
      expect((await stat(path.join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
      const configured = (await readFile(path.join(dir, 'secret.key'), 'utf8')).trim();
      expect((await loadSecretBox(configured, '/nonexistent')).open(sealed)).toBe('x');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
