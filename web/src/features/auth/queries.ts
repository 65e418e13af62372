import type { Capability, Role } from '@funil/domain';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useRef } from 'react';
import { api } from '../../lib/api.ts';

export type Me = {
  id: string;
  name: string;
  email: string;
  role: Role;
  branchId: string | null;
  teamIds: string[];
  managedTeamIds: string[];
  /** What the user's role may do in this workspace (its grants in the role matrix). */
  capabilities: Capability[];
};
export type Session = { user: Me; workspace: { id: string; name: string } };

export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: ({ signal }) => api.get<Session>('/auth/me', { signal }),
  staleTime: 5 * 60_000,
  retry: false,
});

/**
 * The signed-in user; only used below the authenticated layout, where it is always loaded. While the
 * session ends (logout, 401) the last known user stays until the signed-in pages unmount.
 */
export function useSession(): Session {
  const { data } = useQuery(meQuery);
  const last = useRef(data);
  if (data) last.current = data;
  if (!last.current) throw new Error('useSession used outside the signed-in area');
  return last.current;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => api.post<{ user: Me }>('/auth/login', body),
    onSuccess: async () => {
      queryClient.clear();
      await queryClient.fetchQuery(meQuery);
    },
  });
}

/** Ends the session, goes to the login page, then forgets every cached record of the previous user. */
export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    onSettled: async () => {
      await navigate({ to: '/login', search: { redirect: undefined } });
      queryClient.clear();
    },
  });
}
