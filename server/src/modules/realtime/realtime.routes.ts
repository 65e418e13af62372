import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor, SESSION_COOKIE } from '../../http/context.ts';
import { authenticate } from '../auth/auth.service.ts';
import type { Subscriber } from './realtime.hub.ts';

export const realtimeRoutes =
  ({ db, env, realtime }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/events',
      {
        schema: {
          tags: ['realtime'],
          summary:
            'Eventos em tempo real (Server-Sent Events): criação, movimentação e edição de oportunidades que o usuário pode ver; `pipelineId` limita a um funil',
          querystring: z.object({
            pipelineId: z.uuid().optional(),
            /** `user`: only what is addressed to the signed-in user (new notifications: reminders). */
            only: z.enum(['user']).optional(),
          }),
          produces: ['text/event-stream'],
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write('retry: 2000\n: connected\n\n');
        // However the stream ends (the client leaves, the session ends, the server shuts down): cleaned up once.
        let unsubscribe = () => {};
        let stopped = false;
        const stop = () => {
          if (stopped) return;
          stopped = true;
          clearInterval(heartbeat);
          unsubscribe();
        };
        const subscriber: Subscriber = {
          actor,
          topic: request.query.pipelineId ?? null,
          userOnly: request.query.only === 'user',
          send: (event) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
          end: () => {
            stop();
            res.end();
          },
        };
        // Each heartbeat re-reads the session: a signed-out or deactivated user's stream ends, and team changes
        // apply to what the stream may carry.
        const token = request.cookies[SESSION_COOKIE] ?? '';
        const heartbeat = setInterval(async () => {
          const current = await authenticate(db, token).catch(() => subscriber.actor);
          if (!current) return subscriber.end();
          subscriber.actor = current;
          res.write(': ping\n\n');
        }, env.FUNIL_SSE_HEARTBEAT_MS);
        request.raw.on('close', stop);
        res.on('close', stop);
        unsubscribe = await realtime.subscribe(subscriber);
        if (stopped) return unsubscribe();
        res.write('event: ready\ndata: {}\n\n');
      },
    );
  };
