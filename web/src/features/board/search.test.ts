import { describe, expect, it } from 'vitest';
import {
  countActiveFilters,
  filtersOf,
  filtersShowStatus,
  filtersToQuery,
  parseBoardSearch,
  parseStatuses,
  statusParam,
} from './search.ts';

const OWNER = '0bb747ea-c61d-46f0-8142-08b8e50e7107';

describe('parseBoardSearch', () => {
  it('keeps valid filters, the list view and a known sort', () => {
    expect(
      parseBoardSearch({
        ownerId: OWNER,
        status: 'won,open',
        tag: ' lançamento ',
        rotting: true,
        q: 'apto',
        view: 'list',
        sort: '-valueCents',
      }),
    ).toEqual({
      ownerId: OWNER,
      status: 'open,won',
      tag: 'lançamento',
      rotting: true,
      q: 'apto',
      view: 'list',
      sort: '-valueCents',
    });
  });

  it('drops what the API would refuse', () => {
    expect(
      parseBoardSearch({
        ownerId: 'carla',
        teamId: 42,
        status: 'open',
        rotting: 'no',
        view: 'kanban',
        sort: 'name',
        q: '   ',
        tag: 'x'.repeat(80),
      }),
    ).toEqual({ tag: 'x'.repeat(40) });
  });

  it('reads a numeric search text as text', () => {
    expect(parseBoardSearch({ q: 2027 })).toEqual({ q: '2027' });
  });
});

describe('statuses', () => {
  it('defaults to open', () => {
    expect(parseStatuses(undefined)).toEqual(['open']);
    expect(parseStatuses('bogus')).toEqual(['open']);
  });

  it('leaves the default out of the URL', () => {
    expect(statusParam(['open'])).toBeUndefined();
    expect(statusParam([])).toBeUndefined();
    expect(statusParam(['lost', 'open'])).toBe('open,lost');
  });
});

describe('filters', () => {
  it('leaves the view and sort out of the filters, and maps them to API params', () => {
    const filters = filtersOf({ view: 'list', sort: 'title', rotting: true, q: ' casa ' });
    expect(filters).toEqual({ rotting: true, q: ' casa ' });
    expect(filtersToQuery(filters)).toMatchObject({ rotting: 'true', q: 'casa', status: undefined });
  });

  it('counts the panel filters, not the search text', () => {
    expect(countActiveFilters({ q: 'casa' })).toBe(0);
    expect(countActiveFilters({ q: 'casa', ownerId: OWNER, rotting: true })).toBe(2);
  });
});

describe('filtersShowStatus', () => {
  it('keeps a closed card only when the status filter selects it and stalled cards are not asked for', () => {
    expect(filtersShowStatus({}, 'won')).toBe(false);
    expect(filtersShowStatus({ status: 'open,won' }, 'won')).toBe(true);
    expect(filtersShowStatus({ status: 'open,won' }, 'lost')).toBe(false);
    expect(filtersShowStatus({ status: 'open,won', rotting: true }, 'won')).toBe(false);
    expect(filtersShowStatus({ rotting: true }, 'open')).toBe(true);
  });
});
