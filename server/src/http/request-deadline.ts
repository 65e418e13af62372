import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { Deadline, runWithDeadline } from '../lib/deadline.ts';
import { sendProblem } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The integration's maximum response time, for a request authenticated by one of its tokens. */
    deadline?: Deadline;
    deadlineTimer?: NodeJS.Timeout;
  }
}

/** Postgres' "canceling statement due to statement timeout" (and our own DeadlineExceeded). */
const QUERY_CANCELED = '57014';

/** Answers 504 `timeout` once, unless the answer is already out (or a commit is deciding it). */
export function sendTimeout(request: FastifyRequest, reply: FastifyReply) {
  const deadline = request.deadline;
  if (!deadline || reply.sent || !deadline.expire()) return;
  const seconds = Math.round(deadline.timeoutMs / 1000);
  request.log.warn(
    { integrationId: request.apiToken?.integrationId, timeoutMs: deadline.timeoutMs },
    'integration request timed out',
  );
  return sendProblem(request, reply, 'timeout', 504, {
    detail: `A operação excedeu o tempo máximo de resposta da integração (${seconds} s).`,
  });
}

/** Whether an error is the database giving up at the request's deadline. */
export const isDeadlineError = (request: FastifyRequest, error: unknown) =>
  Boolean(request.deadline) && (error as { code?: unknown } | null)?.code === QUERY_CANCELED;

/**
 * An integration's token request is answered within the integration's maximum response time: a timer answers 504
 * when the handler has not; the handler runs under the deadline (its transactions bound their statements by the
 * time left and never commit after the 504), and its late result or error is dropped, not sent twice.
 * Call after the authentication hook (it reads `request.apiToken`) and before the routes are added.
 */
export function registerRequestDeadline(app: FastifyInstance) {
  app.addHook('onRequest', (request, reply, done) => {
    const timeoutMs = request.apiToken?.timeoutMs;
    if (timeoutMs && !reply.sent) {
      request.deadline = new Deadline(timeoutMs);
      request.deadlineTimer = setTimeout(() => sendTimeout(request, reply), timeoutMs);
      request.deadlineTimer.unref();
    }
    done();
  });
  // The first onSend hook, run synchronously by reply.send: once an answer is being sent, no 504 may follow it.
  app.addHook('onSend', (request, _reply, payload, done) => {
    request.deadline?.settle();
    done(null, payload);
  });
  app.addHook('onResponse', (request, _reply, done) => {
    clearTimeout(request.deadlineTimer);
    done();
  });
  // Only token routes (config.apiScope) take a token, so only their handlers run under a deadline.
  app.addHook('onRoute', (route) => {
    if (!route.config?.apiScope) return;
    const handler = route.handler as RouteHandlerMethod;
    route.handler = function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      const deadline = request.deadline;
      if (!deadline) return handler.call(this, request, reply);
      return runWithDeadline(deadline, async () => {
        try {
          const result = await handler.call(this, request, reply);
          return deadline.expired ? undefined : result;
        } catch (error) {
          if (deadline.expired) {
            request.log.debug({ err: error }, 'late failure of a timed-out request');
            return undefined;
          }
          if (isDeadlineError(request, error)) return sendTimeout(request, reply);
          throw error;
        }
      });
    } as RouteHandlerMethod;
  });
}
