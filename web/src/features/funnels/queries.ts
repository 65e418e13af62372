import type {
  FunnelReport,
  OptionListName,
  OptionLists,
  Pipeline,
  SaleRequirement,
  StageInput,
} from '@funil/domain';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

/** The workspace lists and sale requirements; `version` is the workspace settings version (If-Match). */
export type OpportunitySettings = {
  lists: OptionLists;
  saleRequirements: SaleRequirement[];
  version: number;
};

export const pipelinesQuery = queryOptions({
  queryKey: ['pipelines', 'list'],
  queryFn: ({ signal }) => api.get<{ items: Pipeline[] }>('/pipelines', { signal }).then((r) => r.items),
  staleTime: 30_000,
});

export const usePipelines = () => useQuery(pipelinesQuery);

/** Creates a funnel with its stages (admins). */
export function useCreatePipeline() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; stages: StageInput[] }) => api.post<Pipeline>('/pipelines', body),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['pipelines'] }),
        queryClient.invalidateQueries({ queryKey: ['board'] }),
      ]),
  });
}

type UpdatePipeline = {
  id: string;
  version: number;
  name: string;
  stages: StageInput[];
  moveCardsTo: Record<string, string>;
};

/**
 * Renames the funnel and replaces its stage list (admins) if nobody saved it since `version` (412
 * otherwise); boards and reports of the funnel are loaded again.
 */
export function useUpdatePipeline() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, ...body }: UpdatePipeline) =>
      api.putVersioned<Pipeline>(`/pipelines/${id}`, body, version).then((r) => r.data),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['pipelines'] }),
        queryClient.invalidateQueries({ queryKey: ['board'] }),
        queryClient.invalidateQueries({ queryKey: ['funnel-report'] }),
      ]),
  });
}

export const opportunitySettingsQuery = queryOptions({
  queryKey: ['opportunity-settings'],
  queryFn: ({ signal }) => api.get<OpportunitySettings>('/opportunity-settings', { signal }),
  staleTime: 60_000,
});

export const useOpportunitySettings = () => useQuery(opportunitySettingsQuery);

/**
 * The settings the server kept after an edit. Other copies of them (the pickers of the opportunity forms,
 * the board) are read again, and so are the role and action matrices, which share their version.
 */
function useSettingsSaved() {
  const queryClient = useQueryClient();
  return (settings: OpportunitySettings) => {
    queryClient.setQueryData(opportunitySettingsQuery.queryKey, settings);
    return Promise.all([
      queryClient.invalidateQueries({
        queryKey: opportunitySettingsQuery.queryKey,
        predicate: (query) => query.queryKey.length > 1,
      }),
      queryClient.invalidateQueries({ queryKey: ['board'] }),
      queryClient.invalidateQueries({ queryKey: ['workspace', 'role-matrix'] }),
      queryClient.invalidateQueries({ queryKey: ['workspace', 'action-matrix'] }),
    ]);
  };
}

/** Replaces one list (admins): kept items by id, new ones created, left-out ones archived. */
export function useSaveOptionList() {
  const saved = useSettingsSaved();
  return useMutation({
    mutationFn: ({
      list,
      items,
      version,
    }: {
      list: OptionListName;
      items: { id?: string; label: string; parentId?: string | null }[];
      version: number;
    }) =>
      api
        .putVersioned<OpportunitySettings>(`/opportunity-settings/lists/${list}`, { items }, version)
        .then((r) => r.data),
    onSuccess: saved,
  });
}

/** What every involved person must have before an opportunity is won (admins). */
export function useSaveSaleRequirements() {
  const saved = useSettingsSaved();
  return useMutation({
    mutationFn: ({ requirements, version }: { requirements: SaleRequirement[]; version: number }) =>
      api
        .putVersioned<OpportunitySettings>(
          '/opportunity-settings/sale-requirements',
          { requirements },
          version,
        )
        .then((r) => r.data),
    onSuccess: saved,
  });
}

export const funnelReportQuery = (pipelineId: string, from: string, to: string) =>
  queryOptions({
    queryKey: ['funnel-report', pipelineId, from, to],
    queryFn: ({ signal }) =>
      api.get<FunnelReport>(`/pipelines/${pipelineId}/report`, { query: { from, to }, signal }),
    staleTime: 30_000,
  });

/** The report of a funnel over the opportunities created in [from, to]; off while `pipelineId` is null. */
export function useFunnelReport(pipelineId: string | null, from: string, to: string) {
  return useQuery({
    ...funnelReportQuery(pipelineId ?? '', from, to),
    enabled: pipelineId !== null,
    placeholderData: (previous, query) =>
      query?.queryKey[1] === pipelineId ? keepPreviousData(previous) : undefined,
  });
}
