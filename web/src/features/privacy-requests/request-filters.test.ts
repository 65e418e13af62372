import { describe, expect, it } from 'vitest';
import { parseRequestFilters } from './request-filters.ts';

describe('the register page filters from the URL', () => {
  it('keeps known values and drops the rest', () => {
    expect(
      parseRequestFilters({
        status: 'open',
        kind: 'access',
        assigneeId: '5b0c1f8e-3a4d-4e2b-9c1a-2f3e4d5c6b7a',
        overdue: 'true',
        page: '3',
      }),
    ).toEqual({
      status: 'open',
      kind: 'access',
      assigneeId: '5b0c1f8e-3a4d-4e2b-9c1a-2f3e4d5c6b7a',
      overdue: true,
      page: 3,
    });
    expect(
      parseRequestFilters({ status: 'closed', kind: 'x', assigneeId: 'nope', overdue: 'no', page: '0' }),
    ).toEqual({
      status: undefined,
      kind: undefined,
      assigneeId: undefined,
      overdue: undefined,
      page: undefined,
    });
  });
});
