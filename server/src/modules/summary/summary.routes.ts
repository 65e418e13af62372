import {
  type PersonSummary,
  RECEIVABLE_STATUSES,
  SALES_ORDER_SOURCES,
  SALES_ORDER_STATUSES,
} from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { ZPersonParams } from '../people/people.schema.ts';
import * as service from './summary.service.ts';

const ZCountAndTotal = z.object({ count: z.number(), totalCents: z.number() });
const ZCountAndValue = z.object({ count: z.number(), valueCents: z.number() });

const ZSalesOrderLine = z.object({
  id: z.string(),
  source: z.enum(SALES_ORDER_SOURCES),
  number: z.string(),
  status: z.enum(SALES_ORDER_STATUSES),
  issuedOn: z.string(),
  totalCents: z.number(),
  itemCount: z.number(),
  opportunityId: z.string().nullable(),
});

const ZPersonSummary = z.object({
  personId: z.string(),
  asOf: z.string(),
  opportunities: z.object({
    open: ZCountAndValue,
    won: ZCountAndValue,
    lost: ZCountAndValue,
    discarded: ZCountAndValue,
  }),
  salesOrders: ZCountAndTotal.extend({ latest: z.array(ZSalesOrderLine) }),
  receivables: z.object({ overdue: ZCountAndTotal, due: ZCountAndTotal, paid: ZCountAndTotal }),
  creditLimits: z.object({
    count: z.number(),
    grantedCents: z.number(),
    usedCents: z.number(),
    availableCents: z.number(),
    expired: ZCountAndTotal,
  }),
}) satisfies z.ZodType<PersonSummary>;

const ZReceivableLine = z.object({
  id: z.string(),
  externalId: z.string(),
  number: z.string().nullable(),
  description: z.string().nullable(),
  issuedOn: z.string().nullable(),
  dueOn: z.string(),
  amountCents: z.number(),
  paidCents: z.number(),
  paidOn: z.string().nullable(),
  status: z.enum(RECEIVABLE_STATUSES),
});

const ZCreditLimitLine = z.object({
  id: z.string(),
  externalId: z.string(),
  description: z.string().nullable(),
  grantedCents: z.number(),
  usedCents: z.number(),
  availableCents: z.number(),
  validUntil: z.string().nullable(),
  expired: z.boolean(),
});

/** The Resumo 360° of the person page and the lists its cards open (people policy: 404 when not visible). */
export const summaryRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['people'];

    api.get(
      '/people/:id/summary',
      {
        schema: {
          tags,
          summary: 'Resumo 360°: oportunidades, ordens de venda, títulos financeiros e limites de crédito',
          params: ZPersonParams,
          response: { 200: ZPersonSummary },
        },
      },
      async (request) => service.getPersonSummary(db, requireActor(request), request.params.id),
    );

    api.get(
      '/people/:id/receivables',
      {
        schema: {
          tags,
          summary: 'Títulos financeiros da pessoa (vencidos, a vencer, pagos, cancelados)',
          params: ZPersonParams,
          response: { 200: z.object({ items: z.array(ZReceivableLine) }) },
        },
      },
      async (request) => ({
        items: await service.listPersonReceivables(db, requireActor(request), request.params.id),
      }),
    );

    api.get(
      '/people/:id/sales-orders',
      {
        schema: {
          tags,
          summary: 'Ordens de venda da pessoa (ERP e CRM)',
          params: ZPersonParams,
          response: { 200: z.object({ items: z.array(ZSalesOrderLine) }) },
        },
      },
      async (request) => ({
        items: await service.listPersonSalesOrders(db, requireActor(request), request.params.id),
      }),
    );

    api.get(
      '/people/:id/credit-limits',
      {
        schema: {
          tags,
          summary: 'Limites de crédito da pessoa (vigentes e vencidos)',
          params: ZPersonParams,
          response: { 200: z.object({ items: z.array(ZCreditLimitLine) }) },
        },
      },
      async (request) => ({
        items: await service.listPersonCreditLimits(db, requireActor(request), request.params.id),
      }),
    );
  };
