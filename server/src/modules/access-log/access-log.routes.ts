import { Readable } from 'node:stream';
import { ACCESS_KINDS } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { accessLogCsv, accessLogForPerson, listAccessLog } from './access-log.service.ts';

const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (v) =>
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
  );

const ZAccessLogEntry = z.object({
  id: z.string(),
  occurredAt: z.string(),
  kind: z.enum(ACCESS_KINDS),
  user: z.object({ id: z.string(), name: z.string() }).nullable(),
  integrationId: z.string().nullable(),
  person: z.object({ id: z.string(), name: z.string() }),
  exportId: z.string().nullable(),
  fileId: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
const ZAccessLogPage = z.object({ items: z.array(ZAccessLogEntry), nextCursor: z.string().nullable() });

const ZPaging = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});
const ZFilters = z.object({
  userId: z.uuid().optional(),
  personId: z.uuid().optional(),
  kind: z.enum(ACCESS_KINDS).optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
});
const ZPersonParams = z.object({ id: z.uuid() });

export const accessLogRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['privacy'];

    api.get(
      '/privacy/access-log',
      {
        schema: {
          tags,
          summary:
            'Registro de acessos a dados pessoais (LGPD): quem viu a ficha, revelou telefones, baixou arquivos ou exportou linhas; filtros por usuário, pessoa, tipo e período (managePrivacy)',
          querystring: ZFilters.extend(ZPaging.shape),
          response: { 200: ZAccessLogPage },
        },
        config: { problems: [403] },
      },
      async (request) => listAccessLog(db, requireActor(request), request.query),
    );

    api.get(
      '/privacy/access-log.csv',
      {
        schema: {
          tags,
          summary: 'O registro de acessos filtrado, em CSV (managePrivacy)',
          querystring: ZFilters,
        },
        config: { problems: [403, 404] },
      },
      async (request, reply) => {
        const rows = await accessLogCsv(db, requireActor(request), request.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="registro-de-acessos.csv"')
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(Readable.from(rows));
      },
    );

    api.get(
      '/people/:id/access-log',
      {
        schema: {
          tags,
          summary: 'Os acessos aos dados de uma pessoa, dos mais recentes aos mais antigos (managePrivacy)',
          params: ZPersonParams,
          querystring: ZPaging,
          response: { 200: ZAccessLogPage },
        },
        config: { problems: [403] },
      },
      async (request) => accessLogForPerson(db, requireActor(request), request.params.id, request.query),
    );
  };
