import type { RoleMatrix } from '@funil/domain';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { useSession } from '../auth/queries.ts';
import { withLockedAdmin } from './matrix.ts';

export const roleMatrixQuery = queryOptions({
  queryKey: ['workspace', 'role-matrix'],
  queryFn: ({ signal }) => api.get<RoleMatrix>('/workspace/role-matrix', { signal }),
  staleTime: 60_000,
});

export const useRoleMatrix = () => useQuery(roleMatrixQuery);

/** Replaces the workspace's matrix (admins only); the cache takes the matrix the server kept. */
export function useSaveRoleMatrix() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (matrix: RoleMatrix) =>
      api.put<RoleMatrix>('/workspace/role-matrix', withLockedAdmin(matrix)),
    onSuccess: (saved) => queryClient.setQueryData(roleMatrixQuery.queryKey, saved),
  });
}

/** Whether the signed-in user's role may export people; false while the matrix loads or if it failed. */
export function useCanExportPeople(): boolean {
  const { user } = useSession();
  const { data } = useRoleMatrix();
  return data?.[user.role]?.peopleExport === true;
}
