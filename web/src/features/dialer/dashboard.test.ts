import { describe, expect, it } from 'vitest';
import {
  attendantsChartOption,
  connectionRate,
  formatMinSec,
  formatPercentValue,
  formatStamp,
  includesToday,
  presetOf,
  presetRange,
  rangeInstants,
} from './dashboard.ts';

// 02:30 UTC on 6 Dec 2026 is still 5 Dec in São Paulo (UTC-3).
const now = new Date('2026-12-06T02:30:00Z');

describe('dialer dashboard helpers', () => {
  it('formats handling time as mm:ss (h:mm:ss past an hour)', () => {
    expect(formatMinSec(0)).toBe('00:00');
    expect(formatMinSec(65)).toBe('01:05');
    expect(formatMinSec(599.6)).toBe('10:00');
    expect(formatMinSec(3725)).toBe('1:02:05');
    expect(formatMinSec(null)).toBe('—');
  });

  it('takes presets as São Paulo days ending today', () => {
    expect(presetRange('today', now)).toEqual({ from: '2026-12-05', to: '2026-12-05' });
    expect(presetRange('days7', now)).toEqual({ from: '2026-11-29', to: '2026-12-05' });
    expect(presetRange('days30', now)).toEqual({ from: '2026-11-06', to: '2026-12-05' });
    expect(presetOf({ from: '2026-11-29', to: '2026-12-05' }, now)).toBe('days7');
    expect(presetOf({ from: '2026-11-28', to: '2026-12-05' }, now)).toBeNull();
    expect(includesToday({ from: '2026-11-01', to: '2026-12-05' }, now)).toBe(true);
    expect(includesToday({ from: '2026-11-01', to: '2026-12-04' }, now)).toBe(false);
  });

  it('sends whole São Paulo days as [from, to) instants and refuses reversed or too long ranges', () => {
    expect(rangeInstants({ from: '2026-12-05', to: '2026-12-05' })).toEqual({
      from: '2026-12-05T00:00:00-03:00',
      to: '2026-12-06T00:00:00-03:00',
    });
    expect(rangeInstants({ from: '2026-12-06', to: '2026-12-05' })).toBeNull();
    expect(rangeInstants({ from: '2025-01-01', to: '2026-12-05' })).toBeNull();
    expect(rangeInstants({ from: '', to: '2026-12-05' })).toBeNull();
  });

  it('writes rates and stamps the Brazilian way', () => {
    expect(connectionRate({ calls: 8, connected: 3 })).toBe(37.5);
    expect(connectionRate({ calls: 0, connected: 0 })).toBeNull();
    expect(formatPercentValue(37.5, 'pt-BR')).toBe('37,5 %');
    expect(formatPercentValue(37.5, 'en')).toBe('37.5%');
    expect(formatStamp('2026-12-06T17:05:00Z', 'pt-BR')).toBe('06/12/2026 14:05');
  });

  it('stacks only the outcomes that happened, one bar per attendant, and the calls still without one', () => {
    const stats = (outcomes: Record<string, number>, calls = 0) => ({
      calls,
      connected: 0,
      outcomes,
      averageHandlingSeconds: null,
      shortCalls: { short: 0, connected: 0, percent: 0, warn: false },
      session: null,
    });
    const option = attendantsChartOption(
      [
        { user: { id: 'a', name: 'Ana' }, ...stats({ answered: 2, busy: 1 }) },
        { user: { id: 'b', name: 'Bia' }, ...stats({ no_answer: 4 }, 5) },
      ],
      (o) => `label:${o}`,
      'pending',
    );
    const series = option.series as { name: string; data: number[]; stack: string }[];
    expect(series.map((s) => s.name)).toEqual(['label:answered', 'label:no_answer', 'label:busy', 'pending']);
    expect(series.map((s) => s.data)).toEqual([
      [2, 0],
      [0, 4],
      [1, 0],
      [0, 1],
    ]);
    expect(new Set(series.map((s) => s.stack)).size).toBe(1);
  });
});
