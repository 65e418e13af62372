import { describe, expect, it } from 'vitest';
import { countActiveFilters, parsePeopleSearch } from './search.ts';

describe('parsePeopleSearch', () => {
  it('keeps valid filters from the URL', () => {
    expect(
      parsePeopleSearch({
        q: 'joão',
        stage: 'lead,client',
        sort: '-createdAt',
        createdFrom: '2026-01-01',
        tag: 'vip',
      }),
    ).toEqual({ q: 'joão', stage: 'lead,client', sort: '-createdAt', createdFrom: '2026-01-01', tag: 'vip' });
  });

  it('drops what the API would refuse', () => {
    expect(
      parsePeopleSearch({
        stage: 'lead,bogus',
        sort: 'random',
        createdTo: '01/02/2026',
        q: '   ',
        limit: 1000,
      }),
    ).toEqual({ stage: 'lead' });
  });

  it('reads numbers typed in the URL as text (a phone search)', () => {
    expect(parsePeopleSearch({ q: 11987654321 })).toEqual({ q: '11987654321' });
  });

  it('counts filters but not the search text or the sort', () => {
    expect(countActiveFilters({ q: 'x', sort: 'name', stage: 'lead', ownerId: 'u1' })).toBe(2);
  });
});
