import { ZDashboard, ZDashboardQuery } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { sendDownload } from '../attachments/download.ts';
import { exportDashboard, getDashboard } from './dashboards.service.ts';

/** The dashboard's filters, and the file's format (XLSX only: each table's CSV is made by the page). */
const ZDashboardExportQuery = ZDashboardQuery.extend({ format: z.enum(['xlsx']).default('xlsx') });

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

    api.get(
      '/dashboards/export',
      {
        schema: {
          tags: ['dashboards'],
          summary:
            'Baixar o painel em XLSX (uma planilha por tabela), com os mesmos filtros e a mesma visibilidade de GET /dashboards',
          querystring: ZDashboardExportQuery,
        },
      },
      async (request, reply) => {
        const { format: _format, ...query } = request.query;
        return sendDownload(reply, await exportDashboard(db, requireActor(request), query));
      },
    );
  };
