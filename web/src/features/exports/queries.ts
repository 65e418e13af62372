import type { CreateExportRequest, ExportFilters, ExportPage, ExportRecord } from '@funil/domain';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, toQueryString } from '../../lib/api.ts';

/** While an export is being written, the list is polled this often for its progress. */
const RUNNING_POLL_MS = 1000;

export const exportKeys = { all: ['exports'] as const, list: ['exports', 'list'] as const };

/** A list's filters as the export takes them: the defined, non-empty values as text (booleans `true`). */
export function exportFilters(values: Record<string, unknown>): ExportFilters {
  const filters: ExportFilters = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    filters[key] = String(value);
  }
  return filters;
}

/** Whether an export may still move (queued or being written). */
export const isRunning = (e: Pick<ExportRecord, 'status'>) => e.status === 'queued' || e.status === 'running';

/** Percent written (0–100): rows done of the total once known. */
export function progressPercent(e: Pick<ExportRecord, 'status' | 'rowsDone' | 'rowsTotal'>): number {
  if (e.status === 'done') return 100;
  if (!e.rowsTotal) return 0;
  return Math.min(100, Math.round((e.rowsDone / e.rowsTotal) * 100));
}

export const exportFileUrl = (id: string) => apiUrl(`/exports/${id}/file`);

export function useExports() {
  return useInfiniteQuery({
    queryKey: exportKeys.list,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<ExportPage>(`/exports${toQueryString({ limit: 25, cursor: pageParam ?? undefined })}`, {
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.items.some(isRunning)) ? RUNNING_POLL_MS : false,
  });
}

export function useCreateExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateExportRequest) => api.post<ExportRecord>('/exports', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: exportKeys.all }),
  });
}
