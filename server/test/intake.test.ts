import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processIntakeLead } from '../src/modules/intake/intake.jobs.ts';
import { claimUnqueued } from '../src/modules/intake/intake.repository.ts';
import { FORM_POSTS_PER_MINUTE } from '../src/modules/intake/intake.service.ts';
import { createTestContext, type TestContext } from './helpers.ts';
import { call, opportunityWorld, type World } from './opportunity-fixtures.ts';

// Lead intake end to end over HTTP: sources, the presets with their recorded payloads, dedup, the site form.

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../domain/src/intake-fixtures/${name}`, import.meta.url), 'utf8'));

let ctx: TestContext;
let w: World;
let logs = '';

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    logs += chunk.toString();
  });
  ctx = await createTestContext({ logStream: stream });
  w = await opportunityWorld(ctx);
});
afterAll(() => ctx.close());

/** Runs the relay and the job for every stored lead, as the worker would (in order). */
async function drain() {
  for (;;) {
    const claimed = await claimUnqueued(ctx.db, 100);
    if (!claimed.length) return;
    for (const l of claimed) await processIntakeLead(ctx.db, { workspaceId: l.workspace_id, leadId: l.id });
  }
}

async function createSource(body: Record<string, unknown>) {
  const res = await call(ctx, w.admin, 'POST', '/intake/sources', {
    pipelineId: w.pipelineId,
    stageId: w.stages[1]?.id,
    media: 'Internet',
    channel: 'Portal',
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as {
    source: { id: string; formPath: string; googleKey: string; version: number };
    token: string;
  };
}

async function post(
  sourceId: string,
  payload: unknown,
  opts: { token?: string; query?: string; headers?: Record<string, string> } = {},
) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/intake/${sourceId}/leads${opts.query ?? ''}`,
    headers: {
      'content-type': 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers };
}

const counts = async () => {
  const { rows } = await ctx.db.query(
    `SELECT (SELECT count(*)::int FROM people WHERE workspace_id = $1) AS people,
            (SELECT count(*)::int FROM opportunities WHERE workspace_id = $1) AS opportunities,
            (SELECT count(*)::int FROM intake_leads WHERE workspace_id = $1) AS leads,
            (SELECT count(*)::int FROM timeline_events WHERE workspace_id = $1) AS events`,
    [w.workspaceId],
  );
  return rows[0] as { people: number; opportunities: number; leads: number; events: number };
};

const leadRow = async (id: string) =>
  (await ctx.db.query('SELECT * FROM intake_leads WHERE id = $1', [id])).rows[0];

async function personOf(leadId: string) {
  const row = await leadRow(leadId);
  const person = await call(ctx, w.admin, 'GET', `/people/${row.person_id}`);
  const opp = row.opportunity_id
    ? await call(ctx, w.admin, 'GET', `/opportunities/${row.opportunity_id}`)
    : null;
  return { row, person: person.body, opportunity: opp?.body };
}

describe('sources', () => {
  it('creates a lead source with a token of scope intake:leads and edits it with If-Match', async () => {
    const { source, token } = await createSource({ name: 'Portal X', preset: 'olx_zap' });
    expect(token).toMatch(/^fnl_/);
    const integration = await call(ctx, w.admin, 'GET', `/integrations/${source.id}`);
    expect(integration.body).toMatchObject({ kind: 'lead_source', scopes: ['intake:leads'] });
    const stale = await call(
      ctx,
      w.admin,
      'PATCH',
      `/intake/sources/${source.id}`,
      { media: 'Outra' },
      { 'if-match': '"9"' },
    );
    expect(stale.status).toBe(412);
    const ok = await call(
      ctx,
      w.admin,
      'PATCH',
      `/intake/sources/${source.id}`,
      { consentText: 'Novo texto' },
      { 'if-match': '"1"' },
    );
    expect(ok.body).toMatchObject({ version: 2, consentVersion: 2, consentText: 'Novo texto' });
    const bad = await call(ctx, w.admin, 'POST', '/intake/sources', {
      name: 'X',
      preset: 'generic',
      pipelineId: w.stages[0]?.id,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('pipelineId');
  });

  it('is for admins with manageIntegrations only', async () => {
    const res = await call(ctx, w.brokerA1, 'GET', '/intake/sources');
    expect(res.status).toBe(403);
  });

  it('previews a generic mapping without storing anything', async () => {
    const before = await counts();
    const res = await call(ctx, w.admin, 'POST', '/intake/preview', {
      preset: 'generic',
      mapping: { externalId: 'id', name: 'contato.nome', phone: 'contato.fones[0]' },
      payload: { id: 9, contato: { nome: 'Prévia', fones: ['11 98888-1111'] } },
    });
    expect(res.status).toBe(200);
    expect(res.body.leads[0].normalized).toMatchObject({
      name: 'Prévia',
      phone: '+5511988881111',
      externalId: '9',
    });
    const missing = await call(ctx, w.admin, 'POST', '/intake/preview', {
      preset: 'generic',
      mapping: { externalId: 'uuid' },
      payload: { id: 9 },
    });
    expect(missing.body.errors).toEqual([{ field: 'uuid', code: 'missing' }]);
    expect(await counts()).toEqual(before);
  });
});

describe('token', () => {
  it('needs the source token as Bearer or ?token=; a wrong one or another source’s is 401', async () => {
    const a = await createSource({ name: 'OLX A', preset: 'olx_zap' });
    const b = await createSource({ name: 'OLX B', preset: 'olx_zap' });
    const lead = { originLeadId: 'tok-1', name: 'Token Test', email: 'token.test@x.com' };
    expect((await post(a.source.id, lead)).status).toBe(401);
    expect((await post(a.source.id, lead, { token: 'fnl_nope' })).status).toBe(401);
    expect((await post(a.source.id, lead, { token: b.token })).status).toBe(401);
    const res = await post(a.source.id, lead, { query: `?token=${encodeURIComponent(a.token)}` });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'pending' });
    const bearer = await post(
      a.source.id,
      { ...lead, originLeadId: 'tok-2', email: 'token2@x.com' },
      { token: a.token },
    );
    expect(bearer.status).toBe(202);
    expect(res.headers['content-type']).toContain('application/json');
    await drain();
  });
});

describe('presets', () => {
  it('OLX/ZAP: creates the person and the negotiation in the source funnel and stage with media/channel', async () => {
    const { source, token } = await createSource({ name: 'ZAP Imóveis', preset: 'olx_zap' });
    const before = await counts();
    const res = await post(source.id, fixture('olx-zap.json'), { token });
    expect(res.status).toBe(202);
    await drain();
    const { row, person, opportunity } = await personOf(res.body.id);
    expect(row.status).toBe('created');
    expect(person).toMatchObject({
      name: 'Nome Consumidor',
      origin: 'integration',
      source: { media: 'Internet', channel: 'Portal' },
    });
    expect(opportunity).toMatchObject({
      pipelineId: w.pipelineId,
      stageId: w.stages[1]?.id,
      source: { media: 'Internet', channel: 'Portal' },
    });
    expect(opportunity.title).toBe('Anúncio a40171');
    const after = await counts();
    expect(after.people - before.people).toBe(1);
    expect(after.opportunities - before.opportunities).toBe(1);
    expect(row.distribution).toEqual({ status: 'no_rule' });

    // The same lead sent again: 200 with the same lead, nothing changes.
    const again = await post(source.id, fixture('olx-zap.json'), { token });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    await drain();
    expect(await counts()).toEqual(after);
  });

  it('Meta: field_data inline, resend of the same leadgen_id changes nothing, the signature is checked', async () => {
    const { source, token } = await createSource({
      name: 'Facebook',
      preset: 'meta_lead_ads',
      metaVerifyToken: 'verifica-123',
      metaAppSecret: 'app-secret-meta',
    });
    const body = JSON.stringify(fixture('meta-leadgen.json'));
    const sign = (b: string) => `sha256=${createHmac('sha256', 'app-secret-meta').update(b).digest('hex')}`;
    expect((await post(source.id, body, { token })).status).toBe(401);
    expect(
      (await post(source.id, body, { token, headers: { 'x-hub-signature-256': 'sha256=00' } })).status,
    ).toBe(401);
    const res = await post(source.id, body, { token, headers: { 'x-hub-signature-256': sign(body) } });
    expect(res.status).toBe(202);
    await drain();
    const { row, person } = await personOf(res.body.id);
    expect(row.status).toBe('created');
    expect(person.emails[0].address).toBe('joana.meta@example.com');
    const before = await counts();
    const again = await post(source.id, body, { token, headers: { 'x-hub-signature-256': sign(body) } });
    expect(again.status).toBe(200);
    await drain();
    expect(await counts()).toEqual(before);

    // The subscription handshake.
    const hs = await ctx.app.inject({
      url: `/api/v1/intake/${source.id}/leads?hub.mode=subscribe&hub.verify_token=verifica-123&hub.challenge=1158201444`,
    });
    expect(hs.statusCode).toBe(200);
    expect(hs.body).toBe('1158201444');
    const wrong = await ctx.app.inject({
      url: `/api/v1/intake/${source.id}/leads?hub.mode=subscribe&hub.verify_token=outro&hub.challenge=1`,
    });
    expect(wrong.statusCode).toBe(403);
  });

  it('RD Station: leads[] with legal_bases', async () => {
    const { source, token } = await createSource({ name: 'RD', preset: 'rd_station' });
    const res = await post(source.id, fixture('rd-station-legacy.json'), { token });
    expect(res.status).toBe(202);
    await drain();
    const { row, person } = await personOf(res.body.id);
    expect(row.status).toBe('created');
    expect(row.external_id).toBe('c2f3d2b3-7250-4d27-97f4-eef38be32f7f');
    expect(person.name).toBe('Lead RD Station');
    const events = await call(ctx, w.admin, 'GET', `/people/${person.id}/timeline`);
    const received = events.body.items.find((e: { kind: string }) => e.kind === 'lead_received');
    expect(received.data.consent.basis[0]).toMatchObject({ type: 'consent', status: 'granted' });
  });

  it('Google Ads: google_key required; a test lead is rejected, a real one created', async () => {
    const { source, token } = await createSource({ name: 'Google', preset: 'google_ads' });
    const payload = { ...fixture('google-ads.json'), google_key: source.googleKey };
    expect((await post(source.id, { ...payload, google_key: 'errada' }, { token })).status).toBe(401);
    const test = await post(source.id, payload, { token });
    expect(test.status).toBe(202);
    const real = await post(source.id, { ...payload, lead_id: 'real-1', is_test: false }, { token });
    await drain();
    expect(await leadRow(test.body.id)).toMatchObject({ status: 'rejected', reason: 'test_lead' });
    const { row, person } = await personOf(real.body.id);
    expect(row.status).toBe('created');
    const phone = await ctx.db.query('SELECT number FROM person_phones WHERE person_id = $1', [person.id]);
    expect(phone.rows[0].number).toBe('+5521988887777');
  });

  it('generic: the mapping decides; a bad CPF is rejected with its reason, never retried', async () => {
    const { source, token } = await createSource({
      name: 'Site parceiro',
      preset: 'generic',
      mapping: { externalId: 'id', name: 'cliente.nome', phone: 'cliente.fone', document: 'cliente.cpf' },
    });
    const ok = await post(
      source.id,
      { id: 'g1', cliente: { nome: 'Genérico', fone: '0xx31 99123-4567', cpf: '529.982.247-25' } },
      { token },
    );
    const bad = await post(
      source.id,
      { id: 'g2', cliente: { nome: 'Ruim', fone: '31 99123-0000', cpf: '111.111.111-11' } },
      { token },
    );
    const missing = await post(source.id, { cliente: {} }, { token });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].field).toBe('id');
    await drain();
    expect(await leadRow(ok.body.id)).toMatchObject({ status: 'created' });
    expect(await leadRow(bad.body.id)).toMatchObject({ status: 'rejected', reason: 'invalid_document' });
  });

  it('bad payloads are 422 problems naming the field, malformed JSON 400, never 500', async () => {
    const { source, token } = await createSource({ name: 'OLX 422', preset: 'olx_zap' });
    const res = await post(source.id, { name: 'sem id' }, { token });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors[0].field).toBe('originLeadId');
    expect((await post(source.id, '{"a":', { token })).status).toBe(400);
    expect((await post(source.id, [1, 2], { token })).status).toBe(422);
    const big = await post(source.id, { originLeadId: 'x', message: 'a'.repeat(300_000) }, { token });
    expect(big.status).toBe(413);
  });
});

describe('dedup against the registry', () => {
  it('the same phone in another format: lead_received on the existing person, no duplicate, no second negotiation', async () => {
    const olx = await createSource({ name: 'OLX dedup', preset: 'olx_zap' });
    const meta = await createSource({ name: 'Meta dedup', preset: 'meta_lead_ads' });
    const first = await post(
      olx.source.id,
      { originLeadId: 'd1', name: 'Rita Dedup', phoneNumber: '11977776666' },
      { token: olx.token },
    );
    await drain();
    const created = await leadRow(first.body.id);
    const before = await counts();
    const metaLead = fixture('meta-leadgen.json') as {
      entry: { changes: { value: Record<string, unknown> }[] }[];
    };
    const value = metaLead.entry[0]?.changes[0]?.value as Record<string, unknown>;
    value.leadgen_id = '9990001';
    value.field_data = [
      { name: 'full_name', values: ['Rita D.'] },
      { name: 'phone_number', values: ['+55 (11) 97777-6666'] },
    ];
    const second = await post(meta.source.id, metaLead, { token: meta.token });
    expect(second.status).toBe(202);
    await drain();
    const merged = await leadRow(second.body.id);
    expect(merged).toMatchObject({
      person_id: created.person_id,
      created_person: false,
      status: 'duplicate',
      opportunity_id: null,
    });
    const after = await counts();
    expect(after.people).toBe(before.people);
    expect(after.opportunities).toBe(before.opportunities);
    const timeline = await call(ctx, w.admin, 'GET', `/people/${created.person_id}/timeline`);
    const received = timeline.body.items.filter((e: { kind: string }) => e.kind === 'lead_received');
    expect(received).toHaveLength(2);
  });

  it('a new negotiation for an existing person when none is open in the funnel, or always when the source says so', async () => {
    const always = await createSource({ name: 'Sempre', preset: 'olx_zap', alwaysNewOpportunity: true });
    const a = await post(
      always.source.id,
      { originLeadId: 'al1', name: 'Caio Sempre', email: 'caio@x.com' },
      { token: always.token },
    );
    const b = await post(
      always.source.id,
      { originLeadId: 'al2', name: 'Caio Sempre', email: 'CAIO@x.com' },
      { token: always.token },
    );
    await drain();
    const ra = await leadRow(a.body.id);
    const rb = await leadRow(b.body.id);
    expect(rb.person_id).toBe(ra.person_id);
    expect([ra.status, rb.status].sort()).toEqual(['created', 'merged']);
    expect(rb.opportunity_id).not.toBe(ra.opportunity_id);
  });

  it('a retry of a half-done job creates nothing twice', async () => {
    const { source, token } = await createSource({ name: 'Retry', preset: 'olx_zap' });
    const res = await post(
      source.id,
      { originLeadId: 'r1', name: 'Rui Retry', phoneNumber: '21966665555' },
      { token },
    );
    await drain();
    const before = await counts();
    // As if the job had stopped after the person and the negotiation were made but before the end was recorded.
    await ctx.db.query(
      "UPDATE intake_leads SET status = 'pending', opportunity_id = NULL, event_recorded = true WHERE id = $1",
      [res.body.id],
    );
    await processIntakeLead(ctx.db, { workspaceId: w.workspaceId, leadId: res.body.id });
    const row = await leadRow(res.body.id);
    expect(row.status).toBe('created');
    expect(row.opportunity_id).not.toBeNull();
    expect(await counts()).toEqual(before);
  });

  it('"always a new negotiation": a retry after the negotiation was made still opens only one', async () => {
    const { source, token } = await createSource({
      name: 'Sempre nova',
      preset: 'olx_zap',
      alwaysNewOpportunity: true,
    });
    const first = await post(
      source.id,
      { originLeadId: 'a1', name: 'Ana Sempre', phoneNumber: '21987650001' },
      { token },
    );
    const second = await post(
      source.id,
      { originLeadId: 'a2', name: 'Ana Sempre', phoneNumber: '21987650001' },
      { token },
    );
    await drain();
    const leads = [await leadRow(first.body.id), await leadRow(second.body.id)];
    expect(leads.map((l) => l.status).sort()).toEqual(['created', 'merged']);
    const merged = leads.find((l) => l.status === 'merged');
    const before = await counts();
    // The existing person's second lead stopped after its negotiation was written, before the row recorded it.
    await ctx.db.query("UPDATE intake_leads SET status = 'pending', opportunity_id = NULL WHERE id = $1", [
      merged.id,
    ]);
    await processIntakeLead(ctx.db, { workspaceId: w.workspaceId, leadId: merged.id });
    const row = await leadRow(merged.id);
    expect(row.status).toBe('merged');
    expect(row.opportunity_id).not.toBeNull();
    expect(await counts()).toEqual(before);
  });
});

describe('site form', () => {
  async function form(
    formPath: string,
    body: string | Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    const urlencoded = typeof body === 'string';
    const res = await ctx.app.inject({
      method: 'POST',
      url: formPath,
      headers: {
        'content-type': urlencoded ? 'application/x-www-form-urlencoded' : 'application/json',
        ...headers,
      },
      payload: urlencoded ? body : JSON.stringify(body),
      remoteAddress: headers['x-test-ip'] ?? '10.1.1.1',
    });
    return res;
  }

  it('a plain HTML post gets the thank-you page; consent text and version are kept with the lead and on the timeline', async () => {
    const { source } = await createSource({
      name: 'Site',
      preset: 'site_form',
      consentText: 'Aceito o contato (LGPD).',
    });
    const res = await form(
      source.formPath,
      'nome=Sofia+Site&email=sofia%40site.com&telefone=%2811%29+95555-4444&mensagem=Oi&consentimento=on&website=',
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Recebemos seus dados');
    await drain();
    const row = (await ctx.db.query('SELECT * FROM intake_leads WHERE source_id = $1', [source.id])).rows[0];
    expect(row).toMatchObject({
      status: 'created',
      consent: { text: 'Aceito o contato (LGPD).', version: 1 },
    });
    const timeline = await call(ctx, w.admin, 'GET', `/people/${row.person_id}/timeline`);
    const received = timeline.body.items.find((e: { kind: string }) => e.kind === 'lead_received');
    expect(received.data.consent).toEqual({ text: 'Aceito o contato (LGPD).', version: 1 });
  });

  it('consent is required; the honeypot answers as accepted and creates nothing', async () => {
    const { source } = await createSource({ name: 'Site 2', preset: 'site_form', consentText: 'Aceito.' });
    const noConsent = await form(
      source.formPath,
      { nome: 'Sem', email: 'sem@x.com' },
      { 'x-test-ip': '10.2.0.1' },
    );
    expect(noConsent.statusCode).toBe(422);
    expect(noConsent.json().errors[0].field).toBe('consentimento');
    const before = await counts();
    const bot = await form(
      source.formPath,
      { nome: 'Bot', email: 'bot@x.com', consentimento: true, website: 'http://spam' },
      { 'x-test-ip': '10.2.0.2' },
    );
    expect(bot.statusCode).toBe(202);
    await drain();
    const after = await counts();
    expect(after.people).toBe(before.people);
    expect(after.leads - before.leads).toBe(1);
    expect(await leadRow(bot.json().id)).toMatchObject({ status: 'rejected', reason: 'honeypot' });
  });

  it('limits posts per client address and form (429 problem), other addresses still pass', async () => {
    const { source } = await createSource({ name: 'Site 3', preset: 'site_form' });
    const statuses: number[] = [];
    for (let i = 0; i <= FORM_POSTS_PER_MINUTE; i++) {
      const r = await form(
        source.formPath,
        { nome: `Rate ${i}`, email: `rate${i}@x.com`, consentimento: true },
        { 'x-test-ip': '10.3.0.1' },
      );
      statuses.push(r.statusCode);
      if (r.statusCode === 429) expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(FORM_POSTS_PER_MINUTE);
    expect(statuses.at(-1)).toBe(429);
    const other = await form(
      source.formPath,
      { nome: 'Outro', email: 'outro@x.com', consentimento: true },
      { 'x-test-ip': '10.3.0.2' },
    );
    expect(other.statusCode).toBe(202);
    await drain();
  });

  it('CORS: the allowed origin is echoed (preflight and post), another origin gets no CORS header', async () => {
    const { source } = await createSource({
      name: 'Site CORS',
      preset: 'site_form',
      allowedOrigins: ['https://www.imob.com.br'],
    });
    const pre = await ctx.app.inject({
      method: 'OPTIONS',
      url: source.formPath,
      headers: { origin: 'https://www.imob.com.br', 'access-control-request-method': 'POST' },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://www.imob.com.br');
    const ok = await form(
      source.formPath,
      { nome: 'Cors', email: 'cors@x.com', consentimento: true },
      { origin: 'https://www.imob.com.br', 'x-test-ip': '10.4.0.1' },
    );
    expect(ok.headers['access-control-allow-origin']).toBe('https://www.imob.com.br');
    const refused = await form(
      source.formPath,
      { nome: 'Cors2', email: 'cors2@x.com', consentimento: true },
      { origin: 'https://evil.example', 'x-test-ip': '10.4.0.2' },
    );
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    await drain();
  });
});

describe('log', () => {
  it('lists leads newest first with cursor pages and filters; shows what each became', async () => {
    const page1 = await call(ctx, w.admin, 'GET', '/intake/leads?limit=3');
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(3);
    const page2 = await call(ctx, w.admin, 'GET', `/intake/leads?limit=3&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items[0].receivedAt <= page1.body.items[2].receivedAt).toBe(true);
    const rejected = await call(ctx, w.admin, 'GET', '/intake/leads?status=rejected&limit=100');
    expect(
      rejected.body.items.every(
        (i: { status: string; reason: string }) => i.status === 'rejected' && i.reason,
      ),
    ).toBe(true);
    const created = await call(ctx, w.admin, 'GET', '/intake/leads?status=created&limit=1');
    expect(created.body.items[0]).toMatchObject({
      person: { id: expect.any(String) },
      opportunity: { id: expect.any(String) },
    });
    expect((await call(ctx, w.admin, 'GET', '/intake/leads?cursor=bad')).status).toBe(422);
  });

  it('never writes a token (Bearer or ?token=) to the logs', async () => {
    const { source, token } = await createSource({ name: 'Logs', preset: 'olx_zap' });
    await post(
      source.id,
      { originLeadId: 'log1', name: 'Log', email: 'log@x.com' },
      { query: `?token=${token}` },
    );
    await post(source.id, { originLeadId: 'log2', name: 'Log', email: 'log2@x.com' }, { token });
    expect(logs).toContain(`/api/v1/intake/${source.id}/leads`);
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(token.slice(4));
    await drain();
  });
});
