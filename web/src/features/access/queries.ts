import type { RoleMatrix } from '@funil/domain';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { can } from '../auth/can.ts';
import { meQuery, useSession } from '../auth/queries.ts';
import { withLockedAdmin } from './matrix.ts';

/** The matrix and the version its ETag named: a save is sent against the version it was edited from. */
export type VersionedRoleMatrix = { matrix: RoleMatrix; version: number };

export const roleMatrixQuery = queryOptions({
  queryKey: ['workspace', 'role-matrix'],
  queryFn: ({ signal }): Promise<VersionedRoleMatrix> =>
    api
      .getVersioned<RoleMatrix>('/workspace/role-matrix', { signal })
      .then(({ data, version }) => ({ matrix: data, version })),
  staleTime: 60_000,
});

export const useRoleMatrix = () => useQuery(roleMatrixQuery);

/**
 * Replaces the workspace's matrix (admins only) if nobody saved it since `version` (412 otherwise); the
 * cache takes the matrix the server kept and its new version.
 */
export function useSaveRoleMatrix() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ matrix, version }: VersionedRoleMatrix) =>
      api.putVersioned<RoleMatrix>('/workspace/role-matrix', withLockedAdmin(matrix), version),
    onSuccess: ({ data, version }) => {
      queryClient.setQueryData(roleMatrixQuery.queryKey, { matrix: data, version });
      // The editor's own capabilities may have changed with the matrix.
      void queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
    },
  });
}

/** Whether the signed-in user's role may export people (`exportPeople`, from the session). */
export function useCanExportPeople(): boolean {
  return can(useSession().user, 'exportPeople');
}
