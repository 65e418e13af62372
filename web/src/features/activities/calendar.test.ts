import { describe, expect, it } from 'vitest';
import {
  addDays,
  businessDay,
  businessInstant,
  businessTime,
  groupByDue,
  placeInWeek,
  weekOf,
} from './calendar.ts';

describe('business time (America/Sao_Paulo)', () => {
  it('names the São Paulo day and time of an instant', () => {
    // 01:30 UTC is still the evening before in São Paulo.
    expect(businessDay('2026-05-05T01:30:00Z')).toBe('2026-05-04');
    expect(businessTime('2026-05-05T01:30:00Z')).toBe('22:30');
    expect(businessInstant('2026-05-04', '22:30').toISOString()).toBe('2026-05-05T01:30:00.000Z');
    expect(businessInstant('2026-12-31').toISOString()).toBe('2026-12-31T03:00:00.000Z');
  });

  it('moves days across months and years', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});

describe('groupByDue', () => {
  const now = new Date('2026-05-04T15:00:00Z'); // 12:00 in São Paulo
  const at = (dueAt: string, id: string) => ({ id, dueAt });

  it('splits overdue, the rest of today and later days, each by due time', () => {
    const groups = groupByDue(
      [
        at('2026-05-06T12:00:00Z', 'later'),
        at('2026-05-04T14:59:00Z', 'a-minute-ago'),
        at('2026-05-05T02:00:00Z', 'tonight'), // 23:00 in São Paulo, still today
        at('2026-05-01T12:00:00Z', 'last-week'),
        at('2026-05-05T03:00:00Z', 'tomorrow-midnight'),
        at('2026-05-04T16:00:00Z', 'this-afternoon'),
      ],
      now,
    );
    expect(groups.overdue.map((i) => i.id)).toEqual(['last-week', 'a-minute-ago']);
    expect(groups.today.map((i) => i.id)).toEqual(['this-afternoon', 'tonight']);
    expect(groups.upcoming.map((i) => i.id)).toEqual(['tomorrow-midnight', 'later']);
  });

  it('answers empty groups for nothing', () => {
    expect(groupByDue([], now)).toEqual({ overdue: [], today: [], upcoming: [] });
  });
});

describe('weekOf', () => {
  const now = new Date('2026-05-06T15:00:00Z'); // a Wednesday

  it('runs Sunday to Saturday, marks today and bounds the week in São Paulo time', () => {
    const week = weekOf('2026-05-06', now);
    expect(week.days.map((d) => d.day)).toEqual([
      '2026-05-03',
      '2026-05-04',
      '2026-05-05',
      '2026-05-06',
      '2026-05-07',
      '2026-05-08',
      '2026-05-09',
    ]);
    expect(week.days.filter((d) => d.isToday).map((d) => d.day)).toEqual(['2026-05-06']);
    expect(week.from).toBe('2026-05-03T03:00:00.000Z');
    expect(week.to).toBe('2026-05-10T03:00:00.000Z');
  });

  it('the previous week has no today; a Sunday starts its own week', () => {
    const previous = weekOf(addDays('2026-05-03', -7), now);
    expect(previous.start).toBe('2026-04-26');
    expect(previous.days.some((d) => d.isToday)).toBe(false);
    expect(weekOf('2026-05-03', now).start).toBe('2026-05-03');
  });

  it('places activities in their São Paulo day column, outside ones dropped', () => {
    const week = weekOf('2026-05-06', now);
    const columns = placeInWeek(week, [
      { id: 'sat-night', dueAt: '2026-05-10T02:30:00Z' }, // Saturday 23:30 in São Paulo
      { id: 'next-sunday', dueAt: '2026-05-10T03:00:00Z' },
      { id: 'mon', dueAt: '2026-05-04T12:00:00Z' },
    ]);
    expect(columns.get('2026-05-09')?.map((i) => i.id)).toEqual(['sat-night']);
    expect(columns.get('2026-05-04')?.map((i) => i.id)).toEqual(['mon']);
    expect([...columns.values()].flat()).toHaveLength(2);
  });
});
