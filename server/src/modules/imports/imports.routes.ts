import { ZUpdateImportRequest } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { validationError } from '../../lib/errors.ts';
import { readUpload } from '../attachments/attachments.routes.ts';
import { assertCan } from '../auth/access.policy.ts';
import {
  ZImport,
  ZImportList,
  ZImportParams,
  ZImportPreview,
  ZUploadedImport,
  ZUploadQuery,
} from './imports.schema.ts';
import * as service from './imports.service.ts';

const MAX_UPLOAD = 10 * 1024 * 1024;

/**
 * Importação de pessoas e oportunidades (`importPeople`): upload a CSV / XLSX, map its columns, preview, start (the job runs it in
 * batches with a checkpoint), follow its progress, download the refused rows, undo it.
 */
export const importsRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['imports'];

    api.get(
      '/imports',
      {
        schema: {
          tags,
          summary: 'Importações da área de trabalho, mais recentes primeiro',
          response: { 200: ZImportList },
        },
      },
      async (request) => ({ items: await service.listImports(db, requireActor(request)) }),
    );

    api.post(
      '/imports',
      {
        config: { problems: [413, 415] },
        schema: {
          tags,
          summary:
            'Enviar uma planilha (multipart, campo `file`: CSV com qualquer separador, UTF-8 ou Latin-1, ou XLSX; até 10 MB): colunas, primeiras linhas e associação sugerida',
          consumes: ['multipart/form-data'],
          querystring: ZUploadQuery,
          response: { 201: ZUploadedImport },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        assertCan(actor, 'importPeople');
        if (!request.isMultipart()) throw validationError([{ field: 'file', code: 'required', message: '' }]);
        const upload = await readUpload(request, MAX_UPLOAD);
        return reply.code(201).send(await service.uploadImport(db, actor, upload, request.query.kind));
      },
    );

    api.get(
      '/imports/:id',
      {
        config: { problems: [404] },
        schema: {
          tags,
          summary: 'Uma importação e o seu progresso',
          params: ZImportParams,
          response: { 200: ZImport },
        },
      },
      async (request) => service.getImport(db, requireActor(request), request.params.id),
    );

    api.put(
      '/imports/:id',
      {
        config: { problems: [404, 409] },
        schema: {
          tags,
          summary: 'Associação das colunas e política de duplicados (opcionalmente salva com um nome)',
          params: ZImportParams,
          body: ZUpdateImportRequest,
          response: { 200: ZImport },
        },
      },
      async (request) => service.updateImport(db, requireActor(request), request.params.id, request.body),
    );

    api.get(
      '/imports/:id/preview',
      {
        config: { problems: [404] },
        schema: {
          tags,
          summary: 'As primeiras 20 linhas pela associação atual, com os erros de cada uma',
          params: ZImportParams,
          response: { 200: ZImportPreview },
        },
      },
      async (request) => service.previewImport(db, requireActor(request), request.params.id),
    );

    api.post(
      '/imports/:id/start',
      {
        config: { problems: [404, 409] },
        schema: {
          tags,
          summary: 'Iniciar (ou retomar após uma falha) a importação',
          params: ZImportParams,
          response: { 202: ZImport },
        },
      },
      async (request, reply) =>
        reply.code(202).send(await service.startImport(db, requireActor(request), request.params.id)),
    );

    api.get(
      '/imports/:id/errors',
      {
        config: { problems: [404] },
        schema: {
          tags,
          summary: 'Relatório de erros em CSV: as linhas recusadas ou ignoradas, com o motivo',
          params: ZImportParams,
        },
      },
      async (request, reply) => {
        const report = await service.errorReport(db, requireActor(request), request.params.id);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${encodeURIComponent(report.fileName)}"`)
          .send(report.csv);
      },
    );

    api.post(
      '/imports/:id/undo',
      {
        config: { problems: [404, 409] },
        schema: {
          tags,
          summary: 'Desfazer a importação: remove as pessoas criadas e devolve os valores das atualizadas',
          params: ZImportParams,
          response: { 200: ZImport },
        },
      },
      async (request) => service.undoImport(db, requireActor(request), request.params.id),
    );
  };
