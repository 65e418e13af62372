import type { Dashboard, DashboardTally } from '@funil/domain';
import { formatNumber } from '../../lib/format.ts';
import { formatCents, formatDays, formatPercent } from '../funnels/report.ts';

/** One cell: what the page shows and what the CSV holds (numbers without thousands separators, decimal comma). */
export type Cell = { text: string; csv: string; numeric: boolean };

/** A chart drawn above the table: one bar series per entry, over the table's row labels. */
export type ChartSpec = { categories: string[]; series: { name: string; data: number[] }[] };

/** A section of the dashboard: its table (and CSV) and its chart. */
export type TableSpec = {
  key: string;
  title: string;
  hint?: string;
  headers: string[];
  rows: Cell[][];
  chart: ChartSpec | null;
};

type T = (key: string, options?: Record<string, unknown>) => string;

const csvNumber = (value: number, decimals = 0) => value.toFixed(decimals).replace('.', ',');
const text = (value: string): Cell => ({ text: value, csv: value, numeric: false });
const count = (value: number, locale: string): Cell => ({
  text: formatNumber(value, locale),
  csv: csvNumber(value),
  numeric: true,
});
const money = (cents: number, locale: string): Cell => ({
  text: formatCents(cents, locale),
  csv: csvNumber(cents / 100, 2),
  numeric: true,
});
const percent = (ratio: number | null, locale: string): Cell => ({
  text: formatPercent(ratio, locale),
  csv: ratio === null ? '' : csvNumber(ratio * 100, 1),
  numeric: true,
});
const decimal = (value: number | null, locale: string): Cell => ({
  text: formatDays(value, locale),
  csv: value === null ? '' : csvNumber(value, 1),
  numeric: true,
});

/** `2026-03` → `03/2026`. */
const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

/** Won over created (null when nothing was created). */
export const conversion = (t: Pick<DashboardTally, 'created' | 'won'>) =>
  t.created ? t.won / t.created : null;

/** Every section of the dashboard as a table with its chart, in the page's order. */
export function dashboardTables(d: Dashboard, t: T, locale: string): TableSpec[] {
  const c = (key: string) => t(`dashboards.columns.${key}`);
  const tallyHeaders = [c('created'), c('open'), c('won'), c('lost'), c('conversion'), c('wonValue')];
  const tallyCells = (r: DashboardTally) => [
    count(r.created, locale),
    count(r.open, locale),
    count(r.won, locale),
    count(r.lost, locale),
    percent(conversion(r), locale),
    money(r.wonValueCents, locale),
  ];
  const tallyChart = (labels: string[], rows: DashboardTally[]): ChartSpec => ({
    categories: labels,
    series: [
      { name: c('created'), data: rows.map((r) => r.created) },
      { name: c('won'), data: rows.map((r) => r.won) },
    ],
  });
  const named = (
    key: string,
    rows: (DashboardTally & { name: string | null; id: string | null })[],
    none: string,
  ): TableSpec => {
    const labels = rows.map((r) => (r.id === null ? none : (r.name ?? t('dashboards.noName'))));
    return {
      key,
      title: t(`dashboards.sections.${key}`),
      headers: [c('name'), ...tallyHeaders],
      rows: rows.map((r, i) => [text(labels[i] ?? ''), ...tallyCells(r)]),
      chart: tallyChart(labels, rows),
    };
  };
  const manyFunnels = new Set(d.stages.map((s) => s.pipelineId)).size > 1;
  const stageLabel = (s: Dashboard['stages'][number]) =>
    manyFunnels ? `${s.pipelineName} · ${s.stageName}` : s.stageName;
  const channelLabel = (r: Dashboard['byChannel'][number]) =>
    [r.media ?? t('dashboards.noMedia'), r.channel].filter(Boolean).join(' · ');
  const outcomeLabel = (o: Dashboard['outcomes'][number]) =>
    `${t(`dashboards.statuses.${o.status}`)} — ${o.reason ?? t('dashboards.noReason')}`;
  const person = (r: { id: string | null; name: string | null }) =>
    r.id === null ? t('dashboards.total') : (r.name ?? t('dashboards.noOwner'));
  const activities = d.activities;
  const firsts = d.firstContact;
  return [
    {
      key: 'stages',
      title: t('dashboards.sections.stages'),
      headers: [c('pipeline'), c('stage'), c('reached'), c('conversionToNext'), c('openCards'), c('avgDays')],
      rows: d.stages.map((s) => [
        text(s.pipelineName),
        text(s.stageName),
        count(s.reached, locale),
        percent(s.conversionToNext, locale),
        count(s.openCards, locale),
        decimal(s.avgDays, locale),
      ]),
      chart: {
        categories: d.stages.map(stageLabel),
        series: [{ name: c('reached'), data: d.stages.map((s) => s.reached) }],
      },
    },
    {
      key: 'channels',
      title: t('dashboards.sections.channels'),
      headers: [c('media'), c('channel'), ...tallyHeaders],
      rows: d.byChannel.map((r) => [
        text(r.media ?? t('dashboards.noMedia')),
        text(r.channel ?? ''),
        ...tallyCells(r),
      ]),
      chart: tallyChart(d.byChannel.map(channelLabel), d.byChannel),
    },
    named('owners', d.byOwner, t('dashboards.noOwner')),
    named('teams', d.byTeam, t('dashboards.noTeam')),
    named('branches', d.byBranch, t('dashboards.noBranch')),
    {
      key: 'outcomes',
      title: t('dashboards.sections.outcomes'),
      headers: [c('status'), c('reason'), c('count'), c('value')],
      rows: d.outcomes.map((o) => [
        text(t(`dashboards.statuses.${o.status}`)),
        text(o.reason ?? t('dashboards.noReason')),
        count(o.count, locale),
        money(o.valueCents, locale),
      ]),
      chart: {
        categories: d.outcomes.map(outcomeLabel),
        series: [{ name: c('count'), data: d.outcomes.map((o) => o.count) }],
      },
    },
    {
      key: 'forecast',
      title: t('dashboards.sections.forecast'),
      hint: t('dashboards.sections.forecastHint'),
      headers: [c('month'), c('forecastCount'), c('forecastValue'), c('weighted')],
      rows: d.forecast.map((f) => [
        text(monthLabel(f.month)),
        count(f.count, locale),
        money(f.valueCents, locale),
        money(f.weightedCents, locale),
      ]),
      chart: {
        categories: d.forecast.map((f) => monthLabel(f.month)),
        series: [
          { name: c('forecastValue'), data: d.forecast.map((f) => Math.round(f.valueCents / 100)) },
          { name: c('weighted'), data: d.forecast.map((f) => Math.round(f.weightedCents / 100)) },
        ],
      },
    },
    {
      key: 'activities',
      title: t('dashboards.sections.activities'),
      hint: t('dashboards.sections.activitiesHint'),
      headers: [
        c('name'),
        c('total'),
        c('done'),
        c('pending'),
        c('cancelled'),
        c('calls'),
        c('meetings'),
        c('visits'),
      ],
      rows: activities.map((r) => [
        text(person(r)),
        count(r.total, locale),
        count(r.done, locale),
        count(r.open, locale),
        count(r.cancelled, locale),
        count(r.calls, locale),
        count(r.meetings, locale),
        count(r.visits, locale),
      ]),
      chart: {
        categories: activities.filter((r) => r.id !== null).map(person),
        series: [
          { name: c('done'), data: activities.filter((r) => r.id !== null).map((r) => r.done) },
          { name: c('pending'), data: activities.filter((r) => r.id !== null).map((r) => r.open) },
        ],
      },
    },
    {
      key: 'firstContact',
      title: t('dashboards.sections.firstContact'),
      hint: t('dashboards.sections.firstContactHint'),
      headers: [c('name'), c('leads'), c('contacted'), c('avgHours'), c('medianHours')],
      rows: firsts.map((r) => [
        text(person(r)),
        count(r.leads, locale),
        count(r.contacted, locale),
        decimal(r.avgHours, locale),
        decimal(r.medianHours, locale),
      ]),
      chart: {
        categories: firsts.filter((r) => r.id !== null).map(person),
        series: [
          {
            name: c('medianHours'),
            data: firsts.filter((r) => r.id !== null).map((r) => r.medianHours ?? 0),
          },
        ],
      },
    },
    {
      key: 'calls',
      title: t('dashboards.sections.calls'),
      headers: [c('outcome'), c('inbound'), c('outbound'), c('total')],
      rows: d.callOutcomes.map((r) => [
        text(t(`dashboards.outcomes.${r.outcome}`, { defaultValue: r.outcome })),
        count(r.inbound, locale),
        count(r.outbound, locale),
        count(r.total, locale),
      ]),
      chart: {
        categories: d.callOutcomes.map((r) =>
          t(`dashboards.outcomes.${r.outcome}`, { defaultValue: r.outcome }),
        ),
        series: [
          { name: c('inbound'), data: d.callOutcomes.map((r) => r.inbound) },
          { name: c('outbound'), data: d.callOutcomes.map((r) => r.outbound) },
        ],
      },
    },
  ];
}
