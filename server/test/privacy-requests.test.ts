import type { RoleMatrix } from '@funil/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertDuePrivacyRequests } from '../src/modules/privacy-requests/privacy-requests.service.ts';
import { samplePdf } from './attachment-fixtures.ts';
import { createTestContext, type TestContext, type TestUser } from './helpers.ts';
import { call, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';
import { pdfText } from './pdf-text.ts';

let ctx: TestContext;
let w: World;
let subject: { id: string; name: string };
let other: { id: string; name: string };

const DAY = 24 * 60 * 60 * 1000;

async function upload(user: TestUser, personId: string, filename: string, bytes: Buffer) {
  const boundary = '----funil-dsr-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/people/${personId}/attachments`,
    headers: { cookie: user.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; name: string };
}

async function download(user: TestUser, url: string) {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: user.cookie } });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload };
}

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
  const a = await call(ctx, w.brokerA1, 'POST', '/people', personBody({ name: 'Joana Titular da Silva' }));
  const b = await call(ctx, w.brokerB1, 'POST', '/people', personBody({ name: 'Outro Cliente Sousa' }));
  subject = { id: a.body.id, name: a.body.name };
  other = { id: b.body.id, name: b.body.name };
  await call(ctx, w.brokerA1, 'POST', `/people/${subject.id}/notes`, {
    body: 'Pediu retorno sobre o apartamento',
  });
  await call(ctx, w.brokerB1, 'POST', `/people/${other.id}/notes`, { body: 'Nota de outra pessoa' });
  await call(ctx, w.brokerA1, 'POST', '/opportunities', {
    pipelineId: w.pipelineId,
    title: 'Apartamento Vila Mariana',
    holderId: subject.id,
    valueCents: 45_000_000,
  });
});
afterAll(() => ctx.close());

const register = (user: TestUser, body: Record<string, unknown>) =>
  call(ctx, user, 'POST', '/privacy/requests', { kind: 'access', channel: 'email', ...body });

describe('data-subject requests (LGPD art. 18/19)', () => {
  it('computes the deadline as received + 15 days, and only managePrivacy registers or lists', async () => {
    const receivedAt = '2026-11-02T13:00:00.000Z';
    const res = await register(w.admin, { personId: subject.id, receivedAt });
    expect(res.status).toBe(201);
    expect(res.body.deadlineAt).toBe('2026-11-17T13:00:00.000Z');
    expect(res.body.status).toBe('open');
    expect(res.body.person).toEqual({ id: subject.id, name: subject.name });
    expect(res.body.overdue).toBe(true);

    expect((await register(w.brokerA1, { personId: subject.id })).status).toBe(403);
    expect((await call(ctx, w.brokerA1, 'GET', '/privacy/requests')).status).toBe(403);

    const missing = await register(w.admin, { personId: null, requesterName: '' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].field).toBe('requesterName');
    const future = await register(w.admin, { requesterName: 'X', receivedAt: '2999-01-01T00:00:00.000Z' });
    expect(future.status).toBe(422);
  });

  it('lists overdue ones first with counts, and filters by status, kind, assignee, person and overdue', async () => {
    const recent = await register(w.admin, {
      kind: 'correction',
      requesterName: 'Pessoa ainda não encontrada',
      requesterContact: 'pessoa@exemplo.com',
      requesterDocument: '123.456.789-09',
      assigneeId: w.manager.id,
    });
    expect(recent.status).toBe(201);
    const nearDue = await register(w.admin, {
      kind: 'deletion',
      requesterName: 'Perto do prazo',
      receivedAt: new Date(Date.now() - 13 * DAY).toISOString(),
    });
    expect(nearDue.status).toBe(201);

    const all = await call(ctx, w.admin, 'GET', '/privacy/requests');
    expect(all.status).toBe(200);
    const deadlines = all.body.items.map((r: { deadlineAt: string }) => r.deadlineAt);
    expect(deadlines).toEqual([...deadlines].sort());
    expect(all.body.counts.overdue).toBeGreaterThanOrEqual(1);
    expect(all.body.counts.nearDue).toBeGreaterThanOrEqual(1);

    const overdue = await call(ctx, w.admin, 'GET', '/privacy/requests?overdue=true');
    expect(overdue.body.items.every((r: { overdue: boolean }) => r.overdue)).toBe(true);
    expect(overdue.body.total).toBe(all.body.counts.overdue);

    const mine = await call(ctx, w.admin, 'GET', `/privacy/requests?assigneeId=${w.manager.id}`);
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([recent.body.id]);
    const byKind = await call(ctx, w.admin, 'GET', '/privacy/requests?kind=deletion');
    expect(byKind.body.items.map((r: { id: string }) => r.id)).toEqual([nearDue.body.id]);
    const byPerson = await call(ctx, w.admin, 'GET', `/privacy/requests?personId=${subject.id}`);
    expect(byPerson.body.items.every((r: { person: { id: string } }) => r.person.id === subject.id)).toBe(
      true,
    );
    const paged = await call(ctx, w.admin, 'GET', '/privacy/requests?limit=1&offset=1');
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.total).toBe(all.body.total);
  });

  it('edits under If-Match (412 when stale, 428 without), records each change, and notifies the assignee once', async () => {
    const created = await register(w.admin, { requesterName: 'Titular sem cadastro', kind: 'confirmation' });
    const etag = created.headers.etag as string;
    expect(
      (await call(ctx, w.admin, 'PATCH', `/privacy/requests/${created.body.id}`, { status: 'in_progress' }))
        .status,
    ).toBe(428);
    const assigned = await call(
      ctx,
      w.admin,
      'PATCH',
      `/privacy/requests/${created.body.id}`,
      { assigneeId: w.manager.id, personId: subject.id, simplifiedAnswerGiven: true },
      { 'if-match': etag },
    );
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignee.id).toBe(w.manager.id);
    expect(assigned.body.person.id).toBe(subject.id);
    expect(assigned.body.simplifiedAnswerAt).not.toBeNull();
    const stale = await call(
      ctx,
      w.admin,
      'PATCH',
      `/privacy/requests/${created.body.id}`,
      { status: 'in_progress' },
      { 'if-match': etag },
    );
    expect(stale.status).toBe(412);

    const detail = await call(ctx, w.admin, 'GET', `/privacy/requests/${created.body.id}`);
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).toEqual([
      'registered',
      'updated',
      'assigned',
      'simplified_answer',
    ]);
    const bell = await call(ctx, w.manager, 'GET', '/notifications');
    const notices = bell.body.items.filter(
      (n: { kind: string; data: { requestId: string } }) =>
        n.kind === 'privacy_request_assigned' && n.data.requestId === created.body.id,
    );
    expect(notices).toHaveLength(1);

    const refused = await call(
      ctx,
      w.admin,
      'POST',
      `/privacy/requests/${created.body.id}/refuse`,
      { reason: 'Não somos o controlador destes dados' },
      { 'if-match': detail.headers.etag as string },
    );
    expect(refused.status).toBe(200);
    expect(refused.body.status).toBe('refused');
    const again = await call(
      ctx,
      w.admin,
      'POST',
      `/privacy/requests/${created.body.id}/answer`,
      { text: 'tarde demais' },
      { 'if-match': refused.headers.etag as string },
    );
    expect(again.status).toBe(409);
  });

  it('keeps the handling history append-only, even for the table owner', async () => {
    const owner = new pg.Client({ connectionString: ctx.ownerUrl });
    await owner.connect();
    try {
      await expect(owner.query('UPDATE privacy_request_events SET kind = kind')).rejects.toThrow(
        /append-only/,
      );
      await expect(owner.query('DELETE FROM privacy_request_events')).rejects.toThrow(/append-only/);
      await expect(owner.query('TRUNCATE privacy_request_events CASCADE')).rejects.toThrow(/append-only/);
      await expect(owner.query('DELETE FROM privacy_requests')).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
    await expect(ctx.db.query('UPDATE privacy_request_events SET kind = kind')).rejects.toThrow();
  });

  it('answers an access request with a JSON of the person (timeline, files) and nothing of another, and a PDF', async () => {
    const file = await upload(w.brokerA1, subject.id, 'contrato-joana.pdf', samplePdf());
    await upload(w.brokerB1, other.id, 'contrato-outro.pdf', samplePdf());
    const created = await register(w.admin, { personId: subject.id, kind: 'portability' });
    const noPerson = await register(w.admin, { requesterName: 'Sem cadastro' });
    expect(
      (await call(ctx, w.admin, 'POST', `/privacy/requests/${noPerson.body.id}/answer-files`)).status,
    ).toBe(409);
    expect(
      (await call(ctx, w.brokerA1, 'POST', `/privacy/requests/${created.body.id}/answer-files`)).status,
    ).toBe(403);

    const generated = await call(ctx, w.admin, 'POST', `/privacy/requests/${created.body.id}/answer-files`);
    expect(generated.status).toBe(200);
    expect(generated.body.status).toBe('in_progress');
    expect(generated.body.files.map((f: { kind: string }) => f.kind)).toEqual(['json', 'pdf']);

    const json = await download(w.admin, `/privacy/requests/${created.body.id}/files/json`);
    expect(json.status).toBe(200);
    expect(json.headers['content-disposition']).toContain('attachment');
    const doc = JSON.parse(json.bytes.toString('utf8'));
    expect(doc.person.id).toBe(subject.id);
    expect(doc.person.name).toBe(subject.name);
    expect(doc.person.phones.length).toBeGreaterThan(0);
    const bodies = doc.timeline.map((e: { data: { body?: string } }) => e.data?.body).filter(Boolean);
    expect(bodies).toContain('Pediu retorno sobre o apartamento');
    expect(doc.timeline.length).toBeGreaterThanOrEqual(3);
    expect(doc.files.map((f: { id: string }) => f.id)).toEqual([file.id]);
    expect(doc.opportunities[0].valueCents).toBe(45_000_000);
    expect(doc.opportunities[0].stage.stage).toBe('Novo lead');
    const text = json.bytes.toString('utf8');
    expect(text).not.toContain(other.id);
    expect(text).not.toContain('Nota de outra pessoa');
    expect(text).not.toContain('contrato-outro.pdf');

    const pdf = await download(w.admin, `/privacy/requests/${created.body.id}/files/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pdfDoc = await pdfText(pdf.bytes);
    expect(pdfDoc.text).toContain(subject.name);
    expect(pdfDoc.text).toContain('contrato-joana.pdf');
    expect(pdfDoc.text).toContain('R$');
    expect(pdfDoc.text).not.toContain(other.name);
    expect(doc.consents).toEqual({ current: [], log: [] });
    expect(pdfDoc.text).toContain('Bases legais e consentimentos (0)');
    // Both downloads are accesses to the person's data, in the access log.
    const logged = await ctx.db.query(
      `SELECT count(*)::int AS n FROM access_log
       WHERE workspace_id = $1 AND person_id = $2 AND user_id = $3 AND kind = 'file_downloaded'`,
      [w.workspaceId, subject.id, w.admin.id],
    );
    expect(logged.rows[0].n).toBe(2);

    const answered = await call(
      ctx,
      w.admin,
      'POST',
      `/privacy/requests/${created.body.id}/answer`,
      { text: 'Enviamos o relatório por e-mail.' },
      { 'if-match': generated.headers.etag as string },
    );
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('answered');
    expect(answered.body.answerText).toBe('Enviamos o relatório por e-mail.');
    expect(answered.body.files).toHaveLength(2);
    // The answer stays downloadable after the request is closed.
    expect((await download(w.admin, `/privacy/requests/${created.body.id}/files/pdf`)).status).toBe(200);
  });

  it('pages through a long timeline: every event of the person is in the JSON, once', async () => {
    const long = await call(
      ctx,
      w.brokerA2,
      'POST',
      '/people',
      personBody({ name: 'Titular Histórico Longo' }),
    );
    for (let i = 0; i < 130; i++) {
      await call(ctx, w.brokerA2, 'POST', `/people/${long.body.id}/notes`, { body: `Nota ${i}` });
    }
    const created = await register(w.admin, { personId: long.body.id });
    expect(
      (await call(ctx, w.admin, 'POST', `/privacy/requests/${created.body.id}/answer-files`)).status,
    ).toBe(200);
    const json = await download(w.admin, `/privacy/requests/${created.body.id}/files/json`);
    const doc = JSON.parse(json.bytes.toString('utf8'));
    const { rows } = await ctx.db.query(
      `SELECT count(*)::int AS n FROM timeline_events WHERE subject_type = 'person' AND subject_id = $1`,
      [long.body.id],
    );
    expect(rows[0].n).toBeGreaterThan(130);
    expect(doc.timeline).toHaveLength(rows[0].n);
    expect(new Set(doc.timeline.map((e: { id: number }) => e.id)).size).toBe(rows[0].n);
  });

  it("reads the person through the acting user's visibility", async () => {
    const { matrix, etag } = await (async () => {
      const res = await call(ctx, w.admin, 'GET', '/workspace/role-matrix');
      return { matrix: res.body as RoleMatrix, etag: res.headers.etag as string };
    })();
    matrix.broker.capabilities.managePrivacy = true;
    expect(
      (await call(ctx, w.admin, 'PUT', '/workspace/role-matrix', matrix, { 'if-match': etag })).status,
    ).toBe(200);
    // Broker B1 may now handle requests, but does not see A1's person: not linkable, not named, not exported.
    const denied = await register(w.brokerB1, { personId: subject.id });
    expect(denied.status).toBe(422);
    expect(denied.body.errors[0].field).toBe('personId');
    const adminOne = await register(w.admin, { personId: subject.id });
    const seen = await call(ctx, w.brokerB1, 'GET', `/privacy/requests/${adminOne.body.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.request.person).toBeNull();
    expect(
      (await call(ctx, w.brokerB1, 'POST', `/privacy/requests/${adminOne.body.id}/answer-files`)).status,
    ).toBe(409);
    const own = await register(w.brokerB1, { personId: other.id });
    expect(own.status).toBe(201);
  });

  it('alerts the assignee once when a request nears its deadline', async () => {
    const created = await register(w.admin, {
      requesterName: 'Quase vencendo',
      assigneeId: w.brokerA2.id,
      receivedAt: new Date(Date.now() - 14 * DAY).toISOString(),
    });
    const far = await register(w.admin, { requesterName: 'Longe do prazo', assigneeId: w.brokerA2.id });
    await alertDuePrivacyRequests(ctx.db);
    await alertDuePrivacyRequests(ctx.db);
    const bell = await call(ctx, w.brokerA2, 'GET', '/notifications');
    const due = bell.body.items.filter((n: { kind: string }) => n.kind === 'privacy_request_due');
    expect(due.map((n: { data: { requestId: string } }) => n.data.requestId)).toEqual([created.body.id]);
    expect(due.some((n: { data: { requestId: string } }) => n.data.requestId === far.body.id)).toBe(false);
  });
});
