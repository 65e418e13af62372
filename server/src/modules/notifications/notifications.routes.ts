import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { notFound } from '../../lib/errors.ts';

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
        const { rows } = await db.query(
          `SELECT id, kind, day::text, data, created_at, read_at, count(*) FILTER (WHERE read_at IS NULL) OVER () AS unread
           FROM notifications WHERE user_id = $1 AND workspace_id = $2 ORDER BY day DESC, id DESC LIMIT 30`,
          [actor.userId, actor.workspaceId],
        );
        return {
          items: rows.map((r) => ({
            id: r.id,
            kind: r.kind,
            day: r.day,
            data: r.data,
            createdAt: r.created_at.toISOString(),
            readAt: r.read_at?.toISOString() ?? null,
          })),
          unread: Number(rows[0]?.unread ?? 0),
        };
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
        const { rowCount } = await db.query(
          'UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2',
          [request.params.id, actor.userId],
        );
        if (!rowCount) throw notFound();
        return reply.status(204).send(null);
      },
    );
  };
