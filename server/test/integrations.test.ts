import { PassThrough } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findIntegrationRecord,
  providerCredentials,
  resolveAgent,
} from '../src/modules/integrations/integrations.service.ts';
import { createTestContext, createUser, createWorkspace, type TestContext } from './helpers.ts';
import { call, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

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

const helpdesk = (overrides: Record<string, unknown> = {}) => ({
  name: 'Chatwoot Suporte',
  kind: 'helpdesk',
  scopes: ['erp:receivables'],
  allowedCidrs: ['10.20.0.0/16'],
  timeoutSeconds: 8,
  linkingTeamIds: [w.teamAlfa],
  frameOrigins: ['https://chat.exemplo.com.br/'],
  connection: {
    provider: 'chatwoot',
    baseUrl: 'https://chat.exemplo.com.br',
    accountId: '7',
    apiToken: 'cw-token',
  },
  ...overrides,
});

type Created = { integration: { id: string; version: number; tokens: { id: string }[] }; secret: string };

async function createIntegration(overrides: Record<string, unknown> = {}): Promise<Created> {
  const res = await call(ctx, w.admin, 'POST', '/integrations', helpdesk(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const NO_ONE = '00000000-0000-4000-8000-000000000000';

/** A token call (receivables of nobody: 404 once authenticated and in scope). */
async function receivablesCall(secret: string, remoteAddress = '10.20.3.4') {
  const res = await ctx.app.inject({
    method: 'PUT',
    url: `/api/v1/people/${NO_ONE}/receivables`,
    headers: { authorization: `Bearer ${secret}` },
    remoteAddress,
    payload: { items: [] },
  });
  return res.statusCode;
}

describe('integrations', () => {
  it('creates an integration with its first token, whose calls carry the integration and are limited to its networks', async () => {
    const created = await call(ctx, w.admin, 'POST', '/integrations', helpdesk());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { integration, secret } = created.body;
    expect(integration).toMatchObject({
      kind: 'helpdesk',
      timeoutSeconds: 8,
      frameOrigins: ['https://chat.exemplo.com.br'],
      connection: { provider: 'chatwoot', accountId: '7', hasApiToken: true },
      scopes: ['erp:receivables'],
      allowedCidrs: ['10.20.0.0/16'],
    });
    expect(integration.tokens).toHaveLength(1);
    expect(JSON.stringify(integration)).not.toContain('cw-token');

    expect(await receivablesCall(secret, '10.20.3.4')).toBe(404);
    expect(await receivablesCall(secret, '192.0.2.1')).toBe(403);

    const listed = await call(ctx, w.admin, 'GET', `/integrations/${integration.id}`);
    expect(listed.headers.etag).toBe(`"${integration.version}"`);
    expect(listed.body.tokens[0]).toMatchObject({ lastUsedIp: '10.20.3.4' });
    expect(listed.body.tokens[0].lastUsedAt).not.toBeNull();
  });

  it('refuses what is not an integration setting, and anyone without the capability', async () => {
    const bad = await call(ctx, w.admin, 'POST', '/integrations', {
      ...helpdesk(),
      frameOrigins: ['javascript:alert(1)'],
      linkingTeamIds: [NO_ONE],
      timeoutSeconds: 0,
    });
    expect(bad.status).toBe(422);
    const unknownTeam = await call(ctx, w.admin, 'POST', '/integrations', {
      ...helpdesk(),
      linkingTeamIds: [NO_ONE],
    });
    expect(unknownTeam.status).toBe(422);
    expect(JSON.stringify(unknownTeam.body)).toContain('linkingTeamIds.0');
    expect((await call(ctx, w.manager, 'POST', '/integrations', helpdesk())).status).toBe(403);
    expect((await call(ctx, w.manager, 'GET', '/integrations')).status).toBe(403);
  });

  it('maps a helpdesk agent to the user with the same e-mail, and keeps an unknown one unmapped', async () => {
    const created = await createIntegration({ name: 'Outro helpdesk' });
    const record = await findIntegrationRecord(ctx.db, w.workspaceId, created.integration.id);
    if (!record) throw new Error('integration not found');
    const matched = await resolveAgent(ctx.db, record, { id: '41', email: w.brokerA1.email.toUpperCase() });
    expect(matched).toEqual({ userId: w.brokerA1.id, matchedBy: 'email' });
    const unknown = await resolveAgent(ctx.db, record, { id: '42', email: 'ninguem@exemplo.com.br' });
    expect(unknown).toEqual({ userId: null, matchedBy: 'none' });
  });
});

describe('editing an integration', () => {
  it('needs If-Match (428 without, 412 stale) and applies scopes and networks to its live tokens at once', async () => {
    const { integration, secret } = await createIntegration({ name: 'Para editar' });
    const url = `/integrations/${integration.id}`;
    const edit = {
      name: 'Editada',
      scopes: ['erp:credit-limits'],
      allowedCidrs: ['203.0.113.0/24'],
      timeoutSeconds: 30,
      linkingTeamIds: [w.teamBeta],
      frameOrigins: ['https://outro.exemplo.com.br'],
      connection: { provider: 'chatwoot', baseUrl: 'https://outro.exemplo.com.br/', accountId: '9' },
    };
    expect((await call(ctx, w.admin, 'PATCH', url, edit)).status).toBe(428);
    const stale = await call(ctx, w.admin, 'PATCH', url, edit, {
      'if-match': `"${integration.version + 5}"`,
    });
    expect(stale.status).toBe(412);
    expect((await call(ctx, w.admin, 'GET', url)).body.name).toBe('Para editar');
    expect((await call(ctx, w.manager, 'PATCH', url, edit, { 'if-match': '"1"' })).status).toBe(403);

    const ok = await call(ctx, w.admin, 'PATCH', url, edit, { 'if-match': `"${integration.version}"` });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.headers.etag).toBe(`"${integration.version + 1}"`);
    expect(ok.body).toMatchObject({
      name: 'Editada',
      scopes: ['erp:credit-limits'],
      allowedCidrs: ['203.0.113.0/24'],
      timeoutSeconds: 30,
      linkingTeamIds: [w.teamBeta],
      frameOrigins: ['https://outro.exemplo.com.br'],
      connection: { baseUrl: 'https://outro.exemplo.com.br', accountId: '9', hasApiToken: true },
    });
    // The provider's token was kept (omitted on edit).
    const record = await findIntegrationRecord(ctx.db, w.workspaceId, integration.id);
    if (!record) throw new Error('integration not found');
    expect((await providerCredentials(ctx, record))?.apiToken).toBe('cw-token');
    expect(record.timeoutMs).toBe(30_000);

    // The token follows the edit: the old network is refused, the new one allowed; the old scope is gone.
    expect(await receivablesCall(secret, '10.20.3.4')).toBe(403);
    expect(await receivablesCall(secret, '203.0.113.9')).toBe(403);
    const limits = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/people/${NO_ONE}/credit-limits`,
      headers: { authorization: `Bearer ${secret}` },
      remoteAddress: '203.0.113.9',
      payload: { items: [] },
    });
    expect(limits.statusCode).toBe(404);

    // The same version again is stale now.
    const again = await call(
      ctx,
      w.admin,
      'PATCH',
      url,
      { name: 'De novo' },
      { 'if-match': `"${integration.version}"` },
    );
    expect(again.status).toBe(412);
    const unknownTeam = await call(
      ctx,
      w.admin,
      'PATCH',
      url,
      { linkingTeamIds: [NO_ONE] },
      { 'if-match': ok.headers.etag as string },
    );
    expect(unknownTeam.status).toBe(422);
  });
});

describe('deleting an integration', () => {
  it('revokes every token of it at once (401 on the next call) and hides it', async () => {
    const { integration, secret } = await createIntegration({ name: 'Para excluir' });
    const rotated = await call(ctx, w.admin, 'POST', `/integrations/${integration.id}/rotate`, {
      overlapHours: 24,
    });
    const second = rotated.body.secret as string;
    expect(await receivablesCall(secret)).toBe(404);
    expect(await receivablesCall(second)).toBe(404);

    expect((await call(ctx, w.manager, 'DELETE', `/integrations/${integration.id}`)).status).toBe(403);
    const deleted = await call(ctx, w.admin, 'DELETE', `/integrations/${integration.id}`);
    expect(deleted.status).toBe(204);
    expect(await receivablesCall(secret)).toBe(401);
    expect(await receivablesCall(second)).toBe(401);
    expect((await call(ctx, w.admin, 'GET', `/integrations/${integration.id}`)).status).toBe(404);
    const list = await call(ctx, w.admin, 'GET', '/integrations');
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(integration.id);
    const tokens = await ctx.db.query('SELECT revoked_at FROM api_tokens WHERE integration_id = $1', [
      integration.id,
    ]);
    expect(tokens.rows).toHaveLength(2);
    expect(tokens.rows.every((r) => r.revoked_at !== null)).toBe(true);
    expect((await call(ctx, w.admin, 'DELETE', `/integrations/${integration.id}`)).status).toBe(404);
  });
});

describe('rotating the token', () => {
  it('keeps the old token working during the overlap, and stops it at once with overlap 0', async () => {
    const { integration, secret: first } = await createIntegration({ name: 'Para rotacionar' });
    const url = `/integrations/${integration.id}/rotate`;
    expect((await call(ctx, w.admin, 'POST', url, { overlapHours: 169 })).status).toBe(422);

    const withOverlap = await call(ctx, w.admin, 'POST', url, { overlapHours: 2 });
    expect(withOverlap.status, JSON.stringify(withOverlap.body)).toBe(200);
    const second = withOverlap.body.secret as string;
    expect(second).not.toBe(first);
    // Both work during the overlap; the old one now ends about two hours from now.
    expect(await receivablesCall(first)).toBe(404);
    expect(await receivablesCall(second)).toBe(404);
    const old = withOverlap.body.integration.tokens.find(
      (t: { id: string }) => t.id === integration.tokens[0]?.id,
    );
    const endsIn = new Date(old.expiresAt).getTime() - Date.now();
    expect(endsIn).toBeGreaterThan(3_600_000);
    expect(endsIn).toBeLessThanOrEqual(2 * 3_600_000);
    // The new token carries the integration's scopes and networks.
    expect(withOverlap.body.integration.tokens[0]).toMatchObject({
      scopes: ['erp:receivables'],
      allowedCidrs: ['10.20.0.0/16'],
      status: 'active',
      expiresAt: null,
    });
    // Past the overlap the old one answers 401.
    await ctx.db.query("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", [
      old.id,
    ]);
    expect(await receivablesCall(first)).toBe(401);

    const immediate = await call(ctx, w.admin, 'POST', url, { overlapHours: 0 });
    expect(immediate.status).toBe(200);
    expect(await receivablesCall(second)).toBe(401);
    expect(await receivablesCall(immediate.body.secret)).toBe(404);
  });

  it('revokes one token of an integration, not the others', async () => {
    const { integration, secret: first } = await createIntegration({ name: 'Revogar um' });
    const rotated = await call(ctx, w.admin, 'POST', `/integrations/${integration.id}/rotate`, {
      overlapHours: 1,
    });
    const oldId = integration.tokens[0]?.id;
    const revoked = await call(
      ctx,
      w.admin,
      'POST',
      `/integrations/${integration.id}/tokens/${oldId}/revoke`,
    );
    expect(revoked.status).toBe(200);
    expect(await receivablesCall(first)).toBe(401);
    expect(await receivablesCall(rotated.body.secret)).toBe(404);
    const other = await createIntegration({ name: 'Outra' });
    const wrong = await call(
      ctx,
      w.admin,
      'POST',
      `/integrations/${other.integration.id}/tokens/${oldId}/revoke`,
    );
    expect(wrong.status).toBe(404);
  });
});

describe('helpdesk agents', () => {
  it('keeps a manual mapping over a later e-mail match, and maps an agent not seen yet', async () => {
    const { integration } = await createIntegration({ name: 'Agentes' });
    const record = await findIntegrationRecord(ctx.db, w.workspaceId, integration.id);
    if (!record) throw new Error('integration not found');
    await resolveAgent(ctx.db, record, { id: '7', name: 'Ana', email: w.brokerA1.email });
    const agentsUrl = `/integrations/${integration.id}/agents`;
    const before = await call(ctx, w.admin, 'GET', agentsUrl);
    expect(before.body.items).toEqual([
      expect.objectContaining({
        agentId: '7',
        name: 'Ana',
        user: { id: w.brokerA1.id, name: 'Corretora A1' },
        matchedBy: 'email',
      }),
    ]);
    expect(before.body.items[0].lastSeenAt).not.toBeNull();

    const manual = await call(ctx, w.admin, 'PUT', `${agentsUrl}/7`, { userId: w.brokerA2.id });
    expect(manual.status, JSON.stringify(manual.body)).toBe(200);
    expect(manual.body).toMatchObject({ agentId: '7', matchedBy: 'manual', user: { id: w.brokerA2.id } });
    // The helpdesk sends the agent again, with the e-mail that matches A1: the manual mapping stays.
    expect(await resolveAgent(ctx.db, record, { id: '7', name: 'Ana', email: w.brokerA1.email })).toEqual({
      userId: w.brokerA2.id,
      matchedBy: 'manual',
    });

    // An agent the helpdesk has not sent yet, mapped by hand; then seen with another user's e-mail.
    const ahead = await call(ctx, w.admin, 'PUT', `${agentsUrl}/99`, { userId: w.brokerB1.id });
    expect(ahead.status).toBe(200);
    expect(ahead.body).toMatchObject({ agentId: '99', lastSeenAt: null, matchedBy: 'manual' });
    expect((await resolveAgent(ctx.db, record, { id: '99', email: w.brokerA1.email })).userId).toBe(
      w.brokerB1.id,
    );

    // Unmapped by hand: the agent may not act, even with a matching e-mail.
    await call(ctx, w.admin, 'PUT', `${agentsUrl}/7`, { userId: null });
    expect(await resolveAgent(ctx.db, record, { id: '7', email: w.brokerA1.email })).toEqual({
      userId: null,
      matchedBy: 'manual',
    });
  });

  it('maps only to active users of the workspace, for admins', async () => {
    const { integration } = await createIntegration({ name: 'Agentes 2' });
    const agentsUrl = `/integrations/${integration.id}/agents`;
    const other = await createWorkspace(ctx.db, 'Outra');
    const stranger = await createUser(ctx, other.workspaceId, 'broker');
    const strange = await call(ctx, w.admin, 'PUT', `${agentsUrl}/1`, { userId: stranger.id });
    expect(strange.status).toBe(422);
    expect(strange.body.errors[0]).toMatchObject({ field: 'userId', code: 'unknown_user' });
    const inactive = await createUser(ctx, w.workspaceId, 'broker');
    await ctx.db.query('UPDATE users SET active = false WHERE id = $1', [inactive.id]);
    expect((await call(ctx, w.admin, 'PUT', `${agentsUrl}/1`, { userId: inactive.id })).status).toBe(422);
    expect((await call(ctx, w.admin, 'PUT', `${agentsUrl}/1`, { userId: 'x' })).status).toBe(422);
    expect((await call(ctx, w.manager, 'PUT', `${agentsUrl}/1`, { userId: w.brokerA1.id })).status).toBe(403);
    expect((await call(ctx, w.manager, 'GET', agentsUrl)).status).toBe(403);
    expect((await call(ctx, w.admin, 'GET', `/integrations/${NO_ONE}/agents`)).status).toBe(404);
    expect((await call(ctx, w.admin, 'GET', agentsUrl)).body.items).toEqual([]);
  });
});

describe('maximum response time', () => {
  it('answers 504 within the integration limit while the handler waits on a lock, and writes nothing', async () => {
    const { secret } = await createIntegration({
      name: 'ERP lento',
      kind: 'erp',
      scopes: ['erp:sales-orders'],
      allowedCidrs: [],
      timeoutSeconds: 1,
      connection: null,
    });
    const people = [];
    for (let i = 0; i < 2; i++) {
      const res = await call(ctx, w.brokerA1, 'POST', '/people', personBody({ ownerId: w.brokerA1.id }));
      expect(res.status).toBe(201);
      people.push(res.body.id as string);
    }
    const [a, b] = people.sort() as [string, string];
    const orders = [a, b].map((personId, i) => ({
      externalId: `PV-LENTO-${i}`,
      personId,
      status: 'open',
      issuedOn: '2026-01-10',
      totalCents: 1000,
    }));
    // The batch writes both orders and A's timeline event, then waits for B's chain, which the test holds.
    const holder = new pg.Client({ connectionString: ctx.ownerUrl });
    await holder.connect();
    let released = false;
    try {
      await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`person:${b}`]);
      const sent = ctx.app.inject({
        method: 'POST',
        url: '/api/v1/sales-orders',
        headers: { authorization: `Bearer ${secret}` },
        payload: { orders },
      });
      const answer = await Promise.race([
        sent,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000)),
      ]);
      // Answered while the lock is still held: the caller was not left waiting for it.
      expect(answer, 'no answer while the lock was held').not.toBeNull();
      if (!answer) return;
      expect(answer.statusCode).toBe(504);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.json()).toMatchObject({
        code: 'timeout',
        detail: 'A operação excedeu o tempo máximo de resposta da integração (1 s).',
      });
      await holder.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`person:${b}`]);
      released = true;
    } finally {
      if (!released) await holder.query('SELECT pg_advisory_unlock_all()');
      await holder.end();
    }
    // The late handler ends (its transaction returns its connection); then: nothing half-written, neither the
    // orders nor A's sync event, and its late outcome was not sent twice nor logged as a failure.
    while (ctx.db.idleCount < ctx.db.totalCount) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logs).not.toContain('already sent');
    expect(logs).not.toContain('unhandled error');
    const written = await ctx.db.query(
      "SELECT count(*)::int AS n FROM sales_orders WHERE workspace_id = $1 AND external_id LIKE 'PV-LENTO-%'",
      [w.workspaceId],
    );
    expect(written.rows[0].n).toBe(0);
    const events = await ctx.db.query(
      "SELECT count(*)::int AS n FROM timeline_events WHERE subject_id = ANY($1::uuid[]) AND kind = 'erp_synced'",
      [[a, b]],
    );
    expect(events.rows[0].n).toBe(0);
    // The server goes on: the same batch, unhindered, is written.
    const retry = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/sales-orders',
      headers: { authorization: `Bearer ${secret}` },
      payload: { orders },
    });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json().created).toBe(2);
  });
});

describe('refused addresses', () => {
  it('logs a token call from outside its networks once, with integration, prefix and address, never the secret', async () => {
    const { integration, secret } = await createIntegration({
      name: 'Rede restrita',
      allowedCidrs: ['10.9.0.0/16'],
    });
    const before = logs.length;
    expect(await receivablesCall(secret, '198.51.100.23')).toBe(403);
    const lines = logs
      .slice(before)
      .split('\n')
      .filter((l) => l.includes('outside the allowed networks'))
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      integrationId: integration.id,
      tokenPrefix: secret.slice(0, 16),
      address: '198.51.100.23',
    });
    expect(logs).not.toContain(secret);
    expect(logs).not.toContain(secret.slice(17));
  });
});
