import { generateCpf, PANEL_SESSION_HEADER } from '@funil/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../src/db/seed/demo-data.ts';
import { signedPanelQuery } from '../src/modules/helpdesk/panel-proof.ts';
import { createTestContext, createUser, type TestContext, type TestUser } from './helpers.ts';
import { call, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

let ctx: TestContext;
let w: World;
let integrationId: string;
let secret: string;
let dashboardAppUrl: string;
const random = createRandom(10);

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
  const created = await call(ctx, w.admin, 'POST', '/integrations', {
    name: 'Chatwoot Atendimento',
    kind: 'helpdesk',
    scopes: ['erp:receivables'],
    allowedCidrs: [],
    timeoutSeconds: 10,
    linkingTeamIds: [w.teamAlfa],
    frameOrigins: ['https://chat.exemplo.com.br'],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  integrationId = created.body.integration.id;
  const setup = await call(ctx, w.admin, 'GET', `/helpdesk/integrations/${integrationId}/panel-setup`);
  expect(setup.status).toBe(200);
  secret = setup.body.panelSecret;
  dashboardAppUrl = setup.body.dashboardAppUrl;
});
afterAll(() => ctx.close());

const nowSeconds = () => String(Math.floor(Date.now() / 1000));

/** The query string a helpdesk signs for `user` as its agent `agentId`. */
function signedQuery(user: { email: string }, agentId: string, extra: Record<string, string> = {}) {
  return signedPanelQuery(secret, {
    integration: integrationId,
    agent_id: agentId,
    agent_name: `Agente ${agentId}`,
    agent_email: user.email,
    conversation_id: '500',
    contact_id: '900',
    ts: nowSeconds(),
    ...extra,
  });
}

async function openSession(body: unknown) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/helpdesk/sessions',
    payload: body as object,
  });
  return { status: res.statusCode, body: res.json() };
}

/** A panel session for `user` (signed URL); answers its token. */
async function panelFor(user: TestUser, agentId: string): Promise<string> {
  const res = await openSession({ mode: 'signed', integrationId, query: signedQuery(user, agentId) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.token;
}

/** Calls the API with a panel session only (no cookie). */
async function panel(
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { [PANEL_SESSION_HEADER]: token, ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers };
}

const conversation = (id: string) => `/helpdesk/integrations/${integrationId}/conversations/${id}`;

describe('panel session', () => {
  it('opens from a signed URL and acts as the agent’s user, from the header only', async () => {
    const res = await openSession({ mode: 'signed', integrationId, query: signedQuery(w.brokerA1, '11') });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      user: { id: w.brokerA1.id },
      integration: { id: integrationId },
      context: { agent: { id: '11' }, conversation: { id: '500' }, contact: { id: '900' } },
      mayLink: true,
    });
    const me = await panel(res.body.token, 'GET', '/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user?.id ?? me.body.id).toBe(w.brokerA1.id);
    // The panel token is no cookie, and a cookie session is no panel token.
    const asCookie = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `funil_session=${res.body.token}` },
    });
    expect(asCookie.statusCode).toBe(401);
    const cookieToken = w.brokerA1.cookie.replace('funil_session=', '');
    expect((await panel(cookieToken, 'GET', '/auth/me')).status).toBe(401);
    // The header decides alone: a bad panel token with a good cookie is still refused.
    const both = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: w.admin.cookie, [PANEL_SESSION_HEADER]: 'nada' },
    });
    expect(both.statusCode).toBe(401);
  });

  it('refuses an altered or expired signed URL, or one signed with another secret', async () => {
    const altered = signedQuery(w.brokerA1, '11').replace(
      encodeURIComponent(w.brokerA1.email),
      encodeURIComponent(w.admin.email),
    );
    expect((await openSession({ mode: 'signed', integrationId, query: altered })).status).toBe(401);
    const old = signedQuery(w.brokerA1, '11', { ts: String(Math.floor(Date.now() / 1000) - 301) });
    const expired = await openSession({ mode: 'signed', integrationId, query: old });
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toBe('Link do painel inválido ou expirado.');
    const forged = signedPanelQuery('outro-segredo', {
      integration: integrationId,
      agent_id: '11',
      agent_email: w.admin.email,
      ts: nowSeconds(),
    });
    expect((await openSession({ mode: 'signed', integrationId, query: forged })).status).toBe(401);
    const unknown = await openSession({
      mode: 'signed',
      integrationId: '00000000-0000-4000-8000-000000000000',
      query: signedQuery(w.brokerA1, '11'),
    });
    expect(unknown.status).toBe(401);
  });

  it('opens from the dashboard-app key with the context Chatwoot posted; a wrong key is refused', async () => {
    const key = new URL(dashboardAppUrl).searchParams.get('key') ?? '';
    expect(new URL(dashboardAppUrl).pathname).toBe('/embed/helpdesk');
    const context = {
      agent: { id: 21, name: 'Gerente', email: w.manager.email },
      conversation: { id: 77 },
      contact: { id: 3, name: 'Maria', phone: '+5511987654321', email: null },
    };
    const ok = await openSession({ mode: 'dashboard-app', integrationId, key, context });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ user: { id: w.manager.id }, context: { conversation: { id: '77' } } });
    const bad = await openSession({ mode: 'dashboard-app', integrationId, key: `${key}x`, context });
    expect(bad.status).toBe(401);
  });

  it('refuses an agent mapped to no active user, naming the agent', async () => {
    const res = await openSession({
      mode: 'signed',
      integrationId,
      query: signedQuery({ email: 'ninguem@exemplo.com.br' }, '99', { agent_name: 'Paula Souza' }),
    });
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain('Paula Souza');
    // A deactivated user's agent neither.
    const leaving = await createUser(ctx, w.workspaceId, 'broker', { name: 'Saindo' });
    await ctx.db.query('UPDATE users SET active = false WHERE workspace_id = $1 AND id = $2', [
      w.workspaceId,
      leaving.id,
    ]);
    const inactive = await openSession({ mode: 'signed', integrationId, query: signedQuery(leaving, '98') });
    expect(inactive.status).toBe(403);
  });

  it('ends when it expires or its integration is deleted', async () => {
    const token = await panelFor(w.brokerA2, '12');
    expect((await panel(token, 'GET', '/auth/me')).status).toBe(200);
    await ctx.db.query(
      `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE workspace_id = $1 AND agent_id = '12'`,
      [w.workspaceId],
    );
    // A change by hand: the app's kept session hears of it by NOTIFY, a moment later.
    await expect.poll(async () => (await panel(token, 'GET', '/auth/me')).status).toBe(401);

    const other = await call(ctx, w.admin, 'POST', '/integrations', {
      name: 'Helpdesk removido',
      kind: 'helpdesk',
      scopes: ['erp:receivables'],
      allowedCidrs: [],
      timeoutSeconds: 10,
      linkingTeamIds: [],
      frameOrigins: [],
    });
    const otherId = other.body.integration.id;
    const setup = await call(ctx, w.admin, 'GET', `/helpdesk/integrations/${otherId}/panel-setup`);
    const res = await openSession({
      mode: 'signed',
      integrationId: otherId,
      query: signedPanelQuery(setup.body.panelSecret, {
        integration: otherId,
        agent_id: '1',
        agent_email: w.brokerA2.email,
        ts: nowSeconds(),
      }),
    });
    expect(res.status).toBe(201);
    // A session of that integration does not reach this one's conversations.
    expect((await panel(res.body.token, 'GET', conversation('500'))).status).toBe(403);
    await ctx.db.query('UPDATE integrations SET deleted_at = now() WHERE workspace_id = $1 AND id = $2', [
      w.workspaceId,
      otherId,
    ]);
    await expect.poll(async () => (await panel(res.body.token, 'GET', '/auth/me')).status).toBe(401);
  });
});

describe('panel operations', () => {
  it('links an existing person found by CPF, updates them, adds a negotiation and a note, and updates it', async () => {
    const cpf = generateCpf(random);
    const existing = await call(ctx, w.brokerA1, 'POST', '/people', personBody({ document: cpf }));
    expect(existing.status).toBe(201);
    const token = await panelFor(w.brokerA1, '11');

    const before = await panel(token, 'GET', `${conversation('600')}?contactId=901`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ linked: 'none', person: null, mayLink: true });

    const found = await panel(token, 'GET', `/people?q=${cpf}`);
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([existing.body.id]);
    const linked = await panel(token, 'POST', `${conversation('600')}/link`, {
      personId: existing.body.id,
      contactId: 901,
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body).toMatchObject({
      linked: 'visible',
      person: { id: existing.body.id },
      contactId: '901',
    });
    expect(linked.body.events.map((e: { kind: string }) => e.kind)).toContain('helpdesk_linked');
    // Another conversation of the same contact finds the person through the contact.
    const sameContact = await panel(token, 'GET', `${conversation('601')}?contactId=901`);
    expect(sameContact.body).toMatchObject({ linked: 'visible', person: { id: existing.body.id } });
    // The person shown in the panel is in the LGPD access log, as seen through this integration.
    const views = await ctx.db.query(
      "SELECT user_id, integration_id FROM access_log WHERE person_id = $1 AND kind = 'person_viewed'",
      [existing.body.id],
    );
    expect(views.rows).toContainEqual({ user_id: w.brokerA1.id, integration_id: integrationId });

    const updated = await panel(
      token,
      'PATCH',
      `/people/${existing.body.id}`,
      { emails: [{ address: 'novo.email@exemplo.com.br' }] },
      { 'if-match': `"${linked.body.person.version}"` },
    );
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);

    const created = await panel(token, 'POST', `${conversation('600')}/opportunities`, {
      pipelineId: w.pipelineId,
      stageId: w.stages[1]?.id,
      title: 'Plano fibra 500 MB',
      description: 'Pediu pelo WhatsApp',
      businessPlanId: w.lists.business_plan[0]?.id,
      city: 'Campinas',
      ownerId: w.brokerA1.id,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ city: 'Campinas', stageId: w.stages[1]?.id });
    const { rows } = await ctx.db.query(
      `SELECT opportunity_id, person_id, contact_id FROM helpdesk_conversations
       WHERE workspace_id = $1 AND integration_id = $2 AND conversation_id = '600'`,
      [w.workspaceId, integrationId],
    );
    expect(rows[0]).toEqual({
      opportunity_id: created.body.id,
      person_id: existing.body.id,
      contact_id: '901',
    });

    const note = await panel(token, 'POST', `/people/${existing.body.id}/notes`, {
      body: 'Cliente quer instalar sábado',
    });
    expect(note.status, JSON.stringify(note.body)).toBe(201);

    const qualified = await panel(
      token,
      'PATCH',
      `/opportunities/${created.body.id}`,
      { qualificationId: w.lists.qualification[1]?.id },
      { 'if-match': `"${created.body.version}"` },
    );
    expect(qualified.status, JSON.stringify(qualified.body)).toBe(200);
    const lostWithoutReason = await panel(token, 'POST', `/opportunities/${created.body.id}/status`, {
      status: 'lost',
    });
    expect(lostWithoutReason.status).toBe(422);
    const lost = await panel(token, 'POST', `/opportunities/${created.body.id}/status`, {
      status: 'lost',
      reasonId: w.lists.loss_reason[0]?.id,
    });
    expect(lost.status, JSON.stringify(lost.body)).toBe(200);

    const after = await panel(token, 'GET', conversation('600'));
    expect(after.body.person.emails[0].address).toBe('novo.email@exemplo.com.br');
    expect(after.body.opportunities).toEqual([]);
    const kinds = after.body.events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['note', 'field_changed', 'helpdesk_linked', 'status_changed']),
    );
  });

  it('creates a person from the conversation and links them; a repeated CPF, e-mail or phone never duplicates', async () => {
    const token = await panelFor(w.brokerA1, '11');
    const body = personBody({ name: 'Lead do WhatsApp' });
    const created = await panel(token, 'POST', `${conversation('700')}/person`, {
      contactId: '950',
      person: body,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ linked: 'visible', person: { name: 'Lead do WhatsApp' } });
    const personId = created.body.person.id;

    // The same CPF again: offered the existing (visible) one.
    const again = await panel(token, 'POST', `${conversation('701')}/person`, {
      person: personBody({ document: body.document }),
    });
    expect(again.status).toBe(409);
    expect(again.body.matches).toEqual([
      expect.objectContaining({ field: 'document', personId, visible: true }),
    ]);

    // Someone else's person the broker may not see: only whom to ask.
    const hidden = await call(ctx, w.brokerB1, 'POST', '/people', personBody({ name: 'Cliente Sigiloso' }));
    const clash = await panel(token, 'POST', `${conversation('702')}/person`, {
      person: personBody({ emails: hidden.body.emails }),
    });
    expect(clash.status).toBe(409);
    expect(clash.body.matches).toEqual([
      {
        field: 'email',
        value: hidden.body.emails[0].address,
        personId: null,
        visible: false,
        name: null,
        ownerName: 'Corretor B1',
      },
    ]);
    expect(JSON.stringify(clash.body)).not.toContain('Cliente Sigiloso');
    const { rows } = await ctx.db.query(
      'SELECT count(*)::int AS n FROM people WHERE workspace_id = $1 AND document = $2',
      [w.workspaceId, body.document],
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses linking and creating to an agent whose user is in no linking team', async () => {
    const token = await panelFor(w.brokerB1, '31');
    const own = await call(ctx, w.brokerB1, 'POST', '/people', personBody());
    const state = await panel(token, 'GET', conversation('800'));
    expect(state.body.mayLink).toBe(false);
    const link = await panel(token, 'POST', `${conversation('800')}/link`, { personId: own.body.id });
    expect(link.status).toBe(403);
    expect(link.body.detail).toContain('Sua equipe não pode vincular contatos');
    const create = await panel(token, 'POST', `${conversation('800')}/person`, { person: personBody() });
    expect(create.status).toBe(403);
    const { rows } = await ctx.db.query(
      'SELECT count(*)::int AS n FROM helpdesk_conversations WHERE workspace_id = $1 AND conversation_id = $2',
      [w.workspaceId, '800'],
    );
    expect(rows[0].n).toBe(0);
  });

  it('never shows the agent what their user may not see: search, link and conversation state', async () => {
    const secretPerson = await call(ctx, w.brokerB1, 'POST', '/people', personBody({ name: 'Pessoa de B1' }));
    // The admin sees everyone but is in no linking team: refused.
    const adminLink = await call(ctx, w.admin, 'POST', `${conversation('900')}/link`, {
      personId: secretPerson.body.id,
      contactId: '990',
    });
    expect(adminLink.status, JSON.stringify(adminLink.body)).toBe(403);
    const admin = await call(ctx, w.manager, 'POST', `${conversation('900')}/link`, {
      personId: secretPerson.body.id,
      contactId: '990',
    });
    // The Alfa manager does not see Beta's people either: 404, nothing linked.
    expect(admin.status).toBe(404);
    await ctx.db.query(
      `INSERT INTO helpdesk_conversations (workspace_id, integration_id, conversation_id, person_id)
       VALUES ($1, $2, '900', $3)`,
      [w.workspaceId, integrationId, secretPerson.body.id],
    );

    const token = await panelFor(w.brokerA1, '11');
    const state = await panel(token, 'GET', conversation('900'));
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ linked: 'hidden', person: null, opportunities: [], events: [] });
    expect(JSON.stringify(state.body)).not.toContain('Pessoa de B1');
    const search = await panel(token, 'GET', `/people?q=${secretPerson.body.document}`);
    expect(search.body.items).toEqual([]);
    const link = await panel(token, 'POST', `${conversation('901')}/link`, {
      personId: secretPerson.body.id,
    });
    expect(link.status).toBe(404);
    const read = await panel(token, 'GET', `/people/${secretPerson.body.id}`);
    expect(read.status).toBe(404);
  });

  it('asks for a linked person before a negotiation, and refuses bad input without a 500', async () => {
    const token = await panelFor(w.brokerA1, '11');
    const noPerson = await panel(token, 'POST', `${conversation('1000')}/opportunities`, {
      pipelineId: w.pipelineId,
      title: 'Sem pessoa',
    });
    expect(noPerson.status).toBe(409);
    expect((await panel(token, 'GET', `/helpdesk/integrations/nao-e-uuid/conversations/1`)).status).toBe(404);
    expect((await panel(token, 'GET', conversation('a%20b'))).status).toBe(404);
    expect((await openSession({ mode: 'signed', integrationId, query: 'x'.repeat(5000) })).status).toBe(422);
    expect((await openSession({ mode: 'outro' })).status).toBe(422);
    expect((await openSession({ mode: 'signed', integrationId, query: '%' })).status).toBe(401);
  });
});

describe('framing the panel page', () => {
  it('lets only the integration’s origins frame /embed/helpdesk; every other page stays unframable', async () => {
    const csp = async (url: string) =>
      String((await ctx.app.inject({ method: 'GET', url })).headers['content-security-policy']);
    expect(await csp(`/embed/helpdesk?integration=${integrationId}`)).toMatch(
      /frame-ancestors https:\/\/chat\.exemplo\.com\.br(;|$)/,
    );
    expect(await csp('/embed/helpdesk?integration=00000000-0000-4000-8000-000000000000')).toContain(
      "frame-ancestors 'none'",
    );
    expect(await csp('/embed/helpdesk?integration=nada')).toContain("frame-ancestors 'none'");
    expect(await csp('/embed/helpdesk')).toContain("frame-ancestors 'none'");
    expect(await csp('/people')).toContain("frame-ancestors 'none'");
  });
});
