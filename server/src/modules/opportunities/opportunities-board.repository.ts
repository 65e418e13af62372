import type { CardNextActivity, OpportunitySort, OpportunityStatus } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { prepared, SqlParams } from '../../lib/sql.ts';
import { ROTTING_SQL } from './opportunities.repository.ts';

// Cards: the board's columns and the list view.

const CARD_SELECT = `o.id, o.pipeline_id, o.stage_id, o.title, o.value_cents, o.status, o.expected_close_date, o.tags,
  o.stage_entered_at, o.rank, o.version, o.created_at, o.owner_id, ow.name AS owner_name, o.team_id,
  t.name AS team_name, h.person_id AS holder_id, hp.name AS holder_name, ${ROTTING_SQL} AS rotting,
  floor(extract(epoch FROM now() - o.stage_entered_at) / 86400)::int AS days_in_stage, o.custom_fields`;

const CARD_JOINS = `JOIN pipeline_stages s ON s.id = o.stage_id AND s.workspace_id = o.workspace_id
  LEFT JOIN users ow ON ow.id = o.owner_id AND ow.workspace_id = o.workspace_id
  LEFT JOIN teams t ON t.id = o.team_id AND t.workspace_id = o.workspace_id
  LEFT JOIN opportunity_people h ON h.opportunity_id = o.id AND h.role = 'holder' AND h.workspace_id = o.workspace_id
  LEFT JOIN people hp ON hp.id = h.person_id AND hp.workspace_id = o.workspace_id`;

/** A card as stored, with the names it shows (opportunities.presenter.ts turns it into the API's card). */
export type CardRow = {
  id: string;
  pipeline_id: string;
  stage_id: string;
  title: string;
  value_cents: number | null;
  status: OpportunityStatus;
  expected_close_date: string | null;
  tags: string[];
  stage_entered_at: Date;
  rank: string;
  version: number;
  created_at: Date;
  owner_id: string | null;
  owner_name: string | null;
  team_id: string | null;
  team_name: string | null;
  holder_id: string | null;
  holder_name: string | null;
  rotting: boolean;
  days_in_stage: number;
  custom_fields: Record<string, unknown>;
};

/**
 * The first `limit` cards of each live stage of a pipeline in board order, under `where` (filters over
 * `o` and the stage `s`). One statement: a lateral top-N per stage on the (stage, status, rank) index.
 */
export async function boardCards(
  db: Queryable,
  q: { workspaceId: string; pipelineId: string; where: string[]; params: SqlParams; limit: number },
): Promise<CardRow[]> {
  const { rows } = await db.query<CardRow>(
    prepared(
      `SELECT ${CARD_SELECT}
       FROM pipeline_stages s0
       CROSS JOIN LATERAL (
         SELECT o.id FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id AND s.workspace_id = o.workspace_id
         WHERE o.stage_id = s0.id AND o.workspace_id = s0.workspace_id AND ${q.where.join(' AND ')}
         ORDER BY o.rank, o.id LIMIT ${Math.trunc(q.limit)}) top
       JOIN opportunities o ON o.id = top.id AND o.workspace_id = s0.workspace_id
       ${CARD_JOINS}
       WHERE s0.pipeline_id = ${q.params.add(q.pipelineId)} AND s0.workspace_id = ${q.params.add(q.workspaceId)}
         AND s0.archived_at IS NULL
       ORDER BY s0.position, o.rank, o.id`,
      q.params.values,
    ),
  );
  return rows;
}

/** Cards and value per stage under the same filters as the board. */
export async function stageTotals(
  db: Queryable,
  q: { workspaceId: string; pipelineId: string; where: string[]; params: SqlParams },
): Promise<Map<string, { count: number; valueCents: number }>> {
  const { rows } = await db.query(
    prepared(
      `SELECT o.stage_id, count(*)::int AS n, coalesce(sum(o.value_cents), 0)::bigint AS total
       FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id AND s.workspace_id = o.workspace_id
       WHERE o.pipeline_id = ${q.params.add(q.pipelineId)} AND o.workspace_id = ${q.params.add(q.workspaceId)}
         AND ${q.where.join(' AND ')}
       GROUP BY o.stage_id`,
      q.params.values,
    ),
  );
  return new Map(rows.map((r) => [r.stage_id, { count: r.n, valueCents: Number(r.total) }]));
}

const SORTS: Record<string, { expr: string; cast: string; value: (r: CardRow) => string }> = {
  rank: { expr: 'o.rank', cast: 'text COLLATE "C"', value: (r) => r.rank },
  title: { expr: 'o.title', cast: 'text', value: (r) => r.title },
  valueCents: {
    expr: 'coalesce(o.value_cents, -1)',
    cast: 'bigint',
    value: (r) => String(r.value_cents ?? -1),
  },
  expectedCloseDate: {
    expr: "coalesce(o.expected_close_date, '9999-12-31')",
    cast: 'date',
    value: (r) => r.expected_close_date ?? '9999-12-31',
  },
  createdAt: { expr: 'o.created_at', cast: 'timestamptz', value: (r) => r.created_at.toISOString() },
  stageEnteredAt: {
    expr: 'o.stage_entered_at',
    cast: 'timestamptz',
    value: (r) => r.stage_entered_at.toISOString(),
  },
};

/** A keyset page of cards in the requested order, and the cursor to the next page. */
export async function listCards(
  db: Queryable,
  q: {
    workspaceId: string;
    where: string[];
    params: SqlParams;
    sort: OpportunitySort;
    limit: number;
    cursor: [string, string] | null;
  },
): Promise<{ items: CardRow[]; next: [string, string] | null }> {
  const desc = q.sort.startsWith('-');
  const sort = SORTS[q.sort.replace('-', '')] ?? (SORTS.rank as (typeof SORTS)[string]);
  const where = [`o.workspace_id = ${q.params.add(q.workspaceId)}`, ...q.where];
  if (q.cursor) {
    where.push(
      `(${sort.expr}, o.id) ${desc ? '<' : '>'} (${q.params.add(q.cursor[0])}::${sort.cast}, ${q.params.add(q.cursor[1])}::uuid)`,
    );
  }
  const dir = desc ? 'DESC' : 'ASC';
  const { rows } = await db.query<CardRow>(
    prepared(
      `SELECT ${CARD_SELECT} FROM opportunities o ${CARD_JOINS}
       WHERE ${where.join(' AND ')}
       ORDER BY ${sort.expr} ${dir}, o.id ${dir}
       LIMIT ${Math.trunc(q.limit) + 1}`,
      q.params.values,
    ),
  );
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > q.limit && last ? [sort.value(last), last.id] : null };
}

/** How many cards `where` lets through (its parameters are `values`). */
export async function countCards(
  db: Queryable,
  workspaceId: string,
  where: string[],
  values: unknown[],
): Promise<number> {
  const { rows } = await db.query(
    prepared(
      `SELECT count(*)::int AS n
       FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id AND s.workspace_id = o.workspace_id
       WHERE o.workspace_id = $${values.length + 1} AND ${where.join(' AND ')}`,
      [...values, workspaceId],
    ),
  );
  return rows[0].n;
}

/**
 * The soonest open activity of each of these opportunities (the cards of one screen or page, so at most a
 * few hundred ids): one probe per id on activities_opportunity_idx (opportunity_id, status, due_at). The
 * caller passes only cards the user may see, and an activity linked to a visible opportunity is visible
 * (activities.policy.ts), so the workspace is the only other filter.
 */
export async function nextActivities(
  db: Queryable,
  workspaceId: string,
  opportunityIds: string[],
): Promise<Map<string, CardNextActivity>> {
  if (opportunityIds.length === 0) return new Map();
  const { rows } = await db.query(
    prepared(
      `SELECT DISTINCT ON (a.opportunity_id) a.opportunity_id, a.id, a.kind, a.title, a.due_at
       FROM activities a
       WHERE a.workspace_id = $1 AND a.opportunity_id = ANY($2::uuid[]) AND a.status = 'open'
       ORDER BY a.opportunity_id, a.due_at, a.id`,
      [workspaceId, opportunityIds],
    ),
  );
  return new Map(
    rows.map((r) => [
      r.opportunity_id,
      { id: r.id, kind: r.kind, title: r.title, dueAt: r.due_at.toISOString() },
    ]),
  );
}

type ReportStageRow = {
  id: string;
  open_cards: number;
  open_value: string;
  reached: number;
  avg_days: string | null;
};
type ReportOutcomeRow = { status: OpportunityStatus; reason: string | null; n: number; total: string };
type ReportTally = { open: number; won: number; lost: number; won_value: string };

/**
 * The funnel report's four aggregates over one cohort: the opportunities of the pipeline created in
 * [from, to] (São Paulo days) that `visible` lets through (it names the workspace).
 */
export async function funnelReportRows(
  db: Queryable,
  q: {
    workspaceId: string;
    pipelineId: string;
    visible: (params: SqlParams) => string;
    from: string;
    to: string;
  },
) {
  const params = new SqlParams();
  const pipelineParam = params.add(q.pipelineId);
  const workspaceParam = params.add(q.workspaceId);
  const cohort = `SELECT o.* FROM opportunities o
    WHERE o.pipeline_id = ${pipelineParam} AND o.workspace_id = ${workspaceParam} AND ${q.visible(params)}
      AND o.created_at >= (${params.add(q.from)}::date::timestamp AT TIME ZONE 'America/Sao_Paulo')
      AND o.created_at < ((${params.add(q.to)}::date + 1)::timestamp AT TIME ZONE 'America/Sao_Paulo')`;
  const query = <T extends object>(sql: string) =>
    db.query<T>(`WITH cohort AS (${cohort}) ${sql}`, params.values).then((r) => r.rows);
  const [stages, outcomes, byOwner, bySource] = await Promise.all([
    query<ReportStageRow>(`, reach AS (
         SELECT v.opportunity_id, max(st.position) AS max_position FROM opportunity_stage_visits v
         JOIN pipeline_stages st ON st.id = v.stage_id AND st.workspace_id = v.workspace_id AND st.archived_at IS NULL
         WHERE v.workspace_id = ${workspaceParam} AND v.opportunity_id IN (SELECT id FROM cohort)
         GROUP BY v.opportunity_id)
       SELECT s.id,
         (SELECT count(*)::int FROM cohort c WHERE c.stage_id = s.id AND c.status = 'open') AS open_cards,
         (SELECT coalesce(sum(c.value_cents), 0)::bigint FROM cohort c WHERE c.stage_id = s.id AND c.status = 'open')
           AS open_value,
         (SELECT count(*)::int FROM reach r WHERE r.max_position >= s.position) AS reached,
         (SELECT avg(extract(epoch FROM coalesce(v.left_at, c.closed_at, now()) - v.entered_at)) / 86400
            FROM opportunity_stage_visits v JOIN cohort c ON c.id = v.opportunity_id
            WHERE v.stage_id = s.id AND v.workspace_id = s.workspace_id) AS avg_days
       FROM pipeline_stages s
       WHERE s.pipeline_id = ${pipelineParam} AND s.workspace_id = ${workspaceParam} AND s.archived_at IS NULL
       ORDER BY s.position`),
    query<ReportOutcomeRow>(`SELECT c.status, r.label AS reason, count(*)::int AS n,
         coalesce(sum(c.value_cents), 0)::bigint AS total
       FROM cohort c LEFT JOIN list_options r ON r.id = c.status_reason_id AND r.workspace_id = c.workspace_id
       GROUP BY c.status, r.label ORDER BY c.status, n DESC`),
    query<ReportTally & { owner_id: string | null; name: string | null }>(`SELECT c.owner_id, u.name,
         count(*) FILTER (WHERE c.status = 'open')::int AS open, count(*) FILTER (WHERE c.status = 'won')::int AS won,
         count(*) FILTER (WHERE c.status = 'lost')::int AS lost,
         coalesce(sum(c.value_cents) FILTER (WHERE c.status = 'won'), 0)::bigint AS won_value
       FROM cohort c LEFT JOIN users u ON u.id = c.owner_id AND u.workspace_id = c.workspace_id GROUP BY c.owner_id, u.name ORDER BY won DESC, u.name`),
    query<ReportTally & { media: string | null }>(`SELECT c.source_media AS media,
         count(*) FILTER (WHERE c.status = 'open')::int AS open, count(*) FILTER (WHERE c.status = 'won')::int AS won,
         count(*) FILTER (WHERE c.status = 'lost')::int AS lost,
         coalesce(sum(c.value_cents) FILTER (WHERE c.status = 'won'), 0)::bigint AS won_value
       FROM cohort c GROUP BY c.source_media ORDER BY won DESC, c.source_media`),
  ]);
  return { stages, outcomes, byOwner, bySource };
}
