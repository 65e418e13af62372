import {
  decodeCustomFieldFilters,
  OPPORTUNITY_SORTS,
  OPPORTUNITY_STATUSES,
  type OpportunitySort,
  type OpportunityStatus,
} from '@funil/domain';
import { customFilterParam } from '../people/search.ts';

/** The filters the board and the list share; every one maps to a query param of the API. */
export type BoardFilters = {
  ownerId?: string;
  teamId?: string;
  branchId?: string;
  /** Comma-separated statuses; absent means `open` (the API's default). */
  status?: string;
  tag?: string;
  /** Only cards that stayed in their stage longer than it allows. */
  rotting?: true;
  q?: string;
  /** Custom field filters (JSON keyed by field key, domain custom-field-filters.ts). */
  cf?: string;
};

/** `/pipelines/$id` search params: the filters, the view (absent: board) and the list's sort. */
export type BoardSearch = BoardFilters & { view?: 'list'; sort?: OpportunitySort };

export const DEFAULT_STATUS: OpportunityStatus = 'open';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const text = (value: unknown, max: number): string | undefined => {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const cut = value.slice(0, max);
  return cut.trim() ? cut : undefined;
};

/** The statuses a `status` param selects, known ones only, in the domain's order; `open` when none. */
export function parseStatuses(status: string | undefined): OpportunityStatus[] {
  const picked = new Set((status ?? '').split(','));
  const statuses = OPPORTUNITY_STATUSES.filter((s) => picked.has(s));
  return statuses.length ? statuses : [DEFAULT_STATUS];
}

/** The `status` param for a selection: absent for the default (only open) or for nothing selected. */
export function statusParam(statuses: readonly string[]): string | undefined {
  const normalized = parseStatuses(statuses.join(','));
  return normalized.length === 1 && normalized[0] === DEFAULT_STATUS ? undefined : normalized.join(',');
}

/** Reads the board's URL search params, dropping anything the API would refuse. */
export function parseBoardSearch(raw: Record<string, unknown>): BoardSearch {
  const search: BoardSearch = {};
  for (const key of ['ownerId', 'teamId', 'branchId'] as const) {
    const value = text(raw[key], 36);
    if (value && UUID.test(value)) search[key] = value;
  }
  const status = statusParam(parseStatuses(text(raw.status, 100)));
  if (status) search.status = status;
  const tag = text(raw.tag, 40)?.trim();
  if (tag) search.tag = tag;
  if (raw.rotting === true || raw.rotting === 'true') search.rotting = true;
  const q = text(raw.q, 200);
  if (q) search.q = q;
  const cf = customFilterParam(raw.cf);
  if (cf) search.cf = cf;
  if (raw.view === 'list') search.view = 'list';
  const sort = text(raw.sort, 30);
  if (sort && (OPPORTUNITY_SORTS as readonly string[]).includes(sort)) search.sort = sort as OpportunitySort;
  return search;
}

/** The filters alone (what selects the cards), without the view and the sort. */
export function filtersOf(search: BoardSearch): BoardFilters {
  const { view: _view, sort: _sort, ...filters } = search;
  return filters;
}

/** The filters as API query params (`GET /pipelines/{id}/board`, `GET /opportunities`). */
export function filtersToQuery(filters: BoardFilters): Record<string, string | undefined> {
  return {
    ownerId: filters.ownerId,
    teamId: filters.teamId,
    branchId: filters.branchId,
    status: filters.status,
    tag: filters.tag,
    rotting: filters.rotting ? 'true' : undefined,
    q: filters.q?.trim() || undefined,
    cf: filters.cf,
  };
}

/** How many filters of the panel are set (the search text has its own box); shown on the filters button. */
export function countActiveFilters(filters: BoardFilters): number {
  const { q: _q, cf, ...rest } = filters;
  return (
    Object.values(rest).filter((v) => v !== undefined && v !== '').length +
    Object.keys(decodeCustomFieldFilters(cf)).length
  );
}

/** Whether the filters still select a card once it has `status` (closing a card from the board). */
export function filtersShowStatus(filters: BoardFilters, status: OpportunityStatus): boolean {
  // Stalled cards are open ones: a closed card leaves a "Somente parados" board.
  return parseStatuses(filters.status).includes(status) && (status === 'open' || !filters.rotting);
}
