import type {
  CreateOpportunityInput,
  CreateProposalRequest,
  InvolvedPerson,
  InvolvedRole,
  Opportunity,
  OpportunityPage,
  OpportunityStatus,
  Pipeline,
  Proposal,
} from '@funil/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ifMatch } from '../../lib/api.ts';
import type { PeoplePage, Person } from '../people/types.ts';
import type { OpportunityPatch } from './opportunity-form.ts';
import {
  isSaleRequirementsProblem,
  missingFromPeople,
  missingFromProblem,
  SaleGateError,
} from './sale-gate.ts';

type Items<T> = { items: T[] };

export const opportunityKeys = {
  all: ['opportunities'] as const,
  lists: () => ['opportunities', 'list'] as const,
  forPerson: (personId: string) => ['opportunities', 'list', { personId }] as const,
  /** Everything under it (proposals, timeline) refreshes with the opportunity. */
  detail: (id: string) => ['opportunities', 'detail', id] as const,
  proposals: (id: string) => ['opportunities', 'detail', id, 'proposals'] as const,
};

// Funnels and the workspace lists: one cached copy for the whole app (the funnel admin's queries).
export {
  opportunitySettingsQuery,
  pipelinesQuery,
  useOpportunitySettings,
  usePipelines,
} from '../funnels/queries.ts';

const STALE = 60_000;

/** One funnel, even one no longer listed (an old opportunity's funnel). */
export function usePipeline(id: string | null | undefined) {
  return useQuery({
    queryKey: ['pipelines', 'detail', id],
    queryFn: ({ signal }) => api.get<Pipeline>(`/pipelines/${id}`, { signal }),
    enabled: Boolean(id),
    staleTime: STALE,
  });
}

export function useOpportunity(id: string) {
  return useQuery({
    queryKey: opportunityKeys.detail(id),
    queryFn: ({ signal }) => api.get<Opportunity>(`/opportunities/${id}`, { signal }),
  });
}

export function useProposals(id: string) {
  return useQuery({
    queryKey: opportunityKeys.proposals(id),
    queryFn: ({ signal }) =>
      api.get<Items<Proposal>>(`/opportunities/${id}/proposals`, { signal }).then((r) => r.items),
  });
}

export const PERSON_OPPORTUNITIES_LIMIT = 20;

/** Every opportunity (any status) a person is involved in. */
export function usePersonOpportunities(personId: string) {
  return useQuery({
    queryKey: opportunityKeys.forPerson(personId),
    queryFn: ({ signal }) =>
      api.get<OpportunityPage>('/opportunities', {
        query: {
          personId,
          status: 'open,won,lost,discarded',
          sort: '-createdAt',
          limit: PERSON_OPPORTUNITIES_LIMIT,
        },
        signal,
      }),
  });
}

/** The person picker's search (same matching as the people search box); waits for 2 characters. */
export function usePeopleSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: ['people', 'list', { q: text, limit: 10 }],
    queryFn: ({ signal }) => api.get<PeoplePage>('/people', { query: { q: text, limit: 10 }, signal }),
    enabled: text.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** The person a form starts with (the holder from `?holderId=`); same cache entry as the person page. */
export function usePersonPrefill(id: string | undefined) {
  return useQuery({
    queryKey: ['people', 'detail', id ?? ''],
    queryFn: ({ signal }) => api.get<Person>(`/people/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

/** After any change: the opportunity (with its proposals and history), the lists and people's histories. */
function useRefresh(id: string) {
  const queryClient = useQueryClient();
  return (opportunity?: Opportunity) => {
    const detail = opportunityKeys.detail(id);
    if (opportunity) queryClient.setQueryData(detail, opportunity);
    return Promise.all([
      // With the saved opportunity in hand only what hangs under it (proposals, history) is stale.
      queryClient.invalidateQueries({
        queryKey: detail,
        predicate: (q) => !opportunity || q.queryKey.length > detail.length,
      }),
      queryClient.invalidateQueries({ queryKey: opportunityKeys.lists() }),
      queryClient.invalidateQueries({ queryKey: ['pipelines'], refetchType: 'none' }),
      // People's timelines list their opportunities' events.
      queryClient.invalidateQueries({
        predicate: (q) => q.queryKey[0] === 'people' && q.queryKey[3] === 'timeline',
        refetchType: 'none',
      }),
    ]);
  };
}

/** A refused sale comes back as SaleGateError with who misses what (from the problem, else the people). */
async function withSaleGate<T>(id: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!isSaleRequirementsProblem(error)) throw error;
    const fromProblem = missingFromProblem(error);
    if (fromProblem?.length) throw new SaleGateError(fromProblem);
    const people = await api.get<Items<InvolvedPerson>>(`/opportunities/${id}/people`).catch(() => null);
    throw new SaleGateError(people ? missingFromPeople(people.items) : []);
  }
}

export function useCreateOpportunity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOpportunityInput) => api.post<Opportunity>('/opportunities', body),
    onSuccess: (opportunity) => {
      queryClient.setQueryData(opportunityKeys.detail(opportunity.id), opportunity);
      return queryClient.invalidateQueries({ queryKey: opportunityKeys.lists() });
    },
  });
}

/** Edits are sent against the version the form was opened at: 412 when someone saved in between. */
export function useUpdateOpportunity(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: ({ patch, version }: { patch: OpportunityPatch; version: number }) =>
      api.patch<Opportunity>(`/opportunities/${id}`, patch, { headers: ifMatch(version) }),
    onSuccess: (opportunity) => refresh(opportunity),
  });
}

export function useMoveOpportunity(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: (stageId: string) =>
      api.post<{ id: string; stageId: string; version: number }>(`/opportunities/${id}/move`, { stageId }),
    onSuccess: () => refresh(),
  });
}

export type StatusChange = { status: OpportunityStatus; reasonId?: string | null; note?: string | null };

export function useChangeStatus(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: (body: StatusChange) =>
      withSaleGate(id, () => api.post<Opportunity>(`/opportunities/${id}/status`, body)),
    onSuccess: (opportunity) => refresh(opportunity),
    onError: () => refresh(),
  });
}

export function useInvolvePerson(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: (body: { personId: string; role: InvolvedRole }) =>
      api.post<Items<InvolvedPerson>>(`/opportunities/${id}/people`, body),
    onSuccess: () => refresh(),
  });
}

export function useRemovePerson(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: (personId: string) =>
      api.delete<Items<InvolvedPerson>>(`/opportunities/${id}/people/${personId}`),
    onSuccess: () => refresh(),
  });
}

export function useCreateProposal(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: (body: CreateProposalRequest) => api.post<Proposal>(`/opportunities/${id}/proposals`, body),
    onSuccess: () => refresh(),
  });
}

export function useAcceptProposal(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: (proposalId: string) =>
      withSaleGate(id, () => api.post<Opportunity>(`/opportunities/${id}/proposals/${proposalId}/accept`)),
    onSuccess: (opportunity) => refresh(opportunity),
    onError: () => refresh(),
  });
}
