import { ACCESS_KINDS, type AccessKind } from '@funil/domain';
import { Anchor, Box, Button, Center, Group, Select, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { DayInput } from '../../ui/DayInput.tsx';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { toOptions, useUsers } from '../directory/queries.ts';
import { PersonPicker } from '../opportunities/PersonPicker.tsx';
import { AccessLogTable } from './AccessLogTable.tsx';
import type { AccessLogFilters } from './access-log-model.ts';
import { accessLogCsvUrl, useAccessLog } from './queries.ts';

type Props = { filters: AccessLogFilters; onFiltersChange: (next: AccessLogFilters) => void };

/** Administração › Privacidade › Registro de acessos: the audit of who accessed personal data, filtered. */
export function AccessLogPage({ filters, onFiltersChange }: Props) {
  const { t } = useTranslation();
  const users = useUsers();
  const query = useAccessLog(filters);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (patch: Partial<AccessLogFilters>) => {
    const next: AccessLogFilters = { ...filters, ...patch };
    for (const key of Object.keys(next) as (keyof AccessLogFilters)[]) if (!next[key]) delete next[key];
    onFiltersChange(next);
  };
  const personName = filters.personId
    ? (items.find((e) => e.person.id === filters.personId)?.person.name ?? null)
    : null;
  return (
    <Box maw={1200} mx="auto">
      <PageHeader
        title={t('accessLog.title')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('accessLog.subtitle')}
          </Text>
        }
      >
        <Anchor href={accessLogCsvUrl(filters)} data-testid="access-log-csv">
          {t('accessLog.csv')}
        </Anchor>
      </PageHeader>
      <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
        <Select
          label={t('accessLog.filters.user')}
          placeholder={t('accessLog.filters.any')}
          data={toOptions(users.data, [filters.userId])}
          value={filters.userId ?? null}
          onChange={(v) => set({ userId: v ?? undefined })}
          clearable
          searchable
          w={220}
          data-testid="access-log-filter-user"
        />
        <Select
          label={t('accessLog.filters.kind')}
          placeholder={t('accessLog.filters.any')}
          data={ACCESS_KINDS.map((k) => ({ value: k, label: t(`accessLog.kinds.${k}`) }))}
          value={filters.kind ?? null}
          onChange={(v) => set({ kind: (v as AccessKind | null) ?? undefined })}
          clearable
          w={200}
          data-testid="access-log-filter-kind"
        />
        <PersonPicker
          label={t('accessLog.filters.person')}
          value={filters.personId ?? null}
          initialName={personName}
          onChange={(p) => set({ personId: p?.id })}
          w={260}
          data-testid="access-log-filter-person"
        />
        <DayInput
          label={t('accessLog.filters.from')}
          value={filters.from ?? ''}
          onChange={(from) => set({ from })}
          max={filters.to}
          testId="access-log-filter-from"
          w={150}
        />
        <DayInput
          label={t('accessLog.filters.to')}
          value={filters.to ?? ''}
          onChange={(to) => set({ to })}
          min={filters.from}
          testId="access-log-filter-to"
          w={150}
        />
        {Object.keys(filters).length > 0 && (
          <Button variant="subtle" onClick={() => onFiltersChange({})}>
            {t('accessLog.filters.clear')}
          </Button>
        )}
      </Group>
      {query.isPending ? (
        <Stack gap="xs" aria-busy="true">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={40} />
          ))}
        </Stack>
      ) : query.isError && items.length === 0 ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyMessage title={t('accessLog.empty')} hint={t('accessLog.emptyHint')} />
      ) : (
        <>
          <AccessLogTable items={items} />
          {query.hasNextPage && (
            <Center mt="md">
              <Button
                variant="default"
                onClick={() => void query.fetchNextPage()}
                loading={query.isFetchingNextPage}
              >
                {t('accessLog.loadMore')}
              </Button>
            </Center>
          )}
        </>
      )}
    </Box>
  );
}
