import { ZCreateCampaignRequest } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../http/context.ts';
import { requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZOptionalIfMatchHeaders } from '../../http/preconditions.ts';
import { keepRawBody, rawBodyOf } from '../../http/raw-body.ts';
import * as replies from './campaign-replies.service.ts';
import {
  ZCampaign,
  ZCampaignPage,
  ZCampaignParams,
  ZCampaignPreview,
  ZListQuery,
  ZRecipientPage,
  ZRecipientsQuery,
  ZWhatsAppAccount,
  ZWhatsAppAccountRequest,
} from './campaigns.schema.ts';
import * as service from './campaigns.service.ts';
import { unsubscribePage } from './unsubscribe.page.ts';

/**
 * Mass sends (`sendCampaigns`): campaigns (list, create, preview, start, pause / resume / cancel, recipients), the
 * workspace's WhatsApp number. Public: the WhatsApp Cloud API webhook (handshake + signed statuses and replies) and the
 * e-mail unsubscribe link (GET shows a confirmation, POST — also RFC 8058 one-click — puts the person on the deny list).
 */
export const campaignsRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const { db, secrets } = deps;
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['campaigns'];

    api.get(
      '/campaigns',
      {
        schema: {
          tags,
          summary: 'Envios em massa (campanhas), mais recentes primeiro (cursor: nextCursor)',
          querystring: ZListQuery,
          response: { 200: ZCampaignPage },
        },
      },
      async (request) => service.listCampaigns(db, requireActor(request), request.query),
    );

    api.post(
      '/campaigns',
      {
        schema: {
          tags,
          summary:
            'Criar campanha (rascunho): canal, modelo com variáveis, filtro da lista de pessoas, ritmo',
          body: ZCreateCampaignRequest,
          response: { 201: ZCampaign },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createCampaign(db, requireActor(request), request.body)),
    );

    api.post(
      '/campaigns/preview',
      {
        schema: {
          tags,
          summary: 'Prévia: quantas pessoas o filtro alcança e a mensagem como as primeiras a receberiam',
          body: ZCreateCampaignRequest,
          response: { 200: ZCampaignPreview },
        },
      },
      async (request) => service.previewCampaign(db, requireActor(request), request.body),
    );

    api.get(
      '/campaigns/whatsapp-account',
      {
        schema: {
          tags,
          summary: 'O número do WhatsApp (Cloud API) do workspace; segredos nunca voltam. ETag: a versão',
          response: { 200: ZWhatsAppAccount },
        },
      },
      async (request, reply) => {
        const account = await service.getWhatsAppAccount(db, requireActor(request));
        return reply.header('etag', etag(account.version)).send(account);
      },
    );

    api.put(
      '/campaigns/whatsapp-account',
      {
        config: { problems: [409] },
        schema: {
          tags,
          summary:
            'Configurar o número do WhatsApp: URL da API, versão, phone number id, token, app secret, verify token. Os segredos são obrigatórios na primeira vez; depois, ausentes, mantêm os guardados. If-Match opcional (412 se desatualizado)',
          headers: ZOptionalIfMatchHeaders,
          body: ZWhatsAppAccountRequest,
          response: { 200: ZWhatsAppAccount },
        },
      },
      async (request, reply) => {
        const ifMatch = request.headers['if-match'];
        const account = await service.setWhatsAppAccount(
          { db, secrets },
          requireActor(request),
          request.body,
          ifMatch ? expectedVersion(ifMatch) : undefined,
        );
        return reply.header('etag', etag(account.version)).send(account);
      },
    );

    api.get(
      '/campaigns/:id',
      {
        schema: {
          tags,
          summary: 'Uma campanha com o andamento (destinatários por status)',
          params: ZCampaignParams,
          response: { 200: ZCampaign },
        },
      },
      async (request) => service.getCampaign(db, requireActor(request), request.params.id),
    );

    api.get(
      '/campaigns/:id/recipients',
      {
        schema: {
          tags,
          summary: 'Destinatários da campanha com o status de cada um (cursor: nextCursor)',
          params: ZCampaignParams,
          querystring: ZRecipientsQuery,
          response: { 200: ZRecipientPage },
        },
      },
      async (request) =>
        service.listCampaignRecipients(db, requireActor(request), request.params.id, request.query),
    );

    for (const action of ['start', 'pause', 'resume', 'cancel'] as const) {
      api.post(
        `/campaigns/:id/${action}`,
        {
          config: { problems: [409] },
          schema: {
            tags,
            summary: {
              start:
                'Iniciar: os destinatários são tirados do filtro agora (lista de bloqueio e sem canal: pulados)',
              pause: 'Pausar (o lote em andamento termina)',
              resume: 'Retomar',
              cancel: 'Cancelar (quem ainda não recebeu não recebe)',
            }[action],
            params: ZCampaignParams,
            response: { 200: ZCampaign },
          },
        },
        async (request) => {
          const actor = requireActor(request);
          if (action === 'start') return service.startCampaign(db, actor, request.params.id);
          return service.changeCampaignStatus(db, actor, request.params.id, action);
        },
      );
    }

    // The public pages and webhook, in their own scope: their parsers keep the body as received (the signature).
    await app.register(async (pub) => {
      keepRawBody(pub, { form: true });
      const papi = pub.withTypeProvider<ZodTypeProvider>();

      papi.get(
        '/whatsapp/webhook',
        {
          config: { public: true, problems: [403] },
          schema: {
            tags,
            security: [],
            summary:
              'Verificação do webhook do WhatsApp Cloud API (hub.mode, hub.verify_token, hub.challenge)',
            querystring: z.object({
              'hub.mode': z.string().max(50).optional(),
              'hub.verify_token': z.string().max(300).optional(),
              'hub.challenge': z.string().max(300).optional(),
            }),
            response: { 200: z.string() },
          },
        },
        async (request, reply) => {
          const challenge = await replies.whatsAppHandshake(db, {
            mode: request.query['hub.mode'],
            verifyToken: request.query['hub.verify_token'],
            challenge: request.query['hub.challenge'],
          });
          return reply.type('text/plain; charset=utf-8').send(challenge);
        },
      );

      papi.post(
        '/whatsapp/webhook',
        {
          bodyLimit: 1024 * 1024,
          config: { public: true, problems: [401, 413] },
          schema: {
            tags,
            security: [],
            summary:
              'Webhook do WhatsApp Cloud API (X-Hub-Signature-256): status das mensagens (fora de ordem) e respostas (SAIR → lista de bloqueio)',
            body: z.unknown().describe('O payload do Cloud API (object: whatsapp_business_account)'),
            response: {
              200: z.object({
                statuses: z.number().int(),
                messages: z.number().int(),
                optOuts: z.number().int(),
              }),
            },
          },
        },
        async (request) => {
          const signature = request.headers['x-hub-signature-256'];
          return replies.receiveWhatsAppWebhook(
            { db, secrets },
            rawBodyOf(request),
            typeof signature === 'string' ? signature : undefined,
            request.body,
          );
        },
      );

      const ZToken = z.object({ t: z.string().max(200).optional() });

      papi.get(
        '/campaigns/unsubscribe',
        {
          config: { public: true },
          schema: {
            tags,
            security: [],
            summary: 'Link de descadastro do e-mail: página de confirmação (nada muda num GET)',
            querystring: ZToken,
            response: { 200: z.string().describe('Página HTML') },
          },
        },
        async (request, reply) =>
          reply.type('text/html; charset=utf-8').send(unsubscribePage(request.query.t ?? '', 'confirm')),
      );

      papi.post(
        '/campaigns/unsubscribe',
        {
          bodyLimit: 4096,
          config: { public: true },
          schema: {
            tags,
            security: [],
            summary:
              'Descadastrar (também o one-click do List-Unsubscribe-Post, RFC 8058): a pessoa vai para a lista de bloqueio',
            querystring: ZToken,
            body: z.unknown().describe('List-Unsubscribe=One-Click (ou vazio)'),
            response: { 200: z.string().describe('Página HTML') },
          },
        },
        async (request, reply) => {
          const ok = await replies.unsubscribe({ db, secrets }, request.query.t ?? '');
          return reply.type('text/html; charset=utf-8').send(unsubscribePage('', ok ? 'done' : 'invalid'));
        },
      );
    });
  };
