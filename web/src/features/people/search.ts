import {
  decodeCustomFieldFilters,
  encodeCustomFieldFilters,
  PERSON_SORTS,
  PERSON_STAGES,
  type PersonSort,
} from '@funil/domain';
import type { PeopleSearch } from './types.ts';

const TEXT_KEYS = ['q', 'ownerId', 'teamId', 'branchId', 'tag', 'media', 'channel'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const text = (value: unknown): string | undefined => {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.slice(0, 200);
  return trimmed.trim() ? trimmed : undefined;
};

/** Reads the `/people` URL search params, dropping anything the API would refuse. */
export function parsePeopleSearch(raw: Record<string, unknown>): PeopleSearch {
  const search: PeopleSearch = {};
  for (const key of TEXT_KEYS) {
    const value = text(raw[key]);
    if (value !== undefined) search[key] = value;
  }
  const stages = (text(raw.stage) ?? '')
    .split(',')
    .filter((s) => (PERSON_STAGES as readonly string[]).includes(s));
  if (stages.length) search.stage = [...new Set(stages)].join(',');
  for (const key of ['createdFrom', 'createdTo'] as const) {
    const value = text(raw[key]);
    if (value && DAY.test(value)) search[key] = value;
  }
  const sort = text(raw.sort);
  if (sort && (PERSON_SORTS as readonly string[]).includes(sort)) search.sort = sort as PersonSort;
  const cf = customFilterParam(raw.cf);
  if (cf) search.cf = cf;
  return search;
}

/**
 * The `cf` search param (custom field filters, JSON) as the API takes it: a string, or the object the router may
 * have parsed it into; anything unreadable is dropped.
 */
export function customFilterParam(raw: unknown): string | undefined {
  const values = typeof raw === 'string' ? decodeCustomFieldFilters(raw) : raw;
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return undefined;
  const cf = encodeCustomFieldFilters(values as Record<string, unknown>);
  return cf && cf.length <= 4000 ? cf : undefined;
}

/** How many filters (besides the search text and the sort) are set; shown on the filters button. */
export function countActiveFilters(search: PeopleSearch): number {
  const { q: _q, sort: _sort, cf, ...filters } = search;
  return (
    Object.values(filters).filter((v) => v !== undefined && v !== '').length +
    Object.keys(decodeCustomFieldFilters(cf)).length
  );
}

/**
 * The filters of an export of what the list shows: the same filters and search text, without the sort (the
 * export is always by name; `POST /exports` checks them with the list's own schema, which takes no sort).
 */
export function exportSearch(search: PeopleSearch): Omit<PeopleSearch, 'sort'> {
  const { sort: _sort, ...filters } = search;
  return filters;
}
