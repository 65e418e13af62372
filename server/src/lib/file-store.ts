import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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

  /** A store of its own under this one (`exports/`): its keys never meet this store's, so removing one is safe. */
  section(name: string): FileStore {
    if (!/^[a-z-]+$/.test(name)) throw new Error('invalid section');
    return new FileStore(path.join(this.root, name));
  }

  /**
   * Stores what `write` writes to a stream (a file too big for memory: an export), hashing on the way; answers the
   * key and the size. The bytes go to a temp name first, so a crash leaves no half file under a key.
   */
  async putStream(write: (out: Writable) => Promise<void>): Promise<{ key: string; size: number }> {
    await mkdir(this.root, { recursive: true });
    const temp = path.join(this.root, `upload.${randomToken(6)}.tmp`);
    const hash = createHash('sha256');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    const stored = pipeline(counter, createWriteStream(temp));
    try {
      await write(counter);
      if (!counter.writableEnded) counter.end();
      await stored;
      const key = hash.digest('hex');
      const target = this.pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temp, target);
      return { key, size };
    } catch (error) {
      counter.destroy();
      await stored.catch(() => undefined);
      await rm(temp, { force: true });
      throw error;
    }
  }

  stream(key: string): NodeJS.ReadableStream {
    return createReadStream(this.pathOf(key));
  }

  /** Removes a file (nothing when it is already gone). */
  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
