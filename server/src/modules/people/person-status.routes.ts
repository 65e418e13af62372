import {
  NON_CLIENT_REASONS,
  PERSON_ACTIONS,
  TEMPERATURES,
  WALLET_STATUSES,
  ZDisinterestRequest,
  ZDoNotContactRequest,
  ZMomentRequest,
  ZNonClientRequest,
  ZObjectiveRequest,
  ZOfferRequest,
  ZProductOfInterestRequest,
  ZSendEmailRequest,
  ZTemperatureRequest,
} from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZOptionalIfMatchHeaders } from '../../http/preconditions.ts';
import { mailHostRules } from '../mail-accounts/mail-accounts.service.ts';
import { ZTimelineEvent } from '../timeline/timeline.schema.ts';
import { ZPersonParams } from './people.schema.ts';
import { sendEmailToPerson } from './person-email.service.ts';
import * as service from './person-status.service.ts';
import * as wallet from './wallet.service.ts';

const ZRef = z.object({ id: z.string(), label: z.string() }).nullable();
const ZTemperature = z.enum(TEMPERATURES).nullable();

export const ZPersonStatus = z.object({
  personId: z.string(),
  objective: ZRef,
  moment: ZRef,
  subMoment: ZRef,
  temperature: ZTemperature,
  previousTemperature: ZTemperature,
  productOfInterest: ZRef,
  disinterest: z.object({ reason: ZRef, note: z.string().nullable(), at: z.string() }).nullable(),
  nonClient: z
    .object({ reason: z.enum(NON_CLIENT_REASONS), note: z.string().nullable(), at: z.string() })
    .nullable(),
  archived: z
    .object({ at: z.string(), by: z.object({ id: z.string(), name: z.string() }).nullable() })
    .nullable(),
  doNotContact: z.boolean(),
  wallet: z.object({
    status: z.enum(WALLET_STATUSES),
    since: z.string().nullable(),
    offerTeam: z.object({ id: z.string(), name: z.string() }).nullable(),
    lastActivityAt: z.string(),
  }),
  visits: z.object({
    first: z.string().nullable(),
    last: z.string().nullable(),
    next: z.string().nullable(),
  }),
  allowedActions: z.array(z.enum(PERSON_ACTIONS)),
  version: z.number(),
});

const optionalVersion = (ifMatch: string | undefined) => (ifMatch ? expectedVersion(ifMatch) : undefined);

/** The status panel and the action menu of the person page: one endpoint per action. */
export const personStatusRoutes =
  ({ db, env, secrets }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['people'];
    const mailHosts = mailHostRules(env);
    const answer = { 200: ZPersonStatus };

    api.get(
      '/people/:id/status',
      {
        schema: {
          tags,
          summary:
            'Painel de status (objetivo, momento, temperatura, produto de interesse), sinalizações e ações permitidas',
          params: ZPersonParams,
          response: answer,
        },
      },
      async (request, reply) => {
        const status = await service.getStatus(db, requireActor(request), request.params.id);
        return reply.header('etag', etag(status.version)).send(status);
      },
    );

    api.post(
      '/people/:id/temperature',
      {
        schema: {
          tags,
          summary: 'Alterar temperatura (ação changeTemperature)',
          params: ZPersonParams,
          headers: ZOptionalIfMatchHeaders,
          body: ZTemperatureRequest,
          response: answer,
        },
      },
      async (request) =>
        service.changeTemperature(
          db,
          requireActor(request),
          request.params.id,
          request.body.temperature,
          optionalVersion(request.headers['if-match']),
        ),
    );

    api.post(
      '/people/:id/temperature/revert',
      {
        schema: {
          tags,
          summary: 'Voltar para a temperatura anterior (409 se não houver)',
          params: ZPersonParams,
          headers: ZOptionalIfMatchHeaders,
          response: answer,
        },
      },
      async (request) =>
        service.revertTemperature(
          db,
          requireActor(request),
          request.params.id,
          optionalVersion(request.headers['if-match']),
        ),
    );

    api.post(
      '/people/:id/objective',
      {
        schema: {
          tags,
          summary: 'Alterar objetivo (lista objective)',
          params: ZPersonParams,
          headers: ZOptionalIfMatchHeaders,
          body: ZObjectiveRequest,
          response: answer,
        },
      },
      async (request) =>
        service.setObjective(
          db,
          requireActor(request),
          request.params.id,
          request.body.objectiveId,
          optionalVersion(request.headers['if-match']),
        ),
    );

    api.post(
      '/people/:id/moment',
      {
        schema: {
          tags,
          summary: 'Definir momento e sub-momento (listas moment e sub_moment)',
          params: ZPersonParams,
          headers: ZOptionalIfMatchHeaders,
          body: ZMomentRequest,
          response: answer,
        },
      },
      async (request) =>
        service.setMoment(
          db,
          requireActor(request),
          request.params.id,
          request.body.momentId,
          request.body.subMomentId ?? null,
          optionalVersion(request.headers['if-match']),
        ),
    );

    api.post(
      '/people/:id/product-of-interest',
      {
        schema: {
          tags,
          summary: 'Alterar produto de interesse (lista business_plan)',
          params: ZPersonParams,
          headers: ZOptionalIfMatchHeaders,
          body: ZProductOfInterestRequest,
          response: answer,
        },
      },
      async (request) =>
        service.setProductOfInterest(
          db,
          requireActor(request),
          request.params.id,
          request.body.productId,
          optionalVersion(request.headers['if-match']),
        ),
    );

    api.post(
      '/people/:id/disinterest',
      {
        schema: {
          tags,
          summary: 'Informar desinteresse (continua na carteira), com o motivo',
          params: ZPersonParams,
          body: ZDisinterestRequest,
          response: answer,
        },
      },
      async (request) =>
        service.reportDisinterest(
          db,
          requireActor(request),
          request.params.id,
          request.body.reasonId,
          request.body.note,
        ),
    );

    api.post(
      '/people/:id/non-client',
      {
        schema: {
          tags,
          summary: 'Definir como não cliente (sai de todas as carteiras), com o motivo',
          params: ZPersonParams,
          body: ZNonClientRequest,
          response: answer,
        },
      },
      async (request) =>
        service.markNonClient(
          db,
          requireActor(request),
          request.params.id,
          request.body.reason,
          request.body.note,
        ),
    );

    api.post(
      '/people/:id/archive',
      {
        schema: {
          tags,
          summary: 'Excluir (arquivar): some de listas e buscas, o histórico fica; um admin pode restaurar',
          params: ZPersonParams,
          response: answer,
        },
      },
      async (request) => service.archivePerson(db, requireActor(request), request.params.id),
    );

    api.post(
      '/people/:id/restore',
      {
        schema: {
          tags,
          summary: 'Restaurar pessoa arquivada (admin)',
          params: ZPersonParams,
          response: answer,
        },
      },
      async (request) => service.restorePerson(db, requireActor(request), request.params.id),
    );

    api.put(
      '/people/:id/do-not-contact',
      {
        schema: {
          tags,
          summary: 'Deny list: nunca ligar, mandar mensagem ou e-mail',
          params: ZPersonParams,
          body: ZDoNotContactRequest,
          response: answer,
        },
      },
      async (request) =>
        service.setDoNotContact(db, requireActor(request), request.params.id, request.body.doNotContact),
    );

    api.post(
      '/people/:id/offer',
      {
        schema: {
          tags,
          summary:
            'Colocar em oferta ativa para uma equipe (gerente da equipe ou admin): sai da carteira do responsável',
          params: ZPersonParams,
          body: ZOfferRequest,
          response: answer,
        },
      },
      async (request) =>
        wallet.offerToTeam(db, requireActor(request), request.params.id, request.body.teamId),
    );

    api.post(
      '/people/:id/pick',
      {
        schema: {
          tags,
          summary: 'Pegar da oferta ativa (corretor da equipe): o primeiro leva, os demais recebem 409',
          params: ZPersonParams,
          response: answer,
        },
      },
      async (request) => wallet.pickFromOffer(db, requireActor(request), request.params.id),
    );

    api.post(
      '/people/:id/emails',
      {
        config: { problems: [502] },
        schema: {
          tags,
          summary:
            'Enviar e-mail a um endereço da pessoa pela caixa de e-mail do usuário (se conectada) ou pelo SMTP do workspace (registrado na timeline com o Message-ID); 409 na deny list',
          params: ZPersonParams,
          body: ZSendEmailRequest,
          response: { 201: ZTimelineEvent },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await sendEmailToPerson(
              db,
              secrets,
              mailHosts,
              requireActor(request),
              request.params.id,
              request.body,
            ),
          ),
    );
  };
