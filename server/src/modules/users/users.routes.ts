import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import {
  ZBranch,
  ZCreateBranchRequest,
  ZCreateTeamRequest,
  ZCreateUserRequest,
  ZIdParams,
  ZTeam,
  ZUpdateBranchRequest,
  ZUpdateTeamRequest,
  ZUpdateUserRequest,
  ZUser,
} from './users.schema.ts';
import * as service from './users.service.ts';

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const usersRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/users',
      { schema: { tags: ['users'], summary: 'Usuários do workspace', response: { 200: items(ZUser) } } },
      async (request) => ({ items: await service.listUsers(db, requireActor(request)) }),
    );

    api.post(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Criar usuário (`manageUsers`)',
          body: ZCreateUserRequest,
          response: { 201: ZUser },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const user = await service.createUser(db, actor, request.body);
        return reply.status(201).header('etag', etag(user.version)).send(user);
      },
    );

    api.patch(
      '/users/:id',
      {
        schema: {
          tags: ['users'],
          summary:
            'Editar ou desativar usuário (`manageUsers`); desativar encerra as sessões. If-Match com a versão (ETag); 412 se desatualizada, 428 sem ele',
          params: ZIdParams,
          headers: ZIfMatchHeaders,
          body: ZUpdateUserRequest,
          response: { 200: ZUser },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const version = expectedVersion(request.headers['if-match']);
        const user = await service.updateUser(db, actor, request.params.id, version, request.body);
        return reply.header('etag', etag(user.version)).send(user);
      },
    );

    api.get(
      '/teams',
      { schema: { tags: ['teams'], summary: 'Equipes', response: { 200: items(ZTeam) } } },
      async (request) => ({ items: await service.listTeams(db, requireActor(request)) }),
    );

    api.post(
      '/teams',
      {
        schema: {
          tags: ['teams'],
          summary: 'Criar equipe (`manageUsers`)',
          body: ZCreateTeamRequest,
          response: { 201: ZTeam },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const team = await service.createTeam(db, actor, request.body);
        return reply.status(201).header('etag', etag(team.version)).send(team);
      },
    );

    api.patch(
      '/teams/:id',
      {
        schema: {
          tags: ['teams'],
          summary:
            'Editar equipe (`manageUsers`). If-Match com a versão (ETag); 412 se desatualizada, 428 sem ele',
          params: ZIdParams,
          headers: ZIfMatchHeaders,
          body: ZUpdateTeamRequest,
          response: { 200: ZTeam },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const version = expectedVersion(request.headers['if-match']);
        const team = await service.updateTeam(db, actor, request.params.id, version, request.body);
        return reply.header('etag', etag(team.version)).send(team);
      },
    );

    api.get(
      '/branches',
      { schema: { tags: ['branches'], summary: 'Filiais', response: { 200: items(ZBranch) } } },
      async (request) => ({ items: await service.listBranches(db, requireActor(request)) }),
    );

    api.post(
      '/branches',
      {
        schema: {
          tags: ['branches'],
          summary: 'Criar filial (`manageUsers`)',
          body: ZCreateBranchRequest,
          response: { 201: ZBranch },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const branch = await service.createBranch(db, actor, request.body.name);
        return reply.status(201).header('etag', etag(branch.version)).send(branch);
      },
    );

    api.patch(
      '/branches/:id',
      {
        schema: {
          tags: ['branches'],
          summary:
            'Editar ou desativar filial (`manageUsers`). If-Match com a versão (ETag); 412 se desatualizada, 428 sem ele',
          params: ZIdParams,
          headers: ZIfMatchHeaders,
          body: ZUpdateBranchRequest,
          response: { 200: ZBranch },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const version = expectedVersion(request.headers['if-match']);
        const branch = await service.updateBranch(db, actor, request.params.id, version, request.body);
        return reply.header('etag', etag(branch.version)).send(branch);
      },
    );
  };
