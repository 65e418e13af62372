import type { OpportunityCard, OpportunitySort, Stage } from '@funil/domain';
import {
  Anchor,
  Badge,
  Box,
  Button,
  Center,
  Checkbox,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDay, formatNumber } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import {
  CustomColumnCells,
  CustomColumnHeaders,
  CustomColumnsPicker,
  useCustomColumns,
} from '../custom-fields/CustomColumns.tsx';
import { useListFields } from '../custom-fields/list-fields.ts';
import { BulkActions } from './BulkActions.tsx';
import { type ListSortColumn, nextSort, sortDirection } from './list-sort.ts';
import { formatCents } from './money.ts';
import { NextActivityLine } from './NextActivityLine.tsx';
import { useOpportunityList } from './queries.ts';
import type { BoardFilters } from './search.ts';

type Props = {
  pipelineId: string;
  stages: Stage[];
  filters: BoardFilters;
  sort: OpportunitySort;
  onSortChange: (sort: OpportunitySort) => void;
  newOpportunity: ReactNode;
};

function SortHeader({
  column,
  sort,
  onSortChange,
  numeric = false,
}: {
  column: ListSortColumn;
  sort: OpportunitySort;
  onSortChange: (sort: OpportunitySort) => void;
  numeric?: boolean;
}) {
  const { t } = useTranslation();
  const direction = sortDirection(sort, column);
  const label = t(`board.list.columns.${column}`);
  return (
    <Table.Th
      aria-sort={direction}
      style={{ whiteSpace: 'nowrap', textAlign: numeric ? 'right' : undefined }}
    >
      <UnstyledButton
        onClick={() => onSortChange(nextSort(sort, column))}
        aria-label={t('board.list.sortBy', { column: label })}
        data-testid={`list-sort-${column}`}
        data-direction={direction}
        fw={700}
        fz="sm"
      >
        {label}{' '}
        <Text span c={direction === 'none' ? 'dimmed' : undefined} aria-hidden>
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
        </Text>
      </UnstyledButton>
    </Table.Th>
  );
}

/** The list view of a funnel: a sortable table, "Carregar mais" pages, selection and bulk actions. */
export function OpportunityList({ pipelineId, stages, filters, sort, onSortChange, newOpportunity }: Props) {
  const { t, i18n } = useTranslation();
  const query = useOpportunityList(pipelineId, filters, sort);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total;
  const stageNames = useMemo(() => new Map(stages.map((s) => [s.id, s.name])), [stages]);
  const locale = i18n.language;
  const fields = useListFields('opportunity');
  const columns = useCustomColumns('opportunity', fields);

  // Other filters or another order: a new list, nothing selected in it yet.
  const listKey = JSON.stringify([pipelineId, filters, sort]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: resets when the list changes
  useEffect(() => setSelected(new Set()), [listKey]);

  const loadedSelected = items.filter((c) => selected.has(c.id));
  const allSelected = items.length > 0 && loadedSelected.length === items.length;
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const row = (card: OpportunityCard) => (
    <Table.Tr
      key={card.id}
      data-testid="opportunity-row"
      data-opportunity-id={card.id}
      data-title={card.title}
      data-stage-id={card.stageId}
      bg={selected.has(card.id) ? 'var(--mantine-color-blue-light)' : undefined}
    >
      <Table.Td>
        <Checkbox
          aria-label={t('board.list.selectRow', { title: card.title })}
          checked={selected.has(card.id)}
          onChange={(e) => toggle(card.id, e.currentTarget.checked)}
          data-testid="row-select"
        />
      </Table.Td>
      <Table.Td miw={220}>
        <Anchor
          renderRoot={(props) => <Link to="/opportunities/$id" params={{ id: card.id }} {...props} />}
          fw={600}
          size="sm"
        >
          {card.title}
        </Anchor>
        {card.rotting && (
          <Badge color="red" size="xs" ml={6} title={t('board.card.rottingHint')}>
            {t('board.card.rotting')}
          </Badge>
        )}
        {card.status !== 'open' && (
          <Badge color="gray" variant="light" size="xs" ml={6}>
            {t(`board.statuses.${card.status}`)}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{stageNames.get(card.stageId) ?? t('common.empty')}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{card.holder?.name ?? t('common.empty')}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{card.owner?.name ?? t('common.empty')}</Text>
      </Table.Td>
      <Table.Td maw={260}>
        <NextActivityLine card={card} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap', textAlign: 'right' }}>
        <Text size="sm">
          {card.valueCents === null ? t('common.empty') : formatCents(card.valueCents, locale)}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">
          {card.expectedCloseDate ? formatDay(card.expectedCloseDate, locale) : t('common.empty')}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{formatDate(card.createdAt, locale)}</Text>
      </Table.Td>
      <Table.Td style={{ textAlign: 'right' }}>
        <Text size="sm" c={card.rotting ? 'red' : undefined}>
          {formatNumber(card.daysInStage, locale)}
        </Text>
      </Table.Td>
      <CustomColumnCells fields={columns.chosen} values={card.customFields} />
    </Table.Tr>
  );

  if (query.isPending) {
    return (
      <Stack gap="sm" aria-busy="true">
        {Array.from({ length: 8 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
          <Skeleton key={i} height={28} />
        ))}
      </Stack>
    );
  }
  if (query.isError && items.length === 0) {
    return <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />;
  }

  return (
    <Box style={{ opacity: query.isPlaceholderData ? 0.6 : 1, transition: 'opacity 150ms' }}>
      <BulkActions
        pipelineId={pipelineId}
        stages={stages}
        selected={loadedSelected}
        onClear={() => setSelected(new Set())}
        onDone={(failedIds) => setSelected(new Set(failedIds))}
      />
      <Group justify="flex-end" mb="xs">
        <CustomColumnsPicker fields={fields} keys={columns.keys} onChange={columns.setKeys} />
      </Group>
      {items.length === 0 ? (
        <EmptyMessage
          title={t('board.list.empty')}
          hint={t('board.list.emptyHint')}
          action={newOpportunity}
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={1200}>
            <Table highlightOnHover verticalSpacing="xs" aria-label={t('board.list.label')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label={t('board.list.selectAll')}
                      title={t('board.list.selectAll')}
                      checked={allSelected}
                      indeterminate={loadedSelected.length > 0 && !allSelected}
                      onChange={(e) =>
                        setSelected(e.currentTarget.checked ? new Set(items.map((c) => c.id)) : new Set())
                      }
                      data-testid="select-all"
                    />
                  </Table.Th>
                  <SortHeader column="title" sort={sort} onSortChange={onSortChange} />
                  <Table.Th>{t('board.list.columns.stage')}</Table.Th>
                  <Table.Th>{t('board.list.columns.holder')}</Table.Th>
                  <Table.Th>{t('board.list.columns.owner')}</Table.Th>
                  <Table.Th>{t('board.list.columns.nextActivity')}</Table.Th>
                  <SortHeader column="valueCents" sort={sort} onSortChange={onSortChange} numeric />
                  <SortHeader column="expectedCloseDate" sort={sort} onSortChange={onSortChange} />
                  <SortHeader column="createdAt" sort={sort} onSortChange={onSortChange} />
                  <SortHeader column="daysInStage" sort={sort} onSortChange={onSortChange} numeric />
                  <CustomColumnHeaders fields={columns.chosen} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>{items.map(row)}</Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {query.isFetchNextPageError && (
            <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.fetchNextPage()} />
          )}
          <Group justify="center" mt="md" gap="md">
            {total !== undefined && (
              <Text size="sm" c="dimmed" data-testid="list-total" data-total={total} aria-live="polite">
                {t('board.list.shown', {
                  shown: formatNumber(items.length, locale),
                  total: formatNumber(total, locale),
                })}
              </Text>
            )}
            {query.hasNextPage && (
              <Center>
                <Button
                  variant="default"
                  onClick={() => void query.fetchNextPage()}
                  loading={query.isFetchingNextPage}
                  data-testid="list-load-more"
                >
                  {t('common.loadMore')}
                </Button>
              </Center>
            )}
          </Group>
        </>
      )}
    </Box>
  );
}
