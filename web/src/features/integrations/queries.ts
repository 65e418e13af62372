import type {
  CreateIntegrationRequest,
  Integration,
  IntegrationAgent,
  UpdateIntegrationRequest,
} from '@funil/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ifMatch } from '../../lib/api.ts';

const integrationsKey = ['admin', 'integrations'] as const;
const agentsKey = (id: string) => ['admin', 'integrations', id, 'agents'] as const;

type WithSecret = { integration: Integration; secret: string };

export function useIntegrations() {
  return useQuery({
    queryKey: integrationsKey,
    queryFn: ({ signal }) =>
      api.get<{ items: Integration[] }>('/integrations', { signal }).then((r) => r.items),
  });
}

function useIntegrationMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: integrationsKey }),
  });
}

/** Creates an integration; the answer carries its token's secret, shown once. */
export const useCreateIntegration = () =>
  useIntegrationMutation((body: CreateIntegrationRequest) => api.post<WithSecret>('/integrations', body));

/** Edits at the version the form was loaded at (412 when someone else saved first). */
export const useUpdateIntegration = () =>
  useIntegrationMutation(
    ({ id, version, body }: { id: string; version: number; body: UpdateIntegrationRequest }) =>
      api.patch<Integration>(`/integrations/${id}`, body, { headers: ifMatch(version) }),
  );

export const useDeleteIntegration = () =>
  useIntegrationMutation((id: string) => api.delete<void>(`/integrations/${id}`));

/** A new token (secret shown once); the current one keeps working `overlapHours` more. */
export const useRotateIntegration = () =>
  useIntegrationMutation(({ id, overlapHours }: { id: string; overlapHours: number }) =>
    api.post<WithSecret>(`/integrations/${id}/rotate`, { overlapHours }),
  );

export const useRevokeIntegrationToken = () =>
  useIntegrationMutation(({ id, tokenId }: { id: string; tokenId: string }) =>
    api.post<Integration>(`/integrations/${id}/tokens/${tokenId}/revoke`),
  );

export function useIntegrationAgents(id: string) {
  return useQuery({
    queryKey: agentsKey(id),
    queryFn: ({ signal }) =>
      api.get<{ items: IntegrationAgent[] }>(`/integrations/${id}/agents`, { signal }).then((r) => r.items),
  });
}

/** Maps a helpdesk agent to a user by hand (null: the agent may not act). */
export function useMapAgent(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ agentId, userId }: { agentId: string; userId: string | null }) =>
      api.put<IntegrationAgent>(`/integrations/${id}/agents/${encodeURIComponent(agentId)}`, { userId }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: agentsKey(id) }),
  });
}
