import { ZCreateIntakeSourceRequest, ZIntakePreviewRequest, ZUpdateIntakeSourceRequest } from '@funil/domain';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../http/context.ts';
import { requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import { keepRawBody, rawBodyOf } from '../../http/raw-body.ts';
import { bearerToken } from '../api-tokens/api-token.auth.ts';
import {
  ZIntakeLogEntry,
  ZIntakeLogQuery,
  ZIntakePreview,
  ZIntakeReceipt,
  ZIntakeSource,
} from './intake.schema.ts';
import * as service from './intake.service.ts';
import * as sources from './intake-sources.service.ts';
import { thankYouPage } from './thank-you.page.ts';

/** A lead is small: anything past this is not one (413). */
const INTAKE_BODY_LIMIT = 256 * 1024;

const ZSourceParams = z.object({ sourceId: z.uuid() });
const ZFormParams = z.object({ formKey: z.string().min(10).max(64) });
const ZIdParams = z.object({ id: z.uuid() });

/** The client's address (the connection's, or what a configured trusted proxy says). */
function clientAddress(request: FastifyRequest): string | null {
  const address = request.ip || null;
  return address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** The site form's CORS answer: the request's origin when the form allows it (no wildcard, no credentials). */
async function allowFormOrigin(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, formKey: string) {
  const origin = request.headers.origin;
  reply.header('vary', 'origin');
  if (!origin) return null;
  const form = await service.findFormSource(deps.db, formKey);
  if (!form?.allowedOrigins.includes(origin)) return form;
  reply
    .header('access-control-allow-origin', origin)
    .header('access-control-allow-methods', 'POST')
    .header('access-control-allow-headers', 'content-type')
    .header('access-control-max-age', '600');
  return form;
}

/**
 * Lead intake. Admin routes (`manageIntegrations`): lead sources, the mapping preview, the intake log. Public routes:
 * a source posts leads with its token (Bearer or `?token=`, for senders that only take a URL), Meta's subscription
 * handshake, and the site form (public key in the URL, CORS for the form's origins, honeypot, rate limit, consent).
 */
export const intakeRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const { db, secrets } = deps;
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['intake'];
    // This plugin's parsers keep the bytes as received (stored with the lead; Meta's signature covers them).
    keepRawBody(app, { form: true });

    api.get(
      '/intake/sources',
      {
        schema: {
          tags,
          summary: 'Fontes de leads (integrações do tipo lead_source)',
          response: { 200: z.array(ZIntakeSource) },
        },
      },
      async (request) => sources.listIntakeSources(db, requireActor(request)),
    );

    api.post(
      '/intake/sources',
      {
        schema: {
          tags,
          summary:
            'Criar fonte de leads com seu token (escopo intake:leads); o token aparece só nesta resposta',
          body: ZCreateIntakeSourceRequest,
          response: { 201: z.object({ source: ZIntakeSource, token: z.string() }) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await sources.createIntakeSource({ db, secrets }, requireActor(request), request.body)),
    );

    api.get(
      '/intake/sources/:id',
      {
        schema: { tags, summary: 'Uma fonte de leads', params: ZIdParams, response: { 200: ZIntakeSource } },
      },
      async (request, reply) => {
        const source = await sources.getIntakeSource(db, requireActor(request), request.params.id);
        return reply.header('etag', etag(source.version)).send(source);
      },
    );

    api.patch(
      '/intake/sources/:id',
      {
        schema: {
          tags,
          summary:
            'Editar as configurações de captação da fonte (If-Match); texto de consentimento novo → nova versão',
          params: ZIdParams,
          headers: ZIfMatchHeaders,
          body: ZUpdateIntakeSourceRequest,
          response: { 200: ZIntakeSource },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const source = await sources.updateIntakeSource(
          { db, secrets },
          actor,
          request.params.id,
          expectedVersion(request.headers['if-match']),
          request.body,
        );
        return reply.header('etag', etag(source.version)).send(source);
      },
    );

    api.post(
      '/intake/preview',
      {
        schema: {
          tags,
          summary: 'Prévia: o que um payload colado vira com o preset e o mapeamento (nada é gravado)',
          body: ZIntakePreviewRequest,
          response: { 200: ZIntakePreview },
        },
      },
      async (request) => sources.previewIntake(requireActor(request), request.body),
    );

    api.get(
      '/intake/leads',
      {
        schema: {
          tags,
          summary: 'Registro de captação: leads recebidos, mais recentes primeiro (cursor: nextCursor)',
          querystring: ZIntakeLogQuery,
          response: { 200: z.object({ items: z.array(ZIntakeLogEntry), nextCursor: z.string().nullable() }) },
        },
      },
      async (request) => sources.listIntakeLeads(db, requireActor(request), request.query),
    );

    api.post(
      '/intake/:sourceId/leads',
      {
        bodyLimit: INTAKE_BODY_LIMIT,
        config: { public: true, problems: [401, 403, 413] },
        schema: {
          tags,
          // The source's token is the authentication (Bearer, or ?token= for senders that only take a URL).
          security: [{ apiToken: ['intake:leads'] }],
          summary:
            'Receber leads de uma fonte (Meta Lead Ads, RD Station, Grupo OLX/ZAP, Google Ads, genérico): 202 ao guardar, 200 quando o lead já tinha chegado',
          params: ZSourceParams,
          querystring: z.object({ token: z.string().max(300).optional() }),
          body: z.unknown().describe('O payload como a fonte envia (JSON)'),
          response: { 200: ZIntakeReceipt, 202: ZIntakeReceipt },
        },
      },
      async (request, reply) => {
        const receipt = await service.receiveLeads({ db, secrets }, request.params.sourceId, {
          rawBody: rawBodyOf(request),
          body: request.body,
          contentType: request.headers['content-type'] ?? null,
          headers: request.headers,
          token: bearerToken(request) ?? request.query.token ?? null,
          ip: clientAddress(request),
        });
        const { accepted, ...body } = receipt;
        return reply.status(accepted ? 202 : 200).send(body as z.infer<typeof ZIntakeReceipt>);
      },
    );

    api.get(
      '/intake/:sourceId/leads',
      {
        config: { public: true, problems: [403] },
        schema: {
          tags,
          security: [],
          summary: 'Verificação da assinatura de webhook do Meta (hub.mode, hub.verify_token, hub.challenge)',
          params: ZSourceParams,
          querystring: z.object({
            'hub.mode': z.string().max(50).optional(),
            'hub.verify_token': z.string().max(300).optional(),
            'hub.challenge': z.string().max(300).optional(),
          }),
          response: { 200: z.string() },
        },
      },
      async (request, reply) => {
        const challenge = await service.verifyMetaSubscription(db, request.params.sourceId, {
          mode: request.query['hub.mode'],
          verifyToken: request.query['hub.verify_token'],
          challenge: request.query['hub.challenge'],
        });
        return reply.type('text/plain; charset=utf-8').send(challenge);
      },
    );

    api.options(
      '/intake/forms/:formKey',
      {
        config: { public: true },
        schema: {
          // A CORS preflight, answered for browsers; not an operation of the API.
          hide: true,
          tags,
          security: [],
          summary: 'Preflight CORS do formulário do site',
          params: ZFormParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await allowFormOrigin(deps, request, reply, request.params.formKey);
        return reply.status(204).send(null);
      },
    );

    api.post(
      '/intake/forms/:formKey',
      {
        bodyLimit: 32 * 1024,
        config: { public: true, problems: [413, 429] },
        schema: {
          tags,
          security: [],
          summary:
            'Formulário do site (público, chave do formulário na URL): post HTML (urlencoded) ou JSON; honeypot, limite por endereço, consentimento LGPD obrigatório',
          params: ZFormParams,
          body: z.record(z.string(), z.unknown()).describe('nome, email, telefone, mensagem, consentimento'),
          response: {
            200: z.string().describe('Página “Recebemos seus dados” (post HTML sem página de agradecimento)'),
            202: ZIntakeReceipt,
          },
        },
      },
      async (request, reply) => {
        const form = await allowFormOrigin(deps, request, reply, request.params.formKey);
        const contentType = request.headers['content-type'] ?? null;
        const receipt = await service.receiveFormPost(db, request.params.formKey, {
          rawBody: rawBodyOf(request),
          body: request.body,
          contentType,
          ip: clientAddress(request),
        });
        if (contentType?.includes('application/x-www-form-urlencoded')) {
          // A plain HTML form post: a page for the visitor, or the site's own thank-you page.
          if (form?.thankYouUrl) return reply.redirect(form.thankYouUrl, 303);
          return reply.status(200).type('text/html; charset=utf-8').send(thankYouPage());
        }
        const { accepted: _accepted, ...body } = receipt;
        return reply.status(202).send(body as z.infer<typeof ZIntakeReceipt>);
      },
    );
  };
