import {
  ASSIGNMENT_REASONS,
  DISTRIBUTION_MODES,
  ZDistributionRuleRequest,
  ZDistributionSchedule,
} from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import * as service from './distribution.service.ts';

const ZIdParams = z.object({ id: z.uuid() });

const ZRule = z.object({
  id: z.uuid(),
  position: z.number().int(),
  name: z.string(),
  pipelineId: z.uuid(),
  pipelineName: z.string(),
  sourceId: z.uuid().nullable(),
  branchId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  mode: z.enum(DISTRIBUTION_MODES),
  onlyOnDuty: z.boolean(),
  schedule: ZDistributionSchedule.nullable(),
  slaMinutes: z.number().int().nullable(),
  active: z.boolean(),
  members: z.array(
    z.object({
      userId: z.uuid(),
      name: z.string(),
      weight: z.number().int(),
      dailyCap: z.number().int().nullable(),
    }),
  ),
  version: z.number().int(),
});

const ZDistribution = z.object({
  status: z.enum(['assigned', 'queued', 'no_rule']),
  ownerId: z.uuid().optional(),
  ruleId: z.uuid().optional(),
});

const ZDuty = z.object({ onDuty: z.boolean(), since: z.string().nullable(), member: z.boolean() });

const ZOverview = z.object({
  onDuty: z.array(z.object({ userId: z.uuid(), name: z.string(), since: z.string() })),
  queue: z.array(
    z.object({
      opportunityId: z.uuid(),
      title: z.string(),
      ruleId: z.uuid(),
      ruleName: z.string(),
      queuedAt: z.string(),
    }),
  ),
  brokers: z.array(
    z.object({
      userId: z.uuid(),
      name: z.string(),
      leadsToday: z.number().int(),
      medianFirstResponseSeconds: z.number().nullable(),
      avgFirstResponseSeconds: z.number().nullable(),
    }),
  ),
  recent: z.array(
    z.object({
      id: z.number().int(),
      opportunityId: z.uuid(),
      title: z.string(),
      ruleId: z.uuid().nullable(),
      ruleName: z.string(),
      userId: z.uuid(),
      userName: z.string(),
      reason: z.enum(ASSIGNMENT_REASONS),
      assignedAt: z.string(),
      slaDueAt: z.string().nullable(),
      contactedAt: z.string().nullable(),
      status: z.enum(['open', 'contacted', 'reclaimed', 'expired']),
    }),
  ),
});

/** Roleta: distribution rules (`manageDistribution`), the user's duty switch, the manager page's data. */
export const distributionRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['distribution'];

    api.get(
      '/distribution/rules',
      {
        schema: {
          tags,
          summary: 'Regras da roleta, na ordem em que são tentadas (`manageDistribution`)',
          response: { 200: z.object({ items: z.array(ZRule) }) },
        },
      },
      async (request) => ({ items: await service.listRules(db, requireActor(request)) }),
    );

    api.post(
      '/distribution/rules',
      {
        schema: {
          tags,
          summary: 'Criar regra da roleta (vai para o fim da ordem)',
          body: ZDistributionRuleRequest,
          response: { 201: ZRule },
        },
      },
      async (request, reply) => {
        const rule = await service.createRule(db, requireActor(request), request.body);
        return reply.status(201).header('etag', etag(rule.version)).send(rule);
      },
    );

    api.get(
      '/distribution/rules/:id',
      {
        schema: { tags, summary: 'Uma regra da roleta', params: ZIdParams, response: { 200: ZRule } },
      },
      async (request, reply) => {
        const rule = await service.getRule(db, requireActor(request), request.params.id);
        return reply.header('etag', etag(rule.version)).send(rule);
      },
    );

    api.put(
      '/distribution/rules/:id',
      {
        schema: {
          tags,
          summary:
            'Alterar regra (membros, pesos, limites, horário, SLA, ativa). If-Match com a versão; 412/428',
          params: ZIdParams,
          headers: ZIfMatchHeaders,
          body: ZDistributionRuleRequest,
          response: { 200: ZRule },
        },
      },
      async (request, reply) => {
        const rule = await service.updateRule(
          db,
          requireActor(request),
          request.params.id,
          expectedVersion(request.headers['if-match']),
          request.body,
        );
        return reply.header('etag', etag(rule.version)).send(rule);
      },
    );

    api.delete(
      '/distribution/rules/:id',
      {
        schema: {
          tags,
          summary: 'Excluir regra (as atribuições feitas continuam no registro). If-Match com a versão',
          params: ZIdParams,
          headers: ZIfMatchHeaders,
          response: { 204: z.null().describe('Excluída') },
        },
      },
      async (request, reply) => {
        await service.deleteRule(
          db,
          requireActor(request),
          request.params.id,
          expectedVersion(request.headers['if-match']),
        );
        return reply.status(204).send(null);
      },
    );

    api.post(
      '/distribution/rules/:id/move',
      {
        schema: {
          tags,
          summary: 'Mover a regra uma posição acima ou abaixo na ordem em que as regras são tentadas',
          params: ZIdParams,
          body: z.object({ direction: z.enum(['up', 'down']) }),
          response: { 200: z.object({ items: z.array(ZRule) }) },
        },
      },
      async (request) => ({
        items: await service.moveRule(db, requireActor(request), request.params.id, request.body.direction),
      }),
    );

    api.get(
      '/distribution/lead-sources',
      {
        schema: {
          tags,
          summary: 'Fontes de leads a que uma regra pode se limitar (`manageDistribution`)',
          response: { 200: z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string() })) }) },
        },
      },
      async (request) => ({ items: await service.listRuleLeadSources(db, requireActor(request)) }),
    );

    api.post(
      '/distribution/rules/:id/distribute',
      {
        schema: {
          tags,
          summary:
            'Distribuir agora: entrega uma negociação sem responsável do funil da regra a quem é a vez',
          params: ZIdParams,
          body: z.object({ opportunityId: z.uuid(), personId: z.uuid() }),
          response: { 200: ZDistribution },
        },
      },
      async (request) => service.distributeNow(db, requireActor(request), request.params.id, request.body),
    );

    api.get(
      '/distribution/duty',
      {
        schema: {
          tags,
          summary: 'Meu plantão: em plantão, desde quando, se sou membro de alguma regra',
          response: { 200: ZDuty },
        },
      },
      async (request) => service.getMyDuty(db, requireActor(request)),
    );

    api.put(
      '/distribution/duty',
      {
        schema: {
          tags,
          summary: 'Entrar ou sair do plantão',
          body: z.object({ onDuty: z.boolean() }),
          response: { 200: ZDuty },
        },
      },
      async (request) => service.setMyDuty(db, requireActor(request), request.body.onDuty),
    );

    api.get(
      '/distribution/overview',
      {
        schema: {
          tags,
          summary:
            'Página da roleta: quem está de plantão, a fila, leads de hoje e tempo de primeira resposta por corretor, atribuições recentes (sem `manageDistribution`: só os próprios)',
          response: { 200: ZOverview },
        },
      },
      async (request) => service.getOverview(db, requireActor(request)),
    );
  };
