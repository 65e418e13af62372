import { describe, expect, it } from 'vitest';
import {
  addDays,
  businessDay,
  businessInstant,
  businessTime,
  DUE_GROUPS,
  type DueGroup,
  type DueRange,
  dueRanges,
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

describe('dueRanges', () => {
  const now = new Date('2026-05-04T15:00:00Z'); // 12:00 in São Paulo
  const contains = (r: DueRange, at: string) =>
    (!r.from || Date.parse(at) >= Date.parse(r.from)) && (!r.to || Date.parse(at) < Date.parse(r.to));
  const groupOf = (ranges: Record<DueGroup, DueRange>, at: string) =>
    DUE_GROUPS.filter((g) => contains(ranges[g], at));

  it('bounds overdue before now, today up to São Paulo midnight and upcoming after it', () => {
    expect(dueRanges(now)).toEqual({
      overdue: { to: '2026-05-04T15:00:00.000Z' },
      today: { from: '2026-05-04T15:00:00.000Z', to: '2026-05-05T03:00:00.000Z' },
      upcoming: { from: '2026-05-05T03:00:00.000Z' },
    });
  });

  it('puts every instant in exactly one group', () => {
    const ranges = dueRanges(now);
    expect(groupOf(ranges, '2026-05-01T12:00:00Z')).toEqual(['overdue']); // last week
    expect(groupOf(ranges, '2026-05-04T03:00:00Z')).toEqual(['overdue']); // this morning's midnight
    expect(groupOf(ranges, '2026-05-04T14:59:00Z')).toEqual(['overdue']); // a minute ago
    expect(groupOf(ranges, '2026-05-04T15:00:00Z')).toEqual(['today']); // due right now
    expect(groupOf(ranges, '2026-05-05T02:59:00Z')).toEqual(['today']); // 23:59 in São Paulo
    expect(groupOf(ranges, '2026-05-05T03:00:00Z')).toEqual(['upcoming']); // tomorrow's midnight
    expect(groupOf(ranges, '2027-01-01T00:00:00Z')).toEqual(['upcoming']);
  });

  it('follows São Paulo’s day, not UTC’s, late in the evening and across months', () => {
    // 22:30 of 31 May in São Paulo is already 1 June in UTC: today still ends at São Paulo's midnight.
    expect(dueRanges(new Date('2026-06-01T01:30:00Z')).today).toEqual({
      from: '2026-06-01T01:30:00.000Z',
      to: '2026-06-01T03:00:00.000Z',
    });
    // Right at midnight the whole new day is "today".
    expect(dueRanges(new Date('2026-12-31T03:00:00Z')).today).toEqual({
      from: '2026-12-31T03:00:00.000Z',
      to: '2027-01-01T03:00:00.000Z',
    });
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
