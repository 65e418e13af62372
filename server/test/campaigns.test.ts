import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudApiProvider } from '../src/integrations/whatsapp/cloud-api.provider.ts';
import { hubSignature } from '../src/integrations/whatsapp/whatsapp-provider.ts';
import {
  startWhatsAppSimulator,
  type WhatsAppSimulator,
} from '../src/integrations/whatsapp/whatsapp-simulator.ts';
import type { JobQueue } from '../src/jobs/queue.ts';
import {
  batchSize,
  type CampaignJobDeps,
  relayCampaigns,
  sendCampaignBatch,
} from '../src/modules/campaigns/campaigns.jobs.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, personBody } from './opportunity-fixtures.ts';
import { startSmtp, type TestSmtp } from './test-smtp.ts';

// Mass sends over HTTP against the WhatsApp simulator (its API and its signed webhooks, out of order) and the test
// SMTP server: preview, skip rules, forward-only statuses, SAIR and unsubscribe → deny list, pause/cancel, and a
// worker that dies mid-send without anyone messaged twice.

const PHONE_ID = '100000000000001';
const TOKEN = 'sim-access-token-123';
const APP_SECRET = 'sim-app-secret-456';

let ctx: TestContext;
let sim: WhatsAppSimulator;
let smtp: TestSmtp;
let admin: TestUser;
let broker: TestUser;
let workspaceId: string;
let deps: CampaignJobDeps;
const queued: { name: string; data: unknown; id?: string }[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  sim = await startWhatsAppSimulator({
    phoneNumberId: PHONE_ID,
    accessToken: TOKEN,
    appSecret: APP_SECRET,
    webhookUrl: `${base}/api/v1/whatsapp/webhook`,
    // Statuses leave only when a test flushes them (late, and in the simulator's scrambled order).
    statusDelayMs: null,
  });
  smtp = await startSmtp({
    refuse: (address) => address.startsWith('bounce'),
    login: { user: 'vendas', password: 'senha-smtp-1' },
  });
  ({ workspaceId } = await createWorkspace(ctx.db, 'Imobiliária Campanhas'));
  admin = await createUser(ctx, workspaceId, 'admin', { name: 'Ana Admin' });
  broker = await createUser(ctx, workspaceId, 'broker', { name: 'Bruno Corretor' });
  deps = {
    db: ctx.db,
    queue: {
      send: async (name: string, data: unknown, opts: { id?: string } = {}) => {
        queued.push({ name, data, ...opts });
      },
    } as unknown as JobQueue,
    secrets: ctx.secrets,
    whatsapp: cloudApiProvider({ allowLoopback: true, timeoutMs: 5000 }),
    publicUrl: base,
    tickMs: 60_000,
    interruptedAfterMs: 600_000,
  };
  const account = await call(ctx, admin, 'PUT', '/campaigns/whatsapp-account', {
    apiUrl: sim.url,
    apiVersion: 'v21.0',
    phoneNumberId: PHONE_ID,
    accessToken: TOKEN,
    appSecret: APP_SECRET,
    verifyToken: 'verify-token-campanhas',
  });
  expect(account.status, JSON.stringify(account.body)).toBe(200);
  expect(JSON.stringify(account.body)).not.toContain(TOKEN);
});
afterAll(async () => {
  await sim.close();
  await smtp.close();
  await ctx.close();
});

let seq = 0;
/** People tagged `tag` (owned by the broker), each with a WhatsApp phone and an e-mail unless told otherwise. */
async function people(tag: string, n: number, overrides: Record<string, unknown> = {}) {
  const made: { id: string; name: string; phone: string; email: string }[] = [];
  for (let i = 0; i < n; i++) {
    seq++;
    const phone = `+55119${String(70000000 + seq * 7919).slice(0, 8)}`;
    const email = `pessoa${seq}.${tag}@exemplo.com.br`;
    const res = await call(
      ctx,
      admin,
      'POST',
      '/people',
      personBody({
        name: `Maria${seq} Souza`,
        tags: [tag],
        ownerId: broker.id,
        phones: [{ number: phone, type: 'whatsapp' }],
        emails: [{ address: email }],
        ...overrides,
      }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    made.push({ id: res.body.id, name: res.body.name, phone, email });
  }
  return made;
}

const whatsappCampaign = (tag: string, extra: Record<string, unknown> = {}) => ({
  name: `Campanha ${tag}`,
  channel: 'whatsapp',
  body: 'Olá {{primeiro_nome}}, aqui é {{responsavel}} da {{empresa}}.',
  template: { name: 'oferta_lancamento', language: 'pt_BR', params: ['primeiro_nome', 'responsavel'] },
  filter: { tag },
  throttlePerMinute: 600,
  ...extra,
});

async function createAndStart(body: Record<string, unknown>) {
  const created = await call(ctx, admin, 'POST', '/campaigns', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const started = await call(ctx, admin, 'POST', `/campaigns/${created.body.id}/start`);
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  return started.body as { id: string; status: string; counts: Record<string, number>; total: number };
}

/** Runs batches of the campaign until nothing is queued (as the relay + worker would). */
async function drain(campaignId: string) {
  for (let i = 0; i < 50; i++) {
    const r = await sendCampaignBatch(deps, { workspaceId, campaignId });
    if (r.sent + r.failed === 0) break;
  }
}

async function recipients(campaignId: string) {
  const res = await call(ctx, admin, 'GET', `/campaigns/${campaignId}/recipients?limit=200`);
  expect(res.status).toBe(200);
  return res.body.items as {
    id: string;
    personId: string;
    status: string;
    skipReason: string | null;
    deliveredAt: string | null;
    readAt: string | null;
    error: string | null;
  }[];
}

const sentTo = (phone: string) => sim.sent.filter((m) => m.to === phone.replace('+', ''));

describe('campaigns: rules and preview', () => {
  it('takes the recipients of a call list (the call center’s Filtros) when the campaign comes from there', async () => {
    const tagged = await people('lista', 3);
    const [called, other] = tagged as [(typeof tagged)[0], (typeof tagged)[0]];
    // Only `called` had a contact, through the newspaper.
    const settings = await call(ctx, admin, 'GET', '/opportunity-settings');
    const list = await call(
      ctx,
      admin,
      'PUT',
      '/opportunity-settings/lists/publicity',
      { items: [...settings.body.lists.publicity, { label: 'Jornal da campanha' }] },
      { 'if-match': settings.headers.etag as string },
    );
    const jornal = list.body.lists.publicity.find(
      (o: { label: string }) => o.label === 'Jornal da campanha',
    ).id;
    const attempt = await call(ctx, admin, 'POST', '/call-center/attempts', {
      personId: called.id,
      direction: 'inbound',
      outcome: 'answered',
      publicityId: jornal,
    });
    expect(attempt.status).toBe(201);
    const body = whatsappCampaign('lista', {
      filter: { tag: 'lista', callList: { publicityIds: [jornal] } },
    });
    const preview = await call(ctx, admin, 'POST', '/campaigns/preview', body);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.total).toBe(1);
    expect(preview.body.sample.map((r: { personId: string }) => r.personId)).toEqual([called.id]);
    const started = await createAndStart(body);
    expect(started.total).toBe(1);
    expect((await recipients(started.id)).map((r) => r.personId)).toEqual([called.id]);
    expect((await recipients(started.id)).some((r) => r.personId === other.id)).toBe(false);
    const bad = await call(ctx, admin, 'POST', '/campaigns/preview', {
      ...body,
      filter: { callList: { publicityIds: ['não-é-id'] } },
    });
    expect(bad.status).toBe(422);
  });

  it('previews the count and the text with each person’s variables; refuses unknown variables; needs sendCampaigns', async () => {
    const [p] = await people('previa', 2);
    const preview = await call(ctx, admin, 'POST', '/campaigns/preview', whatsappCampaign('previa'));
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.total).toBe(2);
    const first = preview.body.sample.find((s: { personId: string }) => s.personId === p?.id);
    expect(first.text).toBe(`Olá ${p?.name.split(' ')[0]}, aqui é Bruno Corretor da Imobiliária Campanhas.`);
    // Phones leave masked.
    expect(first.address).not.toBe(p?.phone);
    const typo = await call(
      ctx,
      admin,
      'POST',
      '/campaigns',
      whatsappCampaign('previa', { body: 'Oi {{nomee}}' }),
    );
    expect(typo.status).toBe(422);
    expect(JSON.stringify(typo.body.errors)).toContain('unknown_variable');
    const noTemplate = await call(
      ctx,
      admin,
      'POST',
      '/campaigns',
      whatsappCampaign('previa', { template: null }),
    );
    expect(noTemplate.status).toBe(422);
    expect((await call(ctx, broker, 'GET', '/campaigns')).status).toBe(403);
    expect((await call(ctx, broker, 'POST', '/campaigns/preview', whatsappCampaign('previa'))).status).toBe(
      403,
    );
  });

  it('skips the deny list and people without a WhatsApp-capable phone, with the reason', async () => {
    const [ok] = await people('pular', 1);
    const [denied] = await people('pular', 1);
    const [landline] = await people('pular', 1, { phones: [{ number: '(11) 3333-4444', type: 'landline' }] });
    const [none] = await people('pular', 1, { phones: [] });
    expect(
      (await call(ctx, admin, 'PUT', `/people/${denied?.id}/do-not-contact`, { doNotContact: true })).status,
    ).toBe(200);
    const c = await createAndStart(whatsappCampaign('pular'));
    expect(c.status).toBe('running');
    expect(c.counts).toMatchObject({ queued: 1, skipped: 3 });
    const rows = await recipients(c.id);
    const reason = (id?: string) => rows.find((r) => r.personId === id)?.skipReason;
    expect(reason(ok?.id)).toBeNull();
    expect(reason(denied?.id)).toBe('do_not_contact');
    expect(reason(landline?.id)).toBe('no_phone');
    expect(reason(none?.id)).toBe('no_phone');
    await drain(c.id);
    expect(sentTo(denied?.phone ?? '')).toHaveLength(0);
    expect(sentTo(ok?.phone ?? '')).toHaveLength(1);
  });

  it('filters the audience by a custom field as the people list does (cf), and refuses an unknown field', async () => {
    const field = await call(ctx, admin, 'POST', '/custom-fields', {
      entity: 'person',
      type: 'choice',
      label: 'Perfil',
      options: [{ label: 'Investidor' }, { label: 'Morador' }],
    });
    expect(field.status, JSON.stringify(field.body)).toBe(201);
    const investors = [
      ...(await people('perfil', 1, { customFields: { perfil: 'investidor' } })),
      ...(await people('perfil', 1, { customFields: { perfil: 'investidor' } })),
    ];
    await people('perfil', 1, { customFields: { perfil: 'morador' } });
    await people('perfil', 1);
    const cf = JSON.stringify({ perfil: ['investidor'] });
    const body = whatsappCampaign('perfil', { filter: { tag: 'perfil', cf } });
    const list = await call(ctx, admin, 'GET', `/people?tag=perfil&cf=${encodeURIComponent(cf)}`);
    expect(list.body.total).toBe(2);
    const preview = await call(ctx, admin, 'POST', '/campaigns/preview', body);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.total).toBe(2);
    const c = await createAndStart(body);
    expect((await recipients(c.id)).map((r) => r.personId).sort()).toEqual(investors.map((p) => p.id).sort());
    const unknown = await call(
      ctx,
      admin,
      'POST',
      '/campaigns',
      whatsappCampaign('perfil', { filter: { tag: 'perfil', cf: '{"naoexiste":["x"]}' } }),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ field: 'filter.cf.naoexiste', code: 'unknown_field' }),
    ]);
    const badShape = await call(
      ctx,
      admin,
      'POST',
      '/campaigns/preview',
      whatsappCampaign('perfil', { filter: { tag: 'perfil', cf: '{"perfil":"nenhum"}' } }),
    );
    expect(badShape.status).toBe(422);
  });

  it('a campaign of another workspace is not found', async () => {
    const [p] = await people('tenancy', 1);
    expect(p).toBeDefined();
    const c = await createAndStart(whatsappCampaign('tenancy'));
    const other = await createWorkspace(ctx.db, 'Outra');
    const otherAdmin = await createUser(ctx, other.workspaceId, 'admin');
    expect((await call(ctx, otherAdmin, 'GET', `/campaigns/${c.id}`)).status).toBe(404);
    expect((await call(ctx, otherAdmin, 'POST', `/campaigns/${c.id}/pause`)).status).toBe(404);
  });
});

describe('campaigns: the WhatsApp number', () => {
  it('is versioned (ETag / If-Match, 412 when stale); secrets are required once, then kept when left out, never returned', async () => {
    const other = await createWorkspace(ctx.db, 'Imobiliária Número');
    const owner = await createUser(ctx, other.workspaceId, 'admin');
    const empty = await call(ctx, owner, 'GET', '/campaigns/whatsapp-account');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      configured: false,
      version: 0,
      webhookPath: '/api/v1/whatsapp/webhook',
    });
    expect(empty.headers.etag).toBe('"0"');
    const fields = { apiUrl: sim.url, apiVersion: 'v21.0', phoneNumberId: '100000000000077' };
    const noSecrets = await call(ctx, owner, 'PUT', '/campaigns/whatsapp-account', fields, {
      'if-match': '"0"',
    });
    expect(noSecrets.status).toBe(422);
    expect(noSecrets.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'accessToken',
      'appSecret',
      'verifyToken',
    ]);
    const secrets = { accessToken: 'token-numero-77', appSecret: 'segredo-77', verifyToken: 'verifica-77' };
    const first = await call(
      ctx,
      owner,
      'PUT',
      '/campaigns/whatsapp-account',
      { ...fields, ...secrets },
      { 'if-match': '"0"' },
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ configured: true, version: 1, phoneNumberId: '100000000000077' });
    expect(first.headers.etag).toBe('"1"');
    expect(JSON.stringify(first.body)).not.toMatch(/token-numero-77|segredo-77|verifica-77/);
    const sealed = async () =>
      (
        await ctx.db.query(
          'SELECT access_token_sealed, app_secret_sealed, verify_token FROM whatsapp_accounts WHERE workspace_id = $1',
          [other.workspaceId],
        )
      ).rows[0];
    const before = await sealed();
    // Only the version changes: the secrets left out stay as stored.
    const second = await call(
      ctx,
      owner,
      'PUT',
      '/campaigns/whatsapp-account',
      { ...fields, apiVersion: 'v22.0' },
      { 'if-match': '"1"' },
    );
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body).toMatchObject({ apiVersion: 'v22.0', version: 2 });
    expect(await sealed()).toEqual(before);
    expect(ctx.secrets.open(before.access_token_sealed)).toBe('token-numero-77');
    const stale = await call(ctx, owner, 'PUT', '/campaigns/whatsapp-account', fields, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect((await call(ctx, owner, 'GET', '/campaigns/whatsapp-account')).body.apiVersion).toBe('v22.0');
    // A typed secret replaces the stored one.
    const third = await call(
      ctx,
      owner,
      'PUT',
      '/campaigns/whatsapp-account',
      { ...fields, accessToken: 'token-novo-7777' },
      { 'if-match': '"2"' },
    );
    expect(third.status).toBe(200);
    expect(ctx.secrets.open((await sealed()).access_token_sealed)).toBe('token-novo-7777');
    expect((await sealed()).app_secret_sealed).toBe(before.app_secret_sealed);
  });
});

describe('campaigns: WhatsApp sends and statuses', () => {
  it('sends the approved template outside the 24-hour window, records each message on the timeline, and applies late, out-of-order statuses forward only', async () => {
    await sim.flushStatuses();
    const list = await people('zap', 3);
    const c = await createAndStart(whatsappCampaign('zap'));
    expect(c.counts.queued).toBe(3);
    await drain(c.id);
    for (const p of list) {
      const msgs = sentTo(p.phone);
      expect(msgs).toHaveLength(1);
      expect(msgs[0]?.type).toBe('template');
      expect(JSON.stringify(msgs[0]?.body)).toContain(p.name.split(' ')[0]);
    }
    let rows = await recipients(c.id);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const events = await ctx.db.query(
      `SELECT subject_id, summary FROM timeline_events WHERE workspace_id = $1 AND kind = 'campaign_message'
       AND summary ->> 'campaignId' = $2`,
      [workspaceId, c.id],
    );
    expect(events.rows.map((r) => r.subject_id).sort()).toEqual(list.map((p) => p.id).sort());
    // The person page shows it.
    const timeline = await call(ctx, admin, 'GET', `/people/${list[0]?.id}/timeline`);
    expect(JSON.stringify(timeline.body)).toContain('campaign_message');

    // The simulator sends read, then sent, then delivered: the row ends read, with every time kept.
    expect(await sim.flushStatuses()).toBe(9);
    rows = await recipients(c.id);
    expect(rows.map((r) => r.status)).toEqual(['read', 'read', 'read']);
    expect(rows.every((r) => r.deliveredAt && r.readAt)).toBe(true);
    // A very late `delivered` and a `failed` from another device change nothing once read.
    const m = sentTo(list[0]?.phone ?? '')[0];
    for (const status of ['delivered', 'failed']) {
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: 'W',
            changes: [
              {
                field: 'messages',
                value: {
                  metadata: { phone_number_id: PHONE_ID },
                  statuses: [{ id: m?.id, status, timestamp: '1700000000', recipient_id: m?.to }],
                },
              },
            ],
          },
        ],
      });
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/whatsapp/webhook',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': hubSignature(body, APP_SECRET),
        },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    rows = await recipients(c.id);
    expect(rows.find((r) => r.personId === list[0]?.id)?.status).toBe('read');
    const progress = await call(ctx, admin, 'GET', `/campaigns/${c.id}`);
    expect(progress.body.counts.read).toBe(3);
  });

  it('a number the network cannot reach ends failed with the provider’s error', async () => {
    const [p] = await people('falha', 1);
    sim.fail([p?.phone ?? '']);
    const c = await createAndStart(whatsappCampaign('falha'));
    await drain(c.id);
    await sim.flushStatuses();
    const [row] = await recipients(c.id);
    expect(row?.status).toBe('failed');
    expect(row?.error).toContain('131026');
  });

  it('refuses a webhook with a bad signature and answers Meta’s handshake only for a known verify token', async () => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/whatsapp/webhook',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' },
      payload: JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            changes: [
              {
                field: 'messages',
                value: { metadata: { phone_number_id: PHONE_ID }, statuses: [{ id: 'x', status: 'read' }] },
              },
            ],
          },
        ],
      }),
    });
    expect(bad.statusCode).toBe(401);
    const unsigned = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/whatsapp/webhook',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect(unsigned.statusCode).toBe(401);
    const hs = (token: string) =>
      ctx.app.inject({
        method: 'GET',
        url: `/api/v1/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`,
      });
    expect((await hs('verify-token-campanhas')).body).toBe('1158201444');
    expect((await hs('wrong-token-xyz')).statusCode).toBe(403);
  });

  it('a "SAIR" reply (any case or accents) puts the person on the deny list; a later batch skips them; a reply opens the 24-hour window for free text', async () => {
    const [quits, chats, other] = await people('sair', 3);
    expect(await sim.reply(quits?.phone ?? '', '  Sáir! ')).toBe(200);
    const status = await call(ctx, admin, 'GET', `/people/${quits?.id}/status`);
    expect(status.body.doNotContact).toBe(true);
    const flag = await ctx.db.query(
      `SELECT summary FROM timeline_events WHERE workspace_id = $1 AND subject_id = $2 AND kind = 'person_flagged'`,
      [workspaceId, quits?.id],
    );
    expect(flag.rows.map((r) => r.summary)).toContainEqual({ flag: 'deny_list_on', via: 'whatsapp_reply' });
    // "Sair da reunião às 15h" is a conversation, not an opt-out.
    expect(await sim.reply(chats?.phone ?? '', 'Posso sair mais cedo amanhã para a visita?')).toBe(200);
    expect((await call(ctx, admin, 'GET', `/people/${chats?.id}/status`)).body.doNotContact).toBe(false);

    const c = await createAndStart(whatsappCampaign('sair'));
    expect(c.counts).toMatchObject({ queued: 2, skipped: 1 });
    await drain(c.id);
    expect(sentTo(quits?.phone ?? '')).toHaveLength(0);
    // Inside the window (they wrote just now): free text; outside: the template.
    expect(sentTo(chats?.phone ?? '')[0]?.type).toBe('text');
    expect(sentTo(other?.phone ?? '')[0]?.type).toBe('template');
  });
});

describe('campaigns: running as jobs', () => {
  it('a worker that dies mid-send and a restart message nobody twice and finish the send; the interrupted message is reconciled by its late status', async () => {
    const list = await people('reinicio', 6);
    const c = await createAndStart(whatsappCampaign('reinicio', { throttlePerMinute: 6000 }));
    // The worker dies right after the API accepted the second message, before recording it.
    let sends = 0;
    await expect(
      sendCampaignBatch(
        deps,
        { workspaceId, campaignId: c.id },
        {
          afterSend: async () => {
            sends++;
            if (sends === 2) throw new Error('worker killed');
          },
        },
      ),
    ).rejects.toThrow('worker killed');
    let counts = (await call(ctx, admin, 'GET', `/campaigns/${c.id}`)).body.counts;
    expect(counts).toMatchObject({ sent: 1, sending: 5 });
    // The same job retried (pg-boss) and later batches: the claimed rows are never claimed again.
    await drain(c.id);
    counts = (await call(ctx, admin, 'GET', `/campaigns/${c.id}`)).body.counts;
    expect(counts.sending).toBe(5);
    expect(sim.sent.filter((m) => list.some((p) => sentTo(p.phone).includes(m)))).toHaveLength(2);
    // The sweep fails the one the dead worker had dispatched (it may have gone out: never resent) and queues again
    // the four it never reached…
    await relayCampaigns({ ...deps, interruptedAfterMs: 0 });
    counts = (await call(ctx, admin, 'GET', `/campaigns/${c.id}`)).body.counts;
    expect(counts).toMatchObject({ sent: 1, failed: 1, queued: 4, sending: 0 });
    // …which the next batches send, once each.
    await drain(c.id);
    await relayCampaigns(deps);
    counts = (await call(ctx, admin, 'GET', `/campaigns/${c.id}`)).body.counts;
    expect(counts).toMatchObject({ sent: 5, failed: 1 });
    expect((await call(ctx, admin, 'GET', `/campaigns/${c.id}`)).body.status).toBe('completed');
    for (const p of list) expect(sentTo(p.phone)).toHaveLength(1);
    // …and the message that did go out is found by the recipient id it carried when its statuses arrive.
    await sim.flushStatuses();
    const rows = await recipients(c.id);
    expect(rows.filter((r) => r.status === 'read')).toHaveLength(6);
  });

  it('a worker that stalled past the interruption time does not send a row the relay queued again', async () => {
    const list = await people('lento', 3);
    const c = await createAndStart(whatsappCampaign('lento', { throttlePerMinute: 6000 }));
    // While the slow worker is on its first message, the relay takes its other claims back and another batch sends
    // them; the slow worker then must skip them.
    let relayed = false;
    const slow = await sendCampaignBatch(
      deps,
      { workspaceId, campaignId: c.id },
      {
        afterSend: async () => {
          if (relayed) return;
          relayed = true;
          await relayCampaigns({ ...deps, interruptedAfterMs: 0 });
          await drain(c.id);
        },
      },
    );
    expect(slow.sent).toBe(1);
    for (const p of list) expect(sentTo(p.phone)).toHaveLength(1);
    const counts = (await call(ctx, admin, 'GET', `/campaigns/${c.id}`)).body.counts;
    expect(counts).toMatchObject({ sent: 2, failed: 1, sending: 0, queued: 0 });
  });

  it('sends at the campaign’s pace, one batch per tick; pause stops, resume goes on, cancel ends', async () => {
    expect(batchSize(60, 5000)).toBe(5);
    expect(batchSize(1, 5000)).toBe(1);
    expect(batchSize(600, 60_000)).toBe(600);
    const list = await people('ritmo', 5);
    const c = await createAndStart(whatsappCampaign('ritmo', { throttlePerMinute: 2 }));
    // tick 60 s × 2/min = 2 messages per batch.
    expect((await sendCampaignBatch(deps, { workspaceId, campaignId: c.id })).sent).toBe(2);
    expect((await call(ctx, admin, 'POST', `/campaigns/${c.id}/pause`)).body.status).toBe('paused');
    expect((await sendCampaignBatch(deps, { workspaceId, campaignId: c.id })).sent).toBe(0);
    expect((await call(ctx, admin, 'POST', `/campaigns/${c.id}/pause`)).status).toBe(409);
    expect((await call(ctx, admin, 'POST', `/campaigns/${c.id}/resume`)).body.status).toBe('running');
    // The relay queues one job per due tick, with an id derived from the tick (queueing twice adds one job).
    queued.length = 0;
    await relayCampaigns(deps);
    const mine = queued.filter((q) => (q.data as { campaignId: string }).campaignId === c.id);
    expect(mine).toHaveLength(1);
    await relayCampaigns(deps);
    expect(queued.filter((q) => (q.data as { campaignId: string }).campaignId === c.id)).toHaveLength(1);
    expect((await sendCampaignBatch(deps, { workspaceId, campaignId: c.id })).sent).toBe(2);
    expect((await call(ctx, admin, 'POST', `/campaigns/${c.id}/cancel`)).body.status).toBe('cancelled');
    expect((await sendCampaignBatch(deps, { workspaceId, campaignId: c.id })).sent).toBe(0);
    expect((await call(ctx, admin, 'POST', `/campaigns/${c.id}/resume`)).status).toBe(409);
    // The fifth person was never messaged.
    expect(list.reduce((n, p) => n + sentTo(p.phone).length, 0)).toBe(4);
    expect((await call(ctx, admin, 'GET', `/campaigns/${c.id}`)).body.counts).toMatchObject({
      sent: 4,
      queued: 1,
    });
  });
});

describe('campaigns: e-mail', () => {
  it('sends through the workspace SMTP with a List-Unsubscribe link; a refused mailbox bounces; the link (POST) puts the person on the deny list', async () => {
    const current = await call(ctx, admin, 'GET', '/workspace/smtp');
    const saved = await call(
      ctx,
      admin,
      'PUT',
      '/workspace/smtp',
      {
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        user: 'vendas',
        password: 'senha-smtp-1',
        from: 'vendas@imob.test',
      },
      { 'if-match': current.headers.etag as string },
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const [reader] = await people('mail', 1);
    const [bouncer] = await people('mail', 1, {
      emails: [{ address: `bounce.${Date.now()}@exemplo.com.br` }],
    });
    const c = await createAndStart({
      name: 'Newsletter',
      channel: 'email',
      subject: 'Novidades para {{primeiro_nome}}',
      body: 'Olá {{nome}}, temos lançamentos.',
      filter: { tag: 'mail' },
    });
    await drain(c.id);
    const rows = await recipients(c.id);
    expect(rows.find((r) => r.personId === reader?.id)?.status).toBe('sent');
    expect(rows.find((r) => r.personId === bouncer?.id)?.status).toBe('bounced');
    const mail = smtp.received.find((m) => m.to.includes(reader?.email ?? ''));
    expect(mail?.data).toContain(`Novidades para ${reader?.name.split(' ')[0]}`);
    const unfolded = (mail?.data ?? '').replace(/\r?\n[ \t]+/g, '');
    expect(unfolded).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    const link = /List-Unsubscribe: ?<([^>]+)>/.exec(unfolded)?.[1] ?? '';
    const path = new URL(link).pathname + new URL(link).search;
    expect(path).toMatch(/^\/api\/v1\/campaigns\/unsubscribe\?t=/);
    // GET shows a confirmation and changes nothing (mail scanners open links).
    const page = await ctx.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post"');
    expect((await call(ctx, admin, 'GET', `/people/${reader?.id}/status`)).body.doNotContact).toBe(false);
    // A forged token does nothing.
    const forged = await ctx.app.inject({
      method: 'POST',
      url: path.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAA'),
    });
    expect(forged.body, forged.body).toContain('Link inválido');
    expect((await call(ctx, admin, 'GET', `/people/${reader?.id}/status`)).body.doNotContact).toBe(false);
    const done = await ctx.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Pronto');
    expect((await call(ctx, admin, 'GET', `/people/${reader?.id}/status`)).body.doNotContact).toBe(true);
    const flag = await ctx.db.query(
      `SELECT summary FROM timeline_events WHERE workspace_id = $1 AND subject_id = $2 AND kind = 'person_flagged'`,
      [workspaceId, reader?.id],
    );
    expect(flag.rows.map((r) => r.summary)).toContainEqual({
      flag: 'deny_list_on',
      via: 'email_unsubscribe',
    });
  });
});
