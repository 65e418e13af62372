import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';

export type StatusRow = {
  id: string;
  version: number;
  owner_id: string | null;
  objective_id: string | null;
  objective_label: string | null;
  moment_id: string | null;
  moment_label: string | null;
  sub_moment_id: string | null;
  sub_moment_label: string | null;
  product_of_interest_id: string | null;
  product_label: string | null;
  temperature: 'cold' | 'warm' | 'hot' | null;
  previous_temperature: 'cold' | 'warm' | 'hot' | null;
  disinterest_reason_id: string | null;
  disinterest_label: string | null;
  disinterest_note: string | null;
  disinterested_at: Date | null;
  non_client_reason: 'supplier' | 'test' | 'employee' | 'other' | null;
  non_client_note: string | null;
  non_client_at: Date | null;
  archived_at: Date | null;
  archived_by: string | null;
  archived_by_name: string | null;
  /** Set while the person is merged into another (archived by the merge; undone only by desfazer mesclagem). */
  merged_into_id: string | null;
  do_not_contact: boolean;
  wallet_status: 'active' | 'expired' | 'active_offer';
  wallet_changed_at: Date | null;
  offer_team_id: string | null;
  offer_team_name: string | null;
  last_activity_at: Date;
  first_visit_at: Date | null;
  last_visit_at: Date | null;
  next_visit_at: Date | null;
};

/** A person's status panel and flags, through `visible`; `lock` holds the row until the transaction ends. */
export async function findStatus(
  db: Queryable,
  workspaceId: string,
  id: string,
  visible: (params: SqlParams) => string,
  lock = false,
): Promise<StatusRow | null> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const workspace = params.add(workspaceId);
  const where = visible(params);
  if (lock) {
    // A plain row lock first (no joins), then the read with the labels.
    const locked = await db.query(
      `SELECT 1 FROM people p WHERE p.workspace_id = ${workspace} AND p.id = ${idParam} AND ${where} FOR UPDATE`,
      params.values,
    );
    if (!locked.rowCount) return null;
  }
  const { rows } = await db.query<StatusRow>(
    `SELECT p.id, p.version, p.owner_id, p.objective_id, ob.label AS objective_label, p.moment_id, mo.label AS moment_label,
       p.sub_moment_id, sm.label AS sub_moment_label, p.product_of_interest_id, pr.label AS product_label,
       p.temperature, p.previous_temperature, p.disinterest_reason_id, di.label AS disinterest_label,
       p.disinterest_note, p.disinterested_at, p.non_client_reason, p.non_client_note, p.non_client_at,
       p.archived_at, p.archived_by, u.name AS archived_by_name, p.merged_into_id, p.do_not_contact, p.wallet_status,
       p.wallet_changed_at, p.offer_team_id, t.name AS offer_team_name, p.last_activity_at,
       v.first_visit_at, v.last_visit_at, v.next_visit_at
     FROM people p
     CROSS JOIN LATERAL (
       SELECT min(a.due_at) FILTER (WHERE a.status = 'done') AS first_visit_at,
         max(a.due_at) FILTER (WHERE a.status = 'done') AS last_visit_at,
         min(a.due_at) FILTER (WHERE a.status = 'open' AND a.due_at >= now()) AS next_visit_at
       FROM activities a
       WHERE a.workspace_id = p.workspace_id AND a.person_id = p.id AND a.kind = 'visit' AND a.status <> 'cancelled'
     ) v
     LEFT JOIN teams t ON t.workspace_id = p.workspace_id AND t.id = p.offer_team_id
     LEFT JOIN list_options ob ON ob.workspace_id = p.workspace_id AND ob.id = p.objective_id
     LEFT JOIN list_options mo ON mo.workspace_id = p.workspace_id AND mo.id = p.moment_id
     LEFT JOIN list_options sm ON sm.workspace_id = p.workspace_id AND sm.id = p.sub_moment_id
     LEFT JOIN list_options pr ON pr.workspace_id = p.workspace_id AND pr.id = p.product_of_interest_id
     LEFT JOIN list_options di ON di.workspace_id = p.workspace_id AND di.id = p.disinterest_reason_id
     LEFT JOIN users u ON u.workspace_id = p.workspace_id AND u.id = p.archived_by
     WHERE p.workspace_id = ${workspace} AND p.id = ${idParam} AND ${where}`,
    params.values,
  );
  return rows[0] ?? null;
}

/** Writes status columns of a person and bumps its version; returns the new version. */
export async function updateStatus(
  db: Queryable,
  workspaceId: string,
  id: string,
  set: Record<string, unknown>,
): Promise<number> {
  const columns = Object.keys(set);
  const { rows } = await db.query(
    `UPDATE people SET ${columns.map((c, i) => `${c} = $${i + 3}`).join(', ')}, version = version + 1, updated_at = now()
     WHERE workspace_id = $1 AND id = $2 RETURNING version`,
    [workspaceId, id, ...columns.map((c) => set[c])],
  );
  return rows[0].version;
}

/** A list option with its list and parent (to check what a person's field may point to). */
export async function findOption(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<{ list: string; label: string; parentId: string | null; archived: boolean } | null> {
  const { rows } = await db.query(
    `SELECT list, label, parent_id, archived_at IS NOT NULL AS archived FROM list_options
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
  const r = rows[0];
  return r ? { list: r.list, label: r.label, parentId: r.parent_id, archived: r.archived } : null;
}

/**
 * First come, first served: hands a person on active offer to `userId` if it is still on offer to one of
 * `teamIds`; false when someone else picked it first.
 */
export async function pickFromOffer(
  db: Queryable,
  id: string,
  workspaceId: string,
  userId: string,
  teamIds: string[],
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE people SET owner_id = $3, wallet_status = 'active', offer_team_id = NULL, wallet_changed_at = now(),
       version = version + 1, updated_at = now()
     WHERE id = $1 AND workspace_id = $2 AND archived_at IS NULL AND wallet_status = 'active_offer'
       AND offer_team_id = ANY($4::uuid[])`,
    [id, workspaceId, userId, teamIds],
  );
  return rowCount === 1;
}

/**
 * The expiry job: active wallets with no activity for their workspace's limit leave their owner (back to
 * distribution). Returns who left whose wallet, for the timeline.
 */
export async function expireInactive(
  db: Queryable,
  now: Date,
  defaultDays: number,
): Promise<{ id: string; workspace_id: string; owner_id: string; owner_name: string | null }[]> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — the expiry sweep serves every workspace */
     WITH expired AS (
       SELECT p.id, p.workspace_id, p.owner_id FROM people p JOIN workspaces w ON w.id = p.workspace_id
       WHERE p.wallet_status = 'active' AND p.owner_id IS NOT NULL AND p.archived_at IS NULL
         AND coalesce((w.settings ->> 'walletExpiryDays')::int, $2) > 0
         AND p.last_activity_at < $1::timestamptz
           - coalesce((w.settings ->> 'walletExpiryDays')::int, $2) * interval '1 day'
       FOR UPDATE OF p SKIP LOCKED)
     UPDATE people p SET wallet_status = 'expired', owner_id = NULL, wallet_changed_at = $1, version = p.version + 1
     FROM expired e LEFT JOIN users u ON u.workspace_id = e.workspace_id AND u.id = e.owner_id
     WHERE p.workspace_id = e.workspace_id AND p.id = e.id
     RETURNING p.id, p.workspace_id, e.owner_id, u.name AS owner_name`,
    [now, defaultDays],
  );
  return rows;
}

/** Whether the person exists in the workspace and is not archived, whoever may see it. */
export async function existsUnarchived(db: Queryable, workspaceId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'SELECT 1 FROM people WHERE workspace_id = $1 AND id = $2 AND archived_at IS NULL',
    [workspaceId, id],
  );
  return (rowCount ?? 0) > 0;
}
