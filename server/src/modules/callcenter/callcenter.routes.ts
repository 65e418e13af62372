import { ZRecordContactAttemptRequest } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag } from '../../http/preconditions.ts';
import { presentPerson } from '../people/people.presenter.ts';
import { ZPerson } from '../people/people.schema.ts';
import {
  ZCallListPage,
  ZCallListRequest,
  ZContactAttempt,
  ZContactAttemptPage,
  ZCursorQuery,
  ZIdParams,
  ZPreRegistrationRequest,
  ZSavedFilter,
  ZSavedFilterRequest,
} from './callcenter.schema.ts';
import * as service from './callcenter.service.ts';
import { preRegisterPerson } from './pre-registration.service.ts';

/** Receptivos e Ativos: contact attempts, a person's contacts, the call list (Filtros), saved filters, pré-cadastro. */
export const callCenterRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['call-center'];

    api.post(
      '/call-center/attempts',
      {
        config: { problems: [404] },
        schema: {
          tags,
          summary:
            'Registrar ligação/contato (receptivo ou ativo): resultado, resumo, interesse, tipo de lead, publicidade, próxima ação e alarme',
          body: ZRecordContactAttemptRequest,
          response: { 201: ZContactAttempt },
        },
      },
      async (request, reply) => {
        const attempt = await service.recordContactAttempt(db, requireActor(request), request.body);
        return reply.status(201).send(attempt);
      },
    );

    api.get(
      '/call-center/people/:id/attempts',
      {
        schema: {
          tags,
          summary: 'Histórico de contatos com a pessoa, mais recentes primeiro (20 por página, cursor)',
          params: ZIdParams,
          querystring: ZCursorQuery,
          response: { 200: ZContactAttemptPage },
        },
      },
      async (request) =>
        service.listPersonContacts(db, requireActor(request), request.params.id, request.query.cursor),
    );

    api.post(
      '/call-center/call-list',
      {
        schema: {
          tags,
          summary:
            'Aba Filtros: pessoas visíveis que o filtro seleciona (datas de contato, interesse, publicidade, tipo, telefone/e-mail, responsável, sem contato desde), com total e cursor',
          body: ZCallListRequest,
          response: { 200: ZCallListPage },
        },
      },
      async (request) => {
        const page = await service.callListPage(
          db,
          requireActor(request),
          request.body.filter,
          request.body.cursor,
        );
        return { ...page, items: page.items.map(service.presentCallListItem) };
      },
    );

    api.get(
      '/call-center/saved-filters',
      {
        schema: {
          tags,
          summary: 'Filtros salvos: os meus e os compartilhados com a equipe',
          response: { 200: z.object({ items: z.array(ZSavedFilter) }) },
        },
      },
      async (request) => ({ items: await service.listSavedFilters(db, requireActor(request)) }),
    );

    api.post(
      '/call-center/saved-filters',
      {
        schema: {
          tags,
          summary: 'Salvar um filtro (particular ou compartilhado com a equipe)',
          body: ZSavedFilterRequest,
          response: { 201: ZSavedFilter },
        },
      },
      async (request, reply) => {
        const saved = await service.createSavedFilter(db, requireActor(request), request.body);
        return reply.status(201).send(saved);
      },
    );

    api.delete(
      '/call-center/saved-filters/:id',
      {
        schema: {
          tags,
          summary: 'Excluir um filtro salvo (quem o criou, ou quem supervisiona todas as equipes)',
          params: ZIdParams,
          response: { 204: z.null().describe('Excluído') },
        },
      },
      async (request, reply) => {
        await service.deleteSavedFilter(db, requireActor(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    api.post(
      '/call-center/people/:id/pre-registration',
      {
        config: { problems: [412] },
        schema: {
          tags,
          summary:
            'Pré-cadastro: após a venda (negociação ganha em que a pessoa está envolvida), a pessoa vira cliente se tiver os dados exigidos para a venda',
          params: ZIdParams,
          body: ZPreRegistrationRequest,
          response: { 200: ZPerson },
        },
      },
      async (request, reply) => {
        const person = await preRegisterPerson(
          db,
          requireActor(request),
          request.params.id,
          request.body.opportunityId,
        );
        return reply.header('etag', etag(person.version)).send(presentPerson(person));
      },
    );
  };
