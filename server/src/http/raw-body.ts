import type { FastifyInstance, FastifyRequest } from 'fastify';

const RAW_BODY = Symbol('rawBody');
type WithRawBody = { [RAW_BODY]?: string };

/**
 * Gives the plugin `app` (and only it) JSON and url-encoded parsers that keep the body's bytes as received, for the
 * public routes whose sender signs them (helpdesk, Meta, WhatsApp) or whose payload is stored as sent (intake).
 * A body that is not JSON is a 400; `form: false` leaves url-encoded bodies to the app.
 */
export function keepRawBody(app: FastifyInstance, opts: { form: boolean }): void {
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    (request as unknown as WithRawBody)[RAW_BODY] = body as string;
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      (error as { statusCode?: number }).statusCode = 400;
      done(error as Error, undefined);
    }
  });
  if (!opts.form) return;
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (request, body, done) => {
      (request as unknown as WithRawBody)[RAW_BODY] = body as string;
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
}

/** The body as it was received by a `keepRawBody` plugin ('' when there was none). */
export const rawBodyOf = (request: FastifyRequest): string =>
  (request as unknown as WithRawBody)[RAW_BODY] ?? '';
