import { ZDashboard, ZDashboardQuery } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { getDashboard } from './dashboards.service.ts';

export const dashboardsRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/dashboards',
      {
        schema: {
          tags: ['dashboards'],
          summary:
            'Painel: conversão por etapa, mídia/canal, responsável, equipe e filial; ganhas/perdidas por motivo; tempo por etapa; atividades por usuário; tempo até o primeiro contato; previsão por mês; resultados do call center — só o que o usuário vê (padrão: últimos 30 dias; no máximo 2 anos)',
          querystring: ZDashboardQuery,
          response: { 200: ZDashboard },
        },
      },
      async (request) => getDashboard(db, requireActor(request), request.query),
    );
  };
