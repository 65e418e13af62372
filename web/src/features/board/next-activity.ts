import type { OpportunityCard } from '@funil/domain';
import { addDays, businessDay, businessTime } from '../activities/calendar.ts';

// What a card says about its next activity: when it is due in São Paulo time, and whether it is late.

export type NextActivityView =
  | { state: 'none' }
  | {
      state: 'scheduled';
      /** Due before `now` (as "Minhas atividades" counts it). */
      overdue: boolean;
      /** Today or tomorrow (São Paulo days), or another day. */
      when: 'today' | 'tomorrow' | 'other';
      /** The São Paulo day (`YYYY-MM-DD`) and wall-clock time (`HH:MM`). */
      day: string;
      time: string;
    };

/**
 * The next-activity line of a card at `now`: the activity's due time, or `none` for an open card with
 * nothing scheduled; null for a closed card with nothing scheduled (no warning about it).
 */
export function nextActivityView(
  card: Pick<OpportunityCard, 'status' | 'nextActivity'>,
  now: Date,
): NextActivityView | null {
  const a = card.nextActivity;
  if (!a) return card.status === 'open' ? { state: 'none' } : null;
  const day = businessDay(a.dueAt);
  const today = businessDay(now);
  return {
    state: 'scheduled',
    overdue: Date.parse(a.dueAt) < now.getTime(),
    when: day === today ? 'today' : day === addDays(today, 1) ? 'tomorrow' : 'other',
    day,
    time: businessTime(a.dueAt),
  };
}

/** A São Paulo day, short: day and month, with the year only when it is not `today`'s year. */
export function shortDay(day: string, today: string, locale: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  const sameYear = day.slice(0, 4) === today.slice(0, 4);
  return date.toLocaleDateString(locale, {
    timeZone: 'UTC',
    day: '2-digit',
    month: '2-digit',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}
