import type { CreditLimitLine, PersonSummary, ReceivableLine, SalesOrderLine } from '@funil/domain';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { peopleKeys } from '../people/queries.ts';

// Under the person's detail key: refreshing the person refreshes the 360° cards too.
const summaryKey = (id: string) => [...peopleKeys.detail(id), 'summary'] as const;

export type SummaryList = 'receivables' | 'salesOrders' | 'creditLimits';

const LIST_PATHS: Record<SummaryList, string> = {
  receivables: 'receivables',
  salesOrders: 'sales-orders',
  creditLimits: 'credit-limits',
};

export type SummaryListItem = {
  receivables: ReceivableLine;
  salesOrders: SalesOrderLine;
  creditLimits: CreditLimitLine;
};

export function usePersonSummary(id: string) {
  return useQuery({
    queryKey: summaryKey(id),
    queryFn: ({ signal }) => api.get<PersonSummary>(`/people/${id}/summary`, { signal }),
  });
}

/** The list a card opens (titles, orders or limits); loaded only while its drawer is open. */
export function useSummaryList<K extends SummaryList>(id: string, list: K | null) {
  return useQuery({
    queryKey: [...summaryKey(id), list],
    queryFn: ({ signal }) =>
      api.get<{ items: SummaryListItem[K][] }>(`/people/${id}/${LIST_PATHS[list as K]}`, { signal }),
    enabled: list !== null,
  });
}
