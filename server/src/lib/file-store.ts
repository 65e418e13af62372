import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomToken, sha256 } from './hashing.ts';

/** Content-addressed files on local disk: the key is the SHA-256 of the bytes. */
export class FileStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string) {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('invalid file key');
    return path.join(this.root, key.slice(0, 2), key);
  }

  /** Stores bytes once (writing to a temp name first so a crash leaves no half file) and returns the key. */
  async put(bytes: Buffer): Promise<string> {
    const key = sha256(bytes);
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomToken(6)}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, target);
    return key;
  }

  get(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }
}
