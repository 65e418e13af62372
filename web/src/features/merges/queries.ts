import type { DuplicateReason, MergeRequest, PersonMerge } from '@funil/domain';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export type PairPerson = {
  id: string;
  name: string;
  kind: string;
  city: string | null;
  state: string | null;
};
export type DuplicateCandidate = {
  id: string;
  reasons: DuplicateReason[];
  score: number;
  status: 'open' | 'dismissed' | 'merged';
  foundAt: string;
  a: PairPerson;
  b: PairPerson;
};

export const mergeKeys = {
  all: ['merges'] as const,
  queue: ['merges', 'queue'] as const,
  ofPerson: (id: string) => ['merges', 'person', id] as const,
};

/** The review queue, 20 pairs at a time. */
export function useDuplicates() {
  return useInfiniteQuery({
    queryKey: mergeKeys.queue,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: DuplicateCandidate[]; nextCursor: string | null }>(
        `/people/duplicates?limit=20${pageParam ? `&cursor=${pageParam}` : ''}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useScanDuplicates() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ pairs: number }>('/people/duplicates/scan'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mergeKeys.queue }),
  });
}

export function useDismissDuplicate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<DuplicateCandidate>(`/people/duplicates/${id}/dismiss`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mergeKeys.queue }),
  });
}

/**
 * Merging and undoing change both people, their lists and timelines, and the opportunities, activities and files
 * that moved: every cached query is refetched (a rare action).
 */
function useInvalidatePeople() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries();
}

export function useMergePeople() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (body: MergeRequest) => api.post<PersonMerge>('/people/merges', body),
    onSuccess: invalidate,
  });
}

export function useUndoMerge() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (id: string) => api.post<PersonMerge>(`/people/merges/${id}/undo`),
    onSuccess: invalidate,
  });
}

export function usePersonMerges(personId: string) {
  return useQuery({
    queryKey: mergeKeys.ofPerson(personId),
    queryFn: ({ signal }) =>
      api.get<{ items: PersonMerge[] }>(`/people/${personId}/merges`, { signal }).then((r) => r.items),
  });
}
