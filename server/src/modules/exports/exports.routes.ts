import { EXPORT_FORMATS, EXPORT_LISTS, EXPORT_STATUSES } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { contentDisposition } from '../attachments/download.ts';
import { createExport, getMyExport, listMyExports, openExportFile } from './exports.service.ts';

const ZExportFilters = z.record(z.string().max(60), z.string().max(500));

const ZCreateExportRequest = z.object({
  list: z.enum(EXPORT_LISTS),
  format: z.enum(EXPORT_FORMATS),
  /** The list endpoint's own query (`GET /people`, `/opportunities`, `/activities`) without paging. */
  filters: ZExportFilters.default({}),
});

const ZExport = z.object({
  id: z.string(),
  list: z.enum(EXPORT_LISTS),
  format: z.enum(EXPORT_FORMATS),
  filters: ZExportFilters,
  status: z.enum(EXPORT_STATUSES),
  rowsTotal: z.number().nullable(),
  rowsDone: z.number(),
  fileSize: z.number().nullable(),
  fileName: z.string(),
  downloadable: z.boolean(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  expiredAt: z.string().nullable(),
  /** LGPD: the file was withdrawn because a person it may list was anonymized. */
  withdrawnAt: z.string().nullable(),
});

const ZExportPage = z.object({ items: z.array(ZExport), nextCursor: z.string().nullable() });
const ZListExportsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
const ZIdParams = z.object({ id: z.uuid() });

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export const exportsRoutes =
  ({ db, files }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['exports'];

    api.post(
      '/exports',
      {
        schema: {
          tags,
          summary:
            'Pedir a exportação de uma lista (pessoas, oportunidades, atividades) em CSV ou XLSX com os filtros da lista; escrita em segundo plano (202)',
          body: ZCreateExportRequest,
          response: { 202: ZExport },
        },
        config: { problems: [403] },
      },
      async (request, reply) => {
        const record = await createExport(db, requireActor(request), request.body);
        return reply.status(202).header('location', `/api/v1/exports/${record.id}`).send(record);
      },
    );

    api.get(
      '/exports',
      {
        schema: {
          tags,
          summary: 'Minhas exportações, das mais recentes às mais antigas',
          querystring: ZListExportsQuery,
          response: { 200: ZExportPage },
        },
      },
      async (request) => listMyExports(db, requireActor(request), request.query),
    );

    api.get(
      '/exports/:id',
      {
        schema: {
          tags,
          summary: 'Uma exportação minha: situação e progresso',
          params: ZIdParams,
          response: { 200: ZExport },
        },
      },
      async (request) => getMyExport(db, requireActor(request), request.params.id),
    );

    api.get(
      '/exports/:id/file',
      {
        schema: {
          tags,
          summary:
            'Baixar o arquivo de uma exportação minha concluída (409 enquanto escreve ou depois de expirar)',
          params: ZIdParams,
        },
        config: { problems: [409, 503] },
      },
      async (request, reply) => {
        const { record, stream } = await openExportFile(db, files, requireActor(request), request.params.id);
        return reply
          .type(CONTENT_TYPES[record.format])
          .header('content-disposition', contentDisposition(record.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store')
          .send(stream);
      },
    );
  };
