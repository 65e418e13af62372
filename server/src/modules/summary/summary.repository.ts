import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';

/** A fragment of the people policy (`visiblePeoplePredicate`) over `people p`. */
export type PersonFilter = (params: SqlParams) => string;

// The São Paulo calendar day titles fall due and limits expire on.
const TODAY = `(now() AT TIME ZONE 'America/Sao_Paulo')::date`;

export async function personVisible(
  db: Queryable,
  workspaceId: string,
  id: string,
  visible: PersonFilter,
): Promise<boolean> {
  const params = new SqlParams();
  const { rowCount } = await db.query(
    `SELECT 1 FROM people p WHERE p.workspace_id = ${params.add(workspaceId)} AND p.id = ${params.add(id)}
       AND ${visible(params)}`,
    params.values,
  );
  return rowCount === 1;
}

export async function today(db: Queryable): Promise<string> {
  const { rows } = await db.query(`SELECT ${TODAY}::text AS today`);
  return rows[0].today;
}

/** Count and value of the person's opportunities the viewer may see (`visibleIds`), by status. */
export async function opportunityTotals(
  db: Queryable,
  workspaceId: string,
  visibleIds: (params: SqlParams) => string,
): Promise<{ status: string; count: number; value_cents: number }[]> {
  const params = new SqlParams();
  const ws = params.add(workspaceId);
  const { rows } = await db.query(
    `SELECT o.status, count(*)::int AS count, coalesce(sum(o.value_cents), 0)::bigint AS value_cents
     FROM opportunities o WHERE o.workspace_id = ${ws} AND o.id IN (${visibleIds(params)})
     GROUP BY o.status`,
    params.values,
  );
  return rows;
}

/** The person's orders: the ERP's (by person) and the CRM's of the opportunities the viewer may see. */
function ofPerson(params: SqlParams, personId: string, visibleIds: (p: SqlParams) => string) {
  return `(s.person_id = ${params.add(personId)} OR s.opportunity_id IN (${visibleIds(params)}))`;
}

const ORDER_COLUMNS = `s.id, s.source, coalesce(s.external_number, s.number::text) AS number, s.status,
  coalesce(s.issued_on, (s.created_at AT TIME ZONE 'America/Sao_Paulo')::date)::text AS issued_on,
  s.value_cents, CASE WHEN jsonb_typeof(s.items) = 'array' THEN jsonb_array_length(s.items) ELSE 0 END AS item_count,
  s.opportunity_id`;

export type OrderRow = {
  id: string;
  source: 'crm' | 'erp';
  number: string;
  status: 'open' | 'invoiced' | 'delivered' | 'cancelled';
  issued_on: string;
  value_cents: number;
  item_count: number;
  opportunity_id: string | null;
};

/** Non-cancelled orders: how many and their total. */
export async function orderTotals(
  db: Queryable,
  workspaceId: string,
  personId: string,
  visibleIds: (params: SqlParams) => string,
): Promise<{ count: number; total_cents: number }> {
  const params = new SqlParams();
  const { rows } = await db.query(
    `SELECT count(*)::int AS count, coalesce(sum(s.value_cents), 0)::bigint AS total_cents FROM sales_orders s
     WHERE s.workspace_id = ${params.add(workspaceId)} AND ${ofPerson(params, personId, visibleIds)}
       AND s.status <> 'cancelled'`,
    params.values,
  );
  return rows[0];
}

export async function listOrders(
  db: Queryable,
  workspaceId: string,
  personId: string,
  visibleIds: (params: SqlParams) => string,
  limit: number,
): Promise<OrderRow[]> {
  const params = new SqlParams();
  const { rows } = await db.query(
    `SELECT ${ORDER_COLUMNS} FROM sales_orders s
     WHERE s.workspace_id = ${params.add(workspaceId)} AND ${ofPerson(params, personId, visibleIds)}
     ORDER BY 5 DESC, s.created_at DESC LIMIT ${params.add(limit)}`,
    params.values,
  );
  return rows;
}

export async function receivableTotals(
  db: Queryable,
  workspaceId: string,
  personId: string,
): Promise<Record<string, number>> {
  const { rows } = await db.query(
    `SELECT
       count(*) FILTER (WHERE status = 'open' AND due_on < ${TODAY})::int AS overdue_count,
       coalesce(sum(greatest(amount_cents - paid_cents, 0)) FILTER (WHERE status = 'open' AND due_on < ${TODAY}), 0)::bigint AS overdue_cents,
       count(*) FILTER (WHERE status = 'open' AND due_on >= ${TODAY})::int AS due_count,
       coalesce(sum(greatest(amount_cents - paid_cents, 0)) FILTER (WHERE status = 'open' AND due_on >= ${TODAY}), 0)::bigint AS due_cents,
       count(*) FILTER (WHERE status = 'paid')::int AS paid_count,
       coalesce(sum(paid_cents) FILTER (WHERE status = 'paid'), 0)::bigint AS paid_cents
     FROM receivables WHERE workspace_id = $1 AND person_id = $2`,
    [workspaceId, personId],
  );
  return rows[0];
}

export type ReceivableRow = {
  id: string;
  external_id: string;
  number: string | null;
  description: string | null;
  issued_on: string | null;
  due_on: string;
  amount_cents: number;
  paid_cents: number;
  paid_on: string | null;
  status: 'overdue' | 'due' | 'paid' | 'cancelled';
};

export async function listReceivables(
  db: Queryable,
  workspaceId: string,
  personId: string,
): Promise<ReceivableRow[]> {
  const { rows } = await db.query(
    `SELECT id, external_id, number, description, issued_on, due_on, amount_cents, paid_cents, paid_on,
       CASE WHEN status = 'open' AND due_on < ${TODAY} THEN 'overdue' WHEN status = 'open' THEN 'due' ELSE status END
         AS status
     FROM receivables WHERE workspace_id = $1 AND person_id = $2
     ORDER BY due_on DESC, external_id LIMIT 1000`,
    [workspaceId, personId],
  );
  return rows;
}

export async function creditTotals(
  db: Queryable,
  workspaceId: string,
  personId: string,
): Promise<Record<string, number>> {
  const { rows } = await db.query(
    `SELECT
       count(*) FILTER (WHERE NOT expired)::int AS count,
       coalesce(sum(granted_cents) FILTER (WHERE NOT expired), 0)::bigint AS granted_cents,
       coalesce(sum(used_cents) FILTER (WHERE NOT expired), 0)::bigint AS used_cents,
       coalesce(sum(greatest(granted_cents - used_cents, 0)) FILTER (WHERE NOT expired), 0)::bigint AS available_cents,
       count(*) FILTER (WHERE expired)::int AS expired_count,
       coalesce(sum(granted_cents) FILTER (WHERE expired), 0)::bigint AS expired_cents
     FROM (SELECT *, coalesce(valid_until < ${TODAY}, false) AS expired FROM credit_limits
       WHERE workspace_id = $1 AND person_id = $2) c`,
    [workspaceId, personId],
  );
  return rows[0];
}

export type CreditLimitRow = {
  id: string;
  external_id: string;
  description: string | null;
  granted_cents: number;
  used_cents: number;
  valid_until: string | null;
  expired: boolean;
};

export async function listCreditLimits(
  db: Queryable,
  workspaceId: string,
  personId: string,
): Promise<CreditLimitRow[]> {
  const { rows } = await db.query(
    `SELECT id, external_id, description, granted_cents, used_cents, valid_until,
       coalesce(valid_until < ${TODAY}, false) AS expired
     FROM credit_limits WHERE workspace_id = $1 AND person_id = $2
     ORDER BY expired, valid_until DESC NULLS FIRST, external_id LIMIT 1000`,
    [workspaceId, personId],
  );
  return rows;
}
