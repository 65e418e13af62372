import {
  normalizePhone,
  ZDialerSettingsRequest,
  ZDialerStartRequest,
  ZDialerWrapUpRequest,
} from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import { keepRawBody } from '../../http/raw-body.ts';
import {
  parseTwilioStatusCallback,
  verifyTwilioSignature,
} from '../../integrations/telephony/twilio.provider.ts';
import { forbidden, validationError } from '../../lib/errors.ts';
import { readUpload } from '../attachments/attachments.routes.ts';
import { assertCan } from '../auth/access.policy.ts';
import {
  ZCallingNow,
  ZCurrentSession,
  ZDashboardQuery,
  ZDialerDashboard,
  ZDialerSession,
  ZDialerSettings,
  ZDoNotCallImportResult,
  ZDoNotCallList,
  ZPhoneQuery,
  ZSessionAction,
  ZSessionParams,
  ZTwilioCallback,
  ZTwilioQuery,
} from './dialer.schema.ts';
import * as service from './dialer.service.ts';

/**
 * The auto-dialer: the attendant's session (start over a call list filter, pause / resume / stop, the return of an
 * answered call), the live dashboard, the dialing rules and the do-not-call list (`manageWorkspace`). Public: the
 * telephony provider's status callback (Twilio, signed).
 */
export const dialerRoutes =
  ({ db, dialer }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['dialer'];

    api.get(
      '/dialer/settings',
      {
        schema: {
          tags,
          summary:
            'Regras do discador: horários por UF e feriados, tentativas por número/dia, alerta de chamadas curtas',
          response: { 200: ZDialerSettings },
        },
      },
      async (request, reply) => {
        const settings = await service.getDialerSettings(db, requireActor(request), dialer ?? null);
        return reply.header('etag', etag(settings.version)).send(settings);
      },
    );

    api.put(
      '/dialer/settings',
      {
        schema: {
          tags,
          summary:
            'Alterar as regras do discador (`manageWorkspace`). If-Match com a versão (ETag; "0" antes da primeira)',
          headers: ZIfMatchHeaders,
          body: ZDialerSettingsRequest,
          response: { 200: ZDialerSettings },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        assertCan(actor, 'manageWorkspace');
        const settings = await service.saveDialerSettings(
          db,
          actor,
          dialer ?? null,
          request.body,
          expectedVersion(request.headers['if-match']),
        );
        return reply.header('etag', etag(settings.version)).send(settings);
      },
    );

    api.get(
      '/dialer/calling-now',
      {
        schema: {
          tags,
          summary:
            'Se as regras do workspace permitem ligar agora (fuso de São Paulo) e quando abre a próxima janela',
          response: { 200: ZCallingNow },
        },
      },
      async (request) => {
        const w = await service.callingNow(db, requireActor(request));
        return { ...w, nextOpenAt: w.nextOpenAt?.toISOString() ?? null };
      },
    );

    api.get(
      '/dialer/do-not-call',
      {
        schema: {
          tags,
          summary: 'Lista "não ligue" do workspace: quantos números e as importações',
          response: { 200: ZDoNotCallList },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const settings = await service.getDialerSettings(db, actor, dialer ?? null);
        return { count: settings.doNotCallCount, imports: await service.listDoNotCallImports(db, actor) };
      },
    );

    api.post(
      '/dialer/do-not-call',
      {
        config: { problems: [413] },
        schema: {
          tags,
          summary:
            'Importar uma lista "não ligue" (ex.: Não Me Perturbe): multipart, campo `file`, um número por linha ou CSV (`manageWorkspace`)',
          consumes: ['multipart/form-data'],
          response: { 200: ZDoNotCallImportResult },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        assertCan(actor, 'manageWorkspace');
        if (!request.isMultipart()) throw validationError([{ field: 'file', code: 'required', message: '' }]);
        const upload = await readUpload(request, 10 * 1024 * 1024);
        return service.importDoNotCall(db, actor, {
          name: upload.fileName,
          text: upload.bytes.toString('utf8'),
        });
      },
    );

    api.delete(
      '/dialer/do-not-call',
      {
        config: { problems: [404] },
        schema: {
          tags,
          summary: 'Tirar um número da lista "não ligue" (`manageWorkspace`)',
          querystring: ZPhoneQuery,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        assertCan(actor, 'manageWorkspace');
        const phone = normalizePhone(request.query.phone);
        if (!phone) throw validationError([{ field: 'phone', code: 'invalid_phone', message: '' }]);
        await service.removeFromDoNotCall(db, actor, phone);
        return reply.status(204).send(null);
      },
    );

    api.get(
      '/dialer/sessions/current',
      {
        schema: {
          tags,
          summary: 'A sessão do discador do atendente (ativa ou pausada; senão a última)',
          response: { 200: ZCurrentSession },
        },
      },
      async (request) => ({ session: await service.currentSession(db, requireActor(request)) }),
    );

    api.post(
      '/dialer/sessions',
      {
        config: { problems: [409, 503] },
        schema: {
          tags,
          summary:
            'Ligar o discador sobre as pessoas que o filtro seleciona. 409 `outside-calling-hours` (detail: próxima abertura) ou `dialer-busy` (já há sessão ativa); 503 `telephony-unavailable`',
          body: ZDialerStartRequest,
          response: { 201: ZDialerSession },
        },
      },
      async (request, reply) => {
        const session = await service.startSession(db, dialer ?? null, requireActor(request), request.body);
        return reply.status(201).send(session);
      },
    );

    api.get(
      '/dialer/sessions/:id',
      {
        config: { problems: [404] },
        schema: {
          tags,
          summary: 'Uma sessão do discador do atendente',
          params: ZSessionParams,
          response: { 200: ZDialerSession },
        },
      },
      async (request) => service.sessionView(db, requireActor(request), request.params.id),
    );

    api.post(
      '/dialer/sessions/:id/:action',
      {
        config: { problems: [404, 409, 503] },
        schema: {
          tags,
          summary:
            'Pausar, retomar ou parar a sessão (a posição na lista é mantida; uma chamada ainda tocando é cancelada)',
          params: ZSessionAction,
          response: { 200: ZDialerSession },
        },
      },
      async (request) =>
        service.changeSession(
          db,
          dialer ?? null,
          requireActor(request),
          request.params.id,
          request.params.action,
        ),
    );

    api.post(
      '/dialer/sessions/:id/wrap-up',
      {
        config: { problems: [404, 409] },
        schema: {
          tags,
          summary:
            'Registrar o retorno da ligação atendida (resumo, interesse, tipo de lead, publicidade, próxima ação, alarme); o discador segue para o próximo',
          params: ZSessionParams,
          body: ZDialerWrapUpRequest,
          response: { 200: ZDialerSession },
        },
      },
      async (request) =>
        service.wrapUp(db, dialer ?? null, requireActor(request), request.params.id, request.body),
    );

    api.get(
      '/dialer/dashboard',
      {
        schema: {
          tags,
          summary:
            'Painel do discador por atendente: ligações, atendidas, resultados, tempo médio de atendimento, chamadas curtas (< 6 s)',
          querystring: ZDashboardQuery,
          response: { 200: ZDialerDashboard },
        },
      },
      async (request) =>
        service.dialerDashboard(db, requireActor(request), {
          from: new Date(request.query.from),
          to: new Date(request.query.to),
        }),
    );

    // The provider's status callback, in its own scope (form bodies); signed with the account's auth token.
    await app.register(async (pub) => {
      keepRawBody(pub, { form: true });
      const papi = pub.withTypeProvider<ZodTypeProvider>();
      papi.post(
        '/telephony/twilio/status',
        {
          config: { public: true, problems: [403] },
          schema: {
            tags,
            security: [],
            summary: 'Status de chamada do Twilio (StatusCallback, assinado com X-Twilio-Signature)',
            querystring: ZTwilioQuery,
            body: ZTwilioCallback,
            response: { 204: z.null() },
          },
        },
        async (request, reply) => {
          const signature = request.headers['x-twilio-signature'];
          if (
            !dialer?.twilioAuthToken ||
            !verifyTwilioSignature(
              `${dialer.publicUrl.replace(/\/$/, '')}${request.url}`,
              request.body,
              typeof signature === 'string' ? signature : undefined,
              dialer.twilioAuthToken,
            )
          ) {
            throw forbidden();
          }
          const event = parseTwilioStatusCallback(request.body);
          if (event)
            await service.handleTelephonyEvent(db, dialer, { ...event, reference: request.query.ref });
          return reply.status(204).send(null);
        },
      );
    });
  };
