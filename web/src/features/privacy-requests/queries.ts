import type {
  PrivacyRequest,
  PrivacyRequestEvent,
  PrivacyRequestKind,
  PrivacyRequestPage,
  PrivacyRequestStatus,
} from '@funil/domain';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, ifMatch } from '../../lib/api.ts';

export type RequestFilters = {
  status?: PrivacyRequestStatus | undefined;
  kind?: PrivacyRequestKind | undefined;
  assigneeId?: string | undefined;
  overdue?: boolean | undefined;
  page?: number | undefined;
};

export const PAGE_SIZE = 25;

export type RegisterRequestBody = {
  kind: PrivacyRequestKind;
  channel: string;
  receivedAt?: string;
  personId: string | null;
  requesterName: string;
  requesterContact: string;
  requesterDocument: string;
  identityVerified: boolean;
  identityMethod: string;
  assigneeId: string | null;
  details: string;
};

export type RequestPatch = {
  personId?: string | null;
  assigneeId?: string | null;
  status?: 'open' | 'in_progress';
  simplifiedAnswerGiven?: true;
};

const ROOT = ['privacy-requests'] as const;

export const requestsQuery = (filters: RequestFilters & { personId?: string }) =>
  queryOptions({
    queryKey: [...ROOT, 'list', filters],
    queryFn: ({ signal }) =>
      api.get<PrivacyRequestPage>('/privacy/requests', {
        signal,
        query: {
          status: filters.status,
          kind: filters.kind,
          assigneeId: filters.assigneeId,
          personId: filters.personId,
          overdue: filters.overdue ? 'true' : undefined,
          limit: PAGE_SIZE,
          offset: ((filters.page ?? 1) - 1) * PAGE_SIZE,
        },
      }),
  });

export const requestQuery = (id: string) =>
  queryOptions({
    queryKey: [...ROOT, 'one', id],
    queryFn: ({ signal }) =>
      api.get<{ request: PrivacyRequest; events: PrivacyRequestEvent[] }>(`/privacy/requests/${id}`, {
        signal,
      }),
  });

export const usePrivacyRequests = (filters: RequestFilters & { personId?: string }) =>
  useQuery(requestsQuery(filters));
export const usePrivacyRequest = (id: string) => useQuery(requestQuery(id));

/** The download link of a request's answer file (the browser fetches it itself). */
export const answerFileUrl = (id: string, kind: 'json' | 'pdf') =>
  apiUrl(`/privacy/requests/${id}/files/${kind}`);

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ROOT });
}

export function useRegisterRequest() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: RegisterRequestBody) => api.post<PrivacyRequest>('/privacy/requests', body),
    onSuccess: invalidate,
  });
}

/** Every change of a request names the version it was read at (If-Match); a stale one is 412. */
export function useRequestAction(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (
      action:
        | { type: 'patch'; version: number; body: RequestPatch }
        | { type: 'answer'; version: number; text: string }
        | { type: 'refuse'; version: number; reason: string }
        | { type: 'files' },
    ) => {
      const path = `/privacy/requests/${id}`;
      switch (action.type) {
        case 'patch':
          return api.patch<PrivacyRequest>(path, action.body, { headers: ifMatch(action.version) });
        case 'answer':
          return api.post<PrivacyRequest>(
            `${path}/answer`,
            { text: action.text },
            { headers: ifMatch(action.version) },
          );
        case 'refuse':
          return api.post<PrivacyRequest>(
            `${path}/refuse`,
            { reason: action.reason },
            { headers: ifMatch(action.version) },
          );
        case 'files':
          return api.post<PrivacyRequest>(`${path}/answer-files`);
      }
    },
    onSettled: invalidate,
  });
}
