import {
  ZCancelActivityRequest,
  ZCloneActivityRequest,
  ZCompleteActivityRequest,
  ZCreateActivityRequest,
  ZUpdateActivityRequest,
} from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders, ZOptionalIfMatchHeaders } from '../../http/preconditions.ts';
import {
  ZActivity,
  ZActivityCounts,
  ZActivityPage,
  ZIdParams,
  ZListActivitiesQuery,
} from './activities.schema.ts';
import * as service from './activities.service.ts';

/** If-Match when sent (completing and cancelling may go without: an activity closes once). */
const optionalVersion = (ifMatch: string | undefined) => (ifMatch ? expectedVersion(ifMatch) : undefined);

/** Atividades: schedule, list ("Minhas atividades", calendar, a person's, an opportunity's), edit, close. */
export const activitiesRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['activities'];

    api.get(
      '/activities',
      {
        schema: {
          tags,
          summary:
            'Listar atividades visíveis por data (mine=true: minhas; from/to: intervalo do vencimento; status; pessoa; oportunidade; sort=-dueAt: mais recentes primeiro), com total e cursor',
          querystring: ZListActivitiesQuery,
          response: { 200: ZActivityPage },
        },
      },
      async (request) => {
        const q = request.query;
        return service.listActivities(db, requireActor(request), { ...q, mine: q.mine === 'true' });
      },
    );

    api.post(
      '/activities',
      {
        schema: {
          tags,
          summary:
            'Agendar atividade (tarefa, ligação, reunião, visita, e-mail, WhatsApp) para uma pessoa e/ou oportunidade; visita exige a ação scheduleVisit',
          body: ZCreateActivityRequest,
          response: { 201: ZActivity },
        },
      },
      async (request, reply) => {
        const a = await service.createActivity(db, requireActor(request), request.body);
        return reply
          .status(201)
          .header('etag', etag(a.version))
          .header('location', `/api/v1/activities/${a.id}`)
          .send(a);
      },
    );

    api.get(
      '/activities/:id',
      { schema: { tags, summary: 'Ler atividade', params: ZIdParams, response: { 200: ZActivity } } },
      async (request, reply) => {
        const a = await service.getActivity(db, requireActor(request), request.params.id);
        return reply.header('etag', etag(a.version)).send(a);
      },
    );

    api.patch(
      '/activities/:id',
      {
        schema: {
          tags,
          summary: 'Editar atividade aberta; If-Match com a versão (ETag): 412 se desatualizada, 428 sem ela',
          params: ZIdParams,
          headers: ZIfMatchHeaders,
          body: ZUpdateActivityRequest,
          response: { 200: ZActivity },
        },
      },
      async (request, reply) => {
        const version = expectedVersion(request.headers['if-match'], request.body.version);
        const a = await service.updateActivity(
          db,
          requireActor(request),
          request.params.id,
          version,
          request.body,
        );
        return reply.header('etag', etag(a.version)).send(a);
      },
    );

    api.post(
      '/activities/:id/clone',
      {
        schema: {
          tags,
          summary: 'Clonar atividade: uma nova, aberta, com os mesmos dados (e outra data, se informada)',
          params: ZIdParams,
          body: ZCloneActivityRequest,
          response: { 201: ZActivity },
        },
      },
      async (request, reply) => {
        const a = await service.cloneActivity(db, requireActor(request), request.params.id, request.body);
        return reply.status(201).header('etag', etag(a.version)).send(a);
      },
    );

    api.post(
      '/activities/:id/complete',
      {
        schema: {
          tags,
          summary: 'Concluir atividade aberta, com o resultado; 409 se já concluída ou cancelada',
          params: ZIdParams,
          headers: ZOptionalIfMatchHeaders,
          body: ZCompleteActivityRequest,
          response: { 200: ZActivity },
        },
      },
      async (request, reply) => {
        const a = await service.completeActivity(
          db,
          requireActor(request),
          request.params.id,
          request.body.outcome,
          optionalVersion(request.headers['if-match']),
        );
        return reply.header('etag', etag(a.version)).send(a);
      },
    );

    api.post(
      '/activities/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Cancelar atividade aberta, com o motivo; 409 se já concluída ou cancelada',
          params: ZIdParams,
          headers: ZOptionalIfMatchHeaders,
          body: ZCancelActivityRequest,
          response: { 200: ZActivity },
        },
      },
      async (request, reply) => {
        const a = await service.cancelActivity(
          db,
          requireActor(request),
          request.params.id,
          request.body.reason,
          optionalVersion(request.headers['if-match']),
        );
        return reply.header('etag', etag(a.version)).send(a);
      },
    );

    api.get(
      '/people/:id/activities/counts',
      {
        schema: {
          tags,
          summary: 'Atividades da pessoa: abertas, concluídas, canceladas (e atrasadas)',
          params: ZIdParams,
          response: { 200: ZActivityCounts },
        },
      },
      async (request) => service.countActivities(db, requireActor(request), { personId: request.params.id }),
    );

    api.get(
      '/opportunities/:id/activities/counts',
      {
        schema: {
          tags,
          summary: 'Atividades da oportunidade: abertas, concluídas, canceladas (e atrasadas)',
          params: ZIdParams,
          response: { 200: ZActivityCounts },
        },
      },
      async (request) =>
        service.countActivities(db, requireActor(request), { opportunityId: request.params.id }),
    );
  };
