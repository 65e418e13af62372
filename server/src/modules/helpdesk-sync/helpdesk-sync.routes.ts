import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../http/context.ts';
import { keepRawBody, rawBodyOf } from '../../http/raw-body.ts';
import * as service from './helpdesk-sync.service.ts';

/**
 * What a helpdesk calls: its webhooks (contacts, conversations, messages). Public routes: the request is
 * authenticated by its signature with the integration's webhook secret, so the raw body is kept to check it.
 */
export const helpdeskSyncRoutes =
  ({ db, secrets }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    // This plugin's own JSON parser keeps the bytes the signature covers (other routes are not affected).
    keepRawBody(app, { form: false });

    api.post(
      '/helpdesk/chatwoot/:integrationId/webhook',
      {
        config: { public: true, problems: [401] },
        schema: {
          tags: ['helpdesk'],
          // No session: the signature with the integration's webhook secret is the authentication.
          security: [],
          summary:
            'Webhook do Chatwoot (contact_created/updated, conversation_created, conversation_status_changed, message_created), assinado com X-Chatwoot-Signature',
          params: z.object({ integrationId: z.uuid() }),
          // Checked after the signature (an unsigned request learns nothing about what is valid).
          body: z.unknown().describe('O payload do Chatwoot como enviado (objeto JSON com `event`)'),
          response: {
            200: z.object({
              status: z.enum(['processed', 'duplicate', 'ignored']),
              event: z.string(),
              personId: z.string().nullable(),
            }),
          },
        },
      },
      async (request) =>
        service.receiveHelpdeskWebhook({ db, secrets }, request.params.integrationId, {
          rawBody: rawBodyOf(request),
          headers: request.headers,
          body: request.body,
        }),
    );
  };
