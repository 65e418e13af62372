import {
  DASHBOARD_DEFAULT_DAYS,
  DASHBOARD_MAX_DAYS,
  type Dashboard,
  type DashboardQuery,
  type DashboardTally,
  saoPauloToday,
} from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { validationError } from '../../lib/errors.ts';
import { XLSX_CONTENT_TYPE, xlsxWorkbook } from '../../lib/spreadsheet.ts';
import { visibleActivitiesPredicate } from '../activities/activities.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleOpportunitiesPredicate } from '../opportunities/opportunities.policy.ts';
import { visiblePeoplePredicate } from '../people/people.policy.ts';
import * as repo from './dashboards.repository.ts';
import { dashboardFileName, dashboardSheets } from './dashboards.workbook.ts';

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const shiftDay = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The range asked for, or the last 30 days (São Paulo) by default; 422 when inverted or over two years. */
export function dashboardRange(q: Pick<DashboardQuery, 'from' | 'to'>, now = new Date()) {
  const to = q.to ?? (q.from ? shiftDay(q.from, DASHBOARD_DEFAULT_DAYS - 1) : saoPauloToday(now));
  const from = q.from ?? shiftDay(to, -(DASHBOARD_DEFAULT_DAYS - 1));
  if (from > to) throw validationError([{ field: 'query.from', code: 'invalid_range', message: '' }]);
  if (dayNumber(to) - dayNumber(from) + 1 > DASHBOARD_MAX_DAYS) {
    throw validationError([{ field: 'query.to', code: 'range_too_long', message: '' }]);
  }
  return { from, to };
}

const tally = (r: repo.TallyRow): DashboardTally => ({
  created: r.created,
  open: r.open,
  won: r.won,
  lost: r.lost,
  discarded: r.discarded,
  wonValueCents: Number(r.won_value),
});

const EMPTY_TALLY: DashboardTally = { created: 0, open: 0, won: 0, lost: 0, discarded: 0, wonValueCents: 0 };
const hours = (secs: number | null) => (secs === null ? null : Math.round((secs / 3600) * 10) / 10);

/**
 * The dashboard (Painel): every figure over what the actor may see — the opportunities, activities and people
 * policies narrow each query, so a broker's dashboard covers only what the broker sees and an admin's the
 * workspace. Six aggregate queries run at once, each starting from the range through an index.
 */
export async function getDashboard(db: Queryable, actor: Actor, query: DashboardQuery): Promise<Dashboard> {
  const range = dashboardRange(query);
  const scope: repo.DashboardScope = {
    workspaceId: actor.workspaceId,
    ...range,
    pipelineId: query.pipelineId,
    teamId: query.teamId,
    branchId: query.branchId,
    ownerId: query.ownerId,
    visibleOpportunities: (params, alias) => visibleOpportunitiesPredicate(actor, params, alias),
    visibleActivities: (params) => visibleActivitiesPredicate(actor, params),
    visiblePeople: (params) => visiblePeoplePredicate(actor, params),
  };
  const [breakdowns, stages, forecast, activities, firstContact, calls] = await Promise.all([
    repo.breakdownRows(db, scope),
    repo.stageRows(db, scope),
    repo.forecastRows(db, scope),
    repo.activityRows(db, scope),
    repo.firstContactRows(db, scope),
    repo.callOutcomeRows(db, scope),
  ]);
  const of = (dim: repo.BreakdownRow['dim']) => breakdowns.filter((r) => r.dim === dim);
  const total = of('total')[0];
  return {
    ...range,
    totals: total ? tally(total) : EMPTY_TALLY,
    stages: stages.map((r, i, all) => {
      const next = all[i + 1];
      const sameFunnel = next && next.pipeline_id === r.pipeline_id;
      return {
        pipelineId: r.pipeline_id,
        pipelineName: r.pipeline_name,
        stageId: r.id,
        stageName: r.name,
        position: r.position,
        openCards: r.open_cards,
        reached: r.reached,
        conversionToNext: sameFunnel && r.reached ? next.reached / r.reached : null,
        avgDays: r.avg_days === null ? null : Math.round(r.avg_days * 10) / 10,
      };
    }),
    byChannel: of('channel').map((r) => ({ media: r.source_media, channel: r.source_channel, ...tally(r) })),
    byOwner: of('owner').map((r) => ({ id: r.owner_id, name: r.owner_name, ...tally(r) })),
    byTeam: of('team').map((r) => ({ id: r.team_id, name: r.team_name, ...tally(r) })),
    byBranch: of('branch').map((r) => ({ id: r.branch_id, name: r.branch_name, ...tally(r) })),
    outcomes: of('outcome').flatMap((r) =>
      r.status && r.status !== 'open'
        ? [{ status: r.status, reason: r.reason, count: r.created, valueCents: Number(r.value) }]
        : [],
    ),
    forecast: forecast.map((r) => ({
      month: r.month,
      count: r.count,
      valueCents: Number(r.value),
      weightedCents: r.weighted,
    })),
    activities: activities.map((r) => ({
      id: r.grouped ? null : r.owner_id,
      name: r.grouped ? null : r.name,
      total: r.total,
      done: r.done,
      open: r.open,
      cancelled: r.cancelled,
      calls: r.calls,
      meetings: r.meetings,
      visits: r.visits,
    })),
    firstContact: firstContact.map((r) => ({
      id: r.grouped ? null : r.owner_id,
      name: r.grouped ? null : r.name,
      leads: r.leads,
      contacted: r.contacted,
      avgHours: hours(r.avg_secs),
      medianHours: hours(r.median_secs),
    })),
    callOutcomes: calls,
  };
}

/**
 * The dashboard as an XLSX workbook (one sheet per table), computed exactly as `getDashboard` for the same actor and
 * filters, so the file holds the figures the page shows.
 */
export async function exportDashboard(
  db: Queryable,
  actor: Actor,
  query: DashboardQuery,
): Promise<{ name: string; contentType: string; bytes: Buffer }> {
  const dashboard = await getDashboard(db, actor, query);
  return {
    name: dashboardFileName(dashboard),
    contentType: XLSX_CONTENT_TYPE,
    bytes: await xlsxWorkbook(dashboardSheets(dashboard)),
  };
}
