import { expect, it } from 'vitest';
import { parseAccessLogFilters } from './access-log-model.ts';

it('keeps only well-formed, known filters from the URL', () => {
  const id = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
  expect(
    parseAccessLogFilters({
      userId: id,
      kind: 'phones_revealed',
      from: '2026-12-01',
      to: 'amanhã',
      extra: 'x',
    }),
  ).toEqual({ userId: id, kind: 'phones_revealed', from: '2026-12-01' });
  expect(parseAccessLogFilters({ personId: 'nope', kind: 'hacked' })).toEqual({});
});
