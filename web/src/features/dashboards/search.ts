import { addDays, isDay, localDay } from '../funnels/report.ts';

/** The dashboard's URL search params (`/dashboards?from&to&pipelineId&teamId&branchId&ownerId`), all optional. */
export type DashboardSearch = {
  from?: string;
  to?: string;
  pipelineId?: string;
  teamId?: string;
  branchId?: string;
  ownerId?: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDS = ['pipelineId', 'teamId', 'branchId', 'ownerId'] as const;

/** Days covered when the URL names no range, as the API does by default. */
export const DEFAULT_DAYS = 30;

/** Reads the URL's search params, dropping what the API would refuse. */
export function parseDashboardSearch(raw: Record<string, unknown>): DashboardSearch {
  const search: DashboardSearch = {};
  if (isDay(raw.from)) search.from = raw.from;
  if (isDay(raw.to)) search.to = raw.to;
  for (const key of IDS) {
    const value = raw[key];
    if (typeof value === 'string' && UUID.test(value)) search[key] = value;
  }
  return search;
}

/** The range shown: the URL's, else the last 30 days up to today. */
export function dashboardRange(search: DashboardSearch, today: Date): { from: string; to: string } {
  const to = search.to ?? (search.from ? addDays(search.from, DEFAULT_DAYS - 1) : localDay(today));
  const from = search.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  return { from, to };
}
