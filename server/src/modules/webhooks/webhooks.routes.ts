import { ZCreateWebhookSubscriptionRequest, ZUpdateWebhookSubscriptionRequest } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import {
  ZDeliveriesPage,
  ZDeliveriesQuery,
  ZIdParams,
  ZWebhookDelivery,
  ZWebhookSubscription,
} from './webhooks.schema.ts';
import * as service from './webhooks.service.ts';

/** Outbound webhooks (Webhooks / Entregas): subscriptions and their delivery log, for who manages integrations. */
export const webhooksRoutes =
  ({ db, env, secrets }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['webhooks'];
    const deps = { db, secrets, allowLoopback: env.FUNIL_OUTBOUND_ALLOW_LOOPBACK };

    api.get(
      '/webhooks/subscriptions',
      {
        schema: {
          tags,
          summary: 'Assinaturas de webhooks do workspace',
          response: { 200: z.object({ items: z.array(ZWebhookSubscription) }) },
        },
      },
      async (request) => ({ items: await service.listWebhookSubscriptions(db, requireActor(request)) }),
    );

    api.post(
      '/webhooks/subscriptions',
      {
        schema: {
          tags,
          summary:
            'Assinar eventos (URL pública: endereços internos são recusados); o segredo de assinatura aparece só nesta resposta',
          body: ZCreateWebhookSubscriptionRequest,
          response: { 201: z.object({ subscription: ZWebhookSubscription, secret: z.string() }) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createWebhookSubscription(deps, requireActor(request), request.body)),
    );

    api.patch(
      '/webhooks/subscriptions/:id',
      {
        schema: {
          tags,
          summary: 'Alterar URL, eventos ou ativar/desativar (reativar zera as falhas)',
          params: ZIdParams,
          body: ZUpdateWebhookSubscriptionRequest,
          response: { 200: ZWebhookSubscription },
        },
      },
      async (request) =>
        service.updateWebhookSubscription(deps, requireActor(request), request.params.id, request.body),
    );

    api.delete(
      '/webhooks/subscriptions/:id',
      {
        schema: {
          tags,
          summary: 'Excluir assinatura (nada mais é enviado; as entregas continuam no registro)',
          params: ZIdParams,
          response: { 204: z.null().describe('Excluída') },
        },
      },
      async (request, reply) => {
        await service.deleteWebhookSubscription(db, requireActor(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    api.get(
      '/webhooks/deliveries',
      {
        schema: {
          tags,
          summary: 'Registro de entregas, mais recentes primeiro (cursor: nextCursor da página anterior)',
          querystring: ZDeliveriesQuery,
          response: { 200: ZDeliveriesPage },
        },
      },
      async (request) => service.listWebhookDeliveries(db, requireActor(request), request.query),
    );

    api.post(
      '/webhooks/deliveries/:id/resend',
      {
        schema: {
          tags,
          summary: 'Reenviar a mesma mensagem (mesmo webhook-id) pela fila',
          params: ZIdParams,
          response: { 200: ZWebhookDelivery },
        },
      },
      async (request) => service.resendWebhookDelivery(db, requireActor(request), request.params.id),
    );
  };
