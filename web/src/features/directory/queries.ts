import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, ifMatch } from '../../lib/api.ts';
import { usePersonTypes } from '../person-types/queries.ts';
import type {
  Branch,
  CreateUserRequest,
  EditOf,
  Team,
  TeamRequest,
  UpdateBranchRequest,
  UpdateTeamRequest,
  UpdateUserRequest,
  User,
} from './types.ts';

type Items<T> = { items: T[] };

const STALE = 60_000;

export const usersQuery = queryOptions({
  queryKey: ['users'],
  queryFn: ({ signal }) => api.get<Items<User>>('/users', { signal }).then((r) => r.items),
  staleTime: STALE,
});
export const teamsQuery = queryOptions({
  queryKey: ['teams'],
  queryFn: ({ signal }) => api.get<Items<Team>>('/teams', { signal }).then((r) => r.items),
  staleTime: STALE,
});
export const branchesQuery = queryOptions({
  queryKey: ['branches'],
  queryFn: ({ signal }) => api.get<Items<Branch>>('/branches', { signal }).then((r) => r.items),
  staleTime: STALE,
});

export const useUsers = () => useQuery(usersQuery);
export const useTeams = () => useQuery(teamsQuery);
export const useBranches = () => useQuery(branchesQuery);

/** Id → name of users, teams, branches and person types, for rendering references (timeline, filters, tables). */
export type Directory = {
  userName: (id: string | null | undefined) => string | null;
  teamName: (id: string | null | undefined) => string | null;
  branchName: (id: string | null | undefined) => string | null;
  personTypeName: (id: string | null | undefined) => string | null;
};

const lookup = (items: { id: string; name: string }[] | undefined) => {
  const map = new Map((items ?? []).map((i) => [i.id, i.name]));
  return (id: string | null | undefined) => (id ? (map.get(id) ?? null) : null);
};

export function useDirectory(): Directory {
  const users = useUsers().data;
  const teams = useTeams().data;
  const branches = useBranches().data;
  const personTypes = usePersonTypes().data;
  return useMemo(
    () => ({
      userName: lookup(users),
      teamName: lookup(teams),
      branchName: lookup(branches),
      personTypeName: lookup(personTypes),
    }),
    [users, teams, branches, personTypes],
  );
}

/** Select options `{ value, label }` of active records (plus the ones already chosen, even if inactive). */
export function toOptions(
  items: { id: string; name: string; active: boolean }[] | undefined,
  keep: readonly (string | null | undefined)[] = [],
): { value: string; label: string }[] {
  return (items ?? [])
    .filter((i) => i.active || keep.includes(i.id))
    .map((i) => ({ value: i.id, label: i.name }))
    .sort((a, b) => a.label.localeCompare(b.label, 'pt-BR'));
}

function useDirectoryMutation<TVars, TResult>(keys: string[], fn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all(keys.map((key) => queryClient.invalidateQueries({ queryKey: [key] }))),
  });
}

export const useCreateUser = () =>
  useDirectoryMutation(['users'], (body: CreateUserRequest) => api.post<User>('/users', body));
/** Edits are sent against the version the admin loaded: a 412 means someone else saved first. */
export const useUpdateUser = () =>
  useDirectoryMutation(['users'], ({ id, version, ...body }: EditOf<UpdateUserRequest>) =>
    api.patch<User>(`/users/${id}`, body, { headers: ifMatch(version) }),
  );
export const useCreateTeam = () =>
  useDirectoryMutation(['teams', 'users'], (body: TeamRequest) => api.post<Team>('/teams', body));
export const useUpdateTeam = () =>
  useDirectoryMutation(['teams', 'users'], ({ id, version, ...body }: EditOf<UpdateTeamRequest>) =>
    api.patch<Team>(`/teams/${id}`, body, { headers: ifMatch(version) }),
  );
export const useCreateBranch = () =>
  useDirectoryMutation(['branches'], (body: { name: string }) => api.post<Branch>('/branches', body));
export const useUpdateBranch = () =>
  useDirectoryMutation(['branches'], ({ id, version, ...body }: EditOf<UpdateBranchRequest>) =>
    api.patch<Branch>(`/branches/${id}`, body, { headers: ifMatch(version) }),
  );
