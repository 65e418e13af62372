import { RETENTION_KINDS, RETENTION_RUN_STATUSES } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import {
  createRetentionRule,
  getRetentionRun,
  listRetentionRules,
  listRetentionRuns,
  previewRetention,
  startRetentionRun,
  updateRetentionRule,
} from './retention.service.ts';

const ZRule = z.object({
  id: z.uuid(),
  kind: z.enum(RETENTION_KINDS),
  months: z.number().int(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const ZMonths = z.number().int().min(1, 'too_small').max(600, 'too_big');
const ZCreateRule = z.object({
  kind: z.enum(RETENTION_KINDS),
  months: ZMonths,
  active: z.boolean().default(true),
});
const ZUpdateRule = z.object({ months: ZMonths.optional(), active: z.boolean().optional() });
const ZRun = z.object({
  id: z.uuid(),
  ruleId: z.uuid(),
  kind: z.enum(RETENTION_KINDS),
  months: z.number().int(),
  status: z.enum(RETENTION_RUN_STATUSES),
  previewCount: z.number().int(),
  doneCount: z.number().int(),
  anonymizedCount: z.number().int(),
  noLongerMatching: z.array(z.string()),
  failure: z.string().nullable(),
  previewedBy: z.string().nullable(),
  previewedAt: z.string(),
  startedBy: z.string().nullable(),
  queuedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
const ZRunPage = z.object({
  run: ZRun,
  people: z.array(
    z.object({
      id: z.uuid(),
      name: z.string().nullable(),
      lastActivityAt: z.string(),
      archivedAt: z.string().nullable(),
      anonymizedAt: z.string().nullable(),
    }),
  ),
});
const ZIdParams = z.object({ id: z.uuid() });
const ZPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** Regras de retenção (`managePrivacy`): rules, "Pré-visualizar" (a stored snapshot of ids), "Executar" it. */
export const retentionRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['privacy'];

    api.get(
      '/privacy/retention/rules',
      {
        schema: {
          tags,
          summary: 'Regras de retenção',
          response: { 200: z.object({ items: z.array(ZRule) }) },
        },
        config: { problems: [403] },
      },
      async (request) => ({ items: await listRetentionRules(db, requireActor(request)) }),
    );

    api.post(
      '/privacy/retention/rules',
      {
        schema: { tags, summary: 'Criar regra de retenção', body: ZCreateRule, response: { 201: ZRule } },
        config: { problems: [403] },
      },
      async (request, reply) =>
        reply.status(201).send(await createRetentionRule(db, requireActor(request), request.body)),
    );

    api.patch(
      '/privacy/retention/rules/:id',
      {
        schema: {
          tags,
          summary: 'Alterar meses ou ligar/desligar uma regra de retenção',
          params: ZIdParams,
          body: ZUpdateRule,
          response: { 200: ZRule },
        },
        config: { problems: [403, 404] },
      },
      async (request) => updateRetentionRule(db, requireActor(request), request.params.id, request.body),
    );

    api.post(
      '/privacy/retention/rules/:id/preview',
      {
        schema: {
          tags,
          summary:
            'Pré-visualizar: guarda exatamente quem uma execução anonimizaria agora (até 5.000 pessoas)',
          params: ZIdParams,
          response: { 201: ZRun },
        },
        config: { problems: [403, 404] },
      },
      async (request, reply) =>
        reply.status(201).send(await previewRetention(db, requireActor(request), request.params.id)),
    );

    api.get(
      '/privacy/retention/runs',
      {
        schema: {
          tags,
          summary: 'Pré-visualizações e execuções de retenção, mais recentes primeiro',
          response: { 200: z.object({ items: z.array(ZRun) }) },
        },
        config: { problems: [403] },
      },
      async (request) => ({ items: await listRetentionRuns(db, requireActor(request)) }),
    );

    api.get(
      '/privacy/retention/runs/:id',
      {
        schema: {
          tags,
          summary: 'Uma pré-visualização/execução com uma página das pessoas',
          params: ZIdParams,
          querystring: ZPageQuery,
          response: { 200: ZRunPage },
        },
        config: { problems: [403, 404] },
      },
      async (request) => getRetentionRun(db, requireActor(request), request.params.id, request.query),
    );

    api.post(
      '/privacy/retention/runs/:id/start',
      {
        schema: {
          tags,
          summary:
            'Executar a pré-visualização: anonimiza exatamente as pessoas listadas que ainda se enquadram (202)',
          params: ZIdParams,
          response: { 202: ZRun },
        },
        config: { problems: [403, 404, 409] },
      },
      async (request, reply) =>
        reply.status(202).send(await startRetentionRun(db, requireActor(request), request.params.id)),
    );
  };
