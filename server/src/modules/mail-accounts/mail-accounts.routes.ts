import { MAIL_CONNECTION_CODES, ZMailAccountRequest } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import * as service from './mail-accounts.service.ts';

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
  passwordSet: z.literal(true).describe('A senha nunca é devolvida: só que ela está guardada'),
  polledAt: z.string().nullable().describe('Última leitura da caixa de entrada'),
  pollError: z.string().nullable().describe('Por que a última leitura falhou (pt-BR), até uma dar certo'),
  receivedCount: z.number().describe('Respostas postas na timeline de uma pessoa'),
  ignoredCount: z.number().describe('Mensagens de remetentes que não são pessoas visíveis ao usuário'),
  version: z.number(),
});
const ZMyMailAccount = z.object({ account: ZMailAccount.nullable(), version: z.number() });
const ZConnectionResult = z.object({ code: z.enum(MAIL_CONNECTION_CODES), message: z.string() });

/** Minha caixa de e-mail: the signed-in user's own mailbox (IMAP + SMTP), for any role. */
export const mailAccountsRoutes =
  ({ db, env, secrets }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['mail-accounts'];
    const rules = service.mailHostRules(env);

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
        const result = await service.getMyMailAccount(db, requireActor(request));
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
  };
