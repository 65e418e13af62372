import type { ActionMatrix, PersonStatus } from '@funil/domain';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ifMatch, isApiError } from '../../lib/api.ts';
import { peopleKeys } from '../people/queries.ts';
import { normalizeMatrix, withLockedAdmin } from './action-matrix.ts';
import { type ActionRequest, actionCall } from './actions.ts';

/** Under the person's detail key: refreshing the person refreshes its status (and timeline) too. */
export const personStatusKey = (id: string) => [...peopleKeys.detail(id), 'status'] as const;

export function usePersonStatus(id: string) {
  return useQuery({
    queryKey: personStatusKey(id),
    queryFn: ({ signal }) => api.get<PersonStatus>(`/people/${id}/status`, { signal }),
  });
}

/**
 * Runs one action of the menu on a person; afterwards the person, its status and its timeline are read
 * again (all under its detail key), and so are the people lists (archive, owner cleared).
 */
export function usePersonAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ActionRequest) => {
      const call = actionCall(id, request);
      return call.method === 'PUT'
        ? api.put<PersonStatus | undefined>(call.path, call.body ?? {})
        : api.post<PersonStatus | undefined>(call.path, call.body);
    },
    // Refused (403): the role's actions changed since the status was loaded; the menu is read again.
    onError: (error) =>
      isApiError(error) && error.status === 403
        ? queryClient.invalidateQueries({ queryKey: personStatusKey(id) })
        : undefined,
    onSuccess: (status) => {
      // Each action answers the new status: the panel shows it at once.
      if (status && typeof status === 'object' && status.personId === id) {
        queryClient.setQueryData(personStatusKey(id), status);
      }
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: peopleKeys.detail(id) }),
        queryClient.invalidateQueries({ queryKey: peopleKeys.lists() }),
      ]);
    },
  });
}

/** The matrix and the settings version it was read at: a save is sent against that version (If-Match). */
export type VersionedActionMatrix = { matrix: ActionMatrix; version: number };

type MatrixBody = { matrix: unknown; version?: number };

const readMatrix = (body: MatrixBody, etagVersion?: number): VersionedActionMatrix => ({
  matrix: normalizeMatrix(body.matrix),
  version: typeof body.version === 'number' ? body.version : (etagVersion ?? 0),
});

export const actionMatrixQuery = queryOptions({
  queryKey: ['workspace', 'action-matrix'],
  queryFn: ({ signal }): Promise<VersionedActionMatrix> =>
    api
      .getVersioned<MatrixBody>('/workspace/action-matrix', { signal })
      .then(({ data, version }) => readMatrix(data, version)),
  staleTime: 60_000,
});

export const useActionMatrix = () => useQuery(actionMatrixQuery);

/**
 * Replaces the workspace's action matrix (admins only) if nobody saved the settings since `version` (412
 * otherwise); the cache takes the matrix the server kept and its new version. Every open person status
 * is read again, since its `allowedActions` may have changed.
 */
export function useSaveActionMatrix() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ matrix, version }: VersionedActionMatrix) =>
      api.put<MatrixBody | undefined>(
        '/workspace/action-matrix',
        { matrix: withLockedAdmin(matrix) },
        { headers: ifMatch(version) },
      ),
    onSuccess: (data) => {
      const kept = data && typeof data.version === 'number' && data.matrix;
      if (kept) queryClient.setQueryData(actionMatrixQuery.queryKey, readMatrix(data));
      return Promise.all([
        // Without the saved matrix in the answer, read it again.
        kept ? null : queryClient.invalidateQueries({ queryKey: actionMatrixQuery.queryKey }),
        queryClient.invalidateQueries({
          predicate: (q) => q.queryKey[0] === 'people' && q.queryKey[3] === 'status',
        }),
        // The lists and the role matrix share the settings version.
        queryClient.invalidateQueries({ queryKey: ['opportunity-settings'] }),
        queryClient.invalidateQueries({ queryKey: ['workspace', 'role-matrix'] }),
      ]);
    },
  });
}

/** An e-mail composed in the app (`POST /people/{id}/emails`); the timeline and the status are read again. */
export function useSendEmail(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mail: { to: string; subject: string; body: string }) =>
      api.post<unknown>(`/people/${id}/emails`, mail),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.detail(id) }),
  });
}
