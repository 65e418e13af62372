import { CAPABILITIES, capabilitiesOf } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor, SESSION_COOKIE } from '../../http/context.ts';
import { ZMe } from '../users/users.schema.ts';
import { getMe, getWorkspace } from '../users/users.service.ts';
import { login, logout } from './auth.service.ts';

const ZLoginRequest = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const authRoutes =
  ({ db, env }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const secure = env.FUNIL_PUBLIC_URL?.startsWith('https://') ?? false;

    api.post(
      '/auth/login',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Entrar com e-mail e senha; define o cookie de sessão',
          security: [],
          body: ZLoginRequest,
          response: { 200: z.object({ user: ZMe }) },
        },
      },
      async (request, reply) => {
        const { token, userId } = await login(
          db,
          request.body.email,
          request.body.password,
          env.FUNIL_SESSION_DAYS,
        );
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure,
          maxAge: env.FUNIL_SESSION_DAYS * 86_400,
        });
        return { user: await getMe(db, userId) };
      },
    );

    api.post(
      '/auth/logout',
      { config: { public: true }, schema: { tags: ['auth'], summary: 'Sair (encerra a sessão)' } },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token) await logout(db, token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send();
      },
    );

    api.get(
      '/auth/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'Usuário da sessão atual, com as capacidades que o seu papel tem na matriz de acesso',
          response: {
            200: z.object({
              user: ZMe.extend({ capabilities: z.array(z.enum(CAPABILITIES)) }),
              workspace: z.object({ id: z.string(), name: z.string() }),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        // What the web may offer follows the same grants the services check (`can` in both).
        const capabilities = capabilitiesOf(actor.matrix, actor.role);
        return {
          user: { ...(await getMe(db, actor.userId)), capabilities },
          workspace: await getWorkspace(db, actor.workspaceId),
        };
      },
    );
  };
