import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../http/context.ts';
import { sendProblem } from '../../http/errors.ts';
import { allowFramingBy } from '../../http/security-headers.ts';
import { findIntegrationById } from '../integrations/integrations.service.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `/embed/helpdesk?integration=<id>`: the web app's page, framable only by the frame origins of that helpdesk
 * integration. Any other page keeps `frame-ancestors 'none'`; an unknown, deleted or non-helpdesk integration
 * gets no exception at all. The page itself authenticates nothing: it exchanges the helpdesk's proof for a panel
 * session through the API.
 */
export const helpdeskPanelPage =
  ({ db, env }: AppDeps, servesWeb: boolean): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/embed/helpdesk',
      { config: { public: true }, schema: { hide: true } },
      async (request, reply) => {
        const id = (request.query as Record<string, unknown>).integration;
        const integration =
          typeof id === 'string' && UUID.test(id) ? await findIntegrationById(db, id) : null;
        const origins = allowFramingBy(
          reply,
          integration?.kind === 'helpdesk' ? integration.frameOrigins : [],
        );
        if (!servesWeb) return sendProblem(request, reply, 'not-found', 404);
        // The page accepts the helpdesk's postMessage only from these origins (plain origins: nothing to escape).
        const html = (await readFile(path.join(env.FUNIL_WEB_DIST, 'index.html'), 'utf8')).replace(
          '</head>',
          `<meta name="funil-frame-origins" content="${origins.join(' ')}"></head>`,
        );
        return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
      },
    );
  };
