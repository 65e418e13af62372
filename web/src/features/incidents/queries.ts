import type { Incident, IncidentEvent, IncidentPage, IncidentRequest } from '@funil/domain';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ifMatch, toQueryString } from '../../lib/api.ts';

export const incidentKeys = {
  all: ['incidents'] as const,
  list: ['incidents', 'list'] as const,
  events: (id: string) => ['incidents', 'events', id] as const,
};

export function useIncidents() {
  return useInfiniteQuery({
    queryKey: incidentKeys.list,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<IncidentPage>(
        `/privacy/incidents${toQueryString({ limit: 25, cursor: pageParam ?? undefined })}`,
        {
          signal,
        },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useIncidentEvents(id: string | null) {
  return useQuery({
    queryKey: incidentKeys.events(id ?? ''),
    enabled: id !== null,
    queryFn: ({ signal }) =>
      api.get<{ items: IncidentEvent[] }>(`/privacy/incidents/${id}/events`, { signal }),
  });
}

/** Records a new incident, or edits one read at `version` (412 when someone changed it meanwhile). */
export function useSaveIncident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, body }: { id: string | null; version: number; body: IncidentRequest }) =>
      id
        ? api.put<Incident>(`/privacy/incidents/${id}`, body, { headers: ifMatch(version) })
        : api.post<Incident>('/privacy/incidents', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: incidentKeys.all }),
  });
}
