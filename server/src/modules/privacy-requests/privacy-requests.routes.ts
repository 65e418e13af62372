import {
  PRIVACY_REQUEST_CHANNELS,
  PRIVACY_REQUEST_EVENT_KINDS,
  PRIVACY_REQUEST_KINDS,
  PRIVACY_REQUEST_STATUSES,
  ZAnswerPrivacyRequest,
  ZCreatePrivacyRequest,
  ZListPrivacyRequestsQuery,
  ZRefusePrivacyRequest,
  ZUpdatePrivacyRequest,
} from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import { sendDownload } from '../attachments/download.ts';
import {
  createPrivacyRequest,
  generateAnswerFiles,
  getPrivacyRequest,
  listPrivacyRequests,
  markRequestAnswered,
  openAnswerFile,
  refusePrivacyRequest,
  updatePrivacyRequest,
} from './privacy-requests.service.ts';

const ZRef = z.object({ id: z.string(), name: z.string() });
const ZPrivacyRequest = z.object({
  id: z.string(),
  number: z.number(),
  kind: z.enum(PRIVACY_REQUEST_KINDS),
  channel: z.enum(PRIVACY_REQUEST_CHANNELS),
  status: z.enum(PRIVACY_REQUEST_STATUSES),
  person: ZRef.nullable(),
  requesterName: z.string(),
  requesterContact: z.string(),
  requesterDocument: z.string(),
  identityVerified: z.boolean(),
  identityMethod: z.string(),
  details: z.string(),
  assignee: ZRef.nullable(),
  receivedAt: z.string(),
  deadlineAt: z.string(),
  overdue: z.boolean(),
  simplifiedAnswerAt: z.string().nullable(),
  answerText: z.string().nullable(),
  refusalReason: z.string().nullable(),
  closedAt: z.string().nullable(),
  files: z.array(
    z.object({ kind: z.enum(['json', 'pdf']), name: z.string(), size: z.number(), createdAt: z.string() }),
  ),
  createdBy: ZRef.nullable(),
  createdAt: z.string(),
  version: z.number(),
});
const ZPrivacyRequestDetail = z.object({
  request: ZPrivacyRequest,
  events: z.array(
    z.object({
      id: z.number(),
      kind: z.enum(PRIVACY_REQUEST_EVENT_KINDS),
      actor: ZRef.nullable(),
      data: z.record(z.string(), z.unknown()),
      at: z.string(),
    }),
  ),
});
const ZPrivacyRequestPage = z.object({
  items: z.array(ZPrivacyRequest),
  total: z.number(),
  counts: z.object({ overdue: z.number(), nearDue: z.number(), pending: z.number() }),
});
const ZIdParams = z.object({ id: z.uuid() });
const ZFileParams = z.object({ id: z.uuid(), kind: z.enum(['json', 'pdf']) });

export const privacyRequestsRoutes =
  ({ db, files }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['privacy'];

    api.get(
      '/privacy/requests',
      {
        schema: {
          tags,
          summary:
            'LGPD: solicitações dos titulares (art. 18), prazo mais próximo primeiro, com as contagens de atrasadas e a vencer (`managePrivacy`)',
          querystring: ZListPrivacyRequestsQuery,
          response: { 200: ZPrivacyRequestPage },
        },
        config: { problems: [403] },
      },
      async (request) => listPrivacyRequests(db, requireActor(request), request.query),
    );

    api.post(
      '/privacy/requests',
      {
        schema: {
          tags,
          summary:
            'Registrar uma solicitação do titular; prazo = recebida + 15 dias (art. 19 II) (`managePrivacy`)',
          body: ZCreatePrivacyRequest,
          response: { 201: ZPrivacyRequest },
        },
        config: { problems: [403] },
      },
      async (request, reply) => {
        const created = await createPrivacyRequest(db, requireActor(request), request.body);
        return reply
          .status(201)
          .header('location', `/api/v1/privacy/requests/${created.id}`)
          .header('etag', etag(created.version))
          .send(created);
      },
    );

    api.get(
      '/privacy/requests/:id',
      {
        schema: {
          tags,
          summary: 'Uma solicitação do titular e o histórico do seu atendimento (`managePrivacy`)',
          params: ZIdParams,
          response: { 200: ZPrivacyRequestDetail },
        },
        config: { problems: [403] },
      },
      async (request, reply) => {
        const detail = await getPrivacyRequest(db, requireActor(request), request.params.id);
        return reply.header('etag', etag(detail.request.version)).send(detail);
      },
    );

    api.patch(
      '/privacy/requests/:id',
      {
        schema: {
          tags,
          summary:
            'Atender uma solicitação: vincular a pessoa, atribuir, situação, identidade, resposta simplificada (art. 19 I). If-Match obrigatório',
          params: ZIdParams,
          headers: ZIfMatchHeaders,
          body: ZUpdatePrivacyRequest,
          response: { 200: ZPrivacyRequest },
        },
        config: { problems: [403, 409] },
      },
      async (request, reply) => {
        const updated = await updatePrivacyRequest(
          db,
          requireActor(request),
          request.params.id,
          expectedVersion(request.headers['if-match']),
          request.body,
        );
        return reply.header('etag', etag(updated.version)).send(updated);
      },
    );

    api.post(
      '/privacy/requests/:id/answer',
      {
        schema: {
          tags,
          summary: 'Responder a solicitação (texto guardado com os arquivos gerados). If-Match obrigatório',
          params: ZIdParams,
          headers: ZIfMatchHeaders,
          body: ZAnswerPrivacyRequest,
          response: { 200: ZPrivacyRequest },
        },
        config: { problems: [403, 409] },
      },
      async (request, reply) => {
        const answered = await markRequestAnswered(
          db,
          requireActor(request),
          request.params.id,
          expectedVersion(request.headers['if-match']),
          request.body.text,
        );
        return reply.header('etag', etag(answered.version)).send(answered);
      },
    );

    api.post(
      '/privacy/requests/:id/refuse',
      {
        schema: {
          tags,
          summary: 'Recusar a solicitação, com o motivo (art. 18 §4). If-Match obrigatório',
          params: ZIdParams,
          headers: ZIfMatchHeaders,
          body: ZRefusePrivacyRequest,
          response: { 200: ZPrivacyRequest },
        },
        config: { problems: [403, 409] },
      },
      async (request, reply) => {
        const refused = await refusePrivacyRequest(
          db,
          requireActor(request),
          request.params.id,
          expectedVersion(request.headers['if-match']),
          request.body.reason,
        );
        return reply.header('etag', etag(refused.version)).send(refused);
      },
    );

    api.post(
      '/privacy/requests/:id/answer-files',
      {
        schema: {
          tags,
          summary:
            'Gerar a resposta de acesso / portabilidade: JSON de tudo o que se guarda da pessoa e o resumo em PDF (409 sem pessoa vinculada)',
          params: ZIdParams,
          response: { 200: ZPrivacyRequest },
        },
        config: { problems: [403, 409, 503] },
      },
      async (request, reply) => {
        const updated = await generateAnswerFiles(db, files, requireActor(request), request.params.id);
        return reply.header('etag', etag(updated.version)).send(updated);
      },
    );

    api.get(
      '/privacy/requests/:id/files/:kind',
      {
        schema: {
          tags,
          summary: 'Baixar o JSON ou o PDF da resposta de uma solicitação (sempre como download)',
          params: ZFileParams,
        },
        config: { problems: [403, 503] },
      },
      async (request, reply) =>
        sendDownload(
          reply,
          await openAnswerFile(db, files, requireActor(request), request.params.id, request.params.kind, {
            requestId: request.id,
            ip: request.ip,
          }),
        ),
    );
  };
