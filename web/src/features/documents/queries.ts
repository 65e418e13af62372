import type { DocumentSource, DocumentTemplate, PersonDocument, SendDocumentRequest } from '@funil/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl } from '../../lib/api.ts';
import { timelineKey } from '../timeline/queries.ts';

export const documentKeys = {
  list: (personId: string) => ['people', 'detail', personId, 'documents'] as const,
  sources: (personId: string) => ['people', 'detail', personId, 'document-sources'] as const,
  template: ['document-templates', 'proposal'] as const,
};

export const documentDownloadUrl = (id: string) => apiUrl(`/documents/${id}/download`);

export function useDocuments(personId: string) {
  return useQuery({
    queryKey: documentKeys.list(personId),
    queryFn: ({ signal }) =>
      api.get<{ items: PersonDocument[] }>(`/people/${personId}/documents`, { signal }).then((r) => r.items),
  });
}

export function useDocumentSources(personId: string) {
  return useQuery({
    queryKey: documentKeys.sources(personId),
    queryFn: ({ signal }) =>
      api
        .get<{ items: DocumentSource[] }>(`/people/${personId}/document-sources`, { signal })
        .then((r) => r.items),
  });
}

const refreshTimeline = (queryClient: ReturnType<typeof useQueryClient>, personId: string) =>
  queryClient.invalidateQueries({ queryKey: timelineKey({ type: 'person', id: personId }, 'all') });

export function useGenerateDocument(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (proposalId: string) =>
      api.post<PersonDocument>(`/people/${personId}/documents`, { proposalId }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: documentKeys.list(personId) });
      void refreshTimeline(queryClient, personId);
    },
  });
}

export function useSendDocument(personId: string, documentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mail: SendDocumentRequest) => api.post(`/documents/${documentId}/send`, mail),
    onSuccess: () => void refreshTimeline(queryClient, personId),
  });
}

/** The proposal template with its version (ETag), for the admin page's If-Match save. */
export function useProposalTemplate() {
  return useQuery({
    queryKey: documentKeys.template,
    queryFn: ({ signal }) => api.getVersioned<DocumentTemplate>('/document-templates/proposal', { signal }),
  });
}

export function useSaveProposalTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, ...body }: { name: string; body: string; version: number }) =>
      api.putVersioned<DocumentTemplate>('/document-templates/proposal', body, version),
    onSuccess: (saved) => queryClient.setQueryData(documentKeys.template, saved),
  });
}
