import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createS3Client, type S3Settings } from '../src/lib/s3-file-store.ts';

/**
 * A local S3-compatible server (s3rver, objects in a temp folder) on a random loopback port, with one bucket, for
 * the operations tests. `stop()` and `start()` take it down and up on the same port (an object storage outage).
 */
export type LocalS3 = {
  endpoint: string;
  bucket: string;
  /** What the app's FUNIL_S3_* settings would say (s3rver's fixed credentials). */
  settings: (prefix?: string) => S3Settings;
  /** A client of its own, for looking into the bucket directly. */
  client: S3Client;
  /** Every object key under `prefix`. */
  list: (prefix?: string) => Promise<string[]>;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  destroy: () => Promise<void>;
};

export async function startLocalS3(bucket = 'funil-files'): Promise<LocalS3> {
  const directory = await mkdtemp(path.join(tmpdir(), 'funil-s3-'));
  let port = 0;
  let server: S3rver | null = null;
  const start = async () => {
    server = new S3rver({
      address: '127.0.0.1',
      port,
      silent: true,
      directory,
      configureBuckets: [{ name: bucket, configs: [] }],
    });
    port = (await server.run()).port;
  };
  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  const settings = (prefix = ''): S3Settings => ({
    bucket,
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    prefix,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  });
  const client = createS3Client(settings());
  const stop = async () => {
    await server?.close();
    server = null;
  };
  return {
    endpoint,
    bucket,
    settings,
    client,
    list: async (prefix = '') => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        keys.push(...(page.Contents ?? []).map((o) => o.Key as string));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    stop,
    start,
    destroy: async () => {
      client.destroy();
      await stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
