import type { PersonType, PersonTypeDocument } from '@funil/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ifMatch } from '../../lib/api.ts';

export const personTypeKeys = { all: ['person-types'] as const };

/** The workspace's person types (built-in ones first): the admin page and every person form read them. */
export function usePersonTypes() {
  return useQuery({
    queryKey: personTypeKeys.all,
    queryFn: ({ signal }) =>
      api.get<{ items: PersonType[] }>('/person-types', { signal }).then((r) => r.items),
    staleTime: 60_000,
  });
}

export type PersonTypeBody = {
  name: string;
  baseKind: 'individual' | 'company';
  documents: PersonTypeDocument[];
};

/** Create (no `version`) or replace (If-Match) a person type; the list is read again. */
export function useSavePersonType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      version,
      body,
    }: {
      id: string | null;
      version: number | null;
      body: PersonTypeBody;
    }) =>
      id && version !== null
        ? api.put<PersonType>(`/person-types/${id}`, body, { headers: ifMatch(version) })
        : api.post<PersonType>('/person-types', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: personTypeKeys.all }),
  });
}

export function useDeletePersonType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      api.delete<undefined>(`/person-types/${id}`, { headers: ifMatch(version) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: personTypeKeys.all }),
  });
}
