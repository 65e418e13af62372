import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';

/**
 * What every dashboard query is narrowed by: the workspace, a range of São Paulo days, the page's filters and
 * the viewer's visibility rules (SQL predicates from the opportunities, activities and people policies).
 */
export type DashboardScope = {
  workspaceId: string;
  from: string;
  to: string;
  pipelineId?: string | undefined;
  teamId?: string | undefined;
  branchId?: string | undefined;
  ownerId?: string | undefined;
  /** The opportunities policy over `alias`. */
  visibleOpportunities: (params: SqlParams, alias: string) => string;
  /** The activities policy over `activities a`. */
  visibleActivities: (params: SqlParams) => string;
  /** The people policy over `people p`. */
  visiblePeople: (params: SqlParams) => string;
};

/** `column` within the scope's days, São Paulo time. */
function inRange(column: string, s: DashboardScope, params: SqlParams): string {
  return `${column} >= (${params.add(s.from)}::date::timestamp AT TIME ZONE 'America/Sao_Paulo')
    AND ${column} < ((${params.add(s.to)}::date + 1)::timestamp AT TIME ZONE 'America/Sao_Paulo')`;
}

/** The start of the scope's first day, São Paulo time. */
function rangeStart(s: DashboardScope, params: SqlParams): string {
  return `(${params.add(s.from)}::date::timestamp AT TIME ZONE 'America/Sao_Paulo')`;
}

/** The page's filters over an opportunity row `alias`. */
function opportunityFilters(alias: string, s: DashboardScope, params: SqlParams): string {
  const where: string[] = [];
  if (s.pipelineId) where.push(`${alias}.pipeline_id = ${params.add(s.pipelineId)}`);
  if (s.teamId) where.push(`${alias}.team_id = ${params.add(s.teamId)}`);
  if (s.branchId) where.push(`${alias}.branch_id = ${params.add(s.branchId)}`);
  if (s.ownerId) where.push(`${alias}.owner_id = ${params.add(s.ownerId)}`);
  return where.length ? where.join(' AND ') : 'true';
}

/** The page's team / branch / owner filters over a user column (activities' owner, a contact's user). */
function userFilters(column: string, s: DashboardScope, params: SqlParams, ws: string): string {
  const where: string[] = [];
  if (s.ownerId) where.push(`${column} = ${params.add(s.ownerId)}`);
  if (s.teamId) {
    where.push(`${column} IN (SELECT tm.user_id FROM team_members tm
      WHERE tm.team_id = ${params.add(s.teamId)} AND tm.workspace_id = ${ws})`);
  }
  if (s.branchId) {
    where.push(`${column} IN (SELECT us.id FROM users us
      WHERE us.branch_id = ${params.add(s.branchId)} AND us.workspace_id = ${ws})`);
  }
  return where.length ? where.join(' AND ') : 'true';
}

/**
 * The cohort: the visible opportunities created in the range that pass the filters, with the `columns` a statement
 * reads (no more: the stage statement keeps it in memory). Read from `opportunities_dashboard_created_idx`
 * (workspace, created_at, with every column used here included).
 */
function cohort(s: DashboardScope, params: SqlParams, ws: string, columns: string): string {
  return `SELECT ${columns}
    FROM opportunities o
    WHERE o.workspace_id = ${ws} AND ${inRange('o.created_at', s, params)}
      AND ${s.visibleOpportunities(params, 'o')} AND ${opportunityFilters('o', s, params)}`;
}

export type TallyRow = {
  created: number;
  open: number;
  won: number;
  lost: number;
  discarded: number;
  won_value: string;
};
export type BreakdownRow = TallyRow & {
  dim: 'owner' | 'team' | 'branch' | 'channel' | 'outcome' | 'total';
  owner_id: string | null;
  owner_name: string | null;
  team_id: string | null;
  team_name: string | null;
  branch_id: string | null;
  branch_name: string | null;
  source_media: string | null;
  source_channel: string | null;
  status: 'open' | 'won' | 'lost' | 'discarded' | null;
  reason: string | null;
  value: string;
};

/**
 * Totals and the breakdowns by owner, team, branch, media/channel and outcome (status + reason) of the cohort,
 * in one pass (GROUPING SETS); `dim` says which breakdown a row belongs to.
 */
export async function breakdownRows(db: Queryable, s: DashboardScope): Promise<BreakdownRow[]> {
  const params = new SqlParams();
  const ws = params.add(s.workspaceId);
  const { rows } = await db.query<BreakdownRow>(
    `WITH cohort AS (${cohort(s, params, ws, 'o.owner_id, o.team_id, o.branch_id, o.source_media, o.source_channel, o.status, o.status_reason_id, o.value_cents')})
     SELECT g.*, u.name AS owner_name, t.name AS team_name, b.name AS branch_name, r.label AS reason
     FROM (
       SELECT CASE WHEN GROUPING(c.owner_id) = 0 THEN 'owner' WHEN GROUPING(c.team_id) = 0 THEN 'team'
           WHEN GROUPING(c.branch_id) = 0 THEN 'branch' WHEN GROUPING(c.source_media) = 0 THEN 'channel'
           WHEN GROUPING(c.status) = 0 THEN 'outcome' ELSE 'total' END AS dim,
         c.owner_id, c.team_id, c.branch_id, c.source_media, c.source_channel, c.status, c.status_reason_id,
         count(*)::int AS created,
         count(*) FILTER (WHERE c.status = 'open')::int AS open,
         count(*) FILTER (WHERE c.status = 'won')::int AS won,
         count(*) FILTER (WHERE c.status = 'lost')::int AS lost,
         count(*) FILTER (WHERE c.status = 'discarded')::int AS discarded,
         coalesce(sum(c.value_cents) FILTER (WHERE c.status = 'won'), 0)::bigint AS won_value,
         coalesce(sum(c.value_cents), 0)::bigint AS value
       FROM cohort c
       GROUP BY GROUPING SETS ((c.owner_id), (c.team_id), (c.branch_id), (c.source_media, c.source_channel),
         (c.status, c.status_reason_id), ())
     ) g
     LEFT JOIN users u ON u.id = g.owner_id AND u.workspace_id = ${ws}
     LEFT JOIN teams t ON t.id = g.team_id AND t.workspace_id = ${ws}
     LEFT JOIN branches b ON b.id = g.branch_id AND b.workspace_id = ${ws}
     LEFT JOIN list_options r ON r.id = g.status_reason_id AND r.workspace_id = ${ws}
     ORDER BY g.created DESC`,
    params.values,
  );
  return rows;
}

export type StageRow = {
  id: string;
  pipeline_id: string;
  pipeline_name: string;
  name: string;
  position: number;
  open_cards: number;
  reached: number;
  avg_days: number | null;
};

/**
 * Per active stage of the funnels the cohort is in: open cards, how many cohort cards reached it (their
 * furthest stage is at or after it, so moving back does not erase a reach) and the average days a stay in it
 * lasted. The stage visits are read once, through the cohort's ids.
 */
export async function stageRows(db: Queryable, s: DashboardScope): Promise<StageRow[]> {
  const params = new SqlParams();
  const ws = params.add(s.workspaceId);
  const { rows } = await db.query<StageRow>(
    `WITH cohort AS MATERIALIZED (${cohort(s, params, ws, 'o.id, o.pipeline_id, o.stage_id, o.status, o.closed_at')}),
     stages AS (
       SELECT st.id, st.pipeline_id, st.position, st.name, p.name AS pipeline_name
       FROM pipeline_stages st JOIN pipelines p ON p.id = st.pipeline_id AND p.workspace_id = st.workspace_id
       WHERE st.workspace_id = ${ws} AND st.archived_at IS NULL
         AND EXISTS (SELECT FROM cohort c WHERE c.pipeline_id = st.pipeline_id)),
     -- date_part (float8), not extract (numeric): averaging tens of thousands of stays in numeric costs more.
     visits AS MATERIALIZED (
       SELECT v.opportunity_id, v.stage_id,
         date_part('epoch', coalesce(v.left_at, c.closed_at, now()) - v.entered_at) AS secs
       FROM opportunity_stage_visits v JOIN cohort c ON c.id = v.opportunity_id
       WHERE v.workspace_id = ${ws} AND v.entered_at >= ${rangeStart(s, params)}),
     reach AS (
       SELECT v.opportunity_id, st.pipeline_id, max(st.position) AS max_position
       FROM visits v JOIN stages st ON st.id = v.stage_id GROUP BY v.opportunity_id, st.pipeline_id),
     hist AS MATERIALIZED (
       SELECT pipeline_id, max_position, count(*) AS n FROM reach GROUP BY pipeline_id, max_position),
     time_in AS (SELECT stage_id, avg(secs) / 86400 AS avg_days FROM visits GROUP BY stage_id),
     open_now AS (SELECT stage_id, count(*)::int AS n FROM cohort WHERE status = 'open' GROUP BY stage_id)
     SELECT st.id, st.pipeline_id, st.pipeline_name, st.name, st.position,
       coalesce(o.n, 0)::int AS open_cards,
       (SELECT coalesce(sum(h.n), 0) FROM hist h
          WHERE h.pipeline_id = st.pipeline_id AND h.max_position >= st.position)::int AS reached,
       t.avg_days::float8 AS avg_days
     FROM stages st LEFT JOIN open_now o ON o.stage_id = st.id LEFT JOIN time_in t ON t.stage_id = st.id
     ORDER BY st.pipeline_name, st.pipeline_id, st.position`,
    params.values,
  );
  return rows;
}

export type ForecastRow = { month: string; count: number; value: string; weighted: number };

/**
 * Open visible opportunities expected to close from the range's first month to six months after its last, by
 * month: their value and the value weighted by their stage's probability.
 */
export async function forecastRows(db: Queryable, s: DashboardScope): Promise<ForecastRow[]> {
  const params = new SqlParams();
  const ws = params.add(s.workspaceId);
  const { rows } = await db.query<ForecastRow>(
    `SELECT to_char(date_trunc('month', o.expected_close_date), 'YYYY-MM') AS month, count(*)::int AS count,
       coalesce(sum(o.value_cents), 0)::bigint AS value,
       round(coalesce(sum(o.value_cents * st.probability / 100.0), 0))::float8 AS weighted
     FROM opportunities o
     JOIN pipeline_stages st ON st.id = o.stage_id AND st.workspace_id = o.workspace_id
     WHERE o.workspace_id = ${ws} AND o.status = 'open'
       AND o.expected_close_date >= date_trunc('month', ${params.add(s.from)}::date)::date
       AND o.expected_close_date < (date_trunc('month', ${params.add(s.to)}::date) + interval '7 months')::date
       AND ${s.visibleOpportunities(params, 'o')} AND ${opportunityFilters('o', s, params)}
     GROUP BY 1 ORDER BY 1`,
    params.values,
  );
  return rows;
}

export type ActivityRow = {
  owner_id: string | null;
  name: string | null;
  grouped: number;
  total: number;
  done: number;
  open: number;
  cancelled: number;
  calls: number;
  meetings: number;
  visits: number;
};

/** Visible activities due in the range, per owner, plus a total row (`grouped` = 1). */
export async function activityRows(db: Queryable, s: DashboardScope): Promise<ActivityRow[]> {
  const params = new SqlParams();
  const ws = params.add(s.workspaceId);
  const { rows } = await db.query<ActivityRow>(
    `SELECT g.*, u.name FROM (
       SELECT a.owner_id, GROUPING(a.owner_id) AS grouped, count(*)::int AS total,
         count(*) FILTER (WHERE a.status = 'done')::int AS done,
         count(*) FILTER (WHERE a.status = 'open')::int AS open,
         count(*) FILTER (WHERE a.status = 'cancelled')::int AS cancelled,
         count(*) FILTER (WHERE a.kind = 'call')::int AS calls,
         count(*) FILTER (WHERE a.kind = 'meeting')::int AS meetings,
         count(*) FILTER (WHERE a.kind = 'visit')::int AS visits
       FROM activities a
       WHERE a.workspace_id = ${ws} AND ${inRange('a.due_at', s, params)} AND ${s.visibleActivities(params)}
         AND ${userFilters('a.owner_id', s, params, ws)}
       GROUP BY GROUPING SETS ((a.owner_id), ())
     ) g LEFT JOIN users u ON u.id = g.owner_id AND u.workspace_id = ${ws}
     ORDER BY g.grouped DESC, g.total DESC, u.name`,
    params.values,
  );
  return rows;
}

export type FirstContactRow = {
  owner_id: string | null;
  name: string | null;
  grouped: number;
  leads: number;
  contacted: number;
  avg_secs: number | null;
  median_secs: number | null;
};

/**
 * Time to first contact of the cohort's new leads, per owner + total: the first call center contact with the holder,
 * or the first activity done on the opportunity, at or after its creation — kept on each card by the triggers of
 * 0049_first_contact_rollup.sql (`first_contact_at`), read here with the cohort. Every card of the cohort is a lead
 * whether or not it has a holder.
 */
export async function firstContactRows(db: Queryable, s: DashboardScope): Promise<FirstContactRow[]> {
  const params = new SqlParams();
  const ws = params.add(s.workspaceId);
  const { rows } = await db.query<FirstContactRow>(
    `WITH cohort AS (${cohort(s, params, ws, 'o.owner_id, o.created_at, o.first_contact_at')})
     SELECT g.*, u.name FROM (
       SELECT c.owner_id, GROUPING(c.owner_id) AS grouped, count(*)::int AS leads,
         count(c.first_contact_at)::int AS contacted,
         avg(date_part('epoch', c.first_contact_at - c.created_at)) AS avg_secs,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY date_part('epoch', c.first_contact_at - c.created_at))
           AS median_secs
       FROM cohort c
       GROUP BY GROUPING SETS ((c.owner_id), ())
     ) g LEFT JOIN users u ON u.id = g.owner_id AND u.workspace_id = ${ws}
     ORDER BY g.grouped DESC, g.leads DESC, u.name`,
    params.values,
  );
  return rows;
}

export type CallOutcomeRow = { outcome: string; inbound: number; outbound: number; total: number };

/** Call center contacts in the range with people the viewer may see, by outcome and direction. */
export async function callOutcomeRows(db: Queryable, s: DashboardScope): Promise<CallOutcomeRow[]> {
  const params = new SqlParams();
  const ws = params.add(s.workspaceId);
  const { rows } = await db.query<CallOutcomeRow>(
    `SELECT ca.outcome, count(*) FILTER (WHERE ca.direction = 'inbound')::int AS inbound,
       count(*) FILTER (WHERE ca.direction = 'outbound')::int AS outbound, count(*)::int AS total
     FROM contact_attempts ca
     WHERE ca.workspace_id = ${ws} AND ${inRange('ca.created_at', s, params)}
       AND ${userFilters('ca.user_id', s, params, ws)}
       AND EXISTS (SELECT FROM people p WHERE p.id = ca.person_id AND p.workspace_id = ca.workspace_id
         AND ${s.visiblePeople(params)} OFFSET 0)
     GROUP BY ca.outcome ORDER BY total DESC, ca.outcome`,
    params.values,
  );
  return rows;
}
