import { PRIVACY_REQUEST_KINDS, PRIVACY_REQUEST_STATUSES } from '@funil/domain';
import type { RequestFilters } from './queries.ts';

/** The register page's filters from its URL; anything unknown is dropped. */
export function parseRequestFilters(search: Record<string, unknown>): RequestFilters {
  const pick = <T extends string>(value: unknown, values: readonly T[]) =>
    typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : undefined;
  const page = Number(search.page);
  return {
    status: pick(search.status, PRIVACY_REQUEST_STATUSES),
    kind: pick(search.kind, PRIVACY_REQUEST_KINDS),
    assigneeId:
      typeof search.assigneeId === 'string' && /^[0-9a-f-]{36}$/i.test(search.assigneeId)
        ? search.assigneeId
        : undefined,
    overdue: search.overdue === true || search.overdue === 'true' ? true : undefined,
    page: Number.isInteger(page) && page > 1 ? page : undefined,
  };
}
