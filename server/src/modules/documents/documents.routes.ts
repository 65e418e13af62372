import { ZDocumentTemplateRequest, ZGenerateDocumentRequest, ZSendDocumentRequest } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import { sendDownload } from '../attachments/download.ts';
import { mailHostRules } from '../mail-accounts/mail-accounts.service.ts';
import { ZPersonParams } from '../people/people.schema.ts';
import { ZTimelineEvent } from '../timeline/timeline.schema.ts';
import * as service from './documents.service.ts';

const ZRef = z.object({ id: z.string(), name: z.string() });

const ZDocument = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  size: z.number(),
  opportunity: z.object({ id: z.string(), title: z.string() }),
  proposalId: z.string(),
  createdBy: ZRef.nullable(),
  createdAt: z.string(),
});

const ZDocumentSource = z.object({
  proposalId: z.string(),
  opportunity: z.object({ id: z.string(), title: z.string() }),
  valueCents: z.number(),
  status: z.enum(['open', 'accepted', 'superseded']),
  createdAt: z.string(),
});

const ZDocumentTemplate = z.object({
  kind: z.literal('proposal'),
  name: z.string(),
  body: z.string(),
  version: z.number(),
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
});

const ZDocumentParams = z.object({ documentId: z.uuid() });

export const documentsRoutes =
  ({ db, env, files, secrets }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const mailHosts = mailHostRules(env);

    api.get(
      '/people/:id/documents',
      {
        schema: {
          tags: ['documents'],
          summary: 'Documentos gerados para a pessoa, mais recentes primeiro',
          params: ZPersonParams,
          response: { 200: z.object({ items: z.array(ZDocument) }) },
        },
      },
      async (request) => ({
        items: await service.listPersonDocuments(db, requireActor(request), request.params.id),
      }),
    );

    api.get(
      '/people/:id/document-sources',
      {
        schema: {
          tags: ['documents'],
          summary: 'Propostas das oportunidades da pessoa das quais se pode gerar um documento',
          params: ZPersonParams,
          response: { 200: z.object({ items: z.array(ZDocumentSource) }) },
        },
      },
      async (request) => ({
        items: await service.listDocumentSources(db, requireActor(request), request.params.id),
      }),
    );

    api.post(
      '/people/:id/documents',
      {
        schema: {
          tags: ['documents'],
          summary: 'Gerar o PDF de uma proposta com o modelo do workspace',
          params: ZPersonParams,
          body: ZGenerateDocumentRequest,
          response: { 201: ZDocument },
        },
        config: { problems: [503] },
      },
      async (request, reply) => {
        const document = await service.generateProposalDocument(
          db,
          files,
          requireActor(request),
          request.params.id,
          request.body.proposalId,
        );
        return reply
          .status(201)
          .header('location', `/api/v1/documents/${document.id}/download`)
          .send(document);
      },
    );

    api.get(
      '/documents/:documentId/download',
      {
        schema: {
          tags: ['documents'],
          summary: 'Baixar o PDF (Content-Disposition attachment, nosniff, CSP)',
          params: ZDocumentParams,
        },
        config: { problems: [503] },
      },
      async (request, reply) =>
        sendDownload(
          reply,
          await service.readDocument(db, files, requireActor(request), request.params.documentId, {
            requestId: request.id,
            ip: request.ip,
          }),
        ),
    );

    api.post(
      '/documents/:documentId/send',
      {
        config: { problems: [502, 503] },
        schema: {
          tags: ['documents'],
          summary: 'Enviar o documento por e-mail (SMTP do workspace; 409 se a pessoa está na deny list)',
          params: ZDocumentParams,
          body: ZSendDocumentRequest,
          response: { 201: ZTimelineEvent },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await service.sendDocument(
              db,
              files,
              secrets,
              mailHosts,
              requireActor(request),
              request.params.documentId,
              request.body,
            ),
          ),
    );

    api.get(
      '/document-templates/proposal',
      {
        schema: {
          tags: ['documents'],
          summary: 'Modelo de proposta do workspace (versão 0 = modelo padrão)',
          response: { 200: ZDocumentTemplate },
        },
      },
      async (request, reply) => {
        const template = await service.getProposalTemplate(db, requireActor(request));
        return reply.header('etag', etag(template.version)).send(template);
      },
    );

    api.put(
      '/document-templates/proposal',
      {
        schema: {
          tags: ['documents'],
          summary: 'Salvar o modelo de proposta (administradores; If-Match; 412 se desatualizado)',
          headers: ZIfMatchHeaders,
          body: ZDocumentTemplateRequest,
          response: { 200: ZDocumentTemplate },
        },
      },
      async (request, reply) => {
        const template = await service.saveProposalTemplate(
          db,
          requireActor(request),
          expectedVersion(request.headers['if-match']),
          request.body,
        );
        return reply.header('etag', etag(template.version)).send(template);
      },
    );
  };
