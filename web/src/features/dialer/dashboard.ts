import { CONTACT_OUTCOMES, type ContactOutcome, type DialerDashboard } from '@funil/domain';
import type { ChartOption } from '../funnels/EChart.tsx';

// Pure pieces of the dialer dashboard: the period (São Paulo days → the API's instants), the presets, and how
// numbers read (mm:ss, percentages, the stacked bars per attendant).

const TIME_ZONE = 'America/Sao_Paulo';

/** Today's calendar day (`YYYY-MM-DD`) in São Paulo. */
export function saoPauloDay(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(now);
}

/** `day` moved by `days` (negative: back). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** São Paulo's UTC offset on a day at noon, as `-03:00`. */
function offsetOn(day: string): string {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' })
      .formatToParts(new Date(`${day}T12:00:00Z`))
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT-03:00';
  const m = /GMT([+-]\d{2}:\d{2})/.exec(name);
  return m?.[1] ?? '+00:00';
}

export type DayRange = { from: string; to: string };
export type Preset = 'today' | 'days7' | 'days30';
export const PRESETS: readonly Preset[] = ['today', 'days7', 'days30'];
const PRESET_DAYS: Record<Preset, number> = { today: 1, days7: 7, days30: 30 };

/** The days of a preset, ending today (São Paulo). */
export function presetRange(preset: Preset, now: Date): DayRange {
  const to = saoPauloDay(now);
  return { from: addDays(to, -(PRESET_DAYS[preset] - 1)), to };
}

/** Which preset a range is, if any. */
export function presetOf(range: DayRange, now: Date): Preset | null {
  return (
    PRESETS.find((p) => {
      const r = presetRange(p, now);
      return r.from === range.from && r.to === range.to;
    }) ?? null
  );
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The API's `[from, to)` for whole São Paulo days, from the start of `from` to the start of the day after `to`;
 * null when the days are not a valid range (end before start, or more than 366 days).
 */
export function rangeInstants(range: DayRange): { from: string; to: string } | null {
  if (!DAY.test(range.from) || !DAY.test(range.to) || range.to < range.from) return null;
  const next = addDays(range.to, 1);
  const from = `${range.from}T00:00:00${offsetOn(range.from)}`;
  const to = `${next}T00:00:00${offsetOn(next)}`;
  const span = new Date(to).getTime() - new Date(from).getTime();
  if (Number.isNaN(span) || span <= 0 || span > 366 * 86_400_000) return null;
  return { from, to };
}

/** Whether the range reaches today (then the numbers still move, and the page says "ao vivo"). */
export const includesToday = (range: DayRange, now: Date) => range.to >= saoPauloDay(now);

/** Seconds as `m:ss` (`mm:ss` from 10 minutes, `h:mm:ss` from an hour); null → `—`. */
export function formatMinSec(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${String(m).padStart(2, '0')}:${s}`;
}

/** `12,5 %` (pt-BR) / `12.5%` (en) for a percentage already ×100; null → `—`. */
export function formatPercentValue(percent: number | null, locale: string): string {
  if (percent === null || !Number.isFinite(percent)) return '—';
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(percent);
  return locale.startsWith('pt') ? `${n} %` : `${n}%`;
}

/** Connected over placed calls, as a percentage; null with no call. */
export const connectionRate = (stats: { calls: number; connected: number }) =>
  stats.calls > 0 ? (stats.connected / stats.calls) * 100 : null;

/** `06/12/2026 14:05` (pt-BR) for an instant, in São Paulo's time. */
export function formatStamp(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat(locale, {
      timeZone: TIME_ZONE,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const day = locale.startsWith('en')
    ? `${parts.month}/${parts.day}/${parts.year}`
    : `${parts.day}/${parts.month}/${parts.year}`;
  return `${day} ${parts.hour}:${parts.minute}`;
}

/** Colors of the outcomes in the chart: green for answered, greys and reds for the frustrated ones. */
export const OUTCOME_COLORS: Record<ContactOutcome, string> = {
  answered: '#2f9e44',
  voicemail: '#1c7ed6',
  no_answer: '#f59f00',
  invalid_number: '#868e96',
  busy: '#ae3ec9',
  failed: '#e03131',
};

/** Calls of an attendant with no outcome yet (ringing, or answered and waiting for the return). */
const pendingOf = (a: DialerDashboard['attendants'][number]) =>
  Math.max(0, a.calls - Object.values(a.outcomes).reduce((n, c) => n + (c ?? 0), 0));

/**
 * Stacked horizontal bars: one per attendant, one segment per outcome that happened, and a grey one for the calls
 * still without an outcome.
 */
export function attendantsChartOption(
  attendants: DialerDashboard['attendants'],
  outcomeLabel: (o: ContactOutcome) => string,
  pendingLabel: string,
): ChartOption {
  const used = CONTACT_OUTCOMES.filter((o) => attendants.some((a) => (a.outcomes[o] ?? 0) > 0));
  const names = attendants.map((a) => a.user.name);
  const pending = attendants.map(pendingOf);
  const series: ChartOption['series'] = used.map((o) => ({
    name: outcomeLabel(o),
    type: 'bar' as const,
    stack: 'calls',
    data: attendants.map((a) => a.outcomes[o] ?? 0),
    itemStyle: { color: OUTCOME_COLORS[o] },
    barMaxWidth: 32,
  }));
  if (pending.some((n) => n > 0)) {
    series.push({
      name: pendingLabel,
      type: 'bar' as const,
      stack: 'calls',
      data: pending,
      itemStyle: { color: '#ced4da' },
      barMaxWidth: 32,
    });
  }
  return {
    aria: { enabled: true },
    animationDuration: 300,
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, data: series.map((s) => String(s.name)) },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: names, inverse: true },
    series,
  };
}

/** The chart's height for this many attendants. */
export const chartHeight = (attendants: number) => Math.max(180, 80 + attendants * 44);
