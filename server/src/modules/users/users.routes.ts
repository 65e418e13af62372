import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { assertCanAdminister } from './users.policy.ts';
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
          summary: 'Criar usuário (admin)',
          body: ZCreateUserRequest,
          response: { 201: ZUser },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        assertCanAdminister(actor);
        return reply.status(201).send(await service.createUser(db, actor, request.body));
      },
    );

    api.patch(
      '/users/:id',
      {
        schema: {
          tags: ['users'],
          summary: 'Editar ou desativar usuário (admin); desativar encerra as sessões',
          params: ZIdParams,
          body: ZUpdateUserRequest,
          response: { 200: ZUser },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        assertCanAdminister(actor);
        return service.updateUser(db, actor, request.params.id, request.body);
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
          summary: 'Criar equipe (admin)',
          body: ZCreateTeamRequest,
          response: { 201: ZTeam },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        assertCanAdminister(actor);
        return reply.status(201).send(await service.createTeam(db, actor, request.body));
      },
    );

    api.patch(
      '/teams/:id',
      {
        schema: {
          tags: ['teams'],
          summary: 'Editar equipe (admin)',
          params: ZIdParams,
          body: ZUpdateTeamRequest,
          response: { 200: ZTeam },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        assertCanAdminister(actor);
        return service.updateTeam(db, actor, request.params.id, request.body);
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
          summary: 'Criar filial (admin)',
          body: ZCreateBranchRequest,
          response: { 201: ZBranch },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        assertCanAdminister(actor);
        return reply.status(201).send(await service.createBranch(db, actor, request.body.name));
      },
    );

    api.patch(
      '/branches/:id',
      {
        schema: {
          tags: ['branches'],
          summary: 'Editar ou desativar filial (admin)',
          params: ZIdParams,
          body: ZUpdateBranchRequest,
          response: { 200: ZBranch },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        assertCanAdminister(actor);
        return service.updateBranch(db, actor, request.params.id, request.body);
      },
    );
  };
