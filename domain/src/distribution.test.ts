import { describe, expect, it } from 'vitest';
import { businessClock, smoothWeightedPick, withinSchedule, ZDistributionSchedule } from './distribution.ts';

describe('smoothWeightedPick', () => {
  it('over a window of sum(weights) picks each member exactly its weight, interleaved (5:1:1 → a a b a c a a)', () => {
    let state = [5, 1, 1].map((weight) => ({ weight, current: 0, eligible: true }));
    const picks: number[] = [];
    for (let i = 0; i < 7; i++) {
      const pick = smoothWeightedPick(state);
      if (!pick) throw new Error('none');
      picks.push(pick.index);
      state = state.map((m, j) => ({ ...m, current: pick.current[j] ?? 0 }));
    }
    expect(picks).toEqual([0, 0, 1, 0, 2, 0, 0]);
    expect(state.map((m) => m.current)).toEqual([0, 0, 0]);
  });

  it('skips members not eligible and keeps their state; nobody eligible answers null', () => {
    const pick = smoothWeightedPick([
      { weight: 9, current: 4, eligible: false },
      { weight: 1, current: 0, eligible: true },
    ]);
    expect(pick).toEqual({ index: 1, current: [4, 0] });
    expect(smoothWeightedPick([{ weight: 1, current: 0, eligible: false }])).toBeNull();
  });
});

describe('the shift, in São Paulo time', () => {
  const weekdays9to18 = ZDistributionSchedule.parse({
    weekdays: [1, 2, 3, 4, 5],
    start: '09:00',
    end: '18:00',
  });

  it('reads the weekday and time in São Paulo (UTC−3)', () => {
    expect(businessClock(new Date('2026-12-07T12:05:00Z'))).toEqual({
      weekday: 1,
      time: '09:05',
      day: '2026-12-07',
    });
    // 01:30 UTC on Saturday is still Friday 22:30 in São Paulo.
    expect(businessClock(new Date('2026-12-05T01:30:00Z'))).toMatchObject({ weekday: 5, time: '22:30' });
  });

  it('is inside from start (inclusive) to end (exclusive) on the chosen weekdays; no schedule is always', () => {
    expect(withinSchedule(weekdays9to18, new Date('2026-12-07T12:00:00Z'))).toBe(true); // Mon 09:00
    expect(withinSchedule(weekdays9to18, new Date('2026-12-07T11:59:00Z'))).toBe(false); // Mon 08:59
    expect(withinSchedule(weekdays9to18, new Date('2026-12-07T21:00:00Z'))).toBe(false); // Mon 18:00
    expect(withinSchedule(weekdays9to18, new Date('2026-12-05T13:00:00Z'))).toBe(false); // Sat 10:00
    expect(withinSchedule(null, new Date('2026-12-05T13:00:00Z'))).toBe(true);
  });

  it('refuses an end before the start', () => {
    expect(ZDistributionSchedule.safeParse({ weekdays: [1], start: '18:00', end: '09:00' }).success).toBe(
      false,
    );
  });
});
