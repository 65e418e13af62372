import type { Readable, Writable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { notFound } from './errors.ts';
import {
  checkSection,
  type FileStore,
  FileStoreUnavailableError,
  hashingCounter,
  keyPath,
} from './file-store.ts';
import { randomToken, sha256 } from './hashing.ts';

/** How to reach a bucket (FUNIL_S3_* settings); credentials absent: the AWS SDK's default chain (env, profile, role). */
export type S3Settings = {
  bucket: string;
  region: string;
  /** An S3-compatible server (MinIO, Ceph, R2, …); absent: AWS. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** Key prefix of every object (`funil/`), so one bucket can hold several deployments. */
  prefix: string;
  accessKeyId?: string;
  secretAccessKey?: string;
};

/** The S3 client of the settings: bounded timeouts (an outage answers 503, never a hanging request). */
export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
    // Checksums only where S3 requires them: several S3-compatible servers refuse the newer default ones.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 3000, requestTimeout: 30_000 },
  });
}

/** `funil`, `/funil/`, `funil/` → `funil/`; empty stays empty. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed ? `${trimmed}/` : '';
}

type SdkError = { name?: string; $metadata?: { httpStatusCode?: number } };

/**
 * What an S3 failure means to the app: a missing object is the `not-found` problem; anything else (refused, timed
 * out, access denied, no such bucket) is the store being unavailable. The raw error is not kept: the message names
 * the operation and the S3 error name only, never a credential or a signed header.
 */
function s3Failure(error: unknown, operation: string): Error {
  const e = (error ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode;
  if (e.name === 'NoSuchKey' || (e.name === 'NotFound' && status === 404)) return notFound();
  const code = (error as NodeJS.ErrnoException)?.code;
  return new FileStoreUnavailableError(
    `object storage ${operation} failed: ${e.name ?? 'Error'}${status ? ` ${status}` : ''}${code ? ` ${code}` : ''}`,
  );
}

/**
 * Content-addressed files in an S3-compatible bucket: object `<prefix>ab/abcdef…`, a section under
 * `<prefix><section>/` — the local store's layout, so a folder and a bucket copy one to the other as they are.
 */
export class S3FileStore implements FileStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix = '',
  ) {}

  /** The object key of a file key. */
  objectKey(key: string): string {
    return this.prefix + keyPath(key);
  }

  private async send<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw s3Failure(error, operation);
    }
  }

  async put(bytes: Buffer): Promise<string> {
    const key = sha256(bytes);
    const Key = this.objectKey(key);
    await this.send('put', () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: 'application/octet-stream',
        }),
      ),
    );
    return key;
  }

  private async open(key: string): Promise<Readable> {
    const Key = this.objectKey(key);
    const answer = await this.send('get', () =>
      this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key })),
    );
    if (!answer.Body) throw new FileStoreUnavailableError('object storage get failed: no body');
    return answer.Body as Readable;
  }

  async get(key: string): Promise<Buffer> {
    const body = await this.open(key);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of body) chunks.push(chunk as Buffer);
    } catch (error) {
      throw s3Failure(error, 'get');
    }
    return Buffer.concat(chunks);
  }

  stream(key: string): Promise<Readable> {
    return this.open(key);
  }

  async remove(key: string): Promise<void> {
    const Key = this.objectKey(key);
    await this.send('remove', () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })));
  }

  section(name: string): FileStore {
    return new S3FileStore(this.client, this.bucket, `${this.prefix}${checkSection(name)}/`);
  }

  /**
   * The key is known only once every byte has passed, so the bytes go (multipart, lib-storage) to a temp object
   * first, which is then copied under its key and removed; a failure aborts the upload and removes the temp object.
   */
  async putStream(write: (out: Writable) => Promise<void>): Promise<{ key: string; size: number }> {
    const temp = `${this.prefix}upload.${randomToken(6)}.tmp`;
    const counter = hashingCounter();
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: temp,
        Body: counter.stream,
        ContentType: 'application/octet-stream',
      },
      queueSize: 2,
      partSize: 5 * 1024 * 1024,
    });
    const uploaded = upload.done();
    // An upload that fails while the writer waits for room must fail the writer too, not leave it waiting.
    uploaded.catch((error) => counter.stream.destroy(s3Failure(error, 'upload')));
    try {
      await write(counter.stream);
      if (!counter.stream.writableEnded) counter.stream.end();
      await this.send('upload', () => uploaded);
      const { key, size } = counter.result();
      const Key = this.objectKey(key);
      await this.send('copy', () =>
        this.client.send(
          new CopyObjectCommand({
            Bucket: this.bucket,
            Key,
            CopySource: `${this.bucket}/${temp.split('/').map(encodeURIComponent).join('/')}`,
            ContentType: 'application/octet-stream',
            MetadataDirective: 'REPLACE',
          }),
        ),
      );
      await this.client
        .send(new DeleteObjectCommand({ Bucket: this.bucket, Key: temp }))
        .catch(() => undefined);
      return { key, size };
    } catch (error) {
      counter.stream.destroy();
      await upload.abort().catch(() => undefined);
      await uploaded.catch(() => undefined);
      await this.client
        .send(new DeleteObjectCommand({ Bucket: this.bucket, Key: temp }))
        .catch(() => undefined);
      throw error;
    }
  }
}

/** The S3 store of the settings. */
export function createS3FileStore(settings: S3Settings): S3FileStore {
  return new S3FileStore(createS3Client(settings), settings.bucket, normalizePrefix(settings.prefix));
}
