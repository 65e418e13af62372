import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIntegrationRecord, resolveAgent } from '../src/modules/integrations/integrations.service.ts';
import { createTestContext, type TestContext } from './helpers.ts';
import { call, opportunityWorld, type World } from './opportunity-fixtures.ts';

let ctx: TestContext;
let w: World;

beforeAll(async () => {
  ctx = await createTestContext();
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

    const inside = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/people/00000000-0000-4000-8000-000000000000/receivables',
      headers: { authorization: `Bearer ${secret}` },
      remoteAddress: '10.20.3.4',
      payload: { items: [] },
    });
    expect(inside.statusCode).toBe(404);
    const outside = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/people/00000000-0000-4000-8000-000000000000/receivables',
      headers: { authorization: `Bearer ${secret}` },
      remoteAddress: '192.0.2.1',
      payload: { items: [] },
    });
    expect(outside.statusCode).toBe(403);

    const listed = await call(ctx, w.admin, 'GET', `/integrations/${integration.id}`);
    expect(listed.body.tokens[0]).toMatchObject({ lastUsedIp: '10.20.3.4' });
    expect(listed.body.tokens[0].lastUsedAt).not.toBeNull();
  });

  it('refuses what is not an integration setting, and anyone without the capability', async () => {
    const bad = await call(ctx, w.admin, 'POST', '/integrations', {
      ...helpdesk(),
      frameOrigins: ['javascript:alert(1)'],
      linkingTeamIds: ['00000000-0000-4000-8000-000000000000'],
      timeoutSeconds: 0,
    });
    expect(bad.status).toBe(422);
    const unknownTeam = await call(ctx, w.admin, 'POST', '/integrations', {
      ...helpdesk(),
      linkingTeamIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknownTeam.status).toBe(422);
    expect(JSON.stringify(unknownTeam.body)).toContain('linkingTeamIds.0');
    expect((await call(ctx, w.manager, 'POST', '/integrations', helpdesk())).status).toBe(403);
    expect((await call(ctx, w.manager, 'GET', '/integrations')).status).toBe(403);
  });

  it('maps a helpdesk agent to the user with the same e-mail, and keeps an unknown one unmapped', async () => {
    const created = await call(ctx, w.admin, 'POST', '/integrations', helpdesk({ name: 'Outro helpdesk' }));
    const record = await findIntegrationRecord(ctx.db, w.workspaceId, created.body.integration.id);
    if (!record) throw new Error('integration not found');
    const matched = await resolveAgent(ctx.db, record, { id: '41', email: w.brokerA1.email.toUpperCase() });
    expect(matched).toEqual({ userId: w.brokerA1.id, matchedBy: 'email' });
    const unknown = await resolveAgent(ctx.db, record, { id: '42', email: 'ninguem@exemplo.com.br' });
    expect(unknown).toEqual({ userId: null, matchedBy: 'none' });
  });
});
