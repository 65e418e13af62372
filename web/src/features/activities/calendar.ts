import { BUSINESS_TIME_ZONE } from '@funil/domain';

// Dates of the agenda in the business time zone (São Paulo): which day an activity falls on, the
// overdue / today / upcoming ranges of "Minhas atividades", and the 7 columns of the week calendar.

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The São Paulo calendar day (YYYY-MM-DD) of an instant. */
export const businessDay = (at: Date | string): string => dayFormat.format(new Date(at));

/** Minutes São Paulo is ahead of UTC at `at` (−180 today; computed, not assumed). */
function offsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: BUSINESS_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** The instant a São Paulo wall-clock time (`YYYY-MM-DD`, `HH:MM`) names. */
export function businessInstant(day: string, time = '00:00'): Date {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const guess = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0));
  return new Date(guess.getTime() - offsetMinutes(guess) * 60_000);
}

/** The São Paulo wall-clock time (`HH:MM`) of an instant. */
export function businessTime(at: Date | string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: BUSINESS_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
}

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + n)).toISOString().slice(0, 10);
}

export const DUE_GROUPS = ['overdue', 'today', 'upcoming'] as const;
export type DueGroup = (typeof DUE_GROUPS)[number];

/** Instants bounding a group for the API: due at or after `from`, before `to` (absent: unbounded). */
export type DueRange = { from?: string; to?: string };

/**
 * The due-time ranges of the groups of "Minhas atividades" at `now`; together they cover every instant once:
 * overdue (due before now: past due, also earlier today), today (from now to the end of São Paulo's today)
 * and upcoming (from São Paulo's tomorrow on).
 */
export function dueRanges(now: Date): Record<DueGroup, DueRange> {
  const at = now.toISOString();
  const tomorrow = businessInstant(addDays(businessDay(now), 1)).toISOString();
  return { overdue: { to: at }, today: { from: at, to: tomorrow }, upcoming: { from: tomorrow } };
}

export type WeekDay = { day: string; isToday: boolean };
export type Week = { start: string; days: WeekDay[]; from: string; to: string };

/**
 * The week (Sunday to Saturday, as Brazilian calendars show it) containing `day`: its 7 days, today
 * marked, and the instants bounding it for the API (`from` inclusive, `to` exclusive).
 */
export function weekOf(day: string, now: Date): Week {
  const [y, m, d] = day.split('-').map(Number);
  const weekday = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay();
  const start = addDays(day, -weekday);
  const today = businessDay(now);
  const days = Array.from({ length: 7 }, (_, i) => {
    const date = addDays(start, i);
    return { day: date, isToday: date === today };
  });
  return {
    start,
    days,
    from: businessInstant(start).toISOString(),
    to: businessInstant(addDays(start, 7)).toISOString(),
  };
}

/** Activities placed in the week's day columns, by due time. */
export function placeInWeek<T extends { dueAt: string }>(week: Week, items: readonly T[]): Map<string, T[]> {
  const columns = new Map(week.days.map((d) => [d.day, [] as T[]]));
  const sorted = [...items].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  for (const item of sorted) columns.get(businessDay(item.dueAt))?.push(item);
  return columns;
}

/** `YYYY-MM-DD` as the user's language writes it. */
export function formatDay(day: string, locale: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).toLocaleDateString(locale, { timeZone: 'UTC' });
}
