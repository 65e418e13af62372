import {
  keepPreviousData,
  skipToken,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { PeoplePage, PeopleSearch, Person, RevealedPhones } from './types.ts';

export const PAGE_SIZE = 25;

export const peopleKeys = {
  all: ['people'] as const,
  lists: () => ['people', 'list'] as const,
  list: (search: PeopleSearch) => ['people', 'list', search] as const,
  detail: (id: string) => ['people', 'detail', id] as const,
  /** The full numbers of a reveal, kept for the page (outside `detail`, which refetches). */
  revealedPhones: (id: string) => ['people', 'revealed-phones', id] as const,
};

export function usePeopleList(search: PeopleSearch) {
  return useInfiniteQuery({
    queryKey: peopleKeys.list(search),
    queryFn: ({ pageParam, signal }) =>
      api.get<PeoplePage>('/people', { query: { ...search, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function usePerson(id: string) {
  return useQuery({
    queryKey: peopleKeys.detail(id),
    queryFn: ({ signal }) => api.get<Person>(`/people/${id}`, { signal }),
  });
}

/** The body is sent as typed by the user: the server normalizes it with the same domain schema. */
export type PersonBody = Record<string, unknown>;

export function useCreatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    /** The caller makes one `idempotencyKey` per submit attempt (see `newIdempotencyKey`). */
    mutationFn: ({ body, idempotencyKey }: { body: PersonBody; idempotencyKey: string }) =>
      api.post<Person>('/people', body, { headers: { 'Idempotency-Key': idempotencyKey } }),
    onSuccess: (person) => {
      queryClient.setQueryData(peopleKeys.detail(person.id), person);
      return queryClient.invalidateQueries({ queryKey: peopleKeys.lists() });
    },
  });
}

export function useUpdatePerson(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: PersonBody; version: number }) =>
      api.patch<Person>(`/people/${id}`, body, { headers: { 'If-Match': `"${version}"` } }),
    onSuccess: (person) => {
      queryClient.setQueryData(peopleKeys.detail(id), person);
      // The numbers may have changed: the page shows them masked again until the next reveal.
      queryClient.removeQueries({ queryKey: peopleKeys.revealedPhones(id) });
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: [...peopleKeys.detail(id), 'timeline'] }),
        queryClient.invalidateQueries({ queryKey: peopleKeys.lists() }),
      ]);
    },
  });
}

/** The full numbers of the last reveal on this page, if any (never fetched by itself: only a reveal sets it). */
export function useRevealedPhones(id: string) {
  return useQuery<RevealedPhones | null>({
    queryKey: peopleKeys.revealedPhones(id),
    queryFn: skipToken,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Visualizar telefones: asks for the full numbers; the server records the reveal on the timeline. */
export function useRevealPhones(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<RevealedPhones>(`/people/${id}/phones/reveal`),
    onSuccess: (revealed) => {
      queryClient.setQueryData(peopleKeys.revealedPhones(id), revealed);
      return queryClient.invalidateQueries({ queryKey: [...peopleKeys.detail(id), 'timeline'] });
    },
  });
}

export function useUploadPhoto(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => api.upload<Person>(`/people/${id}/photo`, file),
    onSuccess: (person) => {
      queryClient.setQueryData(peopleKeys.detail(id), person);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: [...peopleKeys.detail(id), 'timeline'] }),
        queryClient.invalidateQueries({ queryKey: peopleKeys.lists() }),
      ]);
    },
  });
}
