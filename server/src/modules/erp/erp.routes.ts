import { ZPostSalesOrdersRequest, ZPutCreditLimitsRequest, ZPutReceivablesRequest } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../http/context.ts';
import { requireApiToken } from '../api-tokens/api-token.principal.ts';
import * as service from './erp.service.ts';

const ZPersonParams = z.object({ id: z.uuid() });

const ZSyncResult = z.object({
  personId: z.string(),
  received: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  removed: z.number(),
});

const ZSalesOrdersResult = z.object({
  received: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  orders: z.array(
    z.object({
      externalId: z.string(),
      id: z.string(),
      personId: z.string(),
      result: z.enum(['created', 'updated', 'unchanged']),
    }),
  ),
});

/** Only API tokens call these (Authorization: Bearer), each with its scope; sessions get 403. */
const security = [{ apiToken: [] }];

/** The ERP API: a person's financial titles and credit limits (full replace), sales orders (bulk upsert). */
export const erpRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['erp'];

    api.put(
      '/people/:id/receivables',
      {
        config: { apiScope: 'erp:receivables' },
        schema: {
          tags,
          security,
          summary:
            'Títulos financeiros da pessoa (escopo erp:receivables): substitui o conjunto inteiro — cria e ' +
            'atualiza por externalId, remove os ausentes',
          params: ZPersonParams,
          body: ZPutReceivablesRequest,
          response: { 200: ZSyncResult },
        },
      },
      async (request) =>
        service.replaceReceivables(
          db,
          requireApiToken(request, 'erp:receivables'),
          request.params.id,
          request.body.items,
        ),
    );

    api.put(
      '/people/:id/credit-limits',
      {
        config: { apiScope: 'erp:credit-limits' },
        schema: {
          tags,
          security,
          summary:
            'Limites de crédito da pessoa (escopo erp:credit-limits): substitui o conjunto inteiro por externalId',
          params: ZPersonParams,
          body: ZPutCreditLimitsRequest,
          response: { 200: ZSyncResult },
        },
      },
      async (request) =>
        service.replaceCreditLimits(
          db,
          requireApiToken(request, 'erp:credit-limits'),
          request.params.id,
          request.body.items,
        ),
    );

    api.post(
      '/sales-orders',
      {
        config: { apiScope: 'erp:sales-orders' },
        schema: {
          tags,
          security,
          summary:
            'Ordens de venda do ERP (escopo erp:sales-orders): até 500 por chamada, upsert idempotente por ' +
            'externalId; pessoa por personId ou CPF/CNPJ; tudo ou nada (422 com erros por ordem)',
          body: ZPostSalesOrdersRequest,
          response: { 200: ZSalesOrdersResult },
        },
      },
      async (request) =>
        service.upsertSalesOrders(db, requireApiToken(request, 'erp:sales-orders'), request.body.orders),
    );
  };
