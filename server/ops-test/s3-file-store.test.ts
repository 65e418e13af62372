import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Funil, startFunil } from '../src/bootstrap.ts';
import { loadEnv } from '../src/config/env.ts';
import { DomainError } from '../src/lib/errors.ts';
import { type FileStore, FileStoreUnavailableError, LocalFileStore } from '../src/lib/file-store.ts';
import { createS3FileStore } from '../src/lib/s3-file-store.ts';
import { samplePdf } from '../test/attachment-fixtures.ts';
import { createUser, createWorkspace, type TestUser } from '../test/helpers.ts';
import { type ServerPostgres, startDebianPostgres } from './debian-postgres.ts';
import { type LocalS3, startLocalS3 } from './s3-server.ts';

// Files in S3-compatible object storage (issue 15): the S3 store against a local S3 server (s3rver), the local
// store held to the same contract, then the app started with FUNIL_FILE_STORE=s3 on Debian's PostgreSQL.

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const objectPath = (prefix: string, key: string) => `${prefix}${key.slice(0, 2)}/${key}`;

async function expectNotFound(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).status).toBe(404);
}

/** Writes `parts` chunks of `size` bytes each (different bytes per chunk), honouring the stream's write callbacks. */
function writeChunks(parts: number, size: number) {
  return async (out: Writable) => {
    for (let i = 0; i < parts; i++) {
      const chunk = Buffer.alloc(size, i + 1);
      await new Promise<void>((resolve, reject) => out.write(chunk, (e) => (e ? reject(e) : resolve())));
    }
    out.end();
  };
}

const readAll = async (stream: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

let s3: LocalS3;
let localDir: string;

beforeAll(async () => {
  s3 = await startLocalS3();
  localDir = await mkdtemp(path.join(tmpdir(), 'funil-local-store-'));
});
afterAll(async () => {
  await s3?.destroy();
  if (localDir) await rm(localDir, { recursive: true, force: true });
});

describe.each([
  ['local disk', () => new LocalFileStore(localDir) as FileStore],
  ['S3', () => createS3FileStore(s3.settings('contract')) as FileStore],
])('the file store contract: %s', (_name, make) => {
  it('puts by content (same key for the same bytes, again harmless), gets and streams, removes, 404s a missing key', async () => {
    const store = make();
    const bytes = Buffer.from(`contrato ${Math.random()}`);
    const key = await store.put(bytes);
    expect(key).toBe(sha(bytes));
    expect(await store.put(bytes)).toBe(key);
    expect(await store.get(key)).toEqual(bytes);
    expect(await readAll(await store.stream(key))).toEqual(bytes);
    await store.remove(key);
    await store.remove(key);
    await expectNotFound(store.get(key));
    await expectNotFound(store.stream(key));
    await expect(store.get('../../etc/passwd')).rejects.toThrow('invalid file key');
  });

  it('putStream hashes what passes (multipart past 5 MB) and a failing writer leaves nothing', async () => {
    const store = make().section('exports');
    const stored = await store.putStream(writeChunks(3, 2 * 1024 * 1024 + 7));
    const expected = Buffer.concat([1, 2, 3].map((i) => Buffer.alloc(2 * 1024 * 1024 + 7, i)));
    expect(stored).toEqual({ key: sha(expected), size: expected.length });
    expect((await store.get(stored.key)).equals(expected)).toBe(true);
    await expect(
      store.putStream(async (out) => {
        out.write(Buffer.alloc(1024, 9));
        throw new Error('writer failed');
      }),
    ).rejects.toThrow('writer failed');
    await store.remove(stored.key);
  });

  it('a section is a store of its own: removing there never touches the same key outside', async () => {
    const root = make();
    const bytes = Buffer.from(`mesmo arquivo ${Math.random()}`);
    const key = await root.put(bytes);
    expect(await root.section('exports').put(bytes)).toBe(key);
    await root.section('exports').remove(key);
    expect(await root.get(key)).toEqual(bytes);
    await expectNotFound(root.section('exports').get(key));
    expect(() => root.section('../x')).toThrow('invalid section');
  });
});

describe('the S3 store in the bucket', () => {
  it('lays objects out as the disk does (prefix, then ab/abcdef…, sections as folders) and leaves no temp object', async () => {
    const store = createS3FileStore(s3.settings('/layout/'));
    const key = await store.put(Buffer.from('layout'));
    const exported = await store.section('exports').putStream(writeChunks(1, 1000));
    const keys = await s3.list('layout/');
    expect(keys.sort()).toEqual(
      [objectPath('layout/', key), objectPath('layout/exports/', exported.key)].sort(),
    );
  });

  it('an unreachable server or refused credentials are FileStoreUnavailableError naming no credential', async () => {
    const down = createS3FileStore({ ...s3.settings(), endpoint: 'http://127.0.0.1:9' });
    const refused = createS3FileStore({
      ...s3.settings(),
      accessKeyId: 'AKIAFUNILTESTKEY0001',
      secretAccessKey: 'segredo-que-nao-pode-vazar',
    });
    for (const attempt of [
      () => down.get('a'.repeat(64)),
      () => down.put(Buffer.from('x')),
      () => refused.put(Buffer.from('x')),
      () => refused.section('exports').putStream(writeChunks(1, 10)),
    ]) {
      const error = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FileStoreUnavailableError);
      const seen = `${(error as Error).message} ${JSON.stringify(error)} ${String((error as Error).stack)}`;
      expect(seen).not.toContain('segredo-que-nao-pode-vazar');
      expect(seen).not.toContain('AKIAFUNILTESTKEY0001');
      expect(seen).not.toContain('S3RVER');
    }
  });
});

describe('the app with FUNIL_FILE_STORE=s3', () => {
  const PREFIX = 'funil-ops/';
  let postgres: ServerPostgres;
  let funil: Funil;
  let dataDir: string;
  let admin: TestUser;
  let outsider: TestUser;
  let personId: string;
  let attachment: { id: string; key: string; bytes: Buffer };

  const inject = (user: TestUser, method: 'GET' | 'POST', url: string, payload?: object) =>
    funil.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: user.cookie },
      ...(payload ? { payload } : {}),
    });

  function multipart(url: string, user: TestUser, filename: string, bytes: Buffer) {
    const boundary = '----funil-s3-boundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    return funil.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { cookie: user.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    });
  }

  const objectBytes = async (key: string) => {
    const answer = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    return Buffer.from(
      await (answer.Body as { transformToByteArray: () => Promise<Uint8Array> }).transformToByteArray(),
    );
  };

  beforeAll(async () => {
    postgres = await startDebianPostgres();
    const admin_ = new pg.Client({ connectionString: postgres.superuserUrl() });
    await admin_.connect();
    await admin_.query('CREATE DATABASE funil');
    await admin_.end();
    dataDir = await mkdtemp(path.join(tmpdir(), 'funil-s3-app-'));
    const settings = s3.settings();
    funil = await startFunil(
      loadEnv({
        DATABASE_URL: postgres.superuserUrl('funil'),
        HOST: '127.0.0.1',
        PORT: '0',
        FUNIL_DATA_DIR: dataDir,
        FUNIL_SEED_DEMO: 'false',
        FUNIL_LOG_LEVEL: 'silent',
        FUNIL_WEB_DIST: '/nonexistent',
        FUNIL_WEBHOOK_RELAY_MS: '100',
        FUNIL_QUEUE_POLL_S: '0.5',
        FUNIL_FILE_STORE: 's3',
        FUNIL_S3_BUCKET: settings.bucket,
        FUNIL_S3_ENDPOINT: settings.endpoint,
        FUNIL_S3_FORCE_PATH_STYLE: 'true',
        FUNIL_S3_PREFIX: 'funil-ops',
        FUNIL_S3_ACCESS_KEY_ID: settings.accessKeyId,
        FUNIL_S3_SECRET_ACCESS_KEY: settings.secretAccessKey,
      }),
    );
    const ctx = { db: funil.db, app: funil.app };
    const mine = await createWorkspace(funil.db, 'Imobiliária S3');
    const theirs = await createWorkspace(funil.db, 'Outra Imobiliária');
    admin = await createUser(ctx, mine.workspaceId, 'admin');
    outsider = await createUser(ctx, theirs.workspaceId, 'admin');
    const person = await inject(admin, 'POST', '/people', { kind: 'individual', name: 'Marta Nuvem' });
    expect(person.statusCode, person.body).toBe(201);
    personId = person.json().id;
  });
  afterAll(async () => {
    await funil?.stop();
    await postgres?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('an attachment goes to the bucket under its SHA-256 and comes back through the app, to its workspace only', async () => {
    const bytes = Buffer.concat([samplePdf(), Buffer.from(`% ${Math.random()}\n`)]);
    const res = await multipart(`/people/${personId}/attachments`, admin, 'proposta.pdf', bytes);
    expect(res.statusCode, res.body).toBe(201);
    attachment = { id: res.json().id, key: objectPath(PREFIX, sha(bytes)), bytes };
    expect(await s3.list(PREFIX)).toContain(attachment.key);
    expect((await objectBytes(attachment.key)).equals(bytes)).toBe(true);

    const download = await inject(admin, 'GET', `/attachments/${attachment.id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(/^attachment/);
    expect(download.rawPayload.equals(bytes)).toBe(true);

    const foreign = await inject(outsider, 'GET', `/attachments/${attachment.id}/download`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('a photo is stored in the bucket and served from it', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2a6' } })
      .png()
      .toBuffer();
    const before = new Set(await s3.list(PREFIX));
    const res = await multipart(`/people/${personId}/photo`, admin, 'foto.png', png);
    expect(res.statusCode, res.body).toBe(200);
    const added = (await s3.list(PREFIX)).filter((k) => !before.has(k));
    expect(added).toHaveLength(1);
    const photo = await inject(admin, 'GET', `/people/${personId}/photo`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/webp');
    expect(photo.rawPayload.equals(await objectBytes(added[0] as string))).toBe(true);
    expect((await inject(outsider, 'GET', `/people/${personId}/photo`)).statusCode).toBe(404);
  });

  it('an export is streamed into the bucket (exports/ prefix) by the job and downloads through the app', async () => {
    const asked = await inject(admin, 'POST', '/exports', { list: 'people', format: 'csv' });
    expect(asked.statusCode, asked.body).toBe(202);
    const id = asked.json().id as string;
    let status = 'queued';
    for (let i = 0; i < 100 && status !== 'done' && status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await inject(admin, 'GET', `/exports/${id}`)).json().status;
    }
    expect(status).toBe('done');
    const exported = (await s3.list(`${PREFIX}exports/`)).filter((k) => !k.endsWith('.tmp'));
    expect(exported).toHaveLength(1);
    expect((await s3.list(PREFIX)).filter((k) => k.includes('.tmp'))).toEqual([]);
    const file = await inject(admin, 'GET', `/exports/${id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/^text\/csv/);
    expect(file.body).toContain('Marta Nuvem');
    const stored = await objectBytes(exported[0] as string);
    expect(file.rawPayload.equals(stored)).toBe(true);
    expect(exported[0]).toBe(objectPath(`${PREFIX}exports/`, sha(stored)));
    expect((await inject(outsider, 'GET', `/exports/${id}/file`)).statusCode).toBe(404);
  });

  it('an object missing from the bucket is a 404 problem', async () => {
    const bytes = Buffer.concat([samplePdf(), Buffer.from(`% sumiu ${Math.random()}\n`)]);
    const res = await multipart(`/people/${personId}/attachments`, admin, 'sumiu.pdf', bytes);
    expect(res.statusCode, res.body).toBe(201);
    await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: objectPath(PREFIX, sha(bytes)) }));
    const download = await inject(admin, 'GET', `/attachments/${res.json().id}/download`);
    expect(download.statusCode).toBe(404);
    expect(download.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('while the object storage is down, downloads and uploads answer 503 problem+json with Retry-After; then recover', async () => {
    await s3.stop();
    try {
      const started = Date.now();
      const download = await inject(admin, 'GET', `/attachments/${attachment.id}/download`);
      expect(download.statusCode).toBe(503);
      expect(download.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(download.headers['retry-after']).toBe('5');
      expect(download.json().code).toBe('storage-unavailable');
      expect(download.body).not.toContain('S3RVER');
      const upload = await multipart(`/people/${personId}/attachments`, admin, 'novo.pdf', samplePdf());
      expect(upload.statusCode).toBe(503);
      expect(upload.json().code).toBe('storage-unavailable');
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await s3.start();
    }
    const again = await inject(admin, 'GET', `/attachments/${attachment.id}/download`);
    expect(again.statusCode).toBe(200);
    expect(again.rawPayload.equals(attachment.bytes)).toBe(true);
  });

  it('anonymizing the person removes their files and the export naming them from the bucket', async () => {
    const stored = await s3.list(PREFIX);
    expect(stored).toContain(attachment.key);
    expect(stored.some((k) => k.includes('/exports/'))).toBe(true);
    const res = await inject(admin, 'POST', `/people/${personId}/anonymize`, { reason: 'pedido do titular' });
    expect(res.statusCode, res.body).toBe(200);
    // Attachments and photo, and the export that lists them (read back from the bucket to find their name).
    expect(await s3.list(PREFIX)).toEqual([]);
    expect((await inject(admin, 'GET', `/attachments/${attachment.id}/download`)).statusCode).toBe(404);
  });
});
