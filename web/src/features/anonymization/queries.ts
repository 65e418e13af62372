import type { Anonymization, RetentionKind, RetentionRule, RetentionRun } from '@funil/domain';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { peopleKeys } from '../people/queries.ts';

export type { Anonymization, RetentionKind, RetentionRule, RetentionRun };
export type RetentionRunPage = {
  run: RetentionRun;
  people: {
    id: string;
    name: string | null;
    lastActivityAt: string;
    archivedAt: string | null;
    anonymizedAt: string | null;
  }[];
};

export const anonymizationKey = (personId: string) => ['anonymization', personId] as const;

export const anonymizationQuery = (personId: string) =>
  queryOptions({
    queryKey: anonymizationKey(personId),
    queryFn: ({ signal }) =>
      api
        .get<{ anonymization: Anonymization | null }>(`/people/${personId}/anonymization`, { signal })
        .then((r) => r.anonymization),
  });

export const useAnonymization = (personId: string) => useQuery(anonymizationQuery(personId));

/** Anonimizar titular: afterwards the person, their lists and their timeline are read again. */
export function useAnonymize(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { reason: string; requestId?: string }) =>
      api.post<Anonymization>(`/people/${personId}/anonymize`, body),
    onSuccess: (record) => {
      queryClient.setQueryData(anonymizationKey(personId), record);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: peopleKeys.detail(personId) }),
        queryClient.invalidateQueries({ queryKey: peopleKeys.lists() }),
      ]);
    },
  });
}

const retentionKeys = {
  rules: ['retention', 'rules'] as const,
  runs: ['retention', 'runs'] as const,
  run: (id: string, offset: number) => ['retention', 'run', id, offset] as const,
};

export const useRetentionRules = () =>
  useQuery({
    queryKey: retentionKeys.rules,
    queryFn: ({ signal }) =>
      api.get<{ items: RetentionRule[] }>('/privacy/retention/rules', { signal }).then((r) => r.items),
  });

export const useRetentionRuns = () =>
  useQuery({
    queryKey: retentionKeys.runs,
    queryFn: ({ signal }) =>
      api.get<{ items: RetentionRun[] }>('/privacy/retention/runs', { signal }).then((r) => r.items),
  });

export const RUN_PAGE_SIZE = 20;

const isActive = (run: RetentionRun | undefined) => run?.status === 'queued' || run?.status === 'running';

/** One preview/run with a page of its people; polled each second while it runs. */
export const useRetentionRun = (id: string | null, offset: number) =>
  useQuery({
    queryKey: retentionKeys.run(id ?? '', offset),
    enabled: id !== null,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api.get<RetentionRunPage>(`/privacy/retention/runs/${id}`, {
        signal,
        query: { limit: RUN_PAGE_SIZE, offset },
      }),
    refetchInterval: (query) => (isActive(query.state.data?.run) ? 1000 : false),
  });

export function useCreateRetentionRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { kind: RetentionKind; months: number }) =>
      api.post<RetentionRule>('/privacy/retention/rules', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: retentionKeys.rules }),
  });
}

export function useUpdateRetentionRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; months?: number; active?: boolean }) =>
      api.patch<RetentionRule>(`/privacy/retention/rules/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: retentionKeys.rules }),
  });
}

export function usePreviewRetention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ruleId: string) => api.post<RetentionRun>(`/privacy/retention/rules/${ruleId}/preview`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: retentionKeys.runs }),
  });
}

export function useStartRetentionRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) => api.post<RetentionRun>(`/privacy/retention/runs/${runId}/start`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['retention'] }),
  });
}
