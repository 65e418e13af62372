import type {
  CreateIntakeSourceRequest,
  IntakeLogEntry,
  IntakePreview,
  IntakePreviewRequest,
  IntakeSource,
  UpdateIntakeSourceRequest,
} from '@funil/domain';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, ifMatch } from '../../lib/api.ts';
import type { IntakeLogFilters } from './intake-model.ts';

const PAGE_SIZE = 50;
const PENDING_POLL_MS = 2000;
const IDLE_POLL_MS = 15_000;

export const intakeKeys = {
  sources: ['admin', 'intake', 'sources'] as const,
  leads: ['admin', 'intake', 'leads'] as const,
  leadPages: (f: IntakeLogFilters) => ['admin', 'intake', 'leads', f] as const,
};

export function useIntakeSources() {
  return useQuery({
    queryKey: intakeKeys.sources,
    queryFn: ({ signal }) => api.get<IntakeSource[]>('/intake/sources', { signal }),
  });
}

/** Creates a source; the answer carries its token, shown once. */
export function useCreateIntakeSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateIntakeSourceRequest) =>
      api.post<{ source: IntakeSource; token: string }>('/intake/sources', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: intakeKeys.sources }),
  });
}

export function useUpdateIntakeSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, ...body }: UpdateIntakeSourceRequest & { id: string; version: number }) =>
      api.patch<IntakeSource>(`/intake/sources/${id}`, body, { headers: ifMatch(version) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: intakeKeys.sources }),
  });
}

/** The mapping preview: what a pasted payload becomes (nothing stored). */
export function useIntakePreview() {
  return useMutation({
    mutationFn: (body: IntakePreviewRequest) => api.post<IntakePreview>('/intake/preview', body),
  });
}

/** The intake log, newest first; polls quickly while a lead is still in the queue. */
export function useIntakeLeads(filters: IntakeLogFilters) {
  return useInfiniteQuery({
    queryKey: intakeKeys.leadPages(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: IntakeLogEntry[]; nextCursor: string | null }>('/intake/leads', {
        signal,
        query: { ...filters, limit: PAGE_SIZE, cursor: pageParam ?? undefined },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.items.some((l) => l.status === 'pending'))
        ? PENDING_POLL_MS
        : IDLE_POLL_MS,
  });
}
