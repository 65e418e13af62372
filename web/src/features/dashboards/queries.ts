import type { Dashboard } from '@funil/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, apiUrl } from '../../lib/api.ts';

export type DashboardParams = {
  from: string;
  to: string;
  pipelineId?: string | undefined;
  teamId?: string | undefined;
  branchId?: string | undefined;
  ownerId?: string | undefined;
};

/** The dashboard for the range and filters; the previous figures stay on screen while new ones load. */
export function useDashboard(params: DashboardParams | null) {
  return useQuery({
    queryKey: ['dashboards', params],
    queryFn: ({ signal }) =>
      api.get<Dashboard>('/dashboards', { signal, query: params as Record<string, string | undefined> }),
    enabled: params !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** The dashboard as an XLSX workbook (one sheet per table), for the same range and filters: a plain download link. */
export const dashboardXlsxUrl = (params: DashboardParams) =>
  apiUrl('/dashboards/export', { format: 'xlsx', ...params });
