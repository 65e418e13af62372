import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';

const HEARTBEAT_MS = 20_000;

export const realtimeRoutes =
  ({ realtime }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/events',
      {
        schema: {
          tags: ['realtime'],
          summary:
            'Eventos em tempo real (Server-Sent Events): criação, movimentação e edição de oportunidades que o usuário pode ver; `pipelineId` limita a um funil',
          querystring: z.object({ pipelineId: z.uuid().optional() }),
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
        const unsubscribe = await realtime.subscribe({
          actor,
          pipelineId: request.query.pipelineId ?? null,
          send: (event) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
          end: () => res.end(),
        });
        res.write('event: ready\ndata: {}\n\n');
        const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
        request.raw.on('close', () => {
          clearInterval(heartbeat);
          unsubscribe();
        });
      },
    );
  };
