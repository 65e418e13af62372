import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { notFound } from './errors.ts';
import { randomToken, sha256 } from './hashing.ts';

/**
 * Where uploaded and generated files live, content-addressed: the key is the SHA-256 of the bytes. Two
 * implementations: local disk (`LocalFileStore`, the default) and S3-compatible object storage (`S3FileStore`,
 * lib/s3-file-store.ts), chosen by FUNIL_FILE_STORE (lib/file-store-from-env.ts). A key the store does not hold
 * answers the `not-found` DomainError (404); a store that cannot be reached throws `FileStoreUnavailableError` (503).
 */
export type FileStore = {
  /** Stores bytes once and returns their key; storing the same bytes again is harmless. */
  put(bytes: Buffer): Promise<string>;
  get(key: string): Promise<Buffer>;
  /**
   * Stores what `write` writes to a stream (a file too big for memory: an export), hashing on the way; answers the
   * key and the size. A failure leaves nothing under a key.
   */
  putStream(write: (out: Writable) => Promise<void>): Promise<{ key: string; size: number }>;
  /** The bytes as a stream; opened before it answers, so a missing file is a 404 before any byte is sent. */
  stream(key: string): Promise<Readable>;
  /** Removes a file (nothing when it is already gone). */
  remove(key: string): Promise<void>;
  /** A store of its own under this one (`exports/`): its keys never meet this store's, so removing one is safe. */
  section(name: string): FileStore;
};

/** The file store could not be reached (object storage down, refused, timed out): the request may be retried. */
export class FileStoreUnavailableError extends Error {
  readonly retryAfterSeconds = 5;
}

/** The relative path of a key inside its store, `ab/abcdef…`: the same layout on disk and in a bucket. */
export function keyPath(key: string): string {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('invalid file key');
  return `${key.slice(0, 2)}/${key}`;
}

/** A section name: lowercase letters and dashes, so it can never climb out of its store. */
export function checkSection(name: string): string {
  if (!/^[a-z-]+$/.test(name)) throw new Error('invalid section');
  return name;
}

/** Counts and hashes the bytes passing through, for `putStream`. */
export function hashingCounter() {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  return { stream, result: () => ({ key: hash.digest('hex'), size }) };
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

/** Content-addressed files on local disk under `root`: `root/ab/abcdef…`, a section under `root/<section>/`. */
export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string) {
    return path.join(this.root, keyPath(key));
  }

  /** Writes to a temp name first so a crash leaves no half file. */
  async put(bytes: Buffer): Promise<string> {
    const key = sha256(bytes);
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomToken(6)}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, target);
    return key;
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isMissing(error)) throw notFound();
      throw error;
    }
  }

  section(name: string): FileStore {
    return new LocalFileStore(path.join(this.root, checkSection(name)));
  }

  /** The bytes go to a temp name first, so a crash leaves no half file under a key. */
  async putStream(write: (out: Writable) => Promise<void>): Promise<{ key: string; size: number }> {
    await mkdir(this.root, { recursive: true });
    const temp = path.join(this.root, `upload.${randomToken(6)}.tmp`);
    const counter = hashingCounter();
    const stored = pipeline(counter.stream, createWriteStream(temp));
    try {
      await write(counter.stream);
      if (!counter.stream.writableEnded) counter.stream.end();
      await stored;
      const { key, size } = counter.result();
      const target = this.pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temp, target);
      return { key, size };
    } catch (error) {
      counter.stream.destroy();
      await stored.catch(() => undefined);
      await rm(temp, { force: true });
      throw error;
    }
  }

  async stream(key: string): Promise<Readable> {
    try {
      // Opened here, not lazily by the stream: a missing file must fail before the response starts.
      const handle = await open(this.pathOf(key), 'r');
      return handle.createReadStream();
    } catch (error) {
      if (isMissing(error)) throw notFound();
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
