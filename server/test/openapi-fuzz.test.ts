import { PANEL_SESSION_HEADER } from '@funil/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LookupSimulator, startLookupSimulator } from '../src/integrations/lookups/lookup-simulator.ts';
import {
  startTelephonySimulator,
  type TelephonySimulator,
} from '../src/integrations/telephony/telephony-simulator.ts';
import { signedPanelQuery } from '../src/modules/helpdesk/panel-proof.ts';
import { createTestContext, simulatedDialer, type TestContext } from './helpers.ts';
import {
  CURRENT_VERSION,
  type FuzzRequest,
  type KnownIds,
  type Operation,
  requestFor,
} from './openapi-fuzz-requests.ts';
import { call, newOpportunity, opportunityWorld, type World } from './opportunity-fixtures.ts';

// Every operation of the served OpenAPI document, fed requests generated from its own schemas: no answer may be a
// 5xx, and every 4xx is problem+json. Deterministic: one fixed seed, mixed with the operation's name, so a failure
// names the request that reproduces it and adding a route does not change the others' requests.
// FUZZ_SEED / FUZZ_RUNS explore further by hand (`npm test` runs the fixed ones); FUZZ_ONLY='post /api/v1/teams'
// replays one operation's requests (FUZZ_VERBOSE=1 lists each operation's statuses and time).
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_205);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 40);
const ONLY = process.env.FUZZ_ONLY;

/** Operations that cannot be fuzzed meaningfully, and why. */
const SKIPPED: Record<string, string> = {
  'post /api/v1/auth/logout': 'takes no input and ends the session the run signs in with',
  'get /api/v1/events': 'a Server-Sent Events stream: a valid request never ends',
};

// Operations that end or lock the shared fixtures (archive, revoke, delete, close an activity, win a deal) run after
// the rest, and the settings (the workspace's: action matrix, SMTP, lists; the user's own mailbox) last, so the others
// still reach their services with records that exist, a workspace that lets the admin act, and mail that leaves
// through the workspace's SMTP (a fuzzed mailbox's made-up server would hold every send for its connect timeout).
const ENDS_A_RECORD = /\/(archive|restore|revoke|end|cancel|complete|accept|pick|status|read)$/;
const WORKSPACE_SETTINGS =
  /^\/api\/v1\/(workspace\/|opportunity-settings\/|document-templates\/|me\/mail-account$)/;
const phase = (method: string, path: string) =>
  method === 'put' && WORKSPACE_SETTINGS.test(path)
    ? 2
    : method === 'delete' || ENDS_A_RECORD.test(path)
      ? 1
      : 0;

let ctx: TestContext;
let w: World;
let erpToken: string;
/** The side panel's routes are called as the panel calls them: with a panel session, no cookie. */
let panelToken: string;
const PANEL_ROUTE = /^\/api\/v1\/helpdesk\/integrations\/[^/]+\/conversations\//;
const CONVERSATION_ID = '500';
const known: KnownIds = {};

let registry: LookupSimulator;
let telephony: TelephonySimulator;

beforeAll(async () => {
  // The CNPJ/CEP lookups ask the registry simulator (a 503 from an unreachable registry is a real 5xx here).
  registry = await startLookupSimulator();
  // The dialer calls through the telephony simulator (no telephony would be a real 503 here).
  telephony = await startTelephonySimulator();
  ctx = await createTestContext({
    dialer: simulatedDialer(telephony),
    env: {
      FUNIL_OUTBOUND_ALLOW_LOOPBACK: 'true',
      FUNIL_LOOKUP_CNPJ_URL: registry.url,
      FUNIL_LOOKUP_CEP_URL: registry.url,
      // The OAuth mailbox routes redirect to the provider (no request to it): configured, they reach their service.
      FUNIL_GOOGLE_CLIENT_ID: 'fuzz-google',
      FUNIL_GOOGLE_CLIENT_SECRET: 'fuzz-google-secret',
      FUNIL_MICROSOFT_CLIENT_ID: 'fuzz-microsoft',
      FUNIL_MICROSOFT_CLIENT_SECRET: 'fuzz-microsoft-secret',
    },
  });
  w = await opportunityWorld(ctx);
  const { opportunity, holderId } = await newOpportunity(ctx, w, w.admin);
  const created = async (method: 'POST', url: string, body: unknown) => {
    const res = await call(ctx, w.admin, method, url, body);
    if (res.status !== 201 && res.status !== 200)
      throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const proposal = await created('POST', `/opportunities/${opportunity.id}/proposals`, {
    valueCents: 100_000,
  });
  const document = await created('POST', `/people/${holderId}/documents`, { proposalId: proposal.id });
  const assetType = await created('POST', '/asset-types', {
    name: 'Imóvel',
    fields: [{ key: 'area', label: 'Área', type: 'number' }],
  });
  const asset = await created('POST', `/people/${holderId}/assets`, {
    assetTypeId: assetType.id,
    identifier: 'AP-1',
  });
  const activity = await created('POST', '/activities', {
    kind: 'task',
    title: 'Ligar',
    dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    personId: holderId,
    opportunityId: opportunity.id,
  });
  const subscription = await created('POST', '/webhooks/subscriptions', {
    url: 'http://127.0.0.1:9/hook',
    eventTypes: ['person.created'],
  });
  const scopes = ['erp:receivables', 'erp:credit-limits', 'erp:sales-orders'];
  // The token the token-only routes use is never offered to the revoke, rotate or delete routes: those get the
  // helpdesk integration and its token.
  erpToken = (await created('POST', '/integrations', { name: 'ERP', kind: 'erp', scopes })).secret;
  const integration = await created('POST', '/integrations', {
    name: 'Helpdesk',
    kind: 'helpdesk',
    scopes: ['erp:receivables'],
    frameOrigins: ['https://helpdesk.example.com'],
  });
  const setup = await call(
    ctx,
    w.admin,
    'GET',
    `/helpdesk/integrations/${integration.integration.id}/panel-setup`,
  );
  const session = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/helpdesk/sessions',
    payload: {
      mode: 'signed',
      integrationId: integration.integration.id,
      query: signedPanelQuery(setup.body.panelSecret, {
        integration: integration.integration.id,
        agent_id: '1',
        agent_name: 'Agente',
        agent_email: w.admin.email,
        conversation_id: CONVERSATION_ID,
        contact_id: '900',
        ts: String(Math.floor(Date.now() / 1000)),
      }),
    },
  });
  if (session.statusCode !== 201) throw new Error(`panel session: ${session.statusCode} ${session.body}`);
  panelToken = session.json().token;
  const attachment = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/people/${holderId}/attachments?source=tab`,
    headers: {
      cookie: w.admin.cookie,
      'content-type': 'multipart/form-data; boundary=b',
    },
    payload:
      '--b\r\nContent-Disposition: form-data; name="file"; filename="nota.txt"\r\nContent-Type: text/plain\r\n\r\nolá\r\n--b--\r\n',
  });
  if (attachment.statusCode !== 201)
    throw new Error(`attachment: ${attachment.statusCode} ${attachment.body}`);
  const purpose = await created('POST', '/consent-purposes', { name: 'Ofertas', text: 'Autorizo ofertas.' });
  await created('POST', `/people/${holderId}/consents`, { purposeId: purpose.id, legalBasis: 'consent' });
  const privacyRequest = await created('POST', '/privacy/requests', {
    kind: 'access',
    channel: 'email',
    personId: holderId,
  });
  const customField = await created('POST', '/custom-fields', {
    entity: 'person',
    type: 'text',
    label: 'Apelido',
  });
  const personType = await created('POST', '/person-types', {
    name: 'Estrangeiro',
    baseKind: 'individual',
    documents: [],
  });
  // Never the admin's own id for /users/{id}: a fuzzed edit could demote or deactivate the account the run uses.
  Object.assign(known, {
    users: [w.brokerB1.id],
    owner: [w.brokerA1.id, w.admin.id],
    teams: [w.teamBeta],
    branches: [w.branchId],
    people: [holderId],
    pipelines: [w.pipelineId],
    stages: w.stages.map((s) => s.id),
    opportunities: [opportunity.id],
    proposals: [proposal.id],
    documents: [document.id],
    attachments: [attachment.json().id],
    'asset-types': [assetType.id],
    assets: [asset.id],
    activities: [activity.id],
    tokens: integration.integration.tokens.map((t: { id: string }) => t.id),
    subscriptions: [subscription.subscription.id],
    integrations: [integration.integration.id],
    conversations: [CONVERSATION_ID],
    lossreason: w.lists.loss_reason.map((o) => o.id),
    'consent-purposes': [purpose.id],
    purposes: [purpose.id],
    requests: [privacyRequest.id],
    'custom-fields': [customField.id],
    'person-types': [personType.id],
  } satisfies KnownIds);
  for (const [key, ids] of Object.entries(known)) {
    if (ids.some((id) => typeof id !== 'string')) throw new Error(`fixture ${key} has no id`);
  }
}, 60_000);
afterAll(async () => {
  await ctx?.close();
  await registry?.close();
  await telephony?.close();
});

/** The ETag of the record a URL edits: its own GET's, or the nearest parent path's that answers one. */
async function currentEtag(url: string): Promise<string> {
  const segments = (url.split('?')[0] ?? '').split('/');
  for (let end = segments.length; end > 3; end--) {
    const res = await ctx.app.inject({
      url: segments.slice(0, end).join('/'),
      headers: { cookie: w.admin.cookie },
    });
    const etag = res.headers.etag;
    if (res.statusCode === 200 && typeof etag === 'string') return etag;
  }
  return '"1"';
}

async function send(request: FuzzRequest) {
  const headers = { ...request.headers };
  if (headers['if-match'] === CURRENT_VERSION) headers['if-match'] = await currentEtag(request.url);
  if (request.auth === 'session' && PANEL_ROUTE.test(request.url)) headers[PANEL_SESSION_HEADER] = panelToken;
  else if (request.auth === 'session') headers.cookie = w.admin.cookie;
  if (request.auth === 'token') headers.authorization = `Bearer ${erpToken}`;
  if (request.auth === 'bad-session') headers.cookie = 'funil_session=nao-existe';
  if (request.auth === 'bad-token') headers.authorization = 'Bearer fnl_nada_nada';
  return ctx.app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers,
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
  });
}

/** A stable 32-bit number from an operation's name, mixed into the seed. */
function hash(text: string) {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619);
  return h >>> 0;
}

const excerpt = (value: unknown) => {
  const text = typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('latin1') : '';
  return text.length > 160 ? `${text.slice(0, 160)}… (${text.length} chars)` : text;
};

it('answers every operation of the OpenAPI document without a 5xx, and every 4xx as problem+json', async () => {
  const res = await ctx.app.inject({ url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  const doc = res.json() as { paths: Record<string, Record<string, Operation>> };
  const operations = Object.entries(doc.paths)
    .flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ method, path, operation })),
    )
    .filter(({ method, path }) => !(`${method} ${path}` in SKIPPED))
    .filter(({ method, path }) => !ONLY || `${method} ${path}` === ONLY)
    .sort((a, b) => phase(a.method, a.path) - phase(b.method, b.path));
  if (!ONLY) expect(operations.length).toBeGreaterThan(100);

  const failures: string[] = [];
  const answered = new Map<string, Set<number>>();
  const took = new Map<string, number>();
  let requests = 0;
  const started = performance.now();
  for (const { method, path, operation } of operations) {
    const name = `${method} ${path}`;
    const seed = (SEED ^ hash(name)) >>> 0;
    const samples = fc.sample(requestFor(method, path, operation, doc, known), {
      seed,
      numRuns: RUNS_PER_OPERATION,
    });
    const statuses = new Set<number>();
    const opStarted = performance.now();
    for (const [index, request] of samples.entries()) {
      const answer = await send(request);
      requests++;
      statuses.add(answer.statusCode);
      const where = `${answer.statusCode} ${name} (seed ${seed}, #${index}): ${request.method} ${excerpt(request.url)} ${JSON.stringify(request.headers)} ${excerpt(request.payload)} → ${excerpt(answer.body)}`;
      if (answer.statusCode >= 500) failures.push(where);
      else if (answer.statusCode >= 400) {
        const type = String(answer.headers['content-type'] ?? '');
        const body = type.startsWith('application/problem+json')
          ? (answer.json() as { status?: number })
          : null;
        if (body?.status !== answer.statusCode) failures.push(`not problem+json: ${where}`);
      }
    }
    answered.set(name, statuses);
    took.set(name, performance.now() - opStarted);
  }
  const seconds = (performance.now() - started) / 1000;
  // A redirect is a route's own answer too (the OAuth start and callback answer nothing else).
  const reachedService = [...answered.values()].filter((s) => [...s].some((code) => code < 400)).length;
  console.info(
    `openapi fuzz: ${requests} requests over ${operations.length} operations in ${seconds.toFixed(1)} s; ` +
      `${reachedService} operations answered 2xx or 3xx at least once; ${failures.length} failures`,
  );
  if (process.env.FUZZ_VERBOSE) {
    for (const [name, statuses] of answered)
      console.info(name, [...statuses].sort().join(' '), Math.round(took.get(name) ?? 0), 'ms');
  }
  expect(failures).toEqual([]);
  expect(requests).toBe(operations.length * RUNS_PER_OPERATION);
  // The requests must reach the services, not stop at validation: most operations succeed at least once.
  if (!ONLY) expect(reachedService / operations.length).toBeGreaterThan(2 / 3);
}, 300_000);
