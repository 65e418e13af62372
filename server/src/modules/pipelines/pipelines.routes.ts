import {
  OPTION_LISTS,
  ZCreatePipelineRequest,
  ZReplaceOptionListRequest,
  ZSaleRequirementsRequest,
} from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import { ZIdParams, ZOpportunitySettings, ZPipeline } from './pipelines.schema.ts';
import * as service from './pipelines.service.ts';

export const pipelinesRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['pipelines'];

    api.get(
      '/pipelines',
      {
        schema: {
          tags,
          summary: 'Funis e suas etapas',
          response: { 200: z.object({ items: z.array(ZPipeline) }) },
        },
      },
      async (request) => ({ items: await service.listPipelines(db, requireActor(request)) }),
    );

    api.post(
      '/pipelines',
      {
        schema: {
          tags,
          summary: 'Criar funil com etapas (`manageFunnels`)',
          body: ZCreatePipelineRequest,
          response: { 201: ZPipeline },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const p = await service.createPipeline(db, actor, request.body);
        return reply.status(201).header('etag', etag(p.version)).send(p);
      },
    );

    api.get(
      '/pipelines/:id',
      { schema: { tags, summary: 'Ler funil', params: ZIdParams, response: { 200: ZPipeline } } },
      async (request, reply) => {
        const p = await service.getPipeline(db, requireActor(request), request.params.id);
        return reply.header('etag', etag(p.version)).send(p);
      },
    );

    api.get(
      '/opportunity-settings',
      {
        schema: {
          tags,
          summary:
            'Listas configuráveis (motivos de perda e descarte, planos de negócio, qualificação) e dados exigidos para a venda',
          response: { 200: ZOpportunitySettings },
        },
      },
      async (request, reply) => {
        const s = await service.getOpportunitySettings(db, requireActor(request));
        return reply.header('etag', etag(s.version)).send(s);
      },
    );

    api.put(
      '/opportunity-settings/lists/:list',
      {
        schema: {
          tags,
          summary:
            'Substituir uma lista (`manageFunnels`): itens com id são mantidos, novos são criados, omitidos arquivados. If-Match',
          params: z.object({ list: z.enum(OPTION_LISTS) }),
          headers: ZIfMatchHeaders,
          body: ZReplaceOptionListRequest,
          response: { 200: ZOpportunitySettings },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const version = expectedVersion(request.headers['if-match']);
        const s = await service.replaceOptionList(
          db,
          actor,
          version,
          request.params.list,
          request.body.items,
        );
        return reply.header('etag', etag(s.version)).send(s);
      },
    );

    api.put(
      '/opportunity-settings/sale-requirements',
      {
        schema: {
          tags,
          summary: 'Dados que cada cliente envolvido precisa ter antes da venda (`manageFunnels`). If-Match',
          headers: ZIfMatchHeaders,
          body: ZSaleRequirementsRequest,
          response: { 200: ZOpportunitySettings },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const version = expectedVersion(request.headers['if-match']);
        const s = await service.setSaleRequirements(db, actor, version, request.body.requirements);
        return reply.header('etag', etag(s.version)).send(s);
      },
    );
  };
