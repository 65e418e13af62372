import type {
  Board,
  CustomFieldFilter,
  CustomFieldRule,
  FunnelReport,
  OpportunityCard,
  OpportunityPage,
  OpportunitySort,
} from '@funil/domain';
import { readableCustomValues } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { notFound, validationError } from '../../lib/errors.ts';
import { prefixMatch, searchWords } from '../../lib/name-search.ts';
import { SqlParams } from '../../lib/sql.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { customFieldPredicates, customFiltersOf } from '../custom-fields/custom-field-filters.ts';
import { fieldsOf } from '../custom-fields/custom-fields.service.ts';
import * as pipelines from '../pipelines/pipelines.service.ts';
import { visibleOpportunitiesPredicate } from './opportunities.policy.ts';
import { presentCard } from './opportunities.presenter.ts';
import * as repo from './opportunities.repository.ts';
import * as boardRepo from './opportunities-board.repository.ts';
import { publishOpportunityEvent, realtimeEvent } from './opportunity-changes.service.ts';

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
  /** Custom field filters: JSON keyed by field key (domain custom-field-filters.ts). */
  cf?: string | undefined;
};

/** The opportunity fields and the custom field filters checked against them as the actor's role sees them. */
async function customFilters(db: Queryable, actor: Actor, f: OpportunityFilters) {
  const fields = await fieldsOf(db, actor.workspaceId, 'opportunity');
  return { fields, filters: customFiltersOf(fields, f.cf, actor.role) };
}

/** Stored custom values → those the actor's role may read (what a card carries). */
const readableBy = (fields: readonly CustomFieldRule[], actor: Actor) => (stored: Record<string, unknown>) =>
  readableCustomValues(fields, stored, actor.role);

/** The filters as SQL over `o` (opportunity) and `s` (its stage). */
function filterPredicates(
  actor: Actor,
  f: OpportunityFilters,
  params: SqlParams,
  custom: readonly CustomFieldFilter[],
): string[] {
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
  where.push(...customFieldPredicates('o.custom_fields', custom, params));
  return where;
}

/** The cards presented with their next activity (one extra query for all of them). */
async function withNextActivities(
  db: Queryable,
  workspaceId: string,
  rows: boardRepo.CardRow[],
  readable: (stored: Record<string, unknown>) => Record<string, unknown>,
): Promise<OpportunityCard[]> {
  const next = await boardRepo.nextActivities(
    db,
    workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentCard(r, next.get(r.id) ?? null, readable));
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
  const custom = await customFilters(db, actor, f);
  const cardsParams = new SqlParams();
  const cardsWhere = filterPredicates(actor, filters, cardsParams, custom.filters);
  const totalsParams = new SqlParams();
  const totalsWhere = filterPredicates(actor, filters, totalsParams, custom.filters);
  // The cards' next activities are one more small query once the cards are known (not a subquery per card).
  const [cards, totals] = await Promise.all([
    boardRepo
      .boardCards(db, {
        workspaceId: actor.workspaceId,
        pipelineId,
        where: cardsWhere,
        params: cardsParams,
        limit: limit + 1,
      })
      .then((rows) => withNextActivities(db, actor.workspaceId, rows, readableBy(custom.fields, actor))),
    boardRepo.stageTotals(db, {
      workspaceId: actor.workspaceId,
      pipelineId,
      where: totalsWhere,
      params: totalsParams,
    }),
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
  const custom = await customFilters(db, actor, f);
  const params = new SqlParams();
  const where = filterPredicates(actor, f, params, custom.filters);
  const countValues = [...params.values];
  const page = await boardRepo.listCards(db, {
    workspaceId: actor.workspaceId,
    where,
    params,
    sort: f.sort,
    limit: f.limit,
    cursor,
  });
  const [items, total] = await Promise.all([
    withNextActivities(db, actor.workspaceId, page.items, readableBy(custom.fields, actor)),
    !cursor && !page.next
      ? page.items.length
      : boardRepo.countCards(db, actor.workspaceId, where, countValues),
  ]);
  return { items, total, nextCursor: page.next ? encodeCursor(page.next) : null };
}

/**
 * Tells the open boards that may see an opportunity that its card changed without a new version of the
 * opportunity (an activity linked to it was scheduled, changed, completed or cancelled, so its next
 * activity may differ). Sent by Postgres when the transaction commits; `version: null` makes boards reload.
 */
export async function publishCardChanged(tx: Queryable, actor: Actor, opportunityId: string): Promise<void> {
  const o = await repo.findPlacement(tx, actor.workspaceId, opportunityId);
  if (!o) return;
  await publishOpportunityEvent(
    tx,
    actor.workspaceId,
    {
      workspaceId: actor.workspaceId,
      ownerId: o.ownerId,
      managerId: o.managerId,
      teamId: o.teamId,
      branchId: o.branchId,
    },
    realtimeEvent('opportunity.updated', actor, {
      id: opportunityId,
      pipelineId: o.pipelineId,
      stageId: o.stageId,
      version: null,
    }),
  );
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/**
 * The funnel report over the opportunities created in [from, to] (days in São Paulo time; by default the
 * last 90 days) that the actor may see: open cards and value per stage, how many reached each stage and went on to the next, average
 * days spent per stage, and outcomes by reason, owner and source.
 */
export async function funnelReport(
  db: Queryable,
  actor: Actor,
  pipelineId: string,
  requested: { from?: string | undefined; to?: string | undefined },
): Promise<FunnelReport> {
  const range = { from: requested.from ?? daysAgo(90), to: requested.to ?? daysAgo(0) };
  if (range.from > range.to) {
    throw validationError([{ field: 'query.from', code: 'invalid_value', message: '' }]);
  }
  const pipeline = await pipelines.findPipeline(db, actor.workspaceId, pipelineId);
  if (!pipeline) throw notFound();
  const { stages, outcomes, byOwner, bySource } = await boardRepo.funnelReportRows(db, {
    workspaceId: actor.workspaceId,
    pipelineId,
    visible: (params) => visibleOpportunitiesPredicate(actor, params),
    from: range.from,
    to: range.to,
  });
  const names = new Map(pipeline.stages.map((s) => [s.id, s.name]));
  return {
    from: range.from,
    to: range.to,
    stages: stages.map((r, i, all) => {
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
    outcomes: outcomes.map((r) => ({
      status: r.status,
      reason: r.reason,
      count: r.n,
      valueCents: Number(r.total),
    })),
    byOwner: byOwner.map((r) => ({
      owner: r.owner_id ? { id: r.owner_id, name: r.name ?? '' } : null,
      open: r.open,
      won: r.won,
      lost: r.lost,
      wonValueCents: Number(r.won_value),
    })),
    bySource: bySource.map((r) => ({
      media: r.media,
      open: r.open,
      won: r.won,
      lost: r.lost,
      wonValueCents: Number(r.won_value),
    })),
  };
}

/**
 * Every opportunity matching the filters that the actor may see, in pages (keyset, no count), for an export;
 * needs `exportPeople` (the one capability for exporting any list). Cards without their next activity.
 */
export async function* exportOpportunities(
  db: Queryable,
  actor: Actor,
  f: OpportunityFilters & { sort: OpportunitySort },
  pageSize = 500,
): AsyncGenerator<OpportunityCard[]> {
  assertCan(actor, 'exportPeople');
  const custom = await customFilters(db, actor, f);
  let cursor: [string, string] | null = null;
  do {
    const params = new SqlParams();
    const where = filterPredicates(actor, f, params, custom.filters);
    const page = await boardRepo.listCards(db, {
      workspaceId: actor.workspaceId,
      where,
      params,
      sort: f.sort,
      limit: pageSize,
      cursor,
    });
    yield page.items.map((r) => presentCard(r, null, readableBy(custom.fields, actor)));
    cursor = page.next;
  } while (cursor);
}
