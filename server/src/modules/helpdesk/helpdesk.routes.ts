import {
  PANEL_SESSION_MINUTES,
  ZCreateConversationOpportunityRequest,
  ZCreateConversationPersonRequest,
  ZExternalId,
  ZLinkConversationRequest,
  ZPanelSessionRequest,
} from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { ZOpportunity, ZOpportunityCard } from '../opportunities/opportunities.schema.ts';
import { ZPerson } from '../people/people.schema.ts';
import { ZTimelineEvent } from '../timeline/timeline.schema.ts';
import * as service from './helpdesk.service.ts';
import { startPanelSession } from './helpdesk-session.service.ts';

const ZIntegrationParams = z.object({ integrationId: z.uuid() });
const ZConversationParams = ZIntegrationParams.extend({
  conversationId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'invalid_value'),
});

const ZPanelContextOut = z.object({
  agent: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  conversation: z.object({ id: z.string() }).nullish(),
  contact: z
    .object({
      id: z.string().nullish(),
      name: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      document: z.string().nullable(),
    })
    .nullish(),
});

const ZPanelSession = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: z.object({ id: z.string(), name: z.string() }),
  integration: z.object({ id: z.string(), name: z.string() }),
  context: ZPanelContextOut,
  mayLink: z.boolean(),
});

const ZConversationState = z.object({
  conversationId: z.string(),
  contactId: z.string().nullable(),
  linked: z.enum(['none', 'visible', 'hidden']),
  person: ZPerson.nullable(),
  opportunityId: z.string().nullable(),
  opportunities: z.array(ZOpportunityCard),
  events: z.array(ZTimelineEvent),
  mayLink: z.boolean(),
});

/**
 * The helpdesk side panel's API. The panel authenticates with a panel session (X-Funil-Panel-Session), which is a
 * user: everything else it does (edit the person, notes, move or close a negotiation) goes through the ordinary
 * routes. Each route here works with a signed-in user's cookie too.
 */
export const helpdeskRoutes =
  ({ db, secrets, env }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['helpdesk'];

    api.post(
      '/helpdesk/sessions',
      {
        config: { public: true, problems: [401, 403] },
        schema: {
          tags,
          summary: `Abrir sessão do painel do helpdesk (${PANEL_SESSION_MINUTES} min) com a URL assinada ou a chave do dashboard app; age como o usuário vinculado ao atendente`,
          description:
            'Modo `signed`: a query string da URL do painel, assinada com HMAC-SHA256 (segredo do painel, hex em `sig`) sobre os parâmetros em ordem alfabética (`nome=valor` com encodeURIComponent, unidos por `&`), `ts` em segundos (até 5 min). Modo `dashboard-app`: a chave da URL configurada no Chatwoot e o contexto recebido por postMessage. Envie o token devolvido no cabeçalho `X-Funil-Panel-Session`. 401: prova inválida ou expirada; 403: atendente sem usuário ativo vinculado.',
          body: ZPanelSessionRequest,
          response: { 201: ZPanelSession },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await startPanelSession({ db, secrets }, request.body)),
    );

    api.get(
      '/helpdesk/integrations/:integrationId/panel-setup',
      {
        schema: {
          tags,
          summary:
            'Como configurar o painel no helpdesk: URL do dashboard app (com a chave), URL e segredo para assinar',
          params: ZIntegrationParams,
          response: {
            200: z.object({
              dashboardAppUrl: z.string(),
              panelUrl: z.string(),
              panelSecret: z.string(),
              signedParams: z.array(z.string()),
            }),
          },
        },
      },
      async (request) =>
        service.getPanelSetup(
          { db, secrets },
          requireActor(request),
          request.params.integrationId,
          env.FUNIL_PUBLIC_URL ?? `${request.protocol}://${request.host}`,
        ),
    );

    api.get(
      '/helpdesk/integrations/:integrationId/conversations/:conversationId',
      {
        schema: {
          tags,
          summary:
            'Conversa no painel: pessoa vinculada (se visível), negociações abertas visíveis e últimos eventos',
          params: ZConversationParams,
          querystring: z.object({ contactId: ZExternalId.optional() }),
          response: { 200: ZConversationState },
        },
      },
      async (request) =>
        service.getConversationState(
          db,
          requireActor(request),
          request.params.integrationId,
          request.params.conversationId,
          request.query.contactId ?? null,
          { requestId: request.id, ip: request.ip },
        ),
    );

    api.post(
      '/helpdesk/integrations/:integrationId/conversations/:conversationId/link',
      {
        schema: {
          tags,
          summary:
            'Vincular existente: liga a conversa (e o contato) a uma pessoa; só equipes que vinculam contatos',
          params: ZConversationParams,
          body: ZLinkConversationRequest,
          response: { 200: ZConversationState },
        },
      },
      async (request) =>
        service.linkConversation(
          db,
          requireActor(request),
          request.params.integrationId,
          request.params.conversationId,
          request.body,
        ),
    );

    api.post(
      '/helpdesk/integrations/:integrationId/conversations/:conversationId/person',
      {
        schema: {
          tags,
          summary:
            'Criar novo: cadastra a pessoa e a liga à conversa (409 com as correspondências se CPF/CNPJ, e-mail ou telefone já existem)',
          params: ZConversationParams,
          body: ZCreateConversationPersonRequest,
          response: { 201: ZConversationState },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await service.createConversationPerson(
              db,
              requireActor(request),
              request.params.integrationId,
              request.params.conversationId,
              request.body,
            ),
          ),
    );

    api.post(
      '/helpdesk/integrations/:integrationId/conversations/:conversationId/opportunities',
      {
        schema: {
          tags,
          summary: 'Adicionar negociação: criada para a pessoa da conversa e ligada à conversa',
          params: ZConversationParams,
          body: ZCreateConversationOpportunityRequest,
          response: { 201: ZOpportunity },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await service.createConversationOpportunity(
              db,
              requireActor(request),
              request.params.integrationId,
              request.params.conversationId,
              request.body,
            ),
          ),
    );
  };
