import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { listMyNotifications, markMyNotificationRead } from './notifications.service.ts';

const ZNotification = z.object({
  id: z.number(),
  kind: z.string(),
  day: z.string(),
  data: z.unknown(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

/** The signed-in user's notifications (rotting cards, …): their own only. */
export const notificationsRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/notifications',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Notificações do usuário (as 30 mais recentes) e quantas estão não lidas',
          response: { 200: z.object({ items: z.array(ZNotification), unread: z.number() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return listMyNotifications(db, actor);
      },
    );

    api.post(
      '/notifications/:id/read',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Marcar notificação como lida',
          params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        await markMyNotificationRead(db, actor, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
