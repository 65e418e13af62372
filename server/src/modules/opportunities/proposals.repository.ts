import type { Queryable } from '../../db/pool.ts';

// Proposals and the sales orders they become.

export type ProposalRow = {
  id: string;
  value_cents: number;
  conditions: string | null;
  valid_until: string | null;
  items: { description: string; quantity: number; unitCents: number }[];
  status: 'open' | 'accepted' | 'superseded';
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  accepted_at: Date | null;
};

export async function listProposals(
  db: Queryable,
  workspaceId: string,
  opportunityId: string,
  id?: string,
): Promise<ProposalRow[]> {
  const { rows } = await db.query(
    `SELECT pr.*, u.name AS created_by_name FROM proposals pr LEFT JOIN users u ON u.id = pr.created_by
     WHERE pr.workspace_id = $3 AND pr.opportunity_id = $1 AND ($2::uuid IS NULL OR pr.id = $2)
     ORDER BY pr.created_at DESC`,
    [opportunityId, id ?? null, workspaceId],
  );
  return rows;
}

export async function insertProposal(
  db: Queryable,
  p: {
    workspaceId: string;
    opportunityId: string;
    valueCents: number;
    conditions: string | null;
    validUntil: string | null;
    items: unknown[];
    createdBy: string;
  },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO proposals (workspace_id, opportunity_id, value_cents, conditions, valid_until, items, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      p.workspaceId,
      p.opportunityId,
      p.valueCents,
      p.conditions,
      p.validUntil,
      JSON.stringify(p.items),
      p.createdBy,
    ],
  );
  return rows[0].id;
}

/** Accepts one proposal (the others become superseded) and writes its sales order. */
export async function acceptProposal(
  db: Queryable,
  p: { workspaceId: string; opportunityId: string; proposalId: string; createdBy: string },
): Promise<{ id: string; number: number }> {
  await db.query(
    `UPDATE proposals SET status = CASE WHEN id = $2 THEN 'accepted' ELSE 'superseded' END,
       accepted_at = CASE WHEN id = $2 THEN now() ELSE accepted_at END
     WHERE workspace_id = $3 AND opportunity_id = $1 AND status = 'open'`,
    [p.opportunityId, p.proposalId, p.workspaceId],
  );
  const { rows } = await db.query(
    `INSERT INTO sales_orders (workspace_id, opportunity_id, proposal_id, value_cents, items, created_by)
     SELECT $1, $2, id, value_cents, items, $4 FROM proposals WHERE workspace_id = $1 AND id = $3
     RETURNING id, number`,
    [p.workspaceId, p.opportunityId, p.proposalId, p.createdBy],
  );
  return rows[0];
}

export async function findSalesOrder(
  db: Queryable,
  workspaceId: string,
  opportunityId: string,
): Promise<{ id: string; number: number; valueCents: number; createdAt: string } | null> {
  const { rows } = await db.query(
    `SELECT id, number, value_cents, created_at FROM sales_orders WHERE workspace_id = $1 AND opportunity_id = $2`,
    [workspaceId, opportunityId],
  );
  const r = rows[0];
  return r
    ? { id: r.id, number: r.number, valueCents: r.value_cents, createdAt: r.created_at.toISOString() }
    : null;
}
