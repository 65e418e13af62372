import { MAX_ATTACHMENT_BYTES } from '@funil/domain';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { assertStorableText } from '../../http/storable-text.ts';
import { DomainError, validationError } from '../../lib/errors.ts';
import { ZPersonParams } from '../people/people.schema.ts';
import { ZTimelineEvent } from '../timeline/timeline.schema.ts';
import {
  ZAttachment,
  ZAttachmentList,
  ZAttachmentParams,
  ZPersonNoteRequest,
  ZUploadQuery,
} from './attachments.schema.ts';
import * as service from './attachments.service.ts';
import { sendDownload } from './download.ts';

/**
 * The one file of a multipart request (field `file`), whole. A file past the limit is truncated by the parser,
 * which makes `toBuffer` throw: that becomes 413, never a stored partial file.
 */
export async function readUpload(request: FastifyRequest, maxBytes: number) {
  const file = await request.file({ limits: { fileSize: maxBytes } });
  if (!file) throw validationError([{ field: 'file', code: 'required', message: '' }]);
  let bytes: Buffer;
  try {
    bytes = await file.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' || file.file.truncated) {
      throw new DomainError('payload-too-large', 413, { detail: 'O arquivo passa do limite de 10 MB.' });
    }
    throw error;
  }
  if (bytes.length === 0) throw validationError([{ field: 'file', code: 'required', message: '' }]);
  // The name is stored; multipart parts are not covered by the hook that checks every other string.
  assertStorableText(file.filename, 'file.filename');
  return { fileName: file.filename, bytes };
}

export const attachmentsRoutes =
  ({ db, files }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/people/:id/attachments',
      {
        schema: {
          tags: ['attachments'],
          summary: 'Anexos da pessoa (aba Anexos e comentários), mais recentes primeiro',
          params: ZPersonParams,
          response: { 200: ZAttachmentList },
        },
      },
      async (request) => ({
        items: await service.listPersonAttachments(db, requireActor(request), request.params.id),
      }),
    );

    api.post(
      '/people/:id/attachments',
      {
        schema: {
          tags: ['attachments'],
          summary:
            'Enviar anexo (multipart, campo `file`; até 10 MB; tipo verificado pelo conteúdo — 415 fora da lista). ' +
            '`source=comment` guarda o arquivo para um comentário (`attachmentIds` da anotação).',
          params: ZPersonParams,
          querystring: ZUploadQuery,
          consumes: ['multipart/form-data'],
          response: { 201: ZAttachment },
        },
        config: { problems: [503] },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const upload = await readUpload(request, MAX_ATTACHMENT_BYTES);
        const attachment = await service.uploadAttachment(db, files, actor, request.params.id, {
          ...upload,
          source: request.query.source,
        });
        return reply
          .status(201)
          .header('location', `/api/v1/attachments/${attachment.id}/download`)
          .send(attachment);
      },
    );

    api.post(
      '/people/:id/notes',
      {
        schema: {
          tags: ['people'],
          summary: 'Adicionar anotação ou comentário com anexos (`attachmentIds`, enviados antes) — imutável',
          params: ZPersonParams,
          body: ZPersonNoteRequest,
          response: { 201: ZTimelineEvent },
        },
      },
      async (request, reply) => {
        const { body, attachmentIds } = request.body;
        const event = await service.addPersonNote(
          db,
          requireActor(request),
          request.params.id,
          body,
          attachmentIds,
        );
        return reply.status(201).send(event);
      },
    );

    api.get(
      '/attachments/:attachmentId/download',
      {
        schema: {
          tags: ['attachments'],
          summary: 'Baixar anexo (sempre como download: Content-Disposition attachment, nosniff, CSP)',
          params: ZAttachmentParams,
        },
        config: { problems: [503] },
      },
      async (request, reply) =>
        sendDownload(
          reply,
          await service.readAttachment(db, files, requireActor(request), request.params.attachmentId, {
            requestId: request.id,
            ip: request.ip,
          }),
        ),
    );
  };
