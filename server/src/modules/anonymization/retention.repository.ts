import type { RetentionKind, RetentionRun } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';

export type RuleRow = {
  id: string;
  kind: RetentionKind;
  months: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
};

export type RunRow = {
  id: string;
  rule_id: string;
  kind: RetentionKind;
  months: number;
  person_ids: string[];
  preview_count: number;
  status: RetentionRun['status'];
  done_count: number;
  anonymized_count: number;
  no_longer_matching: string[];
  failure: string | null;
  previewed_by_name: string | null;
  previewed_at: Date;
  started_by_name: string | null;
  queued_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
};

/**
 * The people a rule matches, as SQL over `people p` (`$1` workspace, `$2` months): never an anonymized or merged
 * record. Leads: no won opportunity and no activity (people.last_activity_at) for the months; archived people:
 * archived for the months.
 */
const MATCHES: Record<RetentionKind, string> = {
  inactive_leads: `p.workspace_id = $1 AND p.anonymized_at IS NULL AND p.merged_into_id IS NULL
    AND p.last_activity_at < now() - make_interval(months => $2::int)
    AND NOT EXISTS (SELECT 1 FROM opportunity_people op JOIN opportunities o
                      ON o.workspace_id = op.workspace_id AND o.id = op.opportunity_id
                    WHERE op.workspace_id = $1 AND op.person_id = p.id AND o.status = 'won')`,
  archived_people: `p.workspace_id = $1 AND p.anonymized_at IS NULL AND p.merged_into_id IS NULL
    AND p.archived_at IS NOT NULL AND p.archived_at < now() - make_interval(months => $2::int)`,
};

export async function listRules(db: Queryable, workspaceId: string): Promise<RuleRow[]> {
  const { rows } = await db.query<RuleRow>(
    `SELECT id, kind, months, active, created_at, updated_at FROM retention_rules
     WHERE workspace_id = $1 ORDER BY created_at, id`,
    [workspaceId],
  );
  return rows;
}

export async function findRule(db: Queryable, workspaceId: string, id: string): Promise<RuleRow | null> {
  const { rows } = await db.query<RuleRow>(
    'SELECT id, kind, months, active, created_at, updated_at FROM retention_rules WHERE workspace_id = $1 AND id = $2',
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

export async function insertRule(
  db: Queryable,
  workspaceId: string,
  r: { kind: RetentionKind; months: number; active: boolean; createdBy: string },
): Promise<RuleRow> {
  const { rows } = await db.query<RuleRow>(
    `INSERT INTO retention_rules (workspace_id, kind, months, active, created_by) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, kind, months, active, created_at, updated_at`,
    [workspaceId, r.kind, r.months, r.active, r.createdBy],
  );
  return rows[0] as RuleRow;
}

export async function updateRule(
  db: Queryable,
  workspaceId: string,
  id: string,
  r: { months?: number | undefined; active?: boolean | undefined },
): Promise<RuleRow | null> {
  const { rows } = await db.query<RuleRow>(
    `UPDATE retention_rules SET months = coalesce($3, months), active = coalesce($4, active), updated_at = now()
     WHERE workspace_id = $1 AND id = $2 RETURNING id, kind, months, active, created_at, updated_at`,
    [workspaceId, id, r.months ?? null, r.active ?? null],
  );
  return rows[0] ?? null;
}

/** The ids a rule matches now, in id order, at most `limit`. */
export async function matchingIds(
  db: Queryable,
  workspaceId: string,
  kind: RetentionKind,
  months: number,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT p.id FROM people p WHERE p.workspace_id = $1 AND ${MATCHES[kind]} ORDER BY p.id LIMIT $3`,
    [workspaceId, months, limit],
  );
  return rows.map((r) => r.id);
}

/** Which of these ids the rule still matches. */
export async function stillMatching(
  db: Queryable,
  workspaceId: string,
  kind: RetentionKind,
  months: number,
  ids: string[],
): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT p.id FROM people p WHERE p.workspace_id = $1 AND ${MATCHES[kind]} AND p.id = ANY($3::uuid[])`,
    [workspaceId, months, ids],
  );
  return new Set(rows.map((r) => r.id));
}

const RUN_SELECT = `SELECT r.id, r.rule_id, r.kind, r.months, r.person_ids, r.preview_count, r.status, r.done_count,
    r.anonymized_count, r.no_longer_matching, r.failure, pb.name AS previewed_by_name, r.previewed_at,
    sb.name AS started_by_name, r.queued_at, r.started_at, r.finished_at
  FROM retention_runs r
  LEFT JOIN users pb ON pb.workspace_id = r.workspace_id AND pb.id = r.previewed_by
  LEFT JOIN users sb ON sb.workspace_id = r.workspace_id AND sb.id = r.started_by`;

export async function insertPreview(
  db: Queryable,
  workspaceId: string,
  p: { ruleId: string; kind: RetentionKind; months: number; ids: string[]; by: string | null },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO retention_runs (workspace_id, rule_id, kind, months, person_ids, preview_count, previewed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [workspaceId, p.ruleId, p.kind, p.months, p.ids, p.ids.length, p.by],
  );
  return (rows[0] as { id: string }).id;
}

export async function findRun(db: Queryable, workspaceId: string, id: string): Promise<RunRow | null> {
  const { rows } = await db.query<RunRow>(`${RUN_SELECT} WHERE r.workspace_id = $1 AND r.id = $2`, [
    workspaceId,
    id,
  ]);
  return rows[0] ?? null;
}

export async function listRuns(db: Queryable, workspaceId: string, limit: number): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(
    `${RUN_SELECT} WHERE r.workspace_id = $1 ORDER BY r.previewed_at DESC, r.id DESC LIMIT $2`,
    [workspaceId, limit],
  );
  return rows;
}

/** Queues a previewed run (only from `previewed`); false when it was not. */
export async function queueRun(db: Queryable, workspaceId: string, id: string, by: string): Promise<boolean> {
  const r = await db.query(
    `UPDATE retention_runs SET status = 'queued', queued_at = now(), started_by = $3
     WHERE workspace_id = $1 AND id = $2 AND status = 'previewed'`,
    [workspaceId, id, by],
  );
  return (r.rowCount ?? 0) > 0;
}

/** Claims the oldest queued or interrupted run of any workspace (the periodic job). */
export async function claimRun(db: Queryable): Promise<{ id: string; workspace_id: string } | null> {
  const { rows } = await db.query<{ id: string; workspace_id: string }>(
    `/* tenancy: any workspace — the retention job runs every workspace's queued runs */
     UPDATE retention_runs SET status = 'running', started_at = coalesce(started_at, now())
     WHERE id = (SELECT id FROM retention_runs WHERE status IN ('queued', 'running')
                 ORDER BY queued_at LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id, workspace_id`,
  );
  return rows[0] ?? null;
}

export async function recordProgress(
  db: Queryable,
  workspaceId: string,
  id: string,
  p: { done: number; anonymized: number; noLonger: string[] },
): Promise<void> {
  await db.query(
    `UPDATE retention_runs SET done_count = done_count + $3, anonymized_count = anonymized_count + $4,
       no_longer_matching = no_longer_matching || $5::uuid[]
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, p.done, p.anonymized, p.noLonger],
  );
}

export async function finishRun(
  db: Queryable,
  workspaceId: string,
  id: string,
  status: 'done' | 'failed',
  failure: string | null,
): Promise<void> {
  await db.query(
    `UPDATE retention_runs SET status = $3, failure = $4, finished_at = now() WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, status, failure],
  );
}

/**
 * One page of a preview's people (id order as previewed), with what the rule looked at; the name only where
 * `visible` (the people policy) lets the viewer see the person.
 */
export async function previewPeople(
  db: Queryable,
  workspaceId: string,
  ids: string[],
  visible: (params: SqlParams) => string,
): Promise<
  {
    id: string;
    name: string | null;
    last_activity_at: Date;
    archived_at: Date | null;
    anonymized_at: Date | null;
  }[]
> {
  if (ids.length === 0) return [];
  const params = new SqlParams();
  const ws = params.add(workspaceId);
  const list = params.add(ids);
  const { rows } = await db.query(
    `SELECT p.id, CASE WHEN ${visible(params)} THEN p.name END AS name, p.last_activity_at, p.archived_at,
       p.anonymized_at
     FROM people p WHERE p.workspace_id = ${ws} AND p.id = ANY(${list}::uuid[]) ORDER BY p.id`,
    params.values,
  );
  return rows;
}
