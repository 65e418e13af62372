import { MAX_PHOTO_BYTES, ZCreatePersonRequest, ZUpdatePersonRequest } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion } from '../../http/preconditions.ts';
import { DomainError } from '../../lib/errors.ts';
import { ZTimelinePage, ZTimelineQuery } from '../timeline/timeline.schema.ts';
import { presentListItem, presentPerson } from './people.presenter.ts';
import { ZListPeopleQuery, ZPeoplePage, ZPerson, ZPersonParams, ZRevealedPhones } from './people.schema.ts';
import * as service from './people.service.ts';
import { getPersonPhoto, setPersonPhoto } from './people-photo.service.ts';
import { listPeople } from './people-search.service.ts';

export const peopleRoutes =
  ({ db, files }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/people',
      {
        schema: {
          tags: ['people'],
          summary: 'Listar e buscar pessoas (nome, CPF/CNPJ, telefone, e-mail em `q`)',
          querystring: ZListPeopleQuery,
          response: { 200: ZPeoplePage },
        },
      },
      async (request) => {
        const page = await listPeople(db, requireActor(request), request.query);
        return { ...page, items: page.items.map(presentListItem) };
      },
    );

    api.post(
      '/people',
      {
        schema: {
          tags: ['people'],
          summary: 'Cadastrar pessoa (409 se CPF/CNPJ, telefone ou e-mail já pertencem a outra)',
          body: ZCreatePersonRequest,
          response: { 201: ZPerson },
        },
      },
      async (request, reply) => {
        const person = await service.createPerson(db, requireActor(request), request.body);
        return reply
          .status(201)
          .header('etag', etag(person.version))
          .header('location', `/api/v1/people/${person.id}`)
          .send(presentPerson(person));
      },
    );

    api.get(
      '/people/:id',
      {
        schema: {
          tags: ['people'],
          summary: 'Ler pessoa',
          params: ZPersonParams,
          response: { 200: ZPerson },
        },
      },
      async (request, reply) => {
        const person = await service.viewPerson(db, requireActor(request), request.params.id, {
          requestId: request.id,
          ip: request.ip,
        });
        return reply.header('etag', etag(person.version)).send(presentPerson(person));
      },
    );

    api.patch(
      '/people/:id',
      {
        schema: {
          tags: ['people'],
          summary: 'Editar pessoa (If-Match com a versão; 412 se desatualizada)',
          params: ZPersonParams,
          body: ZUpdatePersonRequest,
          response: { 200: ZPerson },
        },
      },
      async (request, reply) => {
        const version = expectedVersion(request.headers['if-match'], request.body.version);
        const person = await service.updatePerson(
          db,
          requireActor(request),
          request.params.id,
          version,
          request.body,
        );
        return reply.header('etag', etag(person.version)).send(presentPerson(person));
      },
    );

    api.post(
      '/people/:id/phones/reveal',
      {
        schema: {
          tags: ['people'],
          summary:
            'Visualizar telefones: os números completos, registrados no histórico (quem e quando); 403 sem a ação `viewPhones`',
          params: ZPersonParams,
          response: { 200: ZRevealedPhones },
        },
      },
      async (request, reply) =>
        reply.header('cache-control', 'no-store').send(
          await service.revealPhones(db, requireActor(request), request.params.id, {
            requestId: request.id,
            ip: request.ip,
          }),
        ),
    );

    api.get(
      '/people/:id/timeline',
      {
        schema: {
          tags: ['people'],
          summary: 'Histórico (timeline) da pessoa, mais recente primeiro',
          params: ZPersonParams,
          querystring: ZTimelineQuery,
          response: { 200: ZTimelinePage },
        },
      },
      async (request) =>
        service.getPersonTimeline(
          db,
          requireActor(request),
          request.params.id,
          request.query.filter,
          request.query.cursor ?? null,
        ),
    );

    api.post(
      '/people/:id/photo',
      {
        schema: {
          tags: ['people'],
          summary: 'Enviar foto ou logo (multipart, campo `file`)',
          params: ZPersonParams,
          consumes: ['multipart/form-data'],
          response: { 200: ZPerson },
        },
        config: { problems: [503] },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const file = await request.file({ limits: { fileSize: MAX_PHOTO_BYTES } });
        if (!file)
          throw new DomainError('validation', 422, {
            errors: [{ field: 'file', code: 'required', message: '' }],
          });
        const bytes = await file.toBuffer();
        const person = await setPersonPhoto(db, files, actor, request.params.id, bytes);
        return reply.header('etag', etag(person.version)).send(presentPerson(person));
      },
    );

    api.get(
      '/people/:id/photo',
      {
        schema: { tags: ['people'], summary: 'Foto ou logo da pessoa', params: ZPersonParams },
        config: { problems: [503] },
      },
      async (request, reply) => {
        const bytes = await getPersonPhoto(db, files, requireActor(request), request.params.id);
        return reply
          .type('image/webp')
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, max-age=86400')
          .send(bytes);
      },
    );
  };
