import type { Board, FunnelReport, OpportunityPage, OpportunitySort } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { notFound } from '../../lib/errors.ts';
import { prefixMatch, searchWords } from '../../lib/name-search.ts';
import { SqlParams } from '../../lib/sql.ts';
import type { Actor } from '../auth/actor.ts';
import * as pipelines from '../pipelines/pipelines.repository.ts';
import { publish } from '../realtime/realtime.hub.ts';
import { visibleOpportunitiesPredicate } from './opportunities.policy.ts';
import * as repo from './opportunities.repository.ts';
import * as boardRepo from './opportunities-board.repository.ts';

// Finding opportunities: the board (top cards per column with counts and sums), the list view (keyset
// pages with a total) and the funnel report. Every query starts from opportunities.policy.ts.

export type OpportunityFilters = {
  pipelineId?: string | undefined;
  stageId?: string | undefined;
  ownerId?: string | undefined;
  teamId?: string | undefined;
  branchId?: string | undefined;
  /** Comma-separated statuses; default `open`. */
  status?: string | undefined;
  tag?: string | undefined;
  rotting?: boolean | undefined;
  q?: string | undefined;
  personId?: string | undefined;
};

/** The filters as SQL over `o` (opportunity) and `s` (its stage). */
function filterPredicates(actor: Actor, f: OpportunityFilters, params: SqlParams): string[] {
  const where = [visibleOpportunitiesPredicate(actor, params)];
  if (f.pipelineId) where.push(`o.pipeline_id = ${params.add(f.pipelineId)}`);
  if (f.stageId) where.push(`o.stage_id = ${params.add(f.stageId)}`);
  const statuses = (f.status ?? 'open').split(',');
  where.push(
    statuses.length === 1
      ? `o.status = ${params.add(statuses[0])}`
      : `o.status = ANY(${params.add(statuses)}::text[])`,
  );
  if (f.ownerId) where.push(`o.owner_id = ${params.add(f.ownerId)}`);
  if (f.teamId) where.push(`o.team_id = ${params.add(f.teamId)}`);
  if (f.branchId) where.push(`o.branch_id = ${params.add(f.branchId)}`);
  if (f.tag) where.push(`o.tags @> ARRAY[${params.add(f.tag)}]::text[]`);
  if (f.rotting) where.push(repo.ROTTING_SQL);
  if (f.personId) {
    where.push(
      `o.id = ANY(ARRAY(SELECT opportunity_id FROM opportunity_people WHERE person_id = ${params.add(f.personId)}))`,
    );
  }
  const words = f.q ? searchWords(f.q) : [];
  if (f.q?.trim()) {
    // The title or city, or the name of an involved person.
    where.push(
      words.length
        ? `(${prefixMatch('o.search_vector', words, params)} OR o.id = ANY(ARRAY(
             SELECT op.opportunity_id FROM opportunity_people op JOIN people p ON p.id = op.person_id
             WHERE p.workspace_id = ${params.add(actor.workspaceId)} AND ${prefixMatch('p.search_vector', words, params)})))`
        : 'false',
    );
  }
  return where;
}

/** The board's first screen: every live stage with its count, value and first `limit` cards. */
export async function getBoard(
  db: Queryable,
  actor: Actor,
  pipelineId: string,
  f: OpportunityFilters,
  limit = 50,
): Promise<Board> {
  const pipeline = await pipelines.findPipeline(db, actor.workspaceId, pipelineId);
  if (!pipeline) throw notFound();
  const filters = { ...f, pipelineId: undefined, stageId: undefined };
  const cardsParams = new SqlParams();
  const cardsWhere = filterPredicates(actor, filters, cardsParams);
  const totalsParams = new SqlParams();
  const totalsWhere = filterPredicates(actor, filters, totalsParams);
  // The cards' next activities are one more small query once the cards are known (not a subquery per card).
  const [cards, totals] = await Promise.all([
    boardRepo
      .boardCards(db, { pipelineId, where: cardsWhere, params: cardsParams, limit: limit + 1 })
      .then((c) => boardRepo.withNextActivities(db, actor.workspaceId, c)),
    boardRepo.stageTotals(db, { pipelineId, where: totalsWhere, params: totalsParams }),
  ]);
  return {
    pipeline: { id: pipeline.id, name: pipeline.name, stages: pipeline.stages, version: pipeline.version },
    columns: pipeline.stages.map((stage) => {
      const all = cards.filter((c) => c.stageId === stage.id);
      const shown = all.slice(0, limit);
      const last = shown[shown.length - 1];
      return {
        stage,
        count: totals.get(stage.id)?.count ?? 0,
        valueCents: totals.get(stage.id)?.valueCents ?? 0,
        cards: shown,
        nextCursor: all.length > limit && last ? encodeCursor([last.rank, last.id]) : null,
      };
    }),
  };
}

/** A page of the opportunities the actor may see (list view, or the next page of a board column). */
export async function listOpportunities(
  db: Queryable,
  actor: Actor,
  f: OpportunityFilters & { sort: OpportunitySort; limit: number; cursor?: string | undefined },
): Promise<OpportunityPage> {
  const cursor = decodeCursor(f.cursor);
  const params = new SqlParams();
  const where = filterPredicates(actor, f, params);
  const countValues = [...params.values];
  const page = await boardRepo.listCards(db, { where, params, sort: f.sort, limit: f.limit, cursor });
  const [items, total] = await Promise.all([
    boardRepo.withNextActivities(db, actor.workspaceId, page.items),
    !cursor && !page.next ? page.items.length : boardRepo.countCards(db, where, countValues),
  ]);
  return { items, total, nextCursor: page.next ? encodeCursor(page.next) : null };
}

/**
 * Tells the open boards that may see an opportunity that its card changed without a new version of the
 * opportunity (an activity linked to it was scheduled, changed, completed or cancelled, so its next
 * activity may differ). Sent by Postgres when the transaction commits; `version: null` makes boards reload.
 */
export async function publishCardChanged(tx: Queryable, actor: Actor, opportunityId: string): Promise<void> {
  const { rows } = await tx.query(
    `SELECT pipeline_id, stage_id, owner_id, manager_id, team_id, branch_id FROM opportunities
     WHERE id = $1 AND workspace_id = $2`,
    [opportunityId, actor.workspaceId],
  );
  const o = rows[0];
  if (!o) return;
  await publish(
    tx,
    actor.workspaceId,
    {
      workspaceId: actor.workspaceId,
      ownerId: o.owner_id,
      managerId: o.manager_id,
      teamId: o.team_id,
      branchId: o.branch_id,
    },
    {
      type: 'opportunity.updated',
      pipelineId: o.pipeline_id,
      opportunityId,
      stageId: o.stage_id,
      version: null,
      actorId: actor.userId,
      at: new Date().toISOString(),
    },
  );
}

/** Every visible opportunity id matching the filters (bulk actions on "all results"), at most `max`. */
export async function matchingIds(
  db: Queryable,
  actor: Actor,
  f: OpportunityFilters,
  max: number,
): Promise<string[]> {
  const params = new SqlParams();
  const where = filterPredicates(actor, f, params);
  const { rows } = await db.query(
    `SELECT o.id FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id WHERE ${where.join(' AND ')}
     ORDER BY o.rank LIMIT ${Math.trunc(max)}`,
    params.values,
  );
  return rows.map((r) => r.id);
}

/**
 * The funnel report over the opportunities created in [from, to] (days in São Paulo time) that the actor
 * may see: open cards and value per stage, how many reached each stage and went on to the next, average
 * days spent per stage, and outcomes by reason, owner and source.
 */
export async function funnelReport(
  db: Queryable,
  actor: Actor,
  pipelineId: string,
  range: { from: string; to: string },
): Promise<FunnelReport> {
  const pipeline = await pipelines.findPipeline(db, actor.workspaceId, pipelineId);
  if (!pipeline) throw notFound();
  const params = new SqlParams();
  const pipelineParam = params.add(pipelineId);
  const cohort = `SELECT o.* FROM opportunities o
    WHERE o.pipeline_id = ${pipelineParam} AND ${visibleOpportunitiesPredicate(actor, params)}
      AND o.created_at >= (${params.add(range.from)}::date::timestamp AT TIME ZONE 'America/Sao_Paulo')
      AND o.created_at < ((${params.add(range.to)}::date + 1)::timestamp AT TIME ZONE 'America/Sao_Paulo')`;
  const q = (sql: string) => db.query(`WITH cohort AS (${cohort}) ${sql}`, params.values);
  const [stages, outcomes, byOwner, bySource] = await Promise.all([
    q(`, reach AS (
         SELECT v.opportunity_id, max(st.position) AS max_position FROM opportunity_stage_visits v
         JOIN pipeline_stages st ON st.id = v.stage_id AND st.archived_at IS NULL
         WHERE v.opportunity_id IN (SELECT id FROM cohort) GROUP BY v.opportunity_id)
       SELECT s.id,
         (SELECT count(*)::int FROM cohort c WHERE c.stage_id = s.id AND c.status = 'open') AS open_cards,
         (SELECT coalesce(sum(c.value_cents), 0)::bigint FROM cohort c WHERE c.stage_id = s.id AND c.status = 'open')
           AS open_value,
         (SELECT count(*)::int FROM reach r WHERE r.max_position >= s.position) AS reached,
         (SELECT avg(extract(epoch FROM coalesce(v.left_at, c.closed_at, now()) - v.entered_at)) / 86400
            FROM opportunity_stage_visits v JOIN cohort c ON c.id = v.opportunity_id WHERE v.stage_id = s.id) AS avg_days
       FROM pipeline_stages s WHERE s.pipeline_id = ${pipelineParam} AND s.archived_at IS NULL
       ORDER BY s.position`),
    q(`SELECT c.status, r.label AS reason, count(*)::int AS n, coalesce(sum(c.value_cents), 0)::bigint AS total
       FROM cohort c LEFT JOIN list_options r ON r.id = c.status_reason_id
       GROUP BY c.status, r.label ORDER BY c.status, n DESC`),
    q(`SELECT c.owner_id, u.name,
         count(*) FILTER (WHERE c.status = 'open')::int AS open, count(*) FILTER (WHERE c.status = 'won')::int AS won,
         count(*) FILTER (WHERE c.status = 'lost')::int AS lost,
         coalesce(sum(c.value_cents) FILTER (WHERE c.status = 'won'), 0)::bigint AS won_value
       FROM cohort c LEFT JOIN users u ON u.id = c.owner_id GROUP BY c.owner_id, u.name ORDER BY won DESC, u.name`),
    q(`SELECT c.source_media AS media,
         count(*) FILTER (WHERE c.status = 'open')::int AS open, count(*) FILTER (WHERE c.status = 'won')::int AS won,
         count(*) FILTER (WHERE c.status = 'lost')::int AS lost,
         coalesce(sum(c.value_cents) FILTER (WHERE c.status = 'won'), 0)::bigint AS won_value
       FROM cohort c GROUP BY c.source_media ORDER BY won DESC, c.source_media`),
  ]);
  const names = new Map(pipeline.stages.map((s) => [s.id, s.name]));
  return {
    from: range.from,
    to: range.to,
    stages: stages.rows.map((r, i, all) => {
      const next = all[i + 1];
      return {
        stageId: r.id,
        name: names.get(r.id) ?? '',
        openCards: r.open_cards,
        openValueCents: Number(r.open_value),
        reached: r.reached,
        conversionToNext: next && r.reached ? next.reached / r.reached : null,
        avgDays: r.avg_days === null ? null : Math.round(Number(r.avg_days) * 10) / 10,
      };
    }),
    outcomes: outcomes.rows.map((r) => ({
      status: r.status,
      reason: r.reason,
      count: r.n,
      valueCents: Number(r.total),
    })),
    byOwner: byOwner.rows.map((r) => ({
      owner: r.owner_id ? { id: r.owner_id, name: r.name ?? '' } : null,
      open: r.open,
      won: r.won,
      lost: r.lost,
      wonValueCents: Number(r.won_value),
    })),
    bySource: bySource.rows.map((r) => ({
      media: r.media,
      open: r.open,
      won: r.won,
      lost: r.lost,
      wonValueCents: Number(r.won_value),
    })),
  };
}
