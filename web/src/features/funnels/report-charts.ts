import type { FunnelReport, OpportunityStatus } from '@funil/domain';
import type { ChartOption } from './EChart.tsx';
import { formatPercent, type Outcome } from './report.ts';

type StageChartText = { reached: string; conversion: string };

/** A stage name as rich-text content (braces and pipes would start a style tag), cut to fit under its bar. */
const plain = (text: string) => {
  const safe = text.replace(/[{}|]/g, ' ');
  return safe.length > 24 ? `${safe.slice(0, 23)}…` : safe;
};

/**
 * Bars: how many cards reached each stage; line (right axis, %): the share that went on to the next
 * stage, also written under each stage name (the last stage has none).
 */
export function stageChartOption(
  stages: FunnelReport['stages'],
  text: StageChartText,
  locale: string,
  colors: { bar: string; line: string },
  /** Narrow screen: slanted stage names only (the tooltip and the table keep the percentages). */
  compact = false,
): ChartOption {
  const percent = (value: unknown) => (typeof value === 'number' ? formatPercent(value / 100, locale) : '—');
  return {
    aria: { enabled: true },
    animationDuration: 300,
    grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
    legend: { top: 0, data: [text.reached, text.conversion] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: stages.map((s) => s.name),
      axisLabel: compact
        ? { interval: 0, rotate: 35, width: 80, overflow: 'truncate' }
        : {
            interval: 0,
            formatter: (name: string, index: number) => {
              const conversion = stages[index]?.conversionToNext ?? null;
              const label = `{name|${plain(name)}}`;
              return conversion === null
                ? label
                : `${label}\n{conversion|→ ${formatPercent(conversion, locale)}}`;
            },
            rich: {
              name: { align: 'center', lineHeight: 14 },
              conversion: { color: colors.line, fontWeight: 'bold', lineHeight: 20, align: 'center' },
            },
          },
    },
    yAxis: [
      { type: 'value', minInterval: 1, name: '' },
      {
        type: 'value',
        min: 0,
        max: 100,
        axisLabel: { formatter: (value: number) => (locale.startsWith('pt') ? `${value} %` : `${value}%`) },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: text.reached,
        type: 'bar',
        data: stages.map((s) => s.reached),
        itemStyle: { color: colors.bar, borderRadius: [4, 4, 0, 0] },
        label: { show: true, position: 'top' },
        barMaxWidth: 56,
      },
      {
        name: text.conversion,
        type: 'line',
        yAxisIndex: 1,
        data: stages.map((s) =>
          s.conversionToNext === null ? null : Math.round(s.conversionToNext * 1000) / 10,
        ),
        itemStyle: { color: colors.line },
        lineStyle: { width: 2 },
        symbolSize: 8,
        connectNulls: false,
        tooltip: { valueFormatter: (value) => percent(value) },
      },
    ],
  };
}

/** One horizontal bar per outcome and reason (won, then lost, then discarded), coloured by outcome. */
export function outcomesChartOption(
  outcomes: readonly Outcome[],
  label: (outcome: Outcome) => string,
  colors: Record<Exclude<OpportunityStatus, 'open'>, string>,
  compact = false,
): ChartOption {
  // Top to bottom in the order given: a category axis draws its first item at the bottom.
  const rows = [...outcomes].reverse();
  return {
    aria: { enabled: true },
    animationDuration: 300,
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: rows.map(label),
      axisLabel: { width: compact ? 120 : 220, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        data: rows.map((o) => ({
          value: o.count,
          itemStyle: { color: o.status === 'open' ? colors.lost : colors[o.status] },
        })),
        label: { show: true, position: 'right' },
        barMaxWidth: 24,
      },
    ],
  };
}

/** Height of the outcomes chart for `rows` bars. */
export const outcomesChartHeight = (rows: number): number => Math.max(120, 40 + rows * 34);
