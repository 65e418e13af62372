import { BUSINESS_TIME_ZONE } from '@funil/domain';

// Dates of the agenda in the business time zone (São Paulo): which day an activity falls on, the
// overdue / today / upcoming groups of "Minhas atividades", and the 7 columns of the week calendar.

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

export type DueGroups<T> = { overdue: T[]; today: T[]; upcoming: T[] };

/**
 * Splits open activities for "Minhas atividades": overdue (due before now), today (the rest of São Paulo's
 * today) and upcoming (later days); each group by due time.
 */
export function groupByDue<T extends { dueAt: string }>(items: readonly T[], now: Date): DueGroups<T> {
  const today = businessDay(now);
  const groups: DueGroups<T> = { overdue: [], today: [], upcoming: [] };
  const sorted = [...items].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  for (const item of sorted) {
    if (Date.parse(item.dueAt) < now.getTime()) groups.overdue.push(item);
    else if (businessDay(item.dueAt) === today) groups.today.push(item);
    else groups.upcoming.push(item);
  }
  return groups;
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
