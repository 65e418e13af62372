import { CAPABILITIES, capabilitiesOf } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor, SESSION_COOKIE } from '../../http/context.ts';
import { login } from '../auth/auth.service.ts';
import { ZMe } from './users.schema.ts';
import { getMe, getWorkspace } from './users.service.ts';

const ZLoginRequest = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

/**
 * The routes under /auth that answer the signed-in user: they present a user, so they live with users (which may
 * use auth), while auth itself (credentials, sessions, logout) knows no user profile.
 */
export const sessionUserRoutes =
  ({ db, env }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const secure = env.FUNIL_PUBLIC_URL?.startsWith('https://') ?? false;

    api.post(
      '/auth/login',
      {
        config: { public: true, problems: [401, 429] },
        schema: {
          tags: ['auth'],
          summary: 'Entrar com e-mail e senha; define o cookie de sessão',
          security: [],
          body: ZLoginRequest,
          response: { 200: z.object({ user: ZMe }) },
        },
      },
      async (request, reply) => {
        const { token, userId, workspaceId } = await login(
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
        return { user: await getMe(db, workspaceId, userId) };
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
          user: { ...(await getMe(db, actor.workspaceId, actor.userId)), capabilities },
          workspace: await getWorkspace(db, actor.workspaceId),
        };
      },
    );
  };
