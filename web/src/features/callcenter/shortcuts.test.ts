import { expect, it } from 'vitest';
import { DESK_SHORTCUTS, localInputToIso, shortcutLabel } from './shortcuts.ts';

it('writes shortcuts for people and gives every toolbar action its own', () => {
  expect(shortcutLabel(DESK_SHORTCUTS.register)).toBe('Alt+R');
  const keys = Object.values(DESK_SHORTCUTS);
  expect(new Set(keys).size).toBe(keys.length);
});

it('reads a datetime-local value as an instant, and nothing from an empty or bad one', () => {
  expect(localInputToIso('')).toBeNull();
  expect(localInputToIso('not a date')).toBeNull();
  const iso = localInputToIso('2026-12-07T10:30');
  expect(iso).toBe(new Date(2026, 11, 7, 10, 30).toISOString());
});
