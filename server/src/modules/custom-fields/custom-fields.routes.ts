import {
  CUSTOM_FIELD_ENTITIES,
  CUSTOM_FIELD_TYPES,
  customFieldsJsonSchema,
  ROLES,
  ZCreateCustomFieldRequest,
  ZUpdateCustomFieldRequest,
} from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import * as service from './custom-fields.service.ts';

const ZEntityQuery = z.object({ entity: z.enum(CUSTOM_FIELD_ENTITIES) });
const ZFieldParams = z.object({ id: z.uuid() });

const ZCustomField = z.object({
  id: z.string(),
  entity: z.enum(CUSTOM_FIELD_ENTITIES),
  key: z.string().describe('The key of the value in the records’ `customFields` object (immutable)'),
  label: z.string(),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(z.object({ value: z.string(), label: z.string(), archived: z.boolean().optional() })),
  required: z.boolean(),
  visibleRoles: z.array(z.enum(ROLES)).nullable().describe('null: every role'),
  section: z.string().nullable(),
  position: z.number(),
  showOnCard: z.boolean(),
  archivedAt: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const customFieldsRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['custom-fields'];

    api.get(
      '/custom-fields',
      {
        schema: {
          tags,
          summary:
            'Campos personalizados de pessoas ou oportunidades, na ordem do formulário: o que o objeto `customFields` dos registros aceita (admins veem também os arquivados; os outros papéis, os campos que veem)',
          querystring: ZEntityQuery,
          response: { 200: z.object({ items: z.array(ZCustomField) }) },
        },
      },
      async (request) => ({
        items: await service.listCustomFields(db, requireActor(request), request.query.entity),
      }),
    );

    api.get(
      '/custom-fields/openapi-schema',
      {
        schema: {
          tags,
          summary:
            'JSON Schema do objeto `customFields` de pessoas ou oportunidades neste workspace, para o papel de quem pede (tipos, opções, obrigatórios)',
          querystring: ZEntityQuery,
          response: { 200: z.record(z.string(), z.unknown()).describe('A JSON Schema (draft 2020-12)') },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const fields = await service.listCustomFields(db, actor, request.query.entity);
        return customFieldsJsonSchema(fields, actor.role);
      },
    );

    api.post(
      '/custom-fields',
      {
        schema: {
          tags,
          summary: 'Criar campo personalizado (manageCustomFields); a chave vem do rótulo quando não enviada',
          body: ZCreateCustomFieldRequest,
          response: { 201: ZCustomField },
        },
      },
      async (request, reply) => {
        const field = await service.createCustomField(db, requireActor(request), request.body);
        return reply.status(201).header('etag', etag(field.version)).send(field);
      },
    );

    api.patch(
      '/custom-fields/:id',
      {
        schema: {
          tags,
          summary:
            'Editar campo personalizado (manageCustomFields, If-Match): rótulo, opções (arquivadas, nunca removidas), obrigatório, papéis, seção, cartão, posição; `archived: false` restaura',
          params: ZFieldParams,
          headers: ZIfMatchHeaders,
          body: ZUpdateCustomFieldRequest,
          response: { 200: ZCustomField },
        },
      },
      async (request, reply) => {
        const version = expectedVersion(request.headers['if-match']);
        const field = await service.updateCustomField(
          db,
          requireActor(request),
          request.params.id,
          version,
          request.body,
        );
        return reply.header('etag', etag(field.version)).send(field);
      },
    );

    api.delete(
      '/custom-fields/:id',
      {
        schema: {
          tags,
          summary:
            'Remover campo personalizado (manageCustomFields, If-Match): excluído se nenhum registro tem valor (204), senão arquivado (200) — valores e histórico ficam',
          params: ZFieldParams,
          headers: ZIfMatchHeaders,
          response: { 200: ZCustomField, 204: z.null().describe('Excluído') },
        },
      },
      async (request, reply) => {
        const version = expectedVersion(request.headers['if-match']);
        const archived = await service.removeCustomField(
          db,
          requireActor(request),
          request.params.id,
          version,
        );
        if (!archived) return reply.status(204).send(null);
        return reply.header('etag', etag(archived.version)).send(archived);
      },
    );
  };
