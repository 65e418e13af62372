import {
  ZCreateConsentPurposeRequest,
  ZRecordConsentRequest,
  ZRevokeConsentRequest,
  ZUpdateConsentPurposeRequest,
} from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import {
  ZConsentPurpose,
  ZConsentPurposeList,
  ZConsentPurposeTexts,
  ZConsentRecord,
  ZIdParams,
  ZPersonConsents,
  ZPersonPurposeParams,
  ZPurposesQuery,
} from './consents.schema.ts';
import {
  consentLog,
  createPurpose,
  listPurposes,
  listPurposeTexts,
  recordConsent,
  revokeConsent,
  updatePurpose,
} from './consents.service.ts';

export const consentsRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['consents'];

    api.get(
      '/consent-purposes',
      {
        schema: {
          tags,
          summary: 'Finalidades de tratamento (LGPD) do espaço, com o texto vigente; arquivadas sob pedido',
          querystring: ZPurposesQuery,
          response: { 200: ZConsentPurposeList },
        },
      },
      async (request) => ({
        items: await listPurposes(db, requireActor(request), request.query.includeArchived),
      }),
    );

    api.post(
      '/consent-purposes',
      {
        schema: {
          tags,
          summary: 'Criar uma finalidade com o texto apresentado ao titular (versão 1) (`managePrivacy`)',
          body: ZCreateConsentPurposeRequest,
          response: { 201: ZConsentPurpose },
        },
        config: { problems: [403] },
      },
      async (request, reply) =>
        reply.status(201).send(await createPurpose(db, requireActor(request), request.body)),
    );

    api.patch(
      '/consent-purposes/:id',
      {
        schema: {
          tags,
          summary:
            'Editar ou arquivar uma finalidade (`managePrivacy`); um texto novo vira a próxima versão, as anteriores ficam',
          params: ZIdParams,
          body: ZUpdateConsentPurposeRequest,
          response: { 200: ZConsentPurpose },
        },
        config: { problems: [403] },
      },
      async (request) => updatePurpose(db, requireActor(request), request.params.id, request.body),
    );

    api.get(
      '/consent-purposes/:id/texts',
      {
        schema: {
          tags,
          summary: 'Todas as versões do texto de uma finalidade, da mais recente à primeira',
          params: ZIdParams,
          response: { 200: ZConsentPurposeTexts },
        },
      },
      async (request) => ({ items: await listPurposeTexts(db, requireActor(request), request.params.id) }),
    );

    api.get(
      '/people/:id/consents',
      {
        schema: {
          tags,
          summary:
            'Bases legais e consentimentos de uma pessoa: a situação atual por finalidade e o registro completo (só acréscimos)',
          params: ZIdParams,
          response: { 200: ZPersonConsents },
        },
      },
      async (request) => consentLog(db, requireActor(request), request.params.id),
    );

    api.post(
      '/people/:id/consents',
      {
        schema: {
          tags,
          summary:
            'Registrar uma base legal para uma finalidade (com a versão vigente do texto e a evidência); vai para a timeline',
          params: ZIdParams,
          body: ZRecordConsentRequest,
          response: { 201: ZConsentRecord },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await recordConsent(db, requireActor(request), request.params.id, request.body)),
    );

    api.post(
      '/people/:id/consents/:purposeId/revoke',
      {
        schema: {
          tags,
          summary:
            'Revogar a base legal em vigor de uma finalidade (novo registro `revoked`); 409 se nada estiver em vigor',
          params: ZPersonPurposeParams,
          body: ZRevokeConsentRequest,
          response: { 201: ZConsentRecord },
        },
        config: { problems: [409] },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await revokeConsent(
              db,
              requireActor(request),
              request.params.id,
              request.params.purposeId,
              request.body,
            ),
          ),
    );
  };
