import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What an incoming id may look like to be kept: short, and nothing a log line or a header could be abused with. */
const SANE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request's id: the one a proxy in front already gave it (X-Request-Id), when it looks sane, so one id follows
 * the request through the balancer's logs and ours; otherwise a new one.
 */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Answers every request's id in X-Request-Id. Set on the raw response, so a hijacked reply (an event stream) carries
 * it too. Fastify's request logger (`reqId` in every line of the request) and problem documents use the same id.
 */
export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
  });
}
