import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { PeoplePage, PeopleSearch, Person } from './types.ts';

export const PAGE_SIZE = 25;

export const peopleKeys = {
  all: ['people'] as const,
  lists: () => ['people', 'list'] as const,
  list: (search: PeopleSearch) => ['people', 'list', search] as const,
  detail: (id: string) => ['people', 'detail', id] as const,
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
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: [...peopleKeys.detail(id), 'timeline'] }),
        queryClient.invalidateQueries({ queryKey: peopleKeys.lists() }),
      ]);
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
