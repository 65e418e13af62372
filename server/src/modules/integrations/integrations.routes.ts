import { API_SCOPES, HELPDESK_PROVIDERS, INTEGRATION_KINDS, ZCreateIntegrationRequest } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { ZApiToken } from '../api-tokens/api-tokens.routes.ts';
import * as service from './integrations.service.ts';

export const ZIntegration = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(INTEGRATION_KINDS),
  scopes: z.array(z.enum(API_SCOPES)),
  allowedCidrs: z.array(z.string()),
  timeoutSeconds: z.number().int(),
  linkingTeamIds: z.array(z.string()),
  frameOrigins: z.array(z.string()),
  connection: z
    .object({
      provider: z.enum(HELPDESK_PROVIDERS),
      baseUrl: z.string(),
      accountId: z.string(),
      hasApiToken: z.boolean(),
    })
    .nullable(),
  tokens: z.array(ZApiToken),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});

const ZIntegrationParams = z.object({ id: z.uuid() });

/** Administration of the workspace's integrations (Integrações): each owns its tokens and connection settings. */
export const integrationsRoutes =
  ({ db, secrets }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['integrations'];

    api.get(
      '/integrations',
      {
        schema: {
          tags,
          summary: 'Integrações do workspace, com seus tokens',
          response: { 200: z.object({ items: z.array(ZIntegration) }) },
        },
      },
      async (request) => ({ items: await service.listIntegrations(db, requireActor(request)) }),
    );

    api.get(
      '/integrations/:id',
      {
        schema: {
          tags,
          summary: 'Uma integração, com seus tokens',
          params: ZIntegrationParams,
          response: { 200: ZIntegration },
        },
      },
      async (request) => service.getIntegration(db, requireActor(request), request.params.id),
    );

    api.post(
      '/integrations',
      {
        schema: {
          tags,
          summary: 'Criar integração com seu primeiro token; o segredo do token aparece só nesta resposta',
          body: ZCreateIntegrationRequest,
          response: { 201: z.object({ integration: ZIntegration, secret: z.string() }) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createIntegration({ db, secrets }, requireActor(request), request.body)),
    );
  };
