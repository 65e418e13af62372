import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Funil, startFunil } from '../src/bootstrap.ts';
import { loadEnv } from '../src/config/env.ts';
import {
  type ChatwootSimulator,
  startChatwootSimulator,
} from '../src/integrations/helpdesk/chatwoot-simulator.ts';
import type { TestContext, TestUser } from './helpers.ts';
import { createUser } from './helpers.ts';
import { call, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

// Two-way sync with Chatwoot, against the simulator over HTTP and a real server (queue, relay, restart).

/** Polls `check` until it answers a value (a generous ceiling, not a latency assertion). */
async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  ceilingMs = 30_000,
): Promise<T> {
  const until = Date.now() + ceilingMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const SECRET_KEY = randomBytes(32).toString('base64');
const API_TOKEN = 'cw-sim-token';
let dbUrl: string;
let dataDir: string;
let funil: Funil;
let sim: ChatwootSimulator;
let w: World;
let admin: TestUser;
let integrationId: string;
const WEBHOOK_SECRET = 'cw-sim-webhook-secret';

const envFor = () =>
  loadEnv({
    DATABASE_URL: dbUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    FUNIL_SEED_DEMO: 'false',
    FUNIL_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    FUNIL_WEB_DIST: '/nonexistent',
    FUNIL_DATA_DIR: dataDir,
    FUNIL_SECRET_KEY: SECRET_KEY,
    FUNIL_OUTBOUND_ALLOW_LOOPBACK: 'true',
    FUNIL_WEBHOOK_RETRY_DELAY_S: '1',
    FUNIL_WEBHOOK_RETRY_BACKOFF: 'false',
    FUNIL_WEBHOOK_RETRY_LIMIT: '5',
    FUNIL_WEBHOOK_RELAY_MS: '100',
    FUNIL_QUEUE_POLL_S: '0.5',
  });

/** The fixtures call through `app.inject`; the running server is such a context. */
const ctx = () => funil as unknown as TestContext;
const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
  call(ctx(), admin, method, url, body);

const webhookUrl = (id: string) => `${funil.url}/api/v1/helpdesk/chatwoot/${id}/webhook`;

async function helpdeskDeliveries() {
  const res = await api('GET', `/webhooks/deliveries?integrationId=${integrationId}`);
  expect(res.status).toBe(200);
  return res.body.items as {
    id: string;
    status: string;
    attempts: number;
    eventType: string;
    targetKind: string;
    integrationId: string;
    subscriptionId: string | null;
    targetUrl: string;
    responseStatus: number | null;
    responseMs: number | null;
    responseExcerpt: string | null;
  }[];
}

async function timelineOf(personId: string) {
  const res = await api('GET', `/people/${personId}/timeline`);
  expect(res.status).toBe(200);
  return res.body.items as { kind: string; data: Record<string, unknown> }[];
}

/** A negotiation whose holder is `holderId`, linked to a helpdesk conversation (what the panel records). */
async function linkedOpportunity(holderId: string, conversationId: number, title: string) {
  const res = await api('POST', '/opportunities', {
    pipelineId: w.pipelineId,
    title,
    holderId,
    valueCents: 1_500_000,
    expectedCloseDate: '2030-01-31',
  });
  expect(res.status).toBe(201);
  await funil.db.query(
    `UPDATE helpdesk_conversations SET opportunity_id = $3 WHERE workspace_id = $1 AND conversation_id = $2`,
    [w.workspaceId, String(conversationId), res.body.id],
  );
  return res.body.id as string;
}

const notesOf = (conversationId: number) =>
  sim.messages.filter((m) => m.conversation_id === conversationId && m.private);

beforeAll(async () => {
  const templateUrl = new URL(inject('templateUrl'));
  const name = `funil_hd_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const pgAdmin = new pg.Client({
    connectionString: templateUrl.toString().replace(/\/[^/]+$/, '/postgres'),
  });
  await pgAdmin.connect();
  await pgAdmin.query(`CREATE DATABASE ${name} TEMPLATE ${templateUrl.pathname.slice(1)}`);
  await pgAdmin.end();
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  dbUrl = url.toString();
  dataDir = await mkdtemp(path.join(tmpdir(), 'funil-hd-'));
  funil = await startFunil(envFor());
  w = await opportunityWorld(ctx());
  admin = w.admin;
  sim = await startChatwootSimulator({ apiToken: API_TOKEN });
  const created = await api('POST', '/integrations', {
    name: 'Chatwoot simulado',
    kind: 'helpdesk',
    scopes: ['erp:receivables'],
    connection: {
      provider: 'chatwoot',
      baseUrl: sim.url,
      accountId: String(sim.accountId),
      apiToken: API_TOKEN,
      webhookSecret: WEBHOOK_SECRET,
    },
  });
  expect(created.status).toBe(201);
  expect(created.body.integration.connection).toMatchObject({ hasApiToken: true, hasWebhookSecret: true });
  integrationId = created.body.integration.id;
  sim.setWebhook({ url: webhookUrl(integrationId), secret: WEBHOOK_SECRET });
});

afterAll(async () => {
  await funil?.stop();
  await sim?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('inbound Chatwoot webhooks', () => {
  it('creates a person from a new contact, recognizes a redelivery, and updates the person from contact_updated', async () => {
    const { contact, answer } = await sim.createContact({
      name: 'Joana do Chat',
      phone: '+5511987650001',
      email: 'joana.chat@exemplo.com.br',
    });
    expect(answer.status).toBe(200);
    const first = JSON.parse(answer.body) as { status: string; personId: string };
    expect(first.status).toBe('processed');
    const person = await api('GET', `/people/${first.personId}`);
    expect(person.body).toMatchObject({
      name: 'Joana do Chat',
      origin: 'integration',
      emails: [{ address: 'joana.chat@exemplo.com.br' }],
    });

    // The same webhook again: nothing new.
    const again = await sim.sendWebhook('contact_created', sim.contactPayload(contact));
    expect(JSON.parse(again.body)).toMatchObject({ status: 'duplicate', personId: first.personId });
    const found = await api('GET', '/people?q=Joana%20do%20Chat');
    expect(found.body.total).toBe(1);

    const updated = await sim.updateContact(contact.id, {
      name: 'Joana Atualizada',
      email: 'joana.nova@exemplo.com.br',
    });
    expect(JSON.parse(updated.answer.body)).toMatchObject({ status: 'processed', personId: first.personId });
    const after = await api('GET', `/people/${first.personId}`);
    expect(after.body.name).toBe('Joana Atualizada');
    expect(after.body.emails.map((e: { address: string }) => e.address)).toEqual([
      'joana.chat@exemplo.com.br',
      'joana.nova@exemplo.com.br',
    ]);
  });

  it('links a contact to the person who already has its phone instead of creating another', async () => {
    const existing = await api(
      'POST',
      '/people',
      personBody({ name: 'Carlos Existente', phones: [{ number: '+5511987650002', type: 'whatsapp' }] }),
    );
    expect(existing.status).toBe(201);
    const { answer } = await sim.createContact({ name: 'Carlos (WhatsApp)', phone: '+5511987650002' });
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'processed', personId: existing.body.id });
    expect((await api('GET', '/people?q=Carlos')).body.total).toBe(1);
    const timeline = await timelineOf(existing.body.id);
    expect(
      timeline.filter((e) => e.kind === 'helpdesk_activity' && e.data.action === 'contact_linked'),
    ).toHaveLength(1);
  });

  it('puts a conversation, its messages (cut short) and status changes on the timeline once each', async () => {
    const { contact, answer } = await sim.createContact({ name: 'Marta Conversa', phone: '+5511987650003' });
    const personId = JSON.parse(answer.body).personId as string;
    const { conversation } = await sim.createConversation(contact.id);
    const long = `Olá, quero contratar o plano. ${'mais detalhes '.repeat(100)}`;
    const { payload } = await sim.receiveMessage(conversation.id, long);
    const redelivered = await sim.sendWebhook('message_created', payload);
    expect(JSON.parse(redelivered.body).status).toBe('duplicate');
    const status = await sim.setConversationStatus(conversation.id, 'resolved');
    expect(JSON.parse(status.answer.body).status).toBe('processed');
    expect(
      JSON.parse((await sim.sendWebhook('conversation_status_changed', status.payload)).body).status,
    ).toBe('duplicate');
    expect(
      JSON.parse((await sim.sendWebhook('conversation_created', sim.conversationPayload(conversation))).body)
        .status,
    ).toBe('duplicate');

    const events = (await timelineOf(personId)).filter((e) => e.kind === 'helpdesk_activity');
    expect(events.map((e) => e.data.action).sort()).toEqual([
      'conversation_opened',
      'conversation_status',
      'message',
    ]);
    const message = events.find((e) => e.data.action === 'message') as unknown as {
      data: { excerpt: string; direction: string };
    };
    expect(message.data.direction).toBe('incoming');
    expect(message.data.excerpt.length).toBeLessThanOrEqual(280);
    expect(long.startsWith(message.data.excerpt.slice(0, -1))).toBe(true);
    const stored = await funil.db.query(
      `SELECT person_id, status FROM helpdesk_conversations WHERE workspace_id = $1 AND conversation_id = $2`,
      [w.workspaceId, String(conversation.id)],
    );
    expect(stored.rows[0]).toEqual({ person_id: personId, status: 'resolved' });
  });

  it('refuses a bad or stale signature (401), an unknown integration (404) and odd payloads (422), never a 500', async () => {
    const payload = { id: 999, name: 'Intruso', phone_number: null, email: null };
    expect((await sim.sendWebhook('contact_created', payload, { secret: 'not-the-secret' })).status).toBe(
      401,
    );
    const stale = Math.floor(Date.now() / 1000) - 3600;
    expect((await sim.sendWebhook('contact_created', payload, { timestamp: stale })).status).toBe(401);
    const unsigned = await fetch(webhookUrl(integrationId), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'contact_created', ...payload }),
    });
    expect(unsigned.status).toBe(401);
    sim.setWebhook({ url: webhookUrl(randomUUID()), secret: WEBHOOK_SECRET });
    try {
      expect((await sim.sendWebhook('contact_created', payload)).status).toBe(404);
    } finally {
      sim.setWebhook({ url: webhookUrl(integrationId), secret: WEBHOOK_SECRET });
    }
    for (const odd of [
      { id: { nested: true } },
      { id: 'x'.repeat(500) },
      { id: 1, conversation: 'not an object' },
      { id: -5, content: 42, conversation: { id: 1 } },
    ]) {
      const res = await sim.sendWebhook('message_created', odd);
      expect(res.status).toBe(422);
    }
    expect((await sim.sendWebhook('conversation_typing_on', { id: 1 })).body).toContain('ignored');
    expect((await api('GET', '/people?q=Intruso')).body.total).toBe(0);
  });

  it("refuses every webhook until Chatwoot's secret is pasted on the integration, then verifies with it", async () => {
    const created = await api('POST', '/integrations', {
      name: 'Chatwoot sem segredo',
      kind: 'helpdesk',
      scopes: ['erp:receivables'],
      connection: { provider: 'chatwoot', baseUrl: sim.url, accountId: String(sim.accountId) },
    });
    expect(created.status).toBe(201);
    const integration = created.body.integration;
    expect(integration.connection).toMatchObject({ hasApiToken: false, hasWebhookSecret: false });
    const payload = { id: 4242, name: 'Sem Segredo', phone_number: null, email: null };
    sim.setWebhook({ url: webhookUrl(integration.id), secret: 'qualquer-segredo' });
    try {
      expect((await sim.sendWebhook('contact_created', payload)).status).toBe(401);
      const pasted = 'segredo-colado-do-chatwoot';
      const edited = await call(
        ctx(),
        admin,
        'PATCH',
        `/integrations/${integration.id}`,
        { connection: { ...integration.connection, webhookSecret: pasted } },
        { 'if-match': `"${integration.version}"` },
      );
      expect(edited.status).toBe(200);
      expect(edited.body.connection.hasWebhookSecret).toBe(true);
      expect((await sim.sendWebhook('contact_created', payload)).status).toBe(401);
      sim.setWebhook({ url: webhookUrl(integration.id), secret: pasted });
      expect((await sim.sendWebhook('contact_created', payload)).status).toBe(200);
    } finally {
      sim.setWebhook({ url: webhookUrl(integrationId), secret: WEBHOOK_SECRET });
    }
  });
});

describe('outbound sync to Chatwoot', () => {
  let contactId: number;
  let conversationId: number;
  let personId: string;

  beforeAll(async () => {
    const existing = await api(
      'POST',
      '/people',
      personBody({ name: 'Paula Cliente', phones: [{ number: '+5511987650010', type: 'whatsapp' }] }),
    );
    personId = existing.body.id;
    const { contact } = await sim.createContact({ name: 'Paula', phone: '+5511987650010' });
    contactId = contact.id;
    conversationId = (await sim.createConversation(contact.id)).conversation.id;
  });

  it('moving a linked negotiation and winning it updates the contact and posts private notes, once each, without a loop', async () => {
    const opportunityId = await linkedOpportunity(personId, conversationId, 'Plano Fibra 500');
    const proposta = w.stages.find((s) => s.name === 'Proposta') as { id: string };
    expect((await api('POST', `/opportunities/${opportunityId}/move`, { stageId: proposta.id })).status).toBe(
      200,
    );
    await eventually(async () => sim.contacts.get(contactId)?.custom_attributes.funil_stage === 'Proposta');
    expect((await api('POST', `/opportunities/${opportunityId}/status`, { status: 'won' })).status).toBe(200);
    await eventually(async () => sim.contacts.get(contactId)?.custom_attributes.funil_status === 'won');
    expect(sim.contacts.get(contactId)?.custom_attributes).toMatchObject({
      funil_negotiation: 'Plano Fibra 500',
      funil_stage: 'Proposta',
      funil_status: 'won',
      funil_value: 15000,
    });
    const notes = await eventually(async () =>
      notesOf(conversationId).length === 2 ? notesOf(conversationId) : null,
    );
    expect(notes.map((n) => n.content)).toEqual([
      'Funil: Negociação "Plano Fibra 500" movida para Proposta.',
      expect.stringMatching(/^Funil: Negociação "Plano Fibra 500" ganha \(R\$\s15\.000,00\)\.$/),
    ]);

    const deliveries = await eventually(async () => {
      const items = await helpdeskDeliveries();
      return items.length === 2 && items.every((d) => d.status === 'delivered') ? items : null;
    });
    expect(deliveries.map((d) => d.eventType).sort()).toEqual(['opportunity.moved', 'opportunity.won']);
    for (const d of deliveries) {
      expect(d).toMatchObject({
        targetKind: 'helpdesk',
        integrationId,
        subscriptionId: null,
        attempts: 1,
        responseStatus: 200,
      });
      expect(d.targetUrl).toBe(`${sim.url}/app/accounts/${sim.accountId}/conversations/${conversationId}`);
      expect(d.responseMs).not.toBeNull();
      expect(d.responseExcerpt).toContain('note 200');
    }

    // The helpdesk echoed both notes (message_created) and both attribute updates (contact_updated): the notes
    // were ignored, nothing went on the timeline and nothing was sent back.
    const echoes = await eventually(async () => {
      const sent = sim.webhooksSent.filter(
        (h) =>
          h.event === 'message_created' &&
          JSON.parse(h.body).conversation?.id === conversationId &&
          JSON.parse(h.body).private,
      );
      return sent.length === 2 && sent.every((h) => h.status !== null) ? sent : null;
    });
    expect(echoes.map((h) => h.status)).toEqual([200, 200]);
    // The helpdesk sends its webhook after answering the API call: wait until both echoes were answered.
    const contactEchoes = await eventually(async () => {
      const sent = sim.webhooksSent.filter(
        (h) => h.event === 'contact_updated' && JSON.parse(h.body).id === contactId,
      );
      return sent.length >= 2 ? sent : null;
    });
    expect(contactEchoes.map((h) => h.status)).toEqual(contactEchoes.map(() => 200));
    const events = (await timelineOf(personId)).filter(
      (e) => e.kind === 'helpdesk_activity' && e.data.action === 'message',
    );
    expect(events).toHaveLength(0);
    // A relay cycle after the echoes: still the same two deliveries and two notes.
    await sim.receiveMessage(conversationId, 'Obrigado!');
    await eventually(async () => (await timelineOf(personId)).some((e) => e.data.action === 'message'));
    expect(await helpdeskDeliveries()).toHaveLength(2);
    expect(notesOf(conversationId)).toHaveLength(2);
  });

  it('an inbound change produces no outbound delivery', async () => {
    const before = (await helpdeskDeliveries()).length;
    await sim.updateContact(contactId, { name: 'Paula Renomeada' });
    await sim.setConversationStatus(conversationId, 'pending');
    await eventually(async () => (await api('GET', `/people/${personId}`)).body.name === 'Paula Renomeada');
    const outbox = await funil.db.query(
      'SELECT count(*)::int AS n FROM helpdesk_sync_outbox WHERE workspace_id = $1',
      [w.workspaceId],
    );
    expect(outbox.rows[0].n).toBe(0);
    expect(await helpdeskDeliveries()).toHaveLength(before);
  });

  it('retries a failing helpdesk with backoff: the update arrives once after the failures', async () => {
    const { contact } = await sim.createContact({ name: 'Rita Retry', phone: '+5511987650020' });
    const { conversation } = await sim.createConversation(contact.id);
    const personId = (
      await funil.db.query(
        `SELECT person_id FROM helpdesk_contacts WHERE workspace_id = $1 AND contact_id = $2`,
        [w.workspaceId, String(contact.id)],
      )
    ).rows[0].person_id as string;
    const opportunityId = await linkedOpportunity(personId, conversation.id, 'Plano Retry');
    sim.failNext(3);
    const visita = w.stages.find((s) => s.name === 'Visita') as { id: string };
    expect((await api('POST', `/opportunities/${opportunityId}/move`, { stageId: visita.id })).status).toBe(
      200,
    );
    const delivery = await eventually(async () => {
      const d = (await helpdeskDeliveries()).find((x) =>
        x.targetUrl.endsWith(`/conversations/${conversation.id}`),
      );
      return d?.status === 'delivered' ? d : null;
    });
    expect(delivery.attempts).toBe(4);
    expect(notesOf(conversation.id).map((n) => n.content)).toEqual([
      'Funil: Negociação "Plano Retry" movida para Visita.',
    ]);
    expect(sim.contacts.get(contact.id)?.custom_attributes.funil_stage).toBe('Visita');

    // Reenviar works for helpdesk deliveries too: the same note goes out once more.
    const resent = await api('POST', `/webhooks/deliveries/${delivery.id}/resend`);
    expect(resent.status).toBe(200);
    await eventually(async () => notesOf(conversation.id).length === 2);
    const after = await eventually(async () => {
      const d = (await helpdeskDeliveries()).find((x) => x.id === delivery.id);
      return d?.status === 'delivered' && d.attempts === 5 ? d : null;
    });
    expect(after.attempts).toBe(5);
  });

  it('delivers after a restart what was waiting for a retry when the server stopped', async () => {
    const { contact } = await sim.createContact({ name: 'Renata Restart', phone: '+5511987650030' });
    const { conversation } = await sim.createConversation(contact.id);
    const personId = (
      await funil.db.query(
        `SELECT person_id FROM helpdesk_contacts WHERE workspace_id = $1 AND contact_id = $2`,
        [w.workspaceId, String(contact.id)],
      )
    ).rows[0].person_id as string;
    const opportunityId = await linkedOpportunity(personId, conversation.id, 'Plano Restart');
    sim.failNext(1, 503);
    const contrato = w.stages.find((s) => s.name === 'Contrato') as { id: string };
    expect((await api('POST', `/opportunities/${opportunityId}/move`, { stageId: contrato.id })).status).toBe(
      200,
    );
    const pending = await eventually(async () => {
      const d = (await helpdeskDeliveries()).find((x) =>
        x.targetUrl.endsWith(`/conversations/${conversation.id}`),
      );
      return d?.attempts === 1 ? d : null;
    });
    expect(pending.status).toBe('pending');
    await funil.stop();
    const owner = new pg.Client({ connectionString: dbUrl });
    await owner.connect();
    try {
      const waiting = await owner.query(
        `SELECT state FROM pgboss.job WHERE name = 'helpdesk-sync' AND data->>'deliveryId' = $1`,
        [pending.id],
      );
      expect(waiting.rows.map((r) => r.state)).toEqual(['retry']);
    } finally {
      await owner.end();
    }
    expect(notesOf(conversation.id)).toHaveLength(0);
    funil = await startFunil(envFor());
    admin = await createUser(funil, w.workspaceId, 'admin');
    const delivered = await eventually(async () => {
      const d = (await helpdeskDeliveries()).find((x) => x.id === pending.id);
      return d?.status === 'delivered' ? d : null;
    });
    expect(delivered.attempts).toBe(2);
    expect(notesOf(conversation.id).map((n) => n.content)).toEqual([
      'Funil: Negociação "Plano Restart" movida para Contrato.',
    ]);
  });
});
