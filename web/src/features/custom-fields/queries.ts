import type { CustomField, CustomFieldEntity } from '@funil/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ifMatch } from '../../lib/api.ts';

export const customFieldKeys = {
  all: ['custom-fields'] as const,
  of: (entity: CustomFieldEntity) => ['custom-fields', entity] as const,
};

/** The entity's fields as the server answers them for this user (admins: archived ones too). */
export function useCustomFields(entity: CustomFieldEntity) {
  return useQuery({
    queryKey: customFieldKeys.of(entity),
    queryFn: ({ signal }) =>
      api.get<{ items: CustomField[] }>('/custom-fields', { query: { entity }, signal }).then((r) => r.items),
    staleTime: 60_000,
  });
}

/** Create (no `field`) or change (If-Match with the version it was read at) a field; every list is read again. */
export function useSaveCustomField() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ field, body }: { field: CustomField | null; body: Record<string, unknown> }) =>
      field
        ? api.patch<CustomField>(`/custom-fields/${field.id}`, body, { headers: ifMatch(field.version) })
        : api.post<CustomField>('/custom-fields', body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: customFieldKeys.all }),
  });
}

/** Deleted when no record has a value, archived otherwise (the server decides). */
export function useRemoveCustomField() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (field: CustomField) =>
      api.delete<CustomField | undefined>(`/custom-fields/${field.id}`, { headers: ifMatch(field.version) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: customFieldKeys.all }),
  });
}
