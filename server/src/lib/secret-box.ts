import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const PREFIX = 'v1:';

/**
 * Seals secrets kept in the database (the workspace's SMTP password): AES-256-GCM with a server key, so a dump
 * or backup of the database alone does not reveal them. The sealed form is `v1:` + base64(iv ‖ tag ‖ data).
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32)
      throw new Error('A chave de segredos precisa de 32 bytes / the secret key needs 32 bytes');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
  }

  /** A MAC of `value` under the server key, for signed links (an unsubscribe URL): base64url, 22 characters. */
  mac(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\0${value}`).digest('base64url').slice(0, 22);
  }

  /** The plain secret; throws when it was sealed with another key or altered. */
  open(sealed: string): string {
    if (!sealed.startsWith(PREFIX)) throw new Error('not a sealed secret');
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/**
 * The server's key: FUNIL_SECRET_KEY (base64 of 32 bytes) when set — every instance of a deployment must share
 * it —, otherwise `secret.key` in the data folder, created on the first start (readable by this user only).
 */
export async function loadSecretBox(configured: string | undefined, dataDir: string): Promise<SecretBox> {
  if (configured) return new SecretBox(Buffer.from(configured, 'base64'));
  const file = path.join(dataDir, 'secret.key');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing) return new SecretBox(Buffer.from(existing.trim(), 'base64'));
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(32);
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error) => {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  await chmod(file, 0o600);
  return new SecretBox(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64'));
}
