import type { AccessLogPage } from '@funil/domain';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, apiUrl, toQueryString } from '../../lib/api.ts';
import type { AccessLogFilters } from './access-log-model.ts';

export const accessLogKeys = {
  all: ['access-log'] as const,
  list: (filters: AccessLogFilters) => ['access-log', 'list', filters] as const,
  person: (personId: string) => ['access-log', 'person', personId] as const,
};

/** The workspace's access log with the page's filters, newest first, page by page. */
export function useAccessLog(filters: AccessLogFilters) {
  return useInfiniteQuery({
    queryKey: accessLogKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<AccessLogPage>(
        `/privacy/access-log${toQueryString({ ...filters, limit: 50, cursor: pageParam ?? undefined })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** One person's accesses (the LGPD tab's section). */
export function usePersonAccessLog(personId: string) {
  return useInfiniteQuery({
    queryKey: accessLogKeys.person(personId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<AccessLogPage>(
        `/people/${personId}/access-log${toQueryString({ limit: 20, cursor: pageParam ?? undefined })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export const accessLogCsvUrl = (filters: AccessLogFilters) =>
  apiUrl('/privacy/access-log.csv', { ...filters });
