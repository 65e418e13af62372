import { API_SCOPES, API_TOKEN_STATUSES, ZCreateApiTokenRequest } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import * as service from './api-tokens.service.ts';

export const ZApiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(API_SCOPES)),
  allowedCidrs: z.array(z.string()),
  status: z.enum(API_TOKEN_STATUSES),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  lastUsedAt: z.string().nullable(),
  lastUsedIp: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

const ZTokenParams = z.object({ id: z.uuid() });

/** Administration of the workspace's API tokens (Tokens de API): list, create (secret shown once), revoke. */
export const apiTokensRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['api-tokens'];

    api.get(
      '/api-tokens',
      {
        schema: {
          tags,
          summary: 'Tokens de API do workspace (administradores)',
          response: { 200: z.object({ items: z.array(ZApiToken) }) },
        },
      },
      async (request) => ({ items: await service.listApiTokens(db, requireActor(request)) }),
    );

    api.post(
      '/api-tokens',
      {
        schema: {
          tags,
          summary: 'Criar token de API; o segredo aparece só nesta resposta',
          body: ZCreateApiTokenRequest,
          response: { 201: z.object({ token: ZApiToken, secret: z.string() }) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createApiToken(db, requireActor(request), request.body)),
    );

    api.post(
      '/api-tokens/:id/revoke',
      {
        schema: {
          tags,
          summary: 'Revogar token de API (as próximas chamadas com ele recebem 401)',
          params: ZTokenParams,
          response: { 200: ZApiToken },
        },
      },
      async (request) => service.revokeApiToken(db, requireActor(request), request.params.id),
    );
  };
