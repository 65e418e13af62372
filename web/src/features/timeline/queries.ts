import type { TimelineFilter } from '@funil/domain';
import { type InfiniteData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { TimelineEvent, TimelinePage, TimelineSubject } from './types.ts';

/** The API collection (and query-key root) of each subject: `/people/{id}/…`, `/opportunities/{id}/…`. */
const COLLECTION = { person: 'people', opportunity: 'opportunities' } as const;

const subjectPath = (subject: TimelineSubject) => `/${COLLECTION[subject.type]}/${subject.id}`;

/** Under the subject's detail key, so refreshing a person or an opportunity refreshes its history too. */
export const timelineKey = (subject: TimelineSubject, filter: TimelineFilter) =>
  [COLLECTION[subject.type], 'detail', subject.id, 'timeline', filter] as const;

export function useTimeline(subject: TimelineSubject, filter: TimelineFilter) {
  return useInfiniteQuery({
    queryKey: timelineKey(subject, filter),
    queryFn: ({ pageParam, signal }) =>
      api.get<TimelinePage>(`${subjectPath(subject)}/timeline`, {
        query: { filter, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Coming back to the tab shows (and the live region says) what others added meanwhile.
    refetchOnWindowFocus: true,
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

export function useAddNote(subject: TimelineSubject, author: { id: string; name: string }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api.post<TimelineEvent>(`${subjectPath(subject)}/notes`, { body }),
    onSuccess: (event) => {
      const withAuthor = { ...event, actor: event.actor ?? author };
      for (const filter of ['all', 'notes'] as const) {
        queryClient.setQueryData<InfiniteData<TimelinePage, string | null>>(
          timelineKey(subject, filter),
          (data) => prependEvent(data, withAuthor),
        );
      }
      // A note on an opportunity also shows on its people's timelines.
      if (subject.type === 'opportunity') {
        return queryClient.invalidateQueries({
          predicate: (q) => q.queryKey[0] === 'people' && q.queryKey[3] === 'timeline',
          refetchType: 'none',
        });
      }
    },
  });
}
