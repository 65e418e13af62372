import { DEFAULT_ACTION_MATRIX } from '@funil/domain';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
import { sampleDocx, sampleExe, samplePdf } from './attachment-fixtures.ts';
import {
  createTeam,
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call } from './opportunity-fixtures.ts';

let ctx: TestContext;
let admin: TestUser;
let broker: TestUser;
let teammate: TestUser;
let otherTeamBroker: TestUser;
let personId: string;

/** A multipart body with one `file` field. */
function multipart(filename: string, contentType: string, bytes: Buffer) {
  const boundary = '----funil-attachment-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function upload(
  user: TestUser,
  filename: string,
  bytes: Buffer,
  opts: { source?: 'tab' | 'comment'; person?: string; type?: string } = {},
) {
  const body = multipart(filename, opts.type ?? 'application/octet-stream', bytes);
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/people/${opts.person ?? personId}/attachments${opts.source ? `?source=${opts.source}` : ''}`,
    headers: { cookie: user.cookie, ...body.headers },
    payload: body.payload,
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

const download = (user: TestUser, id: string) =>
  ctx.app.inject({ url: `/api/v1/attachments/${id}/download`, headers: { cookie: user.cookie } });

const listed = async (user: TestUser, person = personId) =>
  (await call(ctx, user, 'GET', `/people/${person}/attachments`)).body.items as {
    id: string;
    name: string;
  }[];

beforeAll(async () => {
  ctx = await createTestContext();
  const { workspaceId } = await createWorkspace(ctx.db);
  admin = await createUser(ctx, workspaceId, 'admin');
  broker = await createUser(ctx, workspaceId, 'broker', { name: 'Carla Corretora' });
  teammate = await createUser(ctx, workspaceId, 'broker');
  otherTeamBroker = await createUser(ctx, workspaceId, 'broker');
  await createTeam(ctx.db, workspaceId, [], [broker.id, teammate.id]);
  await createTeam(ctx.db, workspaceId, [], [otherTeamBroker.id]);
  const person = await call(ctx, broker, 'POST', '/people', { kind: 'individual', name: 'Marta Anexos' });
  personId = person.body.id;
});
afterAll(() => ctx.close());

describe('attachments (Anexos)', () => {
  it('accepts pdf, png, docx and csv by their content, lists them and records tab uploads on the timeline', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#369' } })
      .png()
      .toBuffer();
    const cases = [
      { name: 'proposta.pdf', bytes: samplePdf(), type: 'application/pdf' },
      { name: 'planta.png', bytes: png, type: 'image/png' },
      {
        name: 'contrato.docx',
        bytes: sampleDocx(),
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
      { name: 'visitas.csv', bytes: Buffer.from('data;corretor\n01/05/2026;Carla\n'), type: 'text/csv' },
    ];
    for (const c of cases) {
      // The browser's declared type is ignored: everything goes up as octet-stream.
      const res = await upload(broker, c.name, c.bytes);
      expect(res.status, c.name).toBe(201);
      expect(res.body).toMatchObject({
        name: c.name,
        type: c.type,
        size: c.bytes.length,
        source: 'tab',
        uploadedBy: { id: broker.id, name: 'Carla Corretora' },
      });
    }
    expect((await listed(broker)).map((a) => a.name)).toEqual([
      'visitas.csv',
      'contrato.docx',
      'planta.png',
      'proposta.pdf',
    ]);
    const timeline = await call(ctx, broker, 'GET', `/people/${personId}/timeline`);
    const added = timeline.body.items.filter((e: { kind: string }) => e.kind === 'attachment_added');
    expect(added).toHaveLength(4);
    expect(added[0].data.attachment).toMatchObject({ name: 'visitas.csv', type: 'text/csv' });
  });

  it('refuses a renamed executable and HTML with a pt-BR message listing the allowed types', async () => {
    const before = (await listed(broker)).length;
    for (const [name, bytes] of [
      ['contrato.pdf', sampleExe()],
      ['programa.exe', sampleExe()],
      ['pagina.html', Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>')],
      ['leia.txt', Buffer.from('<html><script>fetch("/api/v1/people")</script></html>')],
    ] as const) {
      const res = await upload(broker, name, bytes, { type: 'application/pdf' });
      expect(res.status, name).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('attachment-type-refused');
      expect(res.body.title).toMatch(/^Tipo de arquivo não permitido/);
      expect(res.body.title).toContain('pdf, png, ppt, pptx, txt, xls ou xlsx');
    }
    expect(await listed(broker)).toHaveLength(before);
  });

  it('refuses a file over 10 MB with 413 and stores nothing', async () => {
    const before = (await listed(broker)).length;
    const big = Buffer.concat([samplePdf(), Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    const res = await upload(broker, 'grande.pdf', big);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload-too-large');
    expect(await listed(broker)).toHaveLength(before);
    const exactly = Buffer.concat([samplePdf(), Buffer.alloc(10 * 1024 * 1024 - samplePdf().length, 0x20)]);
    expect((await upload(broker, 'limite.pdf', exactly)).status).toBe(201);
  });

  it('serves a download as an attachment, never inline, with nosniff and a closed CSP', async () => {
    const res = await upload(broker, 'Proposta Conceição.pdf', samplePdf());
    const file = await download(broker, res.body.id);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="Proposta Conceicao.pdf"; filename*=UTF-8''Proposta%20Concei%C3%A7%C3%A3o.pdf`,
    );
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(file.rawPayload.equals(samplePdf())).toBe(true);
  });

  it('answers 404 to a broker of another team, for the list, an upload and a download', async () => {
    const [first] = await listed(broker);
    expect((await call(ctx, otherTeamBroker, 'GET', `/people/${personId}/attachments`)).status).toBe(404);
    expect((await upload(otherTeamBroker, 'x.pdf', samplePdf())).status).toBe(404);
    expect((await download(otherTeamBroker, first?.id as string)).statusCode).toBe(404);
    expect((await download(admin, first?.id as string)).statusCode).toBe(200);
  });
});

describe('comments with attachments', () => {
  it('uploads for a comment, then the note carries them; they reach the Anexos tab only with it', async () => {
    const pdf = await upload(broker, 'simulacao.pdf', samplePdf(), { source: 'comment' });
    const csv = await upload(broker, 'parcelas.csv', Buffer.from('n;valor\n1;1000\n'), { source: 'comment' });
    expect([pdf.status, csv.status]).toEqual([201, 201]);
    expect(pdf.body).toMatchObject({ source: 'comment', noteEventId: null });
    expect((await listed(broker)).some((a) => a.id === pdf.body.id)).toBe(false);

    const note = await call(ctx, broker, 'POST', `/people/${personId}/notes`, {
      body: 'Cliente pediu a simulação em PDF.',
      attachmentIds: [pdf.body.id, csv.body.id],
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({
      kind: 'note',
      data: {
        body: 'Cliente pediu a simulação em PDF.',
        attachments: [
          { id: pdf.body.id, name: 'simulacao.pdf', type: 'application/pdf', size: samplePdf().length },
          { id: csv.body.id, name: 'parcelas.csv', type: 'text/csv' },
        ],
      },
    });
    const items = await call(ctx, broker, 'GET', `/people/${personId}/attachments`);
    expect(items.body.items.find((a: { id: string }) => a.id === pdf.body.id)).toMatchObject({
      source: 'comment',
      noteEventId: note.body.id,
    });
    const own = await call(ctx, broker, 'GET', `/people/${personId}/timeline?filter=notes`);
    expect(own.body.items[0].data.attachments).toHaveLength(2);

    // A file goes with one comment only, and only its uploader's.
    const again = await call(ctx, broker, 'POST', `/people/${personId}/notes`, {
      body: 'De novo',
      attachmentIds: [pdf.body.id],
    });
    expect(again.status).toBe(422);
    expect(again.body.errors[0]).toMatchObject({ field: 'attachmentIds.0', code: 'unknown_attachment' });
    const mine = await upload(broker, 'outra.pdf', samplePdf(), { source: 'comment' });
    const byAdmin = await call(ctx, admin, 'POST', `/people/${personId}/notes`, {
      body: 'Usando o arquivo de outra pessoa',
      attachmentIds: [mine.body.id],
    });
    expect(byAdmin.status).toBe(422);
    // A plain note still works as before.
    const plain = await call(ctx, broker, 'POST', `/people/${personId}/notes`, { body: 'Só texto' });
    expect(plain.status).toBe(201);
  });

  it('follows the action matrix: a role without "comment" may not attach to comments', async () => {
    const current = await call(ctx, admin, 'GET', '/workspace/action-matrix');
    const matrix = { ...DEFAULT_ACTION_MATRIX, broker: { ...DEFAULT_ACTION_MATRIX.broker, comment: false } };
    const saved = await call(
      ctx,
      admin,
      'PUT',
      '/workspace/action-matrix',
      { matrix },
      { 'if-match': current.headers.etag as string },
    );
    expect(saved.status).toBe(200);
    expect((await upload(broker, 'a.pdf', samplePdf(), { source: 'comment' })).status).toBe(403);
    const pending = await upload(admin, 'b.pdf', samplePdf(), { source: 'comment' });
    expect(pending.status).toBe(201);
    const restored = await call(
      ctx,
      admin,
      'PUT',
      '/workspace/action-matrix',
      { matrix: DEFAULT_ACTION_MATRIX },
      { 'if-match': saved.headers.etag as string },
    );
    expect(restored.status).toBe(200);
  });

  it('keeps every timeline chain verifiable', async () => {
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
  });
});
