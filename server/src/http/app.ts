import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { PANEL_SESSION_HEADER } from '@funil/domain';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { pino } from 'pino';
import { pendingMigrations } from '../db/migrate.ts';
import { ping } from '../db/pool.ts';
import { accessLogRoutes } from '../modules/access-log/access-log.routes.ts';
import { activitiesRoutes } from '../modules/activities/activities.routes.ts';
import { anonymizationRoutes } from '../modules/anonymization/anonymization.routes.ts';
import { retentionRoutes } from '../modules/anonymization/retention.routes.ts';
import { authenticateApiToken, bearerToken } from '../modules/api-tokens/api-token.auth.ts';
import { assetsRoutes } from '../modules/assets/assets.routes.ts';
import { attachmentsRoutes } from '../modules/attachments/attachments.routes.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { authenticate, authenticatePanel } from '../modules/auth/auth.service.ts';
import { callCenterRoutes } from '../modules/callcenter/callcenter.routes.ts';
import { campaignsRoutes } from '../modules/campaigns/campaigns.routes.ts';
import { consentsRoutes } from '../modules/consents/consents.routes.ts';
import { keepFieldDefinitions } from '../modules/custom-fields/custom-fields.cache.ts';
import { customFieldsRoutes } from '../modules/custom-fields/custom-fields.routes.ts';
import { dashboardsRoutes } from '../modules/dashboards/dashboards.routes.ts';
import { dialerRoutes } from '../modules/dialer/dialer.routes.ts';
import { distributionRoutes } from '../modules/distribution/distribution.routes.ts';
import { documentsRoutes } from '../modules/documents/documents.routes.ts';
import { erpRoutes } from '../modules/erp/erp.routes.ts';
import { exportsRoutes } from '../modules/exports/exports.routes.ts';
import { helpdeskPanelPage } from '../modules/helpdesk/helpdesk.page.ts';
import { helpdeskRoutes } from '../modules/helpdesk/helpdesk.routes.ts';
import { helpdeskSyncRoutes } from '../modules/helpdesk-sync/helpdesk-sync.routes.ts';
import { importsRoutes } from '../modules/imports/imports.routes.ts';
import { incidentsRoutes } from '../modules/incidents/incidents.routes.ts';
import { intakeRoutes } from '../modules/intake/intake.routes.ts';
import { integrationsRoutes } from '../modules/integrations/integrations.routes.ts';
import { lookupsRoutes } from '../modules/lookups/lookups.routes.ts';
import { mailAccountsRoutes } from '../modules/mail-accounts/mail-accounts.routes.ts';
import { notificationsRoutes } from '../modules/notifications/notifications.routes.ts';
import { visibleOpportunityIdsOfPerson } from '../modules/opportunities/opportunities.policy.ts';
import { registerOpportunityVisibility } from '../modules/opportunities/opportunities.realtime.ts';
import { opportunitiesRoutes } from '../modules/opportunities/opportunities.routes.ts';
import { peopleRoutes } from '../modules/people/people.routes.ts';
import { personMergeRoutes } from '../modules/people/person-merge.routes.ts';
import { personStatusRoutes } from '../modules/people/person-status.routes.ts';
import { personTypesRoutes } from '../modules/person-types/person-types.routes.ts';
import { registerPipelineVisibility } from '../modules/pipelines/pipelines.realtime.ts';
import { pipelinesRoutes } from '../modules/pipelines/pipelines.routes.ts';
import { privacyRequestsRoutes } from '../modules/privacy-requests/privacy-requests.routes.ts';
import { realtimeRoutes } from '../modules/realtime/realtime.routes.ts';
import { summaryRoutes } from '../modules/summary/summary.routes.ts';
import { registerOpportunitiesOfPerson } from '../modules/timeline/related-chains.ts';
import { sessionUserRoutes } from '../modules/users/session-user.routes.ts';
import { usersRoutes } from '../modules/users/users.routes.ts';
import { webhooksRoutes } from '../modules/webhooks/webhooks.routes.ts';
import { workspacesRoutes } from '../modules/workspaces/workspaces.routes.ts';
import { type AppDeps, SESSION_COOKIE } from './context.ts';
import { isDraining, registerDrain } from './drain.ts';
import { frameworkErrorHandler, handleError, sendProblem } from './errors.ts';
import { registerIdempotency } from './idempotency.ts';
import { loggerOptions } from './logger.ts';
import { registerMetrics } from './metrics.ts';
import { registerNestingLimit } from './nesting-limit.ts';
import { OpenApiContract } from './openapi-contract.ts';
import { registerRequestDeadline } from './request-deadline.ts';
import { registerRequestIdHeader, requestId } from './request-id.ts';
import { docsSecurityHeaders, securityHeaders } from './security-headers.ts';
import { registerStorableTextCheck } from './storable-text.ts';

/** Writes that never touch who someone is nor the field definitions (the busiest ones): they leave what is kept alone. */
const RECORD_WRITES = /^\/api\/v1\/(people|opportunities|activities)(\/|\?|$)/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Builds the HTTP app: API under /api/v1, docs, health, and the web app at `/`. */
export async function buildApp(
  deps: AppDeps,
  opts: { logStream?: NodeJS.WritableStream } = {},
): Promise<FastifyInstance> {
  const { env, db } = deps;
  const headers = securityHeaders(env);
  const app = Fastify({
    loggerInstance: pino(
      loggerOptions(env.FUNIL_LOG_LEVEL),
      opts.logStream ?? process.stdout,
    ) as FastifyBaseLogger,
    bodyLimit: env.FUNIL_BODY_LIMIT,
    // Only the configured proxies may say who the client is (X-Forwarded-For); by default no one.
    trustProxy: env.FUNIL_TRUST_PROXY.length ? env.FUNIL_TRUST_PROXY : false,
    ajv: { customOptions: { coerceTypes: false } },
    // A path the router cannot read still gets a problem+json answer (and the security headers).
    frameworkErrors: frameworkErrorHandler(headers),
    // Every log line of a request carries its id (`reqId`), answered in X-Request-Id (request-id.ts).
    requestIdHeader: false,
    genReqId: requestId,
    // A request arriving on a kept-alive connection while the instance drains is served (drain.ts closes the
    // connection after it) rather than refused with a 503.
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.decorateRequest('actor', null);
  app.decorateRequest('apiToken', null);
  registerRequestIdHeader(app);
  registerDrain(app);
  // Open event streams end before the server waits for its connections to close.
  app.addHook('preClose', () => deps.realtime.close());
  app.addHook('onClose', async () => {
    await deps.actors?.close();
    await deps.customFields?.close();
  });
  if (deps.customFields) keepFieldDefinitions(deps.db, deps.customFields);
  // Each feature says who may receive its realtime events; the hub drops any event no feature covers.
  registerPipelineVisibility(deps.realtime);
  registerOpportunityVisibility(deps.realtime);

  // Security headers on every response, the 404s and problems included (helmet sets them in onRequest).
  await app.register(fastifyHelmet, headers);
  // The Swagger UI pages carry their own policy (security-headers.ts).
  const docsHelmet = docsSecurityHeaders(env);
  app.addHook('onRoute', (route) => {
    if (route.url === '/api/docs' || route.url.startsWith('/api/docs/')) {
      route.config = { ...route.config, helmet: docsHelmet };
    }
  });
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 10 } });
  // Each route's error answers, collected as routes are added, complete the published document.
  const contract = new OpenApiContract();
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Funil API',
        version: '1.0.0',
        description: 'CRM Funil — API REST. Autenticação por cookie de sessão (POST /api/v1/auth/login).',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          apiToken: { type: 'http', scheme: 'bearer', description: 'Token de API (integrações: ERP)' },
          panelSession: {
            type: 'apiKey',
            in: 'header',
            name: PANEL_SESSION_HEADER,
            description:
              'Sessão do painel do helpdesk (POST /api/v1/helpdesk/sessions): age como o usuário vinculado',
          },
        },
      },
      security: [{ session: [] }, { panelSession: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) =>
      'openapiObject' in document ? contract.complete(document.openapiObject) : document.swaggerObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  // A token route declares its scope once (config.apiScope); the published contract names it from there.
  app.addHook('onRoute', (route) => {
    const scope = route.config?.apiScope;
    if (scope) route.schema = { ...route.schema, security: [{ apiToken: [scope] }] };
    if (!route.schema?.hide) contract.add(route);
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/v1/') || request.routeOptions.config?.public) return;
    if (bearerToken(request)) return authenticateApiToken(db, request, reply);
    // The helpdesk panel's session travels in its own header (no cookies in a third-party iframe); when present it
    // decides alone, so a cookie of the same browser never lends the panel another identity.
    const panelToken = request.headers[PANEL_SESSION_HEADER];
    if (panelToken !== undefined) {
      request.actor =
        typeof panelToken === 'string' ? await authenticatePanel(db, panelToken, deps.actors) : null;
    } else {
      const token = request.cookies[SESSION_COOKIE];
      request.actor = token ? await authenticate(db, token, deps.actors) : null;
    }
    if (!request.actor && request.routeOptions.url) {
      return sendProblem(request, reply, 'unauthenticated', 401);
    }
  });
  // A change this instance made to who someone is (a role, a team, a session ended, the matrices) or to the custom
  // fields holds from its next request on: any write outside the record routes forgets the kept actors and field
  // definitions (other instances hear it by NOTIFY).
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && !RECORD_WRITES.test(request.url)) {
      deps.actors?.forget();
      deps.customFields?.forget();
    }
    return payload;
  });
  // After authentication (it reads the token's integration), before the idempotency hooks and the routes.
  registerRequestDeadline(app);
  registerNestingLimit(app);
  registerStorableTextCheck(app);
  registerIdempotency(app, db);
  // A person's timeline also shows the opportunities they are in, as the opportunities policy lets the viewer see.
  registerOpportunitiesOfPerson(visibleOpportunityIdsOfPerson);

  registerMetrics(app, {
    db,
    realtime: deps.realtime,
    token: deps.env.FUNIL_METRICS_TOKEN,
    jobQueueDepth: deps.jobQueueDepth,
  });
  // Liveness: the process answers (a database outage is not a reason to restart it).
  app.get('/api/health', { config: { public: true }, schema: { hide: true } }, async () => ({
    status: 'ok',
  }));
  // Readiness: the database answers and every migration shipped with this code is applied.
  app.get('/api/ready', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    // Shutting down (SIGTERM): out of the balancer at once, while requests in flight finish.
    if (isDraining(app)) return reply.status(503).send({ status: 'draining' });
    let pending: string[];
    try {
      await ping(db);
      pending = await pendingMigrations(db);
    } catch {
      return reply.status(503).send({ status: 'not-ready', database: 'unreachable' });
    }
    if (pending.length > 0) {
      return reply.status(503).send({ status: 'not-ready', database: 'ok', pendingMigrations: pending });
    }
    return { status: 'ready', database: 'ok' };
  });
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(
    async (api) => {
      await api.register(authRoutes(deps));
      await api.register(sessionUserRoutes(deps));
      await api.register(mailAccountsRoutes(deps));
      await api.register(usersRoutes(deps));
      await api.register(peopleRoutes(deps));
      await api.register(personStatusRoutes(deps));
      await api.register(personMergeRoutes(deps));
      await api.register(workspacesRoutes(deps));
      await api.register(pipelinesRoutes(deps));
      await api.register(opportunitiesRoutes(deps));
      await api.register(realtimeRoutes(deps));
      await api.register(notificationsRoutes(deps));
      await api.register(attachmentsRoutes(deps));
      await api.register(documentsRoutes(deps));
      await api.register(integrationsRoutes(deps));
      await api.register(erpRoutes(deps));
      await api.register(summaryRoutes(deps));
      await api.register(assetsRoutes(deps));
      await api.register(customFieldsRoutes(deps));
      await api.register(personTypesRoutes(deps));
      await api.register(activitiesRoutes(deps));
      await api.register(callCenterRoutes(deps));
      await api.register(exportsRoutes(deps));
      await api.register(webhooksRoutes(deps));
      await api.register(helpdeskRoutes(deps));
      await api.register(helpdeskSyncRoutes(deps));
      await api.register(lookupsRoutes(deps));
      await api.register(distributionRoutes(deps));
      await api.register(intakeRoutes(deps));
      await api.register(campaignsRoutes(deps));
      await api.register(dialerRoutes(deps));
      await api.register(importsRoutes(deps));
      await api.register(dashboardsRoutes(deps));
      await api.register(consentsRoutes(deps));
      await api.register(privacyRequestsRoutes(deps));
      await api.register(accessLogRoutes(deps));
      await api.register(incidentsRoutes(deps));
      await api.register(anonymizationRoutes(deps));
      await api.register(retentionRoutes(deps));
    },
    { prefix: '/api/v1' },
  );

  const webDist = env.FUNIL_WEB_DIST;
  // Files are looked up on each request (wildcard), so a rebuilt web app is served without a restart.
  const servesWeb = existsSync(path.join(webDist, 'index.html'));
  if (servesWeb) {
    const assets = path.join(path.resolve(webDist), 'assets') + path.sep;
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: true,
      index: ['index.html'],
      // The build writes .br/.gz beside each text file (web/precompress.ts); the browser's Accept-Encoding picks one.
      preCompressed: true,
      cacheControl: false,
      // Vite names files under assets/ by their content hash, so a cached copy is never stale; index.html names the
      // current ones and must be revalidated on every visit, like anything else without a hash.
      setHeaders: (res, file) => {
        res.setHeader('cache-control', file.startsWith(assets) ? IMMUTABLE : 'no-cache');
        // Caches must keep the br, gzip and plain copies apart (this @fastify/static does not say so itself).
        res.setHeader('vary', 'accept-encoding');
      },
    });
  }
  // The one page another site may frame: the helpdesk side panel, by the origins of its integration only.
  await app.register(helpdeskPanelPage(deps, servesWeb));
  app.setNotFoundHandler((request, reply) => {
    // A missing hashed file (an old tab asking for a chunk a newer build removed) is a 404, not the page as script.
    const wantsPage =
      request.method === 'GET' && !request.url.startsWith('/api') && !request.url.startsWith('/assets/');
    if (wantsPage && servesWeb && existsSync(path.join(webDist, 'index.html'))) {
      return reply
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .sendFile('index.html');
    }
    return sendProblem(request, reply, 'not-found', 404);
  });
  return app;
}
