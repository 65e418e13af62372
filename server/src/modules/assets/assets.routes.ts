import {
  ZCreateAssetRequest,
  ZCreateAssetTypeRequest,
  ZEndAssetRequest,
  ZUpdateAssetRequest,
  ZUpdateAssetTypeRequest,
} from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import * as types from './asset-types.service.ts';
import {
  ZAsset,
  ZAssetType,
  ZAssetTypeParams,
  ZAssetTypesQuery,
  ZPersonAssetParams,
  ZPersonAssetsParams,
} from './assets.schema.ts';
import * as assets from './assets.service.ts';

export const assetsRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['assets'];

    api.get(
      '/asset-types',
      {
        schema: {
          tags,
          summary: 'Tipos de ativo do workspace (arquivados com `includeArchived=true`)',
          querystring: ZAssetTypesQuery,
          response: { 200: z.object({ items: z.array(ZAssetType) }) },
        },
      },
      async (request) => ({
        items: await types.listAssetTypes(db, requireActor(request), request.query.includeArchived),
      }),
    );

    api.post(
      '/asset-types',
      {
        schema: {
          tags,
          summary: 'Criar tipo de ativo com seus campos (admin)',
          body: ZCreateAssetTypeRequest,
          response: { 201: ZAssetType },
        },
      },
      async (request, reply) => {
        const type = await types.createAssetType(db, requireActor(request), request.body);
        return reply.status(201).header('etag', etag(type.version)).send(type);
      },
    );

    api.get(
      '/asset-types/:id',
      {
        schema: {
          tags,
          summary: 'Ler tipo de ativo',
          params: ZAssetTypeParams,
          response: { 200: ZAssetType },
        },
      },
      async (request, reply) => {
        const type = await types.getAssetType(db, requireActor(request), request.params.id);
        return reply.header('etag', etag(type.version)).send(type);
      },
    );

    api.put(
      '/asset-types/:id',
      {
        schema: {
          tags,
          summary:
            'Editar tipo de ativo (admin): nome, descrição, campos; `archived` arquiva ou restaura. If-Match obrigatório',
          params: ZAssetTypeParams,
          headers: ZIfMatchHeaders,
          body: ZUpdateAssetTypeRequest,
          response: { 200: ZAssetType },
        },
      },
      async (request, reply) => {
        const version = expectedVersion(request.headers['if-match'], request.body.version);
        const type = await types.updateAssetType(
          db,
          requireActor(request),
          request.params.id,
          version,
          request.body,
        );
        return reply.header('etag', etag(type.version)).send(type);
      },
    );

    api.delete(
      '/asset-types/:id',
      {
        schema: {
          tags,
          summary:
            'Remover tipo de ativo (admin, If-Match): excluído se nenhum ativo o usa (204), senão arquivado (200)',
          params: ZAssetTypeParams,
          headers: ZIfMatchHeaders,
          response: { 200: ZAssetType, 204: z.null().describe('Excluído') },
        },
      },
      async (request, reply) => {
        const version = expectedVersion(request.headers['if-match']);
        const archived = await types.removeAssetType(db, requireActor(request), request.params.id, version);
        if (!archived) return reply.status(204).send(null);
        return reply.header('etag', etag(archived.version)).send(archived);
      },
    );

    api.get(
      '/people/:id/assets',
      {
        schema: {
          tags,
          summary: 'Ativos da pessoa (ativos primeiro)',
          params: ZPersonAssetsParams,
          response: { 200: z.object({ items: z.array(ZAsset) }) },
        },
      },
      async (request) => ({ items: await assets.listAssets(db, requireActor(request), request.params.id) }),
    );

    api.post(
      '/people/:id/assets',
      {
        schema: {
          tags,
          summary: 'Adicionar ativo à pessoa (valores conferidos com os campos do tipo)',
          params: ZPersonAssetsParams,
          body: ZCreateAssetRequest,
          response: { 201: ZAsset },
        },
      },
      async (request, reply) => {
        const asset = await assets.createAsset(db, requireActor(request), request.params.id, request.body);
        return reply.status(201).header('etag', etag(asset.version)).send(asset);
      },
    );

    api.patch(
      '/people/:id/assets/:assetId',
      {
        schema: {
          tags,
          summary: 'Editar ativo (If-Match com a versão; 412 se desatualizado)',
          params: ZPersonAssetParams,
          headers: ZIfMatchHeaders,
          body: ZUpdateAssetRequest,
          response: { 200: ZAsset },
        },
      },
      async (request, reply) => {
        const version = expectedVersion(request.headers['if-match'], request.body.version);
        const asset = await assets.updateAsset(
          db,
          requireActor(request),
          request.params.id,
          request.params.assetId,
          version,
          request.body,
        );
        return reply.header('etag', etag(asset.version)).send(asset);
      },
    );

    api.post(
      '/people/:id/assets/:assetId/end',
      {
        schema: {
          tags,
          summary: 'Encerrar ativo (devolvido, cancelado, desinstalado); If-Match opcional',
          params: ZPersonAssetParams,
          headers: ZIfMatchHeaders,
          body: ZEndAssetRequest.optional(),
          response: { 200: ZAsset },
        },
      },
      async (request, reply) => {
        const ifMatch = request.headers['if-match'];
        const version =
          ifMatch || request.body?.version ? expectedVersion(ifMatch, request.body?.version) : undefined;
        const asset = await assets.endAsset(
          db,
          requireActor(request),
          request.params.id,
          request.params.assetId,
          version,
          request.body?.endDate ?? null,
        );
        return reply.header('etag', etag(asset.version)).send(asset);
      },
    );
  };
