import type { DistributionOverview, DistributionRule, DistributionRuleRequest } from '@funil/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ifMatch } from '../../lib/api.ts';

export const distributionKeys = {
  all: ['distribution'] as const,
  rules: ['distribution', 'rules'] as const,
  overview: ['distribution', 'overview'] as const,
  duty: ['distribution', 'duty'] as const,
};

export type Duty = { onDuty: boolean; since: string | null; member: boolean };

export function useDistributionRules(enabled = true) {
  return useQuery({
    queryKey: distributionKeys.rules,
    queryFn: ({ signal }) =>
      api.get<{ items: DistributionRule[] }>('/distribution/rules', { signal }).then((r) => r.items),
    enabled,
  });
}

/** The manager page's data; refreshed often so the queue and the day's numbers stay current. */
export function useDistributionOverview() {
  return useQuery({
    queryKey: distributionKeys.overview,
    queryFn: ({ signal }) => api.get<DistributionOverview>('/distribution/overview', { signal }),
    refetchInterval: 15_000,
  });
}

export function useDuty() {
  return useQuery({
    queryKey: distributionKeys.duty,
    queryFn: ({ signal }) => api.get<Duty>('/distribution/duty', { signal }),
    staleTime: 60_000,
  });
}

export function useSetDuty() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (onDuty: boolean) => api.put<Duty>('/distribution/duty', { onDuty }),
    onSuccess: (duty) => {
      queryClient.setQueryData(distributionKeys.duty, duty);
      void queryClient.invalidateQueries({ queryKey: distributionKeys.overview });
    },
  });
}

/** Creates a rule, or saves one at the version it was read (If-Match). */
export function useSaveRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, body }: { id?: string; version?: number; body: DistributionRuleRequest }) =>
      id && version !== undefined
        ? api.put<DistributionRule>(`/distribution/rules/${id}`, body, { headers: ifMatch(version) })
        : api.post<DistributionRule>('/distribution/rules', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: distributionKeys.all }),
  });
}

/** The lead sources a rule may be limited to. */
export function useRuleLeadSources() {
  return useQuery({
    queryKey: [...distributionKeys.all, 'lead-sources'],
    queryFn: ({ signal }) =>
      api
        .get<{ items: { id: string; name: string }[] }>('/distribution/lead-sources', { signal })
        .then((r) => r.items),
    staleTime: 60_000,
  });
}

/** Moves a rule one place up or down in the order rules are tried. */
export function useMoveRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, direction }: { id: string; direction: 'up' | 'down' }) =>
      api.post<{ items: DistributionRule[] }>(`/distribution/rules/${id}/move`, { direction }),
    onSuccess: (res) => queryClient.setQueryData(distributionKeys.rules, res.items),
  });
}

export function useDeleteRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rule: DistributionRule) =>
      api.delete<null>(`/distribution/rules/${rule.id}`, { headers: ifMatch(rule.version) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: distributionKeys.all }),
  });
}

/** The request body of a rule as it is (to switch it on or off). */
export const requestOf = (r: DistributionRule): DistributionRuleRequest => ({
  name: r.name,
  pipelineId: r.pipelineId,
  sourceId: r.sourceId,
  branchId: r.branchId,
  teamId: r.teamId,
  mode: r.mode,
  onlyOnDuty: r.onlyOnDuty,
  schedule: r.schedule,
  slaMinutes: r.slaMinutes,
  active: r.active,
  members: r.members.map((m) => ({ userId: m.userId, weight: m.weight, dailyCap: m.dailyCap })),
});
