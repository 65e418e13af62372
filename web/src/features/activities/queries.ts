import type {
  Activity,
  ActivityCounts,
  ActivityPage,
  ActivitySort,
  ActivityStatus,
  CreateActivityInput,
} from '@funil/domain';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, ifMatch } from '../../lib/api.ts';

export type ActivityFilters = {
  mine?: boolean;
  status?: ActivityStatus;
  from?: string;
  to?: string;
  personId?: string;
  opportunityId?: string;
};

/** By due time: soonest first, or latest first (`-dueAt`). */

export const activityKeys = {
  all: ['activities'] as const,
  pages: (f: ActivityFilters, sort: ActivitySort) => ['activities', 'pages', f, sort] as const,
  range: (f: ActivityFilters) => ['activities', 'range', f] as const,
  counts: (link: { personId?: string; opportunityId?: string }) => ['activities', 'counts', link] as const,
};

/** The filters as `GET /activities` takes them. */
const filterQuery = (f: ActivityFilters) => ({
  mine: f.mine ? 'true' : undefined,
  status: f.status,
  from: f.from,
  to: f.to,
  personId: f.personId,
  opportunityId: f.opportunityId,
});

/** Follows the pages' cursors until the last page or `max` items; `total` is the server's count. */
export async function fetchPages(
  page: (cursor: string | null) => Promise<ActivityPage>,
  max: number,
): Promise<{ items: Activity[]; total: number }> {
  const items: Activity[] = [];
  let cursor: string | null = null;
  let total = 0;
  do {
    const next: ActivityPage = await page(cursor);
    items.push(...next.items);
    total = next.total;
    cursor = next.nextCursor;
  } while (cursor && items.length < max);
  return { items, total };
}

/** At most this many activities of one calendar week are shown (fetched 200 at a time). */
export const RANGE_MAX = 1000;

/**
 * Every activity matching the filters (a week of the calendar, a record's list), soonest first, fetched page after page up to
 * RANGE_MAX; `total` tells when there were more.
 */
export function useActivitiesInRange(filters: ActivityFilters) {
  return useQuery({
    queryKey: activityKeys.range(filters),
    queryFn: ({ signal }) =>
      fetchPages(
        (cursor) =>
          api.get<ActivityPage>('/activities', {
            signal,
            query: { ...filterQuery(filters), limit: 200, cursor: cursor ?? undefined },
          }),
        RANGE_MAX,
      ),
    placeholderData: keepPreviousData,
  });
}

/** How many activities a page of a "Minhas atividades" group holds ("Carregar mais" asks for the next). */
export const GROUP_PAGE_SIZE = 20;

/** Pages of the activities matching the filters (with their `total`), next page by the API's cursor. */
export function useActivityPages(filters: ActivityFilters, sort: ActivitySort, enabled = true) {
  return useInfiniteQuery({
    queryKey: activityKeys.pages(filters, sort),
    queryFn: ({ pageParam, signal }) =>
      api.get<ActivityPage>('/activities', {
        signal,
        query: { ...filterQuery(filters), sort, limit: GROUP_PAGE_SIZE, cursor: pageParam ?? undefined },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Open / done / cancelled counts of a person's or an opportunity's activities. */
export function useActivityCounts(link: { personId: string } | { opportunityId: string }) {
  const path =
    'personId' in link
      ? `/people/${link.personId}/activities/counts`
      : `/opportunities/${link.opportunityId}/activities/counts`;
  return useQuery({
    queryKey: activityKeys.counts(link),
    queryFn: ({ signal }) => api.get<ActivityCounts>(path, { signal }),
  });
}

export type ActivityMutation =
  | { type: 'create'; body: CreateActivityInput }
  | { type: 'update'; id: string; version: number; body: Partial<CreateActivityInput> }
  | { type: 'clone'; id: string; dueAt?: string }
  | { type: 'complete'; id: string; version: number; outcome: string | null }
  | { type: 'cancel'; id: string; version: number; reason: string };

function run(m: ActivityMutation): Promise<Activity> {
  switch (m.type) {
    case 'create':
      return api.post<Activity>('/activities', m.body);
    case 'update':
      return api.patch<Activity>(`/activities/${m.id}`, m.body, { headers: ifMatch(m.version) });
    case 'clone':
      return api.post<Activity>(`/activities/${m.id}/clone`, m.dueAt ? { dueAt: m.dueAt } : {});
    case 'complete':
      return api.post<Activity>(
        `/activities/${m.id}/complete`,
        { outcome: m.outcome },
        { headers: ifMatch(m.version) },
      );
    case 'cancel':
      return api.post<Activity>(
        `/activities/${m.id}/cancel`,
        { reason: m.reason },
        { headers: ifMatch(m.version) },
      );
  }
}

/** Any change to an activity; every list, count and timeline is read again after it. */
export function useActivityMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: activityKeys.all });
      // The histories of people and opportunities record activities.
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[3] === 'timeline' });
    },
  });
}
