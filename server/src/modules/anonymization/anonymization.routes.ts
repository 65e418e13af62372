import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { anonymizationOf, anonymizePerson, listAnonymizations } from './anonymization.service.ts';

const ZAnonymizeRequest = z.object({
  reason: z.string().trim().min(1, 'required').max(500, 'too_long'),
  /** The data-subject request this answers (kept with the record; no link is checked). */
  requestId: z.uuid().nullish(),
});

export const ZAnonymization = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  by: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  reason: z.string(),
  requestId: z.string().nullable(),
  retentionRunId: z.string().nullable(),
  removed: z.record(z.string(), z.number()),
  createdAt: z.string(),
});

const ZPersonParams = z.object({ id: z.uuid() });
const ZPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** Anonimização (LGPD art. 18): anonymize a person, read a person's anonymization, list them (`managePrivacy`). */
export const anonymizationRoutes =
  ({ db, files }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['privacy'];

    api.post(
      '/people/:id/anonymize',
      {
        schema: {
          tags,
          summary:
            'Anonimizar titular (LGPD): remove a identidade em todo lugar e mantém as estatísticas; irreversível (409 se já anonimizado)',
          params: ZPersonParams,
          body: ZAnonymizeRequest,
          response: { 200: ZAnonymization },
        },
        config: { problems: [403, 404, 409, 503] },
      },
      async (request) =>
        anonymizePerson(db, files, { actor: requireActor(request) }, request.params.id, {
          reason: request.body.reason,
          requestId: request.body.requestId ?? null,
        }),
    );

    api.get(
      '/people/:id/anonymization',
      {
        schema: {
          tags,
          summary:
            'A anonimização de um titular (null se não anonimizado): quem, quando, por quê, o que foi removido',
          params: ZPersonParams,
          response: { 200: z.object({ anonymization: ZAnonymization.nullable() }) },
        },
        config: { problems: [404] },
      },
      async (request) => ({
        anonymization: await anonymizationOf(db, requireActor(request), request.params.id),
      }),
    );

    api.get(
      '/privacy/anonymizations',
      {
        schema: {
          tags,
          summary: 'Anonimizações do workspace, mais recentes primeiro',
          querystring: ZPageQuery,
          response: { 200: z.object({ items: z.array(ZAnonymization), total: z.number().int() }) },
        },
        config: { problems: [403] },
      },
      async (request) => listAnonymizations(db, requireActor(request), request.query),
    );
  };
