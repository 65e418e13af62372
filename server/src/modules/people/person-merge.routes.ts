import { DUPLICATE_REASONS, ZMergeRequest } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { dismissDuplicate, listDuplicates, scanDuplicates } from './duplicates.service.ts';
import { ZPersonParams } from './people.schema.ts';
import { listPersonMerges, mergePeople, undoMerge } from './person-merge.service.ts';

const ZPair = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  city: z.string().nullable(),
  state: z.string().nullable(),
});
const ZDuplicateCandidate = z.object({
  id: z.uuid(),
  reasons: z.array(z.enum(DUPLICATE_REASONS)),
  score: z.number(),
  status: z.enum(['open', 'dismissed', 'merged']),
  foundAt: z.string(),
  a: ZPair,
  b: ZPair,
});
const ZDuplicatePage = z.object({ items: z.array(ZDuplicateCandidate), nextCursor: z.string().nullable() });
const ZDuplicatesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(10).optional(),
});
const ZRef = z.object({ id: z.uuid(), name: z.string() });
const ZPersonMerge = z.object({
  id: z.uuid(),
  survivor: ZRef,
  merged: ZRef,
  mergedAt: z.string(),
  mergedBy: ZRef.nullable(),
  undoneAt: z.string().nullable(),
  undoableUntil: z.string(),
  undoable: z.boolean(),
  changedFields: z.array(z.string()),
  moved: z.record(z.string(), z.number()),
});
const ZIdParams = z.object({ id: z.uuid() });

/**
 * Duplicados e mesclagem (`mergePeople`): the finder's scan, the review queue, dismissing a pair, merging two people
 * field by field, undoing a merge within 30 days, and a person's merges.
 */
export const personMergeRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['people'];

    api.post(
      '/people/duplicates/scan',
      {
        schema: {
          tags,
          summary:
            'Procurar duplicados (9º dígito, apelidos de e-mail, nome + nascimento, nomes parecidos na mesma cidade, nome fantasia, mesma inscrição estadual) e preencher a fila de revisão',
          response: { 200: z.object({ pairs: z.number().int() }) },
        },
        config: { problems: [504] },
      },
      async (request) => scanDuplicates(db, requireActor(request)),
    );

    api.get(
      '/people/duplicates',
      {
        schema: {
          tags,
          summary: 'Fila de revisão de duplicados: pares abertos em que o usuário vê as duas pessoas',
          querystring: ZDuplicatesQuery,
          response: { 200: ZDuplicatePage },
        },
      },
      async (request) => listDuplicates(db, requireActor(request), request.query),
    );

    api.post(
      '/people/duplicates/:id/dismiss',
      {
        schema: {
          tags,
          summary: 'Ignorar um par de duplicados (não volta em novas buscas)',
          params: ZIdParams,
          response: { 200: ZDuplicateCandidate },
        },
      },
      async (request) => dismissDuplicate(db, requireActor(request), request.params.id),
    );

    api.post(
      '/people/merges',
      {
        schema: {
          tags,
          summary:
            'Mesclar duas pessoas escolhendo campo a campo; 412 se uma delas mudou desde a comparação, 409 `already-merged`',
          body: ZMergeRequest,
          response: { 201: ZPersonMerge },
        },
        config: { problems: [404, 409, 412] },
      },
      async (request, reply) =>
        reply.status(201).send(await mergePeople(db, requireActor(request), request.body)),
    );

    api.post(
      '/people/merges/:id/undo',
      {
        schema: {
          tags,
          summary:
            'Desfazer mesclagem (até 30 dias): 409 se já desfeita, 410 `merge-expired` depois do prazo',
          params: ZIdParams,
          response: { 200: ZPersonMerge },
        },
        config: { problems: [409, 410] },
      },
      async (request) => undoMerge(db, requireActor(request), request.params.id),
    );

    api.get(
      '/people/:id/merges',
      {
        schema: {
          tags,
          summary: 'Mesclagens de que a pessoa participou (sobrevivente ou mesclada), mais recentes primeiro',
          params: ZPersonParams,
          response: { 200: z.object({ items: z.array(ZPersonMerge) }) },
        },
      },
      async (request) => ({ items: await listPersonMerges(db, requireActor(request), request.params.id) }),
    );
  };
