import { MAIL_AUTH_KINDS, MAIL_CONNECTION_CODES, ZMailAccountRequest } from '@funil/domain';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor, SESSION_COOKIE } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import { MAIL_OAUTH_PROVIDERS, type MailOAuthProvider } from '../../integrations/email/mail-oauth.ts';
import { forbidden } from '../../lib/errors.ts';
import * as service from './mail-accounts.service.ts';
import { finishMailOAuth, startMailOAuth } from './mail-oauth.service.ts';

const ZMailAccount = z.object({
  id: z.uuid(),
  address: z.string(),
  imapHost: z.string(),
  imapPort: z.number(),
  imapSecure: z.boolean(),
  smtpHost: z.string(),
  smtpPort: z.number(),
  smtpSecure: z.boolean(),
  username: z.string(),
  authKind: z
    .enum(MAIL_AUTH_KINDS)
    .describe(
      'Como a caixa entra: senha, ou OAuth (XOAUTH2) com o acesso concedido pelo Google ou pela Microsoft',
    ),
  passwordSet: z.boolean().describe('A senha nunca é devolvida: só se ela está guardada (falso com OAuth)'),
  polledAt: z.string().nullable().describe('Última leitura da caixa de entrada'),
  pollError: z.string().nullable().describe('Por que a última leitura falhou (pt-BR), até uma dar certo'),
  receivedCount: z.number().describe('Respostas postas na timeline de uma pessoa'),
  ignoredCount: z.number().describe('Mensagens de remetentes que não são pessoas visíveis ao usuário'),
  version: z.number(),
});
const ZMyMailAccount = z.object({
  account: ZMailAccount.nullable(),
  version: z.number(),
  oauthProviders: z
    .array(z.enum(MAIL_OAUTH_PROVIDERS))
    .describe('Provedores com "Conectar com…" (o servidor tem o cliente OAuth deles configurado)'),
});
const ZProviderParams = z.object({ provider: z.enum(MAIL_OAUTH_PROVIDERS) });
/** The sealed state of an OAuth flow between its start and its callback (mail-oauth.service.ts). */
const FLOW_COOKIE = 'funil_mail_oauth';
const FLOW_PATH = '/api/v1/me/mail-account/oauth';
const ZConnectionResult = z.object({ code: z.enum(MAIL_CONNECTION_CODES), message: z.string() });

/** Minha caixa de e-mail: the signed-in user's own mailbox (IMAP + SMTP), for any role. */
export const mailAccountsRoutes =
  ({ db, env, secrets }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['mail-accounts'];
    const rules = service.mailHostRules(env);
    const secure = env.FUNIL_PUBLIC_URL?.startsWith('https://') ?? false;
    /** The callback the provider sends the browser back to: registered with the deployment's OAuth client. */
    const redirectUri = (request: FastifyRequest, provider: MailOAuthProvider) =>
      `${env.FUNIL_PUBLIC_URL ?? `${request.protocol}://${request.host}`}${FLOW_PATH}/${provider}/callback`;
    /** The flow is bound to the browser session that started it: API tokens and panel sessions cannot connect. */
    const sessionToken = (request: FastifyRequest) => {
      const token = request.cookies[SESSION_COOKIE];
      if (!token) throw forbidden('Conecte sua caixa de e-mail pelo navegador, na sua sessão do Funil.');
      return token;
    };

    api.get(
      '/me/mail-account',
      {
        schema: {
          tags,
          summary: 'Minha caixa de e-mail (IMAP/SMTP); `account` nulo quando não conectada (ETag "0")',
          response: { 200: ZMyMailAccount },
        },
      },
      async (request, reply) => {
        const result = await service.getMyMailAccount(db, rules, requireActor(request));
        return reply.header('etag', etag(result.version)).send(result);
      },
    );

    api.put(
      '/me/mail-account',
      {
        schema: {
          tags,
          summary:
            'Conectar ou alterar minha caixa de e-mail. If-Match obrigatório ("0" na primeira vez); sem `password`, mantém a guardada. Servidores em rede interna são recusados (422)',
          headers: ZIfMatchHeaders,
          body: ZMailAccountRequest,
          response: { 200: ZMyMailAccount },
        },
      },
      async (request, reply) => {
        const result = await service.saveMyMailAccount(
          db,
          secrets,
          rules,
          requireActor(request),
          expectedVersion(request.headers['if-match']),
          request.body,
        );
        return reply.header('etag', etag(result.version)).send(result);
      },
    );

    api.delete(
      '/me/mail-account',
      {
        config: { problems: [404] },
        schema: {
          tags,
          summary: 'Desconectar minha caixa de e-mail (os e-mails voltam a sair pelo SMTP do workspace)',
          headers: ZIfMatchHeaders,
          response: { 204: z.null().describe('Desconectada') },
        },
      },
      async (request, reply) => {
        await service.deleteMyMailAccount(
          db,
          requireActor(request),
          expectedVersion(request.headers['if-match']),
        );
        return reply.status(204).send(null);
      },
    );

    api.post(
      '/me/mail-account/test',
      {
        config: { problems: [404, 409] },
        schema: {
          tags,
          summary:
            'Testar conexão: entra no IMAP e no SMTP com os dados guardados e diz o resultado de cada um',
          response: {
            200: z.object({ ok: z.boolean(), imap: ZConnectionResult, smtp: ZConnectionResult }),
          },
        },
      },
      async (request) => service.testMyMailAccount(db, secrets, rules, requireActor(request)),
    );

    api.get(
      '/me/mail-account/oauth/:provider/start',
      {
        config: { problems: [403, 404] },
        schema: {
          tags,
          summary:
            'Conectar com Google / Microsoft 365: redireciona o navegador ao provedor (fluxo authorization code com PKCE). 404 `mail-oauth-not-configured` quando o servidor não tem o cliente OAuth do provedor',
          params: ZProviderParams,
          response: { 302: z.null().describe('Para a página de consentimento do provedor') },
        },
      },
      async (request, reply) => {
        const { provider } = request.params;
        const flow = startMailOAuth(
          secrets,
          rules,
          requireActor(request),
          sessionToken(request),
          provider,
          redirectUri(request, provider),
        );
        reply.setCookie(FLOW_COOKIE, flow.sealedFlow, {
          path: FLOW_PATH,
          httpOnly: true,
          sameSite: 'lax',
          secure,
          maxAge: flow.maxAgeSeconds,
        });
        return reply.redirect(flow.location, 302);
      },
    );

    api.get(
      '/me/mail-account/oauth/:provider/callback',
      {
        config: { problems: [403, 404] },
        schema: {
          tags,
          summary:
            'Volta do provedor: confere o `state` (da mesma sessão que começou), troca o código pelos tokens e conecta a caixa (o refresh token fica cifrado). Redireciona a /mail-account?oauth=connected|denied|invalid_state|failed',
          params: ZProviderParams,
          querystring: z.object({
            code: z.string().max(4096).optional(),
            state: z.string().max(512).optional(),
            error: z.string().max(256).optional(),
          }),
          response: { 302: z.null().describe('Para Minha caixa de e-mail, com o resultado') },
        },
      },
      async (request, reply) => {
        const { provider } = request.params;
        const outcome = await finishMailOAuth(
          db,
          secrets,
          rules,
          requireActor(request),
          sessionToken(request),
          provider,
          request.cookies[FLOW_COOKIE],
          request.query,
          redirectUri(request, provider),
        );
        reply.clearCookie(FLOW_COOKIE, { path: FLOW_PATH });
        return reply.redirect(`/mail-account?oauth=${outcome}&provider=${provider}`, 302);
      },
    );
  };
