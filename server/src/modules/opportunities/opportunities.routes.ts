import {
  ZChangeStatusRequest,
  ZCreateOpportunityRequest,
  ZCreateProposalRequest,
  ZInvolvePersonRequest,
  ZMoveOpportunityRequest,
  ZUpdateOpportunityRequest,
  ZUpdatePipelineRequest,
} from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders, ZOptionalIfMatchHeaders } from '../../http/preconditions.ts';
import { ZPipeline } from '../pipelines/pipelines.schema.ts';
import { ZNoteRequest, ZTimelineEvent, ZTimelinePage, ZTimelineQuery } from '../timeline/timeline.schema.ts';
import {
  ZBoard,
  ZBoardQuery,
  ZBulkRequest,
  ZBulkResult,
  ZFunnelReport,
  ZIdParams,
  ZInvolvedPerson,
  ZListOpportunitiesQuery,
  ZMoveResult,
  ZOpportunity,
  ZOpportunityPage,
  ZProposal,
  ZReportQuery,
} from './opportunities.schema.ts';
import * as service from './opportunities.service.ts';
import { funnelReport, getBoard, listOpportunities } from './opportunities-board.service.ts';
import { applyBulkAction } from './opportunities-bulk.service.ts';
import * as involved from './opportunity-people.service.ts';
import { updatePipeline } from './pipeline-edit.service.ts';
import * as proposals from './proposals.service.ts';

/** If-Match when sent (moves and status changes may go without: they are applied in turn). */
const optionalVersion = (ifMatch: string | undefined) => (ifMatch ? expectedVersion(ifMatch) : undefined);

export const opportunitiesRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['opportunities'];

    api.get(
      '/opportunities',
      {
        schema: {
          tags,
          summary:
            'Listar oportunidades (filtros do quadro, ordenação, páginas por cursor; `stageId` pagina uma coluna)',
          querystring: ZListOpportunitiesQuery,
          response: { 200: ZOpportunityPage },
        },
      },
      async (request) => listOpportunities(db, requireActor(request), request.query),
    );

    api.post(
      '/opportunities',
      {
        schema: {
          tags,
          summary: 'Cadastrar oportunidade (OPV) com o titular e demais clientes envolvidos',
          body: ZCreateOpportunityRequest,
          response: { 201: ZOpportunity },
        },
      },
      async (request, reply) => {
        const o = await service.createOpportunity(db, requireActor(request), request.body);
        return reply
          .status(201)
          .header('etag', etag(o.version))
          .header('location', `/api/v1/opportunities/${o.id}`)
          .send(o);
      },
    );

    api.post(
      '/opportunities/bulk',
      {
        schema: {
          tags,
          summary:
            'Ação em lote: mover de etapa, trocar responsável ou marcar como perdida (cada uma aplicada em separado)',
          body: ZBulkRequest,
          response: { 200: ZBulkResult },
        },
      },
      async (request) => applyBulkAction(db, requireActor(request), request.body),
    );

    api.get(
      '/opportunities/:id',
      { schema: { tags, summary: 'Ler oportunidade', params: ZIdParams, response: { 200: ZOpportunity } } },
      async (request, reply) => {
        const o = await service.getOpportunity(db, requireActor(request), request.params.id);
        return reply.header('etag', etag(o.version)).send(o);
      },
    );

    api.patch(
      '/opportunities/:id',
      {
        schema: {
          tags,
          summary: 'Editar oportunidade; If-Match com a versão (ETag): 412 se desatualizada, 428 sem ela',
          params: ZIdParams,
          headers: ZIfMatchHeaders,
          body: ZUpdateOpportunityRequest,
          response: { 200: ZOpportunity },
        },
      },
      async (request, reply) => {
        const version = expectedVersion(request.headers['if-match'], request.body.version);
        const o = await service.updateOpportunity(
          db,
          requireActor(request),
          request.params.id,
          version,
          request.body,
        );
        return reply.header('etag', etag(o.version)).send(o);
      },
    );

    api.post(
      '/opportunities/:id/move',
      {
        schema: {
          tags,
          summary:
            'Mover o card para uma etapa (e posição) do funil; 422 se a etapa exige campos vazios; If-Match opcional',
          params: ZIdParams,
          headers: ZOptionalIfMatchHeaders,
          body: ZMoveOpportunityRequest,
          response: { 200: ZMoveResult },
        },
      },
      async (request, reply) => {
        const moved = await service.moveOpportunity(
          db,
          requireActor(request),
          request.params.id,
          request.body,
          optionalVersion(request.headers['if-match']),
        );
        return reply.header('etag', etag(moved.version)).send(moved);
      },
    );

    api.post(
      '/opportunities/:id/status',
      {
        schema: {
          tags,
          summary:
            'Ganhar (exige os dados dos clientes envolvidos), perder ou descartar (com motivo) ou reabrir; If-Match opcional',
          params: ZIdParams,
          headers: ZOptionalIfMatchHeaders,
          body: ZChangeStatusRequest,
          response: { 200: ZOpportunity },
        },
      },
      async (request, reply) => {
        const o = await service.changeStatus(
          db,
          requireActor(request),
          request.params.id,
          { ...request.body, reasonId: request.body.reasonId ?? null },
          optionalVersion(request.headers['if-match']),
        );
        return reply.header('etag', etag(o.version)).send(o);
      },
    );

    api.get(
      '/opportunities/:id/people',
      {
        schema: {
          tags,
          summary: 'Clientes envolvidos e o que falta a cada um para a venda',
          params: ZIdParams,
          response: { 200: z.object({ items: z.array(ZInvolvedPerson) }) },
        },
      },
      async (request) => ({
        items: await involved.listInvolvedPeople(db, requireActor(request), request.params.id),
      }),
    );

    api.post(
      '/opportunities/:id/people',
      {
        schema: {
          tags,
          summary: 'Incluir cliente envolvido ou mudar seu papel (um novo titular substitui o anterior)',
          params: ZIdParams,
          body: ZInvolvePersonRequest,
          response: { 200: z.object({ items: z.array(ZInvolvedPerson) }) },
        },
      },
      async (request) => ({
        items: await involved.involvePerson(
          db,
          requireActor(request),
          request.params.id,
          request.body.personId,
          request.body.role,
        ),
      }),
    );

    api.delete(
      '/opportunities/:id/people/:personId',
      {
        schema: {
          tags,
          summary: 'Retirar cliente envolvido (o titular não pode ser retirado)',
          params: z.object({ id: z.uuid(), personId: z.uuid() }),
          response: { 200: z.object({ items: z.array(ZInvolvedPerson) }) },
        },
      },
      async (request) => ({
        items: await involved.removePerson(
          db,
          requireActor(request),
          request.params.id,
          request.params.personId,
        ),
      }),
    );

    api.get(
      '/opportunities/:id/timeline',
      {
        schema: {
          tags,
          summary: 'Histórico da oportunidade (mais recente primeiro)',
          params: ZIdParams,
          querystring: ZTimelineQuery,
          response: { 200: ZTimelinePage },
        },
      },
      async (request) =>
        service.getOpportunityTimeline(
          db,
          requireActor(request),
          request.params.id,
          request.query.filter,
          request.query.cursor ?? null,
        ),
    );

    api.post(
      '/opportunities/:id/notes',
      {
        schema: {
          tags,
          summary: 'Anotação na oportunidade (não pode ser editada nem removida)',
          params: ZIdParams,
          body: ZNoteRequest,
          response: { 201: ZTimelineEvent },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await service.addOpportunityNote(db, requireActor(request), request.params.id, request.body.body),
          ),
    );

    api.get(
      '/opportunities/:id/proposals',
      {
        schema: {
          tags,
          summary: 'Propostas da oportunidade',
          params: ZIdParams,
          response: { 200: z.object({ items: z.array(ZProposal) }) },
        },
      },
      async (request) => ({
        items: await proposals.listProposals(db, requireActor(request), request.params.id),
      }),
    );

    api.post(
      '/opportunities/:id/proposals',
      {
        schema: {
          tags,
          summary: 'Registrar proposta (valor, condições, validade, itens)',
          params: ZIdParams,
          body: ZCreateProposalRequest,
          response: { 201: ZProposal },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await proposals.createProposal(db, requireActor(request), request.params.id, request.body)),
    );

    api.post(
      '/opportunities/:id/proposals/:proposalId/accept',
      {
        schema: {
          tags,
          summary:
            'Aceitar proposta: gera o pedido de venda e ganha a oportunidade (422 com o que falta a cada cliente envolvido)',
          params: z.object({ id: z.uuid(), proposalId: z.uuid() }),
          response: { 200: ZOpportunity },
        },
      },
      async (request) =>
        proposals.acceptProposal(db, requireActor(request), request.params.id, request.params.proposalId),
    );

    api.get(
      '/pipelines/:id/board',
      {
        schema: {
          tags,
          summary:
            'Quadro Kanban: por etapa, quantidade, soma dos valores e os primeiros cards (mesmos filtros da lista)',
          params: ZIdParams,
          querystring: ZBoardQuery,
          response: { 200: ZBoard },
        },
      },
      async (request) => {
        const { limit, ...filters } = request.query;
        return getBoard(db, requireActor(request), request.params.id, filters, limit);
      },
    );

    api.get(
      '/pipelines/:id/report',
      {
        schema: {
          tags,
          summary:
            'Relatório do funil para as oportunidades criadas no período (padrão: últimos 90 dias): etapas, conversão, tempo médio, resultados por motivo, responsável e origem',
          params: ZIdParams,
          querystring: ZReportQuery,
          response: { 200: ZFunnelReport },
        },
      },
      async (request) => funnelReport(db, requireActor(request), request.params.id, request.query),
    );

    // Editing a funnel is here, not in pipelines.routes: archiving a stage moves its cards first.
    api.put(
      '/pipelines/:id',
      {
        schema: {
          tags: ['pipelines'],
          summary:
            'Editar funil (`manageFunnels`): nome e lista ordenada de etapas; etapas omitidas são arquivadas, e seus cards vão para `moveCardsTo` (409 sem destino). If-Match obrigatório',
          params: ZIdParams,
          headers: ZIfMatchHeaders,
          body: ZUpdatePipelineRequest,
          response: { 200: ZPipeline },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const version = expectedVersion(request.headers['if-match'], request.body.version);
        const p = await updatePipeline(db, actor, request.params.id, version, request.body);
        return reply.header('etag', etag(p.version)).send(p);
      },
    );
  };
