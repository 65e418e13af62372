import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';

let ctx: TestContext;
let broker: TestUser;
let outsider: TestUser;
let personId: string;

/** A multipart body with one `file` field. */
function multipart(filename: string, contentType: string, bytes: Buffer) {
  const boundary = '----funil-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

beforeAll(async () => {
  ctx = await createTestContext();
  const { workspaceId } = await createWorkspace(ctx.db);
  broker = await createUser(ctx, workspaceId, 'broker');
  outsider = await createUser(ctx, workspaceId, 'broker');
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: { cookie: broker.cookie },
    payload: { kind: 'company', name: 'Construtora Horizonte Ltda', tradeName: 'Horizonte' },
  });
  personId = res.json().id;
});
afterAll(() => ctx.close());

const upload = (user: TestUser, filename: string, type: string, bytes: Buffer) => {
  const body = multipart(filename, type, bytes);
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/people/${personId}/photo`,
    headers: { cookie: user.cookie, ...body.headers },
    payload: body.payload,
  });
};

describe('photo or logo', () => {
  it('accepts an image by its content, resizes it to 512 px WebP and serves it with nosniff', async () => {
    const png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#2a6' } })
      .png()
      .toBuffer();
    const res = await upload(broker, 'logo.txt', 'text/plain', png);
    expect(res.statusCode).toBe(200);
    const person = res.json();
    expect(person.photoUrl).toMatch(new RegExp(`^/api/v1/people/${personId}/photo`));
    const photo = await ctx.app.inject({ url: person.photoUrl, headers: { cookie: broker.cookie } });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/webp');
    expect(photo.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(photo.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 512, 512]);
    const timeline = (
      await ctx.app.inject({
        url: `/api/v1/people/${personId}/timeline?filter=changes`,
        headers: { cookie: broker.cookie },
      })
    ).json();
    expect(timeline.items[0].data.changes[0].field).toBe('photo');
  });

  it('refuses a file that only claims to be an image, and strangers get 404', async () => {
    const fake = await upload(
      broker,
      'foto.png',
      'image/png',
      Buffer.from('MZ this is an executable, not a png'),
    );
    expect(fake.statusCode).toBe(415);
    expect(fake.json().code).toBe('unsupported-media-type');
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect((await upload(outsider, 'x.png', 'image/png', png)).statusCode).toBe(404);
    expect(
      (
        await ctx.app.inject({
          url: `/api/v1/people/${personId}/photo`,
          headers: { cookie: outsider.cookie },
        })
      ).statusCode,
    ).toBe(404);
  });
});
