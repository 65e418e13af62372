import { ZRoleMatrix } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { getRoleMatrix, setRoleMatrix } from './workspaces.service.ts';

export const workspacesRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/workspace/role-matrix',
      {
        schema: {
          tags: ['workspace'],
          summary: 'Matriz de acesso por papel (quem vê quais pessoas, quem exporta)',
          response: { 200: ZRoleMatrix },
        },
      },
      async (request) => getRoleMatrix(db, requireActor(request)),
    );

    api.put(
      '/workspace/role-matrix',
      {
        schema: {
          tags: ['workspace'],
          summary: 'Alterar a matriz de acesso (admin)',
          body: ZRoleMatrix,
          response: { 200: ZRoleMatrix },
        },
      },
      async (request) => setRoleMatrix(db, requireActor(request), request.body),
    );
  };
