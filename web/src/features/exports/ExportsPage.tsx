import type { ExportRecord } from '@funil/domain';
import { Anchor, Badge, Box, Button, Center, Progress, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { exportFileUrl, isRunning, progressPercent, useExports } from './queries.ts';

const STATUS_COLORS: Record<ExportRecord['status'], string> = {
  queued: 'gray',
  running: 'blue',
  done: 'green',
  failed: 'red',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "Etapa: lead · Tag: vip" — ids are not names, so they show as "selecionado". */
function FilterSummary({ filters }: { filters: ExportRecord['filters'] }) {
  const { t } = useTranslation();
  const entries = Object.entries(filters);
  if (entries.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('exports.noFilters')}
      </Text>
    );
  return (
    <Text size="sm" data-testid="export-filters">
      {entries
        .map(([key, value]) => {
          const name = t(`exports.filterNames.${key}`, { defaultValue: key });
          return `${name}: ${UUID.test(value) ? t('exports.selected') : value}`;
        })
        .join(' · ')}
    </Text>
  );
}

function ExportRow({ item }: { item: ExportRecord }) {
  const { t, i18n } = useTranslation();
  const running = isRunning(item);
  const rows = item.status === 'done' ? item.rowsDone : (item.rowsTotal ?? item.rowsDone);
  return (
    <Table.Tr data-testid="export-row" data-status={item.status} data-id={item.id}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {t(`exports.lists.${item.list}`)}
        </Text>
        <Text size="xs" c="dimmed">
          {item.format.toUpperCase()}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDateTime(item.createdAt, i18n.language)}</Text>
      </Table.Td>
      <Table.Td maw={320}>
        <FilterSummary filters={item.filters} />
      </Table.Td>
      <Table.Td miw={160}>
        {running ? (
          <Stack gap={4}>
            <Progress
              value={progressPercent(item)}
              animated
              aria-label={t('exports.statuses.running')}
              data-testid="export-progress"
            />
            <Text size="xs" c="dimmed">
              {item.rowsTotal === null
                ? t('exports.statuses.queued')
                : t('exports.progress', {
                    done: formatNumber(item.rowsDone, i18n.language),
                    total: formatNumber(item.rowsTotal, i18n.language),
                  })}
            </Text>
          </Stack>
        ) : (
          <Badge
            color={item.withdrawnAt ? 'dark' : item.expiredAt ? 'gray' : STATUS_COLORS[item.status]}
            variant="light"
            data-testid="export-status"
          >
            {item.withdrawnAt
              ? t('exports.withdrawn')
              : item.expiredAt
                ? t('exports.expired')
                : t(`exports.statuses.${item.status}`)}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" data-testid="export-rows">
          {running && item.rowsTotal === null
            ? '—'
            : t('exports.rows', { count: rows, formatted: formatNumber(rows, i18n.language) })}
        </Text>
      </Table.Td>
      <Table.Td>
        {item.downloadable ? (
          <Anchor href={exportFileUrl(item.id)} download={item.fileName} data-testid="export-download">
            {t('exports.download')}
          </Anchor>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Exportações: the user's exports, newest first, with progress while written and the download when done. */
export function ExportsPage() {
  const { t } = useTranslation();
  const query = useExports();
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Box maw={1200} mx="auto">
      <PageHeader
        title={t('exports.title')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('exports.subtitle')}
          </Text>
        }
      />
      {query.isPending ? (
        <Stack gap="xs" aria-busy="true">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={48} />
          ))}
        </Stack>
      ) : query.isError && items.length === 0 ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyMessage title={t('exports.empty')} hint={t('exports.emptyHint')} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" data-testid="exports-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('exports.columns.list')}</Table.Th>
                  <Table.Th>{t('exports.columns.createdAt')}</Table.Th>
                  <Table.Th>{t('exports.columns.filters')}</Table.Th>
                  <Table.Th>{t('exports.columns.status')}</Table.Th>
                  <Table.Th>{t('exports.columns.rows')}</Table.Th>
                  <Table.Th>{t('exports.columns.file')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <ExportRow key={item.id} item={item} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {query.hasNextPage && (
            <Center mt="md">
              <Button
                variant="default"
                onClick={() => void query.fetchNextPage()}
                loading={query.isFetchingNextPage}
              >
                {t('exports.loadMore')}
              </Button>
            </Center>
          )}
        </>
      )}
    </Box>
  );
}
