import type { CreditLimitLine, PersonSummary, ReceivableLine, SalesOrderLine } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { notFound } from '../../lib/errors.ts';
import type { SqlParams } from '../../lib/sql.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleOpportunityIdsOfPerson } from '../opportunities/opportunities.policy.ts';
import { visiblePeoplePredicate } from '../people/people.policy.ts';
import { presentCreditLimit, presentOrder, presentReceivable } from './summary.presenter.ts';
import * as repo from './summary.repository.ts';

// The Resumo 360° of a person: one read under the people policy (404 when the viewer may not see the person);
// opportunities and CRM orders further under the opportunities policy; ERP data (titles, limits, orders) goes
// with the person.

const OPPORTUNITY_STATUSES = ['open', 'won', 'lost', 'discarded'] as const;

async function assertVisible(db: Queryable, actor: Actor, personId: string) {
  const visible = (params: SqlParams) => visiblePeoplePredicate(actor, params, 'read');
  if (!(await repo.personVisible(db, actor.workspaceId, personId, visible))) throw notFound();
}

const opportunitiesOf = (actor: Actor, personId: string) => (params: SqlParams) =>
  visibleOpportunityIdsOfPerson(actor, personId, params);

/** The 360° cards: opportunities by status, sales orders, titles (overdue / due / paid) and credit limits. */
export async function getPersonSummary(
  db: Queryable,
  actor: Actor,
  personId: string,
): Promise<PersonSummary> {
  await assertVisible(db, actor, personId);
  const ws = actor.workspaceId;
  const visibleOpportunities = opportunitiesOf(actor, personId);
  const [asOf, opportunities, orderTotals, latest, receivables, credit] = await Promise.all([
    repo.today(db),
    repo.opportunityTotals(db, ws, visibleOpportunities),
    repo.orderTotals(db, ws, personId, visibleOpportunities),
    repo.listOrders(db, ws, personId, visibleOpportunities, 5),
    repo.receivableTotals(db, ws, personId),
    repo.creditTotals(db, ws, personId),
  ]);
  const byStatus = Object.fromEntries(
    OPPORTUNITY_STATUSES.map((status) => {
      const row = opportunities.find((r) => r.status === status);
      return [status, { count: row?.count ?? 0, valueCents: row?.value_cents ?? 0 }];
    }),
  ) as PersonSummary['opportunities'];
  const n = (v: number | undefined) => Number(v ?? 0);
  return {
    personId,
    asOf,
    opportunities: byStatus,
    salesOrders: {
      count: orderTotals.count,
      totalCents: orderTotals.total_cents,
      latest: latest.map(presentOrder),
    },
    receivables: {
      overdue: { count: n(receivables.overdue_count), totalCents: n(receivables.overdue_cents) },
      due: { count: n(receivables.due_count), totalCents: n(receivables.due_cents) },
      paid: { count: n(receivables.paid_count), totalCents: n(receivables.paid_cents) },
    },
    creditLimits: {
      count: n(credit.count),
      grantedCents: n(credit.granted_cents),
      usedCents: n(credit.used_cents),
      availableCents: n(credit.available_cents),
      expired: { count: n(credit.expired_count), totalCents: n(credit.expired_cents) },
    },
  };
}

/** The person's financial titles, newest due day first, with overdue computed for today (São Paulo). */
export async function listPersonReceivables(
  db: Queryable,
  actor: Actor,
  personId: string,
): Promise<ReceivableLine[]> {
  await assertVisible(db, actor, personId);
  return (await repo.listReceivables(db, actor.workspaceId, personId)).map(presentReceivable);
}

/** The person's sales orders (ERP and CRM), newest first. */
export async function listPersonSalesOrders(
  db: Queryable,
  actor: Actor,
  personId: string,
): Promise<SalesOrderLine[]> {
  await assertVisible(db, actor, personId);
  return (await repo.listOrders(db, actor.workspaceId, personId, opportunitiesOf(actor, personId), 500)).map(
    presentOrder,
  );
}

/** The person's credit limits, valid ones first. */
export async function listPersonCreditLimits(
  db: Queryable,
  actor: Actor,
  personId: string,
): Promise<CreditLimitLine[]> {
  await assertVisible(db, actor, personId);
  return (await repo.listCreditLimits(db, actor.workspaceId, personId)).map(presentCreditLimit);
}
