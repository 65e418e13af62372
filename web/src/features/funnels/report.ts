import type { FunnelReport, OpportunityStatus } from '@funil/domain';

/** The report's URL search params (`/reports/funnel?pipelineId&from&to`), all optional. */
export type ReportSearch = { pipelineId?: string; from?: string; to?: string };

/** Days covered when the URL names no range, as the API does by default. */
export const DEFAULT_RANGE_DAYS = 90;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a real calendar day `YYYY-MM-DD` (no 2026-02-31). */
export function isDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && value >= '1900-01-01';
}

/** Reads the report's URL search params, dropping what the API would refuse. */
export function parseReportSearch(raw: Record<string, unknown>): ReportSearch {
  const search: ReportSearch = {};
  if (typeof raw.pipelineId === 'string' && UUID.test(raw.pipelineId)) search.pipelineId = raw.pipelineId;
  if (isDay(raw.from)) search.from = raw.from;
  if (isDay(raw.to)) search.to = raw.to;
  return search;
}

/** The calendar day of `date` in the browser's time zone. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `day` moved by `days` (negative: back), as a calendar day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The range shown: the URL's, else the last 90 days up to today. */
export function reportRange(search: ReportSearch, today: Date): { from: string; to: string } {
  const to = search.to ?? (search.from ? addDays(search.from, DEFAULT_RANGE_DAYS) : localDay(today));
  const from = search.from ?? addDays(to, -DEFAULT_RANGE_DAYS);
  return { from, to };
}

/** `0.5` → `50,0 %` (pt-BR) / `50.0%` (en); null (the last stage) → `—`. */
export function formatPercent(ratio: number | null, locale: string): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    ratio * 100,
  );
  return locale.startsWith('pt') ? `${number} %` : `${number}%`;
}

/** Integer cents as BRL: `R$ 1.234,56`. */
export function formatCents(cents: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' }).format(cents / 100);
}

/** A count of days with at most one decimal (`2,5`); null → `—`. */
export function formatDays(days: number | null, locale: string): string {
  if (days === null) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(days);
}

const CLOSED_ORDER: OpportunityStatus[] = ['won', 'lost', 'discarded'];

export type Outcome = FunnelReport['outcomes'][number];

/** Won, lost and discarded rows, in that order, most frequent reason first within each. */
export function closedOutcomes(outcomes: readonly Outcome[]): Outcome[] {
  return outcomes
    .filter((o) => o.status !== 'open')
    .sort(
      (a, b) =>
        CLOSED_ORDER.indexOf(a.status) - CLOSED_ORDER.indexOf(b.status) ||
        b.count - a.count ||
        (a.reason ?? '').localeCompare(b.reason ?? '', 'pt-BR'),
    );
}

/** How many opportunities of the range ended in each status (open ones included). */
export function outcomeTotals(outcomes: readonly Outcome[]): Record<OpportunityStatus, number> {
  const totals: Record<OpportunityStatus, number> = { open: 0, won: 0, lost: 0, discarded: 0 };
  for (const o of outcomes) totals[o.status] += o.count;
  return totals;
}

/** Whether no opportunity of this funnel was created in the range (nothing to chart). */
export function isEmptyReport(report: FunnelReport): boolean {
  return report.outcomes.every((o) => o.count === 0);
}
