import { describe, expect, it } from 'vitest';
import { nextActivityView, shortDay } from './next-activity.ts';

const activity = (dueAt: string) => ({ id: 'a', kind: 'call' as const, title: 'Ligar', dueAt });
// 2026-05-04 15:00 in São Paulo.
const now = new Date('2026-05-04T18:00:00Z');

describe('nextActivityView', () => {
  it('warns about an open card with nothing scheduled, not about a closed one', () => {
    expect(nextActivityView({ status: 'open', nextActivity: null }, now)).toEqual({ state: 'none' });
    expect(nextActivityView({ status: 'won', nextActivity: null }, now)).toBeNull();
  });

  it('places the due time in São Paulo days and marks it late once it has passed', () => {
    const late = nextActivityView({ status: 'open', nextActivity: activity('2026-05-04T17:59:00Z') }, now);
    expect(late).toEqual({
      state: 'scheduled',
      overdue: true,
      when: 'today',
      day: '2026-05-04',
      time: '14:59',
    });
    const later = nextActivityView({ status: 'open', nextActivity: activity('2026-05-05T02:30:00Z') }, now);
    // 02:30 UTC on the 5th is still the evening of the 4th in São Paulo.
    expect(later).toMatchObject({ overdue: false, when: 'today', day: '2026-05-04', time: '23:30' });
    const tomorrow = nextActivityView(
      { status: 'open', nextActivity: activity('2026-05-05T03:00:00Z') },
      now,
    );
    expect(tomorrow).toMatchObject({ overdue: false, when: 'tomorrow', day: '2026-05-05', time: '00:00' });
    const yesterday = nextActivityView(
      { status: 'open', nextActivity: activity('2026-05-03T12:00:00Z') },
      now,
    );
    expect(yesterday).toMatchObject({ overdue: true, when: 'other', day: '2026-05-03', time: '09:00' });
  });
});

describe('shortDay', () => {
  it('shows the year only for another year', () => {
    expect(shortDay('2026-05-09', '2026-05-04', 'pt-BR')).toBe('09/05');
    expect(shortDay('2027-01-09', '2026-05-04', 'pt-BR')).toBe('09/01/2027');
    expect(shortDay('2026-05-09', '2026-05-04', 'en')).toBe('05/09');
  });
});
