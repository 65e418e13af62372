import type { CreditLimitInput, ReceivableInput, SalesOrderInput } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

export type ReplaceCounts = { created: number; updated: number; removed: number };

/**
 * Locks a person of the workspace for an ERP sync (NO KEY UPDATE: concurrent syncs of the same person run in
 * turn, while rows that merely reference the person are not blocked). Archived people still take ERP data.
 */
export async function lockPerson(db: Queryable, workspaceId: string, personId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'SELECT id FROM people WHERE workspace_id = $1 AND id = $2 FOR NO KEY UPDATE',
    [workspaceId, personId],
  );
  return rowCount === 1;
}

const count = (v: unknown) => Number(v ?? 0);

/** A person's set of ERP rows kept by external id: the table and its value columns with their SQL types. */
type PersonSet = { table: 'receivables' | 'credit_limits'; columns: Record<string, string> };

const RECEIVABLES: PersonSet = {
  table: 'receivables',
  columns: {
    number: 'text',
    description: 'text',
    issued_on: 'date',
    due_on: 'date',
    amount_cents: 'bigint',
    paid_cents: 'bigint',
    paid_on: 'date',
    status: 'text',
  },
};

const CREDIT_LIMITS: PersonSet = {
  table: 'credit_limits',
  columns: { description: 'text', granted_cents: 'bigint', used_cents: 'bigint', valid_until: 'date' },
};

/**
 * Makes a person's rows of `set` exactly `rows` (keyed by `external_id`), in one statement: upsert by external
 * id (a row changes only when a value differs), delete the rows the ERP no longer sends. Table and column names
 * come from the constants above, never from input.
 */
async function replacePersonSet(
  db: Queryable,
  set: PersonSet,
  workspaceId: string,
  personId: string,
  rows: ({ external_id: string } & Record<string, unknown>)[],
): Promise<ReplaceCounts> {
  const names = Object.keys(set.columns);
  const list = (prefix: string) => names.map((n) => `${prefix}${n}`).join(', ');
  const { rows: result } = await db.query(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($3::jsonb)
         AS x(external_id text, ${names.map((n) => `${n} ${set.columns[n]}`).join(', ')})
     ), upserted AS (
       INSERT INTO ${set.table} AS t (workspace_id, person_id, external_id, ${list('')})
       SELECT $1, $2, external_id, ${list('')} FROM input ORDER BY external_id
       ON CONFLICT (workspace_id, person_id, external_id) DO UPDATE
         SET ${names.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}, updated_at = now()
       WHERE (${list('t.')}) IS DISTINCT FROM (${list('EXCLUDED.')})
       RETURNING (xmax = 0) AS inserted
     ), removed AS (
       DELETE FROM ${set.table} t WHERE t.workspace_id = $1 AND t.person_id = $2
         AND t.external_id <> ALL (ARRAY(SELECT external_id FROM input))
       RETURNING 1
     )
     SELECT (SELECT count(*) FILTER (WHERE inserted) FROM upserted) AS created,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM upserted) AS updated,
       (SELECT count(*) FROM removed) AS removed`,
    [workspaceId, personId, JSON.stringify(rows)],
  );
  return {
    created: count(result[0].created),
    updated: count(result[0].updated),
    removed: count(result[0].removed),
  };
}

/** Makes a person's financial titles exactly `items`. */
export function replaceReceivables(
  db: Queryable,
  workspaceId: string,
  personId: string,
  items: ReceivableInput[],
): Promise<ReplaceCounts> {
  return replacePersonSet(
    db,
    RECEIVABLES,
    workspaceId,
    personId,
    items.map((i) => ({
      external_id: i.externalId,
      number: i.number ?? null,
      description: i.description ?? null,
      issued_on: i.issuedOn ?? null,
      due_on: i.dueOn,
      amount_cents: i.amountCents,
      paid_cents: i.paidCents,
      paid_on: i.paidOn ?? null,
      status: i.status,
    })),
  );
}

/** Makes a person's credit limits exactly `items`. */
export function replaceCreditLimits(
  db: Queryable,
  workspaceId: string,
  personId: string,
  items: CreditLimitInput[],
): Promise<ReplaceCounts> {
  return replacePersonSet(
    db,
    CREDIT_LIMITS,
    workspaceId,
    personId,
    items.map((i) => ({
      external_id: i.externalId,
      description: i.description ?? null,
      granted_cents: i.grantedCents,
      used_cents: i.usedCents,
      valid_until: i.validUntil ?? null,
    })),
  );
}

/** Which of `ids` are people of the workspace, and which person has each of `documents` (normalized). */
export async function resolvePeople(
  db: Queryable,
  workspaceId: string,
  ids: string[],
  documents: string[],
): Promise<{ ids: Set<string>; byDocument: Map<string, string> }> {
  const { rows } = await db.query(
    `SELECT id, document FROM people
     WHERE workspace_id = $1 AND (id = ANY($2::uuid[]) OR document = ANY($3::text[]))`,
    [workspaceId, ids, documents],
  );
  const found = new Set<string>();
  const byDocument = new Map<string, string>();
  for (const r of rows) {
    found.add(r.id);
    if (r.document) byDocument.set(r.document, r.id);
  }
  return { ids: found, byDocument };
}

/** The person each already-known ERP order is on now (an order may move to another person). */
export async function currentOrderPeople(
  db: Queryable,
  workspaceId: string,
  externalIds: string[],
): Promise<Map<string, { id: string; personId: string }>> {
  const { rows } = await db.query(
    `SELECT id, external_id, person_id FROM sales_orders
     WHERE workspace_id = $1 AND external_id = ANY($2::text[])`,
    [workspaceId, externalIds],
  );
  return new Map(
    rows.map((r) => [r.external_id as string, { id: r.id as string, personId: r.person_id as string }]),
  );
}

export type UpsertedOrder = { id: string; external_id: string; person_id: string; inserted: boolean };

/**
 * Upserts ERP orders by external id in one statement (in external-id order, so concurrent batches lock rows
 * alike). A concurrent identical batch waits on the unique index and then finds nothing to change.
 * Answers only the orders written (created or changed).
 */
export async function upsertSalesOrders(
  db: Queryable,
  workspaceId: string,
  orders: (SalesOrderInput & { resolvedPersonId: string })[],
): Promise<UpsertedOrder[]> {
  const input = orders.map((o) => ({
    external_id: o.externalId,
    person_id: o.resolvedPersonId,
    external_number: o.number ?? null,
    status: o.status,
    issued_on: o.issuedOn,
    value_cents: o.totalCents,
    items: o.items,
  }));
  const { rows } = await db.query(
    `INSERT INTO sales_orders AS s (workspace_id, source, external_id, person_id, external_number, status, issued_on,
       value_cents, items)
     SELECT $1, 'erp', x.external_id, x.person_id, x.external_number, x.status, x.issued_on, x.value_cents, x.items
     FROM jsonb_to_recordset($2::jsonb) AS x(external_id text, person_id uuid, external_number text, status text,
       issued_on date, value_cents bigint, items jsonb)
     ORDER BY x.external_id
     ON CONFLICT (workspace_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
       person_id = EXCLUDED.person_id, external_number = EXCLUDED.external_number, status = EXCLUDED.status,
       issued_on = EXCLUDED.issued_on, value_cents = EXCLUDED.value_cents, items = EXCLUDED.items, updated_at = now()
     WHERE s.source = 'erp' AND (s.person_id, s.external_number, s.status, s.issued_on, s.value_cents, s.items)
       IS DISTINCT FROM (EXCLUDED.person_id, EXCLUDED.external_number, EXCLUDED.status, EXCLUDED.issued_on,
         EXCLUDED.value_cents, EXCLUDED.items)
     RETURNING s.id, s.external_id, s.person_id, (xmax = 0) AS inserted`,
    [workspaceId, JSON.stringify(input)],
  );
  return rows;
}
