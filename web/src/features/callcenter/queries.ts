import type {
  CallListFilter,
  CallListItem,
  ContactAttempt,
  RecordContactAttemptRequest,
} from '@funil/domain';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export type SavedFilter = {
  id: string;
  name: string;
  filter: CallListFilter;
  shared: boolean;
  mine: boolean;
  createdBy: { id: string; name: string };
  createdAt: string;
};

// total is exact up to the server's cap (10,000); past it totalCapped is true and the page shows "10.000+".
type CallListPage = { items: CallListItem[]; total: number; totalCapped: boolean; nextCursor: string | null };

export const callCenterKeys = {
  all: ['call-center'] as const,
  attempts: (personId: string) => ['call-center', 'attempts', personId] as const,
  callList: (filter: CallListFilter) => ['call-center', 'call-list', filter] as const,
  saved: ['call-center', 'saved-filters'] as const,
};

/** Every contact with a person, newest first, 20 at a time. */
export function useContactHistory(personId: string | null) {
  return useInfiniteQuery({
    queryKey: callCenterKeys.attempts(personId ?? ''),
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: ContactAttempt[]; nextCursor: string | null }>(
        `/call-center/people/${personId}/attempts`,
        { query: { cursor: pageParam ?? undefined }, signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: Boolean(personId),
  });
}

export function useRecordAttempt() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordContactAttemptRequest) =>
      api.post<ContactAttempt>('/call-center/attempts', body),
    onSuccess: (attempt) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: callCenterKeys.attempts(attempt.personId) }),
        queryClient.invalidateQueries({ queryKey: ['call-center', 'call-list'] }),
        queryClient.invalidateQueries({ queryKey: ['people'] }),
      ]),
  });
}

/** The Filtros tab's results: 50 a page by name, with the total; null filter = not applied yet. */
export function useCallList(filter: CallListFilter | null) {
  return useInfiniteQuery({
    queryKey: callCenterKeys.callList(filter ?? {}),
    queryFn: ({ pageParam, signal }) =>
      api.post<CallListPage>('/call-center/call-list', { filter, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: filter !== null,
  });
}

export function useSavedFilters() {
  return useQuery({
    queryKey: callCenterKeys.saved,
    queryFn: ({ signal }) =>
      api.get<{ items: SavedFilter[] }>('/call-center/saved-filters', { signal }).then((r) => r.items),
  });
}

export function useSaveFilter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; filter: CallListFilter; shared: boolean }) =>
      api.post<SavedFilter>('/call-center/saved-filters', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: callCenterKeys.saved }),
  });
}

export function useDeleteSavedFilter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<null>(`/call-center/saved-filters/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: callCenterKeys.saved }),
  });
}

export function usePreRegister(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (opportunityId: string) =>
      api.post<{ id: string; name: string; stage: string }>(
        `/call-center/people/${personId}/pre-registration`,
        {
          opportunityId,
        },
      ),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['people'] }),
        queryClient.invalidateQueries({ queryKey: ['people'] }),
      ]),
  });
}

export function useArchivePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (personId: string) => api.post<unknown>(`/people/${personId}/archive`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['people'] }),
  });
}
