import type { Attachment, AttachmentSource } from '@funil/domain';
import { type InfiniteData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api, apiUrl, errorFromResponse } from '../../lib/api.ts';
import { prependEvent, timelineKey } from '../timeline/queries.ts';
import type { TimelineEvent, TimelinePage } from '../timeline/types.ts';

export const attachmentKeys = {
  list: (personId: string) => ['people', 'detail', personId, 'attachments'] as const,
};

/** Where the browser downloads a file (the session cookie goes along). */
export const attachmentDownloadUrl = (id: string) => apiUrl(`/attachments/${id}/download`);

export function useAttachments(personId: string) {
  return useQuery({
    queryKey: attachmentKeys.list(personId),
    queryFn: ({ signal }) =>
      api.get<{ items: Attachment[] }>(`/people/${personId}/attachments`, { signal }).then((r) => r.items),
  });
}

/**
 * Uploads one file as multipart, reporting progress (fetch cannot report an upload's progress, XHR can);
 * failures become the same ApiError as every other call.
 */
function uploadWithProgress(
  path: string,
  file: File,
  language: string,
  onProgress: (fraction: number) => void,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Accept-Language', language);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const response = new Response(xhr.responseText, {
        status: xhr.status,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' },
      });
      if (response.ok) void response.json().then(resolve, reject);
      else void errorFromResponse(response).then(reject);
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network', title: 'network error' }));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

/** Sends one file of a person: for the Anexos tab (listed at once) or for a comment (listed once sent). */
export function useUploadAttachment(personId: string, source: AttachmentSource) {
  const queryClient = useQueryClient();
  const { i18n } = useTranslation();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress: (fraction: number) => void }) =>
      uploadWithProgress(`/people/${personId}/attachments?source=${source}`, file, i18n.language, onProgress),
    onSuccess: () => {
      if (source === 'tab') {
        void queryClient.invalidateQueries({ queryKey: attachmentKeys.list(personId) });
        void queryClient.invalidateQueries({
          queryKey: timelineKey({ type: 'person', id: personId }, 'all'),
        });
      }
    },
  });
}

/** Comentar: a note on the person's timeline carrying the files uploaded for it. */
export function useAddComment(personId: string, author: { id: string; name: string }) {
  const queryClient = useQueryClient();
  const subject = { type: 'person', id: personId } as const;
  return useMutation({
    mutationFn: (input: { body: string; attachmentIds: string[] }) =>
      api.post<TimelineEvent>(`/people/${personId}/notes`, input),
    onSuccess: (event, input) => {
      const withAuthor = { ...event, actor: event.actor ?? author };
      for (const filter of ['all', 'notes'] as const) {
        queryClient.setQueryData<InfiniteData<TimelinePage, string | null>>(
          timelineKey(subject, filter),
          (data) => prependEvent(data, withAuthor),
        );
      }
      if (input.attachmentIds.length) {
        void queryClient.invalidateQueries({ queryKey: attachmentKeys.list(personId) });
      }
    },
  });
}
