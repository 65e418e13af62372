import { describe, expect, it } from 'vitest';
import { formatDay, parseTypedDay } from './typed-day.ts';

describe('typed days (dd/mm/aaaa)', () => {
  it('reads day first, whatever the browser language', () => {
    expect(parseTypedDay('05/03/2026')).toBe('2026-03-05');
    expect(parseTypedDay('5/3/2026')).toBe('2026-03-05');
    expect(parseTypedDay(' 31-12-2025 ')).toBe('2025-12-31');
    expect(formatDay('2026-03-05')).toBe('05/03/2026');
  });

  it('refuses days that do not exist and other shapes', () => {
    for (const text of ['31/02/2026', '13/13/2026', '2026-03-05', '03/05', '', '01/01/0999', 'ontem']) {
      expect(parseTypedDay(text), text).toBeNull();
    }
  });
});
