import type { OpportunitySort } from '@funil/domain';

/** The list view's sortable columns. */
export const LIST_SORT_COLUMNS = [
  'title',
  'valueCents',
  'expectedCloseDate',
  'createdAt',
  'daysInStage',
] as const;
export type ListSortColumn = (typeof LIST_SORT_COLUMNS)[number];

/** Newest first until the user picks a column. */
export const DEFAULT_LIST_SORT: OpportunitySort = '-createdAt';

type Direction = 'ascending' | 'descending';

// Days in stage grow as `stageEnteredAt` goes back in time: ascending days is descending entry.
const SORTS: Record<ListSortColumn, Record<Direction, OpportunitySort>> = {
  title: { ascending: 'title', descending: '-title' },
  valueCents: { ascending: 'valueCents', descending: '-valueCents' },
  expectedCloseDate: { ascending: 'expectedCloseDate', descending: '-expectedCloseDate' },
  createdAt: { ascending: 'createdAt', descending: '-createdAt' },
  daysInStage: { ascending: '-stageEnteredAt', descending: 'stageEnteredAt' },
};

/** How `sort` orders `column` (the value of its header's `aria-sort`). */
export function sortDirection(sort: OpportunitySort, column: ListSortColumn): Direction | 'none' {
  const { ascending, descending } = SORTS[column];
  if (sort === ascending) return 'ascending';
  if (sort === descending) return 'descending';
  return 'none';
}

/** The sort after a click on a column's header: ascending first, then it flips. */
export function nextSort(sort: OpportunitySort, column: ListSortColumn): OpportunitySort {
  return sortDirection(sort, column) === 'ascending' ? SORTS[column].descending : SORTS[column].ascending;
}
