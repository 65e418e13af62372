import { PANEL_SESSION_HEADER } from '@funil/domain';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LookupSimulator, startLookupSimulator } from '../src/integrations/lookups/lookup-simulator.ts';
import { signedPanelQuery } from '../src/modules/helpdesk/panel-proof.ts';
import { processIntakeLead } from '../src/modules/intake/intake.jobs.ts';
import { claimUnqueued } from '../src/modules/intake/intake.repository.ts';
import { lookupCep, lookupCnpj } from '../src/modules/lookups/lookups.service.ts';
import { createTestContext, type TestContext } from './helpers.ts';
import { call, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

const TIMEOUT_MS = 600;
let sim: LookupSimulator;
let ctx: TestContext;
let w: World;

beforeAll(async () => {
  sim = await startLookupSimulator();
  ctx = await createTestContext({
    env: {
      FUNIL_LOOKUP_CNPJ_PROVIDER: 'brasilapi',
      FUNIL_LOOKUP_CNPJ_URL: sim.url,
      FUNIL_LOOKUP_CEP_PROVIDER: 'viacep',
      FUNIL_LOOKUP_CEP_URL: sim.url,
      FUNIL_LOOKUP_TIMEOUT_MS: String(TIMEOUT_MS),
      FUNIL_OUTBOUND_ALLOW_LOOPBACK: 'true',
    },
  });
  w = await opportunityWorld(ctx);
});
afterAll(async () => {
  await ctx?.close();
  await sim?.close();
});
beforeEach(async () => {
  sim.reset();
  // The app's role may not delete cache entries; the owner empties the cache between tests.
  const owner = new pg.Client({ connectionString: ctx.ownerUrl });
  await owner.connect();
  await owner.query('DELETE FROM lookup_cache');
  await owner.end();
});

describe('CNPJ lookup', () => {
  it('answers the company (name, trade name, address, CNAE, situation) from the provider, masked input too', async () => {
    const res = await call(
      ctx,
      w.brokerA1,
      'GET',
      `/lookups/cnpj/${encodeURIComponent('11.222.333/0001-81')}`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      cached: false,
      company: {
        cnpj: '11222333000181',
        name: 'PADARIA PAO DOURADO LTDA',
        tradeName: 'PAO DOURADO',
        cnaeCode: '1091-1/02',
        cnaeDescription: 'Fabricação de produtos de panificação industrial',
        registrationStatus: 'ATIVA',
        address: {
          cep: '01310100',
          street: 'AVENIDA PAULISTA',
          number: '1000',
          complement: 'LOJA 2',
          district: 'BELA VISTA',
          city: 'SAO PAULO',
          state: 'SP',
        },
        phone: '1133334444',
        email: 'contato@paodourado.com.br',
      },
    });
  });

  it('serves a second lookup from the cache without asking the provider again', async () => {
    expect((await call(ctx, w.admin, 'GET', '/lookups/cnpj/19131243000197')).body.cached).toBe(false);
    const again = await call(ctx, w.brokerA1, 'GET', '/lookups/cnpj/19.131.243%2F0001-97');
    expect(again.status).toBe(200);
    expect(again.body.cached).toBe(true);
    expect(again.body.company.registrationStatus).toBe('ATIVA');
    expect(sim.requests().filter((r) => r.path.includes('19131243000197'))).toHaveLength(1);
  });

  it('answers 404 lookup-not-found for an unknown CNPJ and remembers it for a while', async () => {
    const first = await call(ctx, w.admin, 'GET', '/lookups/cnpj/33445566000186');
    expect(first.status).toBe(404);
    expect(first.body.code).toBe('lookup-not-found');
    expect((await call(ctx, w.admin, 'GET', '/lookups/cnpj/33445566000186')).status).toBe(404);
    expect(sim.requests()).toHaveLength(1);
  });

  it('refuses a malformed CNPJ with 422 without asking the provider', async () => {
    for (const bad of ['123', '11222333000182', 'abc', '00000000000000']) {
      const res = await call(ctx, w.admin, 'GET', `/lookups/cnpj/${bad}`);
      expect(res.status, bad).toBe(422);
      expect(res.body.errors[0].field).toBe('cnpj');
    }
    expect(sim.requests()).toHaveLength(0);
  });

  it('answers 503 lookup-unavailable quickly when the provider is down, and does not cache the trouble', async () => {
    sim.fail('down');
    const res = await call(ctx, w.admin, 'GET', '/lookups/cnpj/11222333000181');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('lookup-unavailable');
    sim.fail('none');
    expect((await call(ctx, w.admin, 'GET', '/lookups/cnpj/11222333000181')).status).toBe(200);
  });

  it('gives up at the timeout when the provider hangs (no hang for the user)', async () => {
    sim.fail('slow', 5_000);
    const started = Date.now();
    const res = await call(ctx, w.admin, 'GET', '/lookups/cnpj/11222333000181');
    const took = Date.now() - started;
    expect(res.status).toBe(503);
    expect(took).toBeLessThan(TIMEOUT_MS + 1_500);
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  });

  it('never throws on provider trouble: refused connection, non-JSON body', async () => {
    sim.fail('refuse');
    expect(await lookupCnpj(ctx.db, w.workspaceId, '11222333000181')).toMatchObject({
      status: 'unavailable',
    });
    sim.fail('garbage');
    expect(await lookupCnpj(ctx.db, w.workspaceId, '11222333000181')).toEqual({
      status: 'unavailable',
      reason: 'bad_response',
    });
    sim.fail('down');
    expect(await lookupCep(ctx.db, w.workspaceId, '01310-100')).toEqual({
      status: 'unavailable',
      reason: 'error',
    });
  });
});

describe('CEP lookup', () => {
  it('answers street, district, city and UF (ViaCEP format), then from the cache', async () => {
    const res = await call(ctx, w.brokerA1, 'GET', '/lookups/cep/01310-100');
    expect(res.status).toBe(200);
    expect(res.body.address).toEqual({
      cep: '01310100',
      street: 'Avenida Paulista',
      number: null,
      complement: null,
      district: 'Bela Vista',
      city: 'São Paulo',
      state: 'SP',
    });
    expect((await call(ctx, w.brokerA1, 'GET', '/lookups/cep/01310100')).body.cached).toBe(true);
    expect(sim.requests()).toHaveLength(1);
  });

  it('answers 404 for an unknown CEP ({"erro": true}) and 422 for a malformed one', async () => {
    const unknown = await call(ctx, w.admin, 'GET', '/lookups/cep/99999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('lookup-not-found');
    for (const bad of ['1234', '00000000', '0131O100', '123456789']) {
      expect((await call(ctx, w.admin, 'GET', `/lookups/cep/${bad}`)).status, bad).toBe(422);
    }
  });

  it('answers the typed result to other modules (intake calls lookupCep)', async () => {
    expect(await lookupCep(ctx.db, w.workspaceId, '78175-000')).toEqual({
      status: 'found',
      cached: false,
      address: {
        cep: '78175000',
        street: null,
        number: null,
        complement: null,
        district: null,
        city: 'Poconé',
        state: 'MT',
      },
    });
    expect(await lookupCep(ctx.db, w.workspaceId, '99999-999')).toEqual({ status: 'not_found' });
  });
});

describe('workspace switch and access', () => {
  it('an admin switches lookups off: 409 lookup-disabled, the provider is not asked; back on, they work', async () => {
    const read = await call(ctx, w.admin, 'GET', '/workspace/lookup-settings');
    expect(read.body.enabled).toBe(true);
    const denied = await call(
      ctx,
      w.brokerA1,
      'PUT',
      '/workspace/lookup-settings',
      { enabled: false },
      {
        'if-match': read.headers.etag as string,
      },
    );
    expect(denied.status).toBe(403);
    const off = await call(
      ctx,
      w.admin,
      'PUT',
      '/workspace/lookup-settings',
      { enabled: false },
      {
        'if-match': read.headers.etag as string,
      },
    );
    expect(off.status).toBe(200);
    const res = await call(ctx, w.brokerA1, 'GET', '/lookups/cep/01310100');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('lookup-disabled');
    expect(await lookupCnpj(ctx.db, w.workspaceId, '11222333000181')).toEqual({ status: 'disabled' });
    expect(sim.requests()).toHaveLength(0);
    const on = await call(
      ctx,
      w.admin,
      'PUT',
      '/workspace/lookup-settings',
      { enabled: true },
      {
        'if-match': off.headers.etag as string,
      },
    );
    expect(on.status).toBe(200);
    expect((await call(ctx, w.brokerA1, 'GET', '/lookups/cep/01310100')).status).toBe(200);
  });

  it('needs a session (401) and accepts the helpdesk panel session', async () => {
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/v1/lookups/cep/01310100' });
    expect(anonymous.statusCode).toBe(401);
    const created = await call(ctx, w.admin, 'POST', '/integrations', {
      name: 'Chatwoot',
      kind: 'helpdesk',
      scopes: ['erp:receivables'],
      allowedCidrs: [],
      timeoutSeconds: 10,
      linkingTeamIds: [w.teamAlfa],
      frameOrigins: ['https://chat.exemplo.com.br'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const integrationId = created.body.integration.id;
    const setup = await call(ctx, w.admin, 'GET', `/helpdesk/integrations/${integrationId}/panel-setup`);
    const query = signedPanelQuery(setup.body.panelSecret, {
      integration: integrationId,
      agent_id: '7',
      agent_name: 'Agente 7',
      agent_email: w.brokerA1.email,
      conversation_id: '500',
      contact_id: '900',
      ts: String(Math.floor(Date.now() / 1000)),
    });
    const session = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/helpdesk/sessions',
      payload: { mode: 'signed', integrationId, query },
    });
    expect(session.statusCode, session.body).toBe(201);
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/lookups/cnpj/12ABC345000188',
      headers: { [PANEL_SESSION_HEADER]: session.json().token },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().company.tradeName).toBe('ALFANUM');
  });
});

describe('non-geographic phones', () => {
  it('creates a company with a 0800 and a 4004 phone, types them, and finds it by either number as typed', async () => {
    const created = await call(
      ctx,
      w.admin,
      'POST',
      '/people',
      personBody({
        kind: 'company',
        name: 'Central de Atendimento Ltda',
        document: null,
        phones: [
          { number: '0800 727 1234', type: 'commercial', primary: true },
          { number: '4004-1234', type: 'commercial' },
        ],
      }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id ?? created.body.person?.id;
    const person = await call(ctx, w.admin, 'GET', `/people/${id}`);
    const phones = person.body.phones ?? person.body.person.phones;
    expect(phones).toEqual([
      { masked: '0800 •••-••34', type: 'commercial', kind: 'toll_free', primary: true },
      { masked: '4004-••34', type: 'commercial', kind: 'shared_cost', primary: false },
    ]);
    const revealed = await call(ctx, w.admin, 'POST', `/people/${id}/phones/reveal`);
    expect(revealed.body.phones.map((p: { number: string }) => p.number)).toEqual([
      '+558007271234',
      '+5540041234',
    ]);
    for (const q of ['0800 727 1234', '08007271234', '+55 800 727 1234', '4004 1234', '40041234']) {
      const found = await call(ctx, w.admin, 'GET', `/people?q=${encodeURIComponent(q)}`);
      expect(
        found.body.items.map((p: { id: string }) => p.id),
        q,
      ).toEqual([id]);
    }
  });
});

describe('intake', () => {
  /** A generic-mapping lead source; its leads are processed here as the worker would. */
  async function source() {
    const res = await call(ctx, w.admin, 'POST', '/intake/sources', {
      name: `Portal ${Math.random().toString(36).slice(2, 8)}`,
      preset: 'generic',
      pipelineId: w.pipelineId,
      mapping: {
        externalId: 'id',
        name: 'nome',
        phone: 'fone',
        document: 'doc',
        cep: 'cep',
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { source: { id: string }; token: string };
  }

  async function receive(s: { source: { id: string }; token: string }, lead: Record<string, string>) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/intake/${s.source.id}/leads`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
      payload: JSON.stringify(lead),
    });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id as string;
    for (const l of await claimUnqueued(ctx.db, 100)) {
      await processIntakeLead(ctx.db, { workspaceId: l.workspace_id, leadId: l.id });
    }
    const { rows } = await ctx.db.query('SELECT status, person_id FROM intake_leads WHERE id = $1', [id]);
    expect(rows[0]?.status).toBe('created');
    return (await call(ctx, w.admin, 'GET', `/people/${rows[0].person_id}`)).body;
  }

  it('fills the lead’s address from its CEP and a company lead from its CNPJ', async () => {
    const s = await source();
    const person = await receive(s, {
      id: 'cep-1',
      nome: 'Lead com CEP',
      fone: '(48) 99876-1234',
      cep: '88010-400',
    });
    expect(person.addresses).toMatchObject([
      {
        cep: '88010400',
        street: 'Rua Felipe Schmidt',
        district: 'Centro',
        city: 'Florianópolis',
        state: 'SC',
      },
    ]);
    const company = await receive(s, { id: 'cnpj-1', nome: 'Contato da padaria', doc: '11.222.333/0001-81' });
    expect(company).toMatchObject({
      kind: 'company',
      name: 'PADARIA PAO DOURADO LTDA',
      tradeName: 'PAO DOURADO',
      cnaeCode: '1091-1/02',
      registrationStatus: 'ATIVA',
    });
    expect(company.addresses).toMatchObject([{ type: 'work', street: 'AVENIDA PAULISTA', number: '1000' }]);
  });

  it('registers the lead as it came when the registry is down (no address, nothing lost)', async () => {
    const s = await source();
    sim.fail('down');
    const person = await receive(s, {
      id: 'cep-2',
      nome: 'Lead sem registro',
      fone: '(11) 99876-4321',
      cep: '01001-000',
    });
    expect(sim.requests().length).toBeGreaterThan(0);
    expect(person).toMatchObject({ name: 'Lead sem registro', addresses: [] });
  });
});
