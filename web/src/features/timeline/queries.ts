import type { TimelineFilter } from '@funil/domain';
import { type InfiniteData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { TimelineEvent, TimelinePage } from './types.ts';

/** Under the person's detail key, so refreshing a person refreshes its history too. */
export const timelineKey = (personId: string, filter: TimelineFilter) =>
  ['people', 'detail', personId, 'timeline', filter] as const;

export function useTimeline(personId: string, filter: TimelineFilter) {
  return useInfiniteQuery({
    queryKey: timelineKey(personId, filter),
    queryFn: ({ pageParam, signal }) =>
      api.get<TimelinePage>(`/people/${personId}/timeline`, { query: { filter, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Puts a just-created event on top of a cached timeline without refetching it. */
export function prependEvent(
  data: InfiniteData<TimelinePage, string | null> | undefined,
  event: TimelineEvent,
): InfiniteData<TimelinePage, string | null> | undefined {
  if (!data) return data;
  const [first, ...rest] = data.pages;
  if (!first) return data;
  if (first.items.some((e) => e.id === event.id)) return data;
  return { ...data, pages: [{ ...first, items: [event, ...first.items] }, ...rest] };
}

export function useAddNote(personId: string, author: { id: string; name: string }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api.post<TimelineEvent>(`/people/${personId}/notes`, { body }),
    onSuccess: (event) => {
      const withAuthor = { ...event, actor: event.actor ?? author };
      for (const filter of ['all', 'notes'] as const) {
        queryClient.setQueryData<InfiniteData<TimelinePage, string | null>>(
          timelineKey(personId, filter),
          (data) => prependEvent(data, withAuthor),
        );
      }
    },
  });
}
