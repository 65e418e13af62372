import type {
  ConsentPurpose,
  ConsentPurposeText,
  ConsentRecord,
  PersonConsents,
  RecordConsentRequest,
} from '@funil/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { peopleKeys } from '../people/queries.ts';

type Items<T> = { items: T[] };

export const consentKeys = {
  purposes: (includeArchived: boolean) => ['consent-purposes', { includeArchived }] as const,
  allPurposes: ['consent-purposes'] as const,
  texts: (id: string) => ['consent-purposes', id, 'texts'] as const,
  /** Under the person's detail key: refreshing the person refreshes its consents too. */
  ofPerson: (personId: string) => [...peopleKeys.detail(personId), 'consents'] as const,
};

export function useConsentPurposes(includeArchived = false) {
  return useQuery({
    queryKey: consentKeys.purposes(includeArchived),
    queryFn: ({ signal }) =>
      api
        .get<Items<ConsentPurpose>>('/consent-purposes', { query: { includeArchived }, signal })
        .then((r) => r.items),
  });
}

export function usePurposeTexts(id: string | null) {
  return useQuery({
    queryKey: consentKeys.texts(id ?? ''),
    enabled: id !== null,
    queryFn: ({ signal }) =>
      api.get<Items<ConsentPurposeText>>(`/consent-purposes/${id}/texts`, { signal }).then((r) => r.items),
  });
}

export type PurposeBody = { name: string; description: string; text: string; archived?: boolean };

/** Create (no id) or edit a purpose; every list of purposes is read again. */
export function useSavePurpose() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: Partial<PurposeBody> }) =>
      id
        ? api.patch<ConsentPurpose>(`/consent-purposes/${id}`, body)
        : api.post<ConsentPurpose>('/consent-purposes', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: consentKeys.allPurposes }),
  });
}

export function usePersonConsents(personId: string) {
  return useQuery({
    queryKey: consentKeys.ofPerson(personId),
    queryFn: ({ signal }) => api.get<PersonConsents>(`/people/${personId}/consents`, { signal }),
  });
}

/** Record or revoke: the person's consents and timeline are read again. */
function useConsentMutation<V>(personId: string, send: (v: V) => Promise<ConsentRecord>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.detail(personId) }),
  });
}

export const useRecordConsent = (personId: string) =>
  useConsentMutation(personId, (body: RecordConsentRequest) =>
    api.post<ConsentRecord>(`/people/${personId}/consents`, body),
  );

export const useRevokeConsent = (personId: string) =>
  useConsentMutation(personId, ({ purposeId }: { purposeId: string }) =>
    api.post<ConsentRecord>(`/people/${personId}/consents/${purposeId}/revoke`, {}),
  );
