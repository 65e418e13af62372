import { z } from 'zod';
import { isDay } from './erp.ts';

// The dashboards (Painel, issue 13 §4): every figure of one page in one answer, over what the viewer may see.

/** The longest range a dashboard covers (two years): wider ranges are refused with 422. */
export const DASHBOARD_MAX_DAYS = 731;
/** Days covered when no range is given. */
export const DASHBOARD_DEFAULT_DAYS = 30;

const ZDashboardDay = z.string().max(10).refine(isDay, 'invalid_date');

export const ZDashboardQuery = z.object({
  from: ZDashboardDay.optional(),
  to: ZDashboardDay.optional(),
  pipelineId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  branchId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
});
export type DashboardQuery = z.infer<typeof ZDashboardQuery>;

const ZTally = z.object({
  created: z.number(),
  open: z.number(),
  won: z.number(),
  lost: z.number(),
  discarded: z.number(),
  wonValueCents: z.number(),
});
export type DashboardTally = z.infer<typeof ZTally>;

const ZNamed = z.object({ id: z.string().nullable(), name: z.string().nullable() });

export const ZDashboard = z.object({
  from: z.string(),
  to: z.string(),
  /** Opportunities created in the range. */
  totals: ZTally,
  stages: z.array(
    z.object({
      pipelineId: z.string(),
      pipelineName: z.string(),
      stageId: z.string(),
      stageName: z.string(),
      position: z.number(),
      openCards: z.number(),
      reached: z.number(),
      conversionToNext: z.number().nullable(),
      avgDays: z.number().nullable(),
    }),
  ),
  byChannel: z.array(ZTally.extend({ media: z.string().nullable(), channel: z.string().nullable() })),
  byOwner: z.array(ZTally.extend(ZNamed.shape)),
  byTeam: z.array(ZTally.extend(ZNamed.shape)),
  byBranch: z.array(ZTally.extend(ZNamed.shape)),
  outcomes: z.array(
    z.object({
      status: z.enum(['won', 'lost', 'discarded']),
      reason: z.string().nullable(),
      count: z.number(),
      valueCents: z.number(),
    }),
  ),
  /** Open opportunities by month of expected close: value and value × stage probability. */
  forecast: z.array(
    z.object({ month: z.string(), count: z.number(), valueCents: z.number(), weightedCents: z.number() }),
  ),
  /** Activities due in the range, per owner. */
  activities: z.array(
    ZNamed.extend({
      total: z.number(),
      done: z.number(),
      open: z.number(),
      cancelled: z.number(),
      calls: z.number(),
      meetings: z.number(),
      visits: z.number(),
    }),
  ),
  /** Opportunities created in the range and how long until their first contact (call center or done activity). */
  firstContact: z.array(
    ZNamed.extend({
      leads: z.number(),
      contacted: z.number(),
      avgHours: z.number().nullable(),
      medianHours: z.number().nullable(),
    }),
  ),
  /** Call center contacts in the range, by outcome. */
  callOutcomes: z.array(
    z.object({ outcome: z.string(), inbound: z.number(), outbound: z.number(), total: z.number() }),
  ),
});
export type Dashboard = z.infer<typeof ZDashboard>;
