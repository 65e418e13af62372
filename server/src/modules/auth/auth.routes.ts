import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AppDeps, SESSION_COOKIE } from '../../http/context.ts';
import { logout } from './auth.service.ts';

// Login and /auth/me answer the user's profile, so they are served by users/session-user.routes.ts.
export const authRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

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
  };
