import { ZCreatePersonTypeRequest, ZUpdatePersonTypeRequest } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import { ZPersonType, ZPersonTypeParams } from './person-types.schema.ts';
import * as service from './person-types.service.ts';

export const personTypesRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['person-types'];

    api.get(
      '/person-types',
      {
        schema: {
          tags,
          summary: 'Tipos de pessoa do workspace e os documentos de cada um (padrão primeiro)',
          response: { 200: z.object({ items: z.array(ZPersonType) }) },
        },
      },
      async (request) => ({ items: await service.listPersonTypes(db, requireActor(request)) }),
    );

    api.post(
      '/person-types',
      {
        schema: {
          tags,
          summary: 'Criar tipo de pessoa com seus documentos (admin; 422 se o nome já existe)',
          body: ZCreatePersonTypeRequest,
          response: { 201: ZPersonType },
        },
      },
      async (request, reply) => {
        const type = await service.createPersonType(db, requireActor(request), request.body);
        return reply.status(201).header('etag', etag(type.version)).send(type);
      },
    );

    api.get(
      '/person-types/:id',
      {
        schema: {
          tags,
          summary: 'Ler tipo de pessoa',
          params: ZPersonTypeParams,
          response: { 200: ZPersonType },
        },
      },
      async (request, reply) => {
        const type = await service.getPersonType(db, requireActor(request), request.params.id);
        return reply.header('etag', etag(type.version)).send(type);
      },
    );

    api.put(
      '/person-types/:id',
      {
        schema: {
          tags,
          summary:
            'Editar tipo de pessoa (admin, If-Match): nome, tipo base e documentos; nos tipos padrão só o nome',
          params: ZPersonTypeParams,
          headers: ZIfMatchHeaders,
          body: ZUpdatePersonTypeRequest,
          response: { 200: ZPersonType },
        },
      },
      async (request, reply) => {
        const version = expectedVersion(request.headers['if-match'], request.body.version);
        const type = await service.updatePersonType(
          db,
          requireActor(request),
          request.params.id,
          version,
          request.body,
        );
        return reply.header('etag', etag(type.version)).send(type);
      },
    );

    api.delete(
      '/person-types/:id',
      {
        schema: {
          tags,
          summary: 'Excluir tipo de pessoa (admin, If-Match); 409 para um tipo padrão ou em uso',
          params: ZPersonTypeParams,
          headers: ZIfMatchHeaders,
          response: { 204: z.null().describe('Excluído') },
        },
      },
      async (request, reply) => {
        const version = expectedVersion(request.headers['if-match']);
        await service.deletePersonType(db, requireActor(request), request.params.id, version);
        return reply.status(204).send(null);
      },
    );
  };
