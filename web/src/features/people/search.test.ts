import { describe, expect, it } from 'vitest';
import { exportFilters } from '../exports/queries.ts';
import { countActiveFilters, exportSearch, parsePeopleSearch } from './search.ts';

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

describe('exportSearch', () => {
  it('keeps the search text and every filter, and drops the sort', () => {
    const filters = {
      q: 'joão',
      stage: 'lead,client',
      ownerId: 'u1',
      teamId: 't1',
      branchId: 'b1',
      tag: 'vip',
      media: 'Google',
      channel: 'WhatsApp',
      createdFrom: '2026-01-01',
      createdTo: '2026-02-01',
    };
    expect(exportSearch({ ...filters, sort: '-createdAt' })).toEqual(filters);
  });

  it('exports what the URL of the list asks for, minus what the API would refuse', () => {
    const search = parsePeopleSearch({ q: ' ', stage: 'lead,bogus', sort: 'name', limit: 5, cursor: 'x' });
    expect(exportFilters(exportSearch(search))).toEqual({ stage: 'lead' });
  });
});
