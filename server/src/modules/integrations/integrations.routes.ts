import {
  ZCreateIntegrationRequest,
  ZMapAgentRequest,
  ZRotateIntegrationRequest,
  ZUpdateIntegrationRequest,
} from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import {
  ZIntegration,
  ZIntegrationAgent,
  ZIntegrationAgentParams,
  ZIntegrationParams,
  ZIntegrationTokenParams,
} from './integrations.schema.ts';
import * as service from './integrations.service.ts';

export { ZApiToken, ZIntegration } from './integrations.schema.ts';

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
      async (request, reply) => {
        const integration = await service.getIntegration(db, requireActor(request), request.params.id);
        return reply.header('etag', etag(integration.version)).send(integration);
      },
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

    api.patch(
      '/integrations/:id',
      {
        schema: {
          tags,
          summary:
            'Editar integração (If-Match): escopos e redes valem na hora para todos os tokens ativos; o token do provedor é mantido quando omitido',
          params: ZIntegrationParams,
          headers: ZIfMatchHeaders,
          body: ZUpdateIntegrationRequest,
          response: { 200: ZIntegration },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const version = expectedVersion(request.headers['if-match']);
        const integration = await service.updateIntegration(
          { db, secrets },
          actor,
          request.params.id,
          version,
          request.body,
        );
        return reply.header('etag', etag(integration.version)).send(integration);
      },
    );

    api.delete(
      '/integrations/:id',
      {
        schema: {
          tags,
          summary:
            'Excluir integração: todos os seus tokens são revogados na hora (as próximas chamadas recebem 401)',
          params: ZIntegrationParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteIntegration(db, requireActor(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    api.post(
      '/integrations/:id/rotate',
      {
        schema: {
          tags,
          summary:
            'Rotacionar o token: um novo token (segredo só nesta resposta); o atual funciona por mais `overlapHours` horas (0: para na hora)',
          params: ZIntegrationParams,
          body: ZRotateIntegrationRequest,
          response: { 200: z.object({ integration: ZIntegration, secret: z.string() }) },
        },
      },
      async (request) => service.rotateToken(db, requireActor(request), request.params.id, request.body),
    );

    api.post(
      '/integrations/:id/tokens/:tokenId/revoke',
      {
        schema: {
          tags,
          summary: 'Revogar um token da integração (as próximas chamadas com ele recebem 401)',
          params: ZIntegrationTokenParams,
          response: { 200: ZIntegration },
        },
      },
      async (request) =>
        service.revokeToken(db, requireActor(request), request.params.id, request.params.tokenId),
    );

    api.get(
      '/integrations/:id/agents',
      {
        schema: {
          tags,
          summary: 'Agentes do helpdesk vistos pela integração e o usuário do Funil de cada um',
          params: ZIntegrationParams,
          response: { 200: z.object({ items: z.array(ZIntegrationAgent) }) },
        },
      },
      async (request) => ({
        items: await service.listAgents(db, requireActor(request), request.params.id),
      }),
    );

    api.put(
      '/integrations/:id/agents/:agentId',
      {
        schema: {
          tags,
          summary:
            'Vincular um agente do helpdesk a um usuário ativo (manual: prevalece sobre a correspondência por e-mail); null: o agente não pode agir',
          params: ZIntegrationAgentParams,
          body: ZMapAgentRequest,
          response: { 200: ZIntegrationAgent },
        },
      },
      async (request) =>
        service.mapAgent(db, requireActor(request), request.params.id, request.params.agentId, request.body),
    );
  };
