import type { FastifyInstance } from 'fastify';

// Graceful shutdown of one instance among several behind a balancer (docs/OPERATIONS.md, "Several instances").

const draining = new WeakSet<FastifyInstance>();

/** Whether the instance is shutting down: /api/ready then answers 503 so a balancer stops sending it requests. */
export const isDraining = (app: FastifyInstance) => draining.has(app);

/**
 * While draining, each answer closes its connection (`Connection: close`): a client or balancer keeping connections
 * alive opens its next one elsewhere instead of finding this instance gone mid-conversation.
 */
export function registerDrain(app: FastifyInstance): void {
  app.addHook('onRequest', async (_request, reply) => {
    if (draining.has(app)) reply.raw.setHeader('connection', 'close');
  });
}

/**
 * Stops serving without dropping a request: not ready at once, still serving for `delayMs` (the time a balancer's
 * health checks need to notice), then no new connections, open event streams ended (browsers reconnect, through
 * the balancer, to another instance) and requests in flight given up to `graceMs` to finish before their
 * connections are cut.
 */
export async function drainHttp(
  app: FastifyInstance,
  opts: { delayMs: number; graceMs: number },
): Promise<void> {
  draining.add(app);
  if (opts.delayMs > 0) await sleep(opts.delayMs);
  const closed = app.close();
  let timer: NodeJS.Timeout | undefined;
  const inTime = await Promise.race([
    closed.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), opts.graceMs);
    }),
  ]);
  clearTimeout(timer);
  if (!inTime) {
    app.log.warn({ graceMs: opts.graceMs }, 'shutdown grace over: closing the connections still open');
    app.server.closeAllConnections();
    await closed;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
