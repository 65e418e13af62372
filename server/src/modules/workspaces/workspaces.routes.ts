import {
  type ActionMatrix,
  ZActionMatrix,
  ZPrivacySettingsRequest,
  ZRoleMatrix,
  ZSmtpSettingsRequest,
  ZWalletSettingsRequest,
} from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import {
  getActionMatrix,
  getLookupSettings,
  getPrivacySettings,
  getRoleMatrix,
  getSmtpSettings,
  getWalletSettings,
  setActionMatrix,
  setLookupSettings,
  setPrivacySettings,
  setRoleMatrix,
  setSmtpSettings,
  setWalletSettings,
} from './workspaces.service.ts';

export const workspacesRoutes =
  ({ db, secrets }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/workspace/role-matrix',
      {
        schema: {
          tags: ['workspace'],
          summary:
            'Matriz de acesso por papel (quem vê quais pessoas, o que cada papel pode fazer); ETag com a versão',
          response: { 200: ZRoleMatrix },
        },
      },
      async (request, reply) => {
        const { matrix, version } = await getRoleMatrix(db, requireActor(request));
        return reply.header('etag', etag(version)).send(matrix);
      },
    );

    api.put(
      '/workspace/role-matrix',
      {
        schema: {
          tags: ['workspace'],
          summary:
            'Alterar a matriz de acesso (`manageAccess`). If-Match com a versão (ETag); 412 se desatualizada, 428 sem ele',
          headers: ZIfMatchHeaders,
          body: ZRoleMatrix,
          response: { 200: ZRoleMatrix },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const { matrix, version } = await setRoleMatrix(
          db,
          actor,
          expectedVersion(request.headers['if-match']),
          request.body,
        );
        return reply.header('etag', etag(version)).send(matrix);
      },
    );

    const ZVersionedActionMatrix = z.object({ matrix: ZActionMatrix, version: z.number() });

    api.get(
      '/workspace/action-matrix',
      {
        schema: {
          tags: ['workspace'],
          summary: 'Ações da página da pessoa permitidas por papel; ETag com a versão',
          response: { 200: ZVersionedActionMatrix },
        },
      },
      async (request, reply) => {
        const result = await getActionMatrix(db, requireActor(request));
        return reply.header('etag', etag(result.version)).send(result);
      },
    );

    api.put(
      '/workspace/action-matrix',
      {
        schema: {
          tags: ['workspace'],
          summary:
            'Alterar as ações permitidas por papel (`manageAccess`). If-Match obrigatório; 412 se desatualizada',
          headers: ZIfMatchHeaders,
          body: z.object({ matrix: ZActionMatrix }),
          response: { 200: ZVersionedActionMatrix },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const result = await setActionMatrix(
          db,
          actor,
          expectedVersion(request.headers['if-match']),
          request.body.matrix as ActionMatrix,
        );
        return reply.header('etag', etag(result.version)).send(result);
      },
    );

    const ZWalletSettings = z.object({ expiryDays: z.number(), version: z.number() });

    api.get(
      '/workspace/wallet-settings',
      {
        schema: {
          tags: ['workspace'],
          summary: 'Regras de carteira: dias sem atividade até o cliente expirar (0 = nunca)',
          response: { 200: ZWalletSettings },
        },
      },
      async (request, reply) => {
        const result = await getWalletSettings(db, requireActor(request));
        return reply.header('etag', etag(result.version)).send(result);
      },
    );

    api.put(
      '/workspace/wallet-settings',
      {
        schema: {
          tags: ['workspace'],
          summary: 'Alterar as regras de carteira (`manageWorkspace`). If-Match obrigatório',
          headers: ZIfMatchHeaders,
          body: ZWalletSettingsRequest,
          response: { 200: ZWalletSettings },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const result = await setWalletSettings(
          db,
          actor,
          expectedVersion(request.headers['if-match']),
          request.body.expiryDays,
        );
        return reply.header('etag', etag(result.version)).send(result);
      },
    );

    const ZLookupSettings = z.object({ enabled: z.boolean(), version: z.number() });

    api.get(
      '/workspace/lookup-settings',
      {
        schema: {
          tags: ['workspace'],
          summary: 'Consultas de CNPJ e CEP em bases públicas: ligadas ou desligadas neste workspace',
          response: { 200: ZLookupSettings },
        },
      },
      async (request, reply) => {
        const result = await getLookupSettings(db, requireActor(request));
        return reply.header('etag', etag(result.version)).send(result);
      },
    );

    api.put(
      '/workspace/lookup-settings',
      {
        schema: {
          tags: ['workspace'],
          summary: 'Ligar ou desligar as consultas de CNPJ e CEP (`manageWorkspace`). If-Match obrigatório',
          headers: ZIfMatchHeaders,
          body: z.object({ enabled: z.boolean() }),
          response: { 200: ZLookupSettings },
        },
      },
      async (request, reply) => {
        const result = await setLookupSettings(
          db,
          requireActor(request),
          expectedVersion(request.headers['if-match']),
          request.body.enabled,
        );
        return reply.header('etag', etag(result.version)).send(result);
      },
    );

    const ZPrivacySettings = ZPrivacySettingsRequest.extend({ version: z.number() });

    api.get(
      '/workspace/privacy-settings',
      {
        schema: {
          tags: ['workspace'],
          summary: 'LGPD: o controlador e o Encarregado (art. 41), com contato',
          response: { 200: ZPrivacySettings },
        },
      },
      async (request, reply) => {
        const result = await getPrivacySettings(db, requireActor(request));
        return reply.header('etag', etag(result.version)).send(result);
      },
    );

    api.put(
      '/workspace/privacy-settings',
      {
        schema: {
          tags: ['workspace'],
          summary: 'Nomear o controlador e o Encarregado (`managePrivacy`). If-Match obrigatório',
          headers: ZIfMatchHeaders,
          body: ZPrivacySettingsRequest,
          response: { 200: ZPrivacySettings },
        },
      },
      async (request, reply) => {
        const result = await setPrivacySettings(
          db,
          requireActor(request),
          expectedVersion(request.headers['if-match']),
          request.body,
        );
        return reply.header('etag', etag(result.version)).send(result);
      },
    );

    const ZSmtp = z.object({
      smtp: z
        .object({
          host: z.string(),
          port: z.number(),
          secure: z.boolean(),
          user: z.string().nullable(),
          passwordSet: z.boolean(),
          from: z.string(),
          version: z.number(),
        })
        .nullable(),
      version: z.number(),
    });

    api.get(
      '/workspace/smtp',
      {
        schema: {
          tags: ['workspace'],
          summary: 'Servidor de e-mail (SMTP) do workspace (`manageWorkspace`); a senha nunca é devolvida',
          response: { 200: ZSmtp },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const result = await getSmtpSettings(db, actor);
        return reply.header('etag', etag(result.version)).send(result);
      },
    );

    api.put(
      '/workspace/smtp',
      {
        schema: {
          tags: ['workspace'],
          summary:
            'Configurar o SMTP (`manageWorkspace`). Sem `password`, mantém a senha guardada. If-Match obrigatório',
          headers: ZIfMatchHeaders,
          body: ZSmtpSettingsRequest,
          response: { 200: ZSmtp },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const result = await setSmtpSettings(
          db,
          secrets,
          actor,
          expectedVersion(request.headers['if-match']),
          request.body,
        );
        return reply.header('etag', etag(result.version)).send(result);
      },
    );
  };
