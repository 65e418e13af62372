import type { PersonSort } from '@funil/domain';
import { Box, Button, Center, Group, Indicator, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Link } from '@tanstack/react-router';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { can } from '../auth/can.ts';
import { useSession } from '../auth/queries.ts';
import { CustomColumnsPicker, useCustomColumns } from '../custom-fields/CustomColumns.tsx';
import { useListFields } from '../custom-fields/list-fields.ts';
import { ExportMenu } from '../exports/ExportMenu.tsx';
import { PeopleFilters, PeopleSortSelect } from './PeopleFilters.tsx';
import { PeopleCards, PeopleSkeleton, PeopleTable } from './PeopleResults.tsx';
import { PeopleSearchBox } from './PeopleSearchBox.tsx';
import { usePeopleList } from './queries.ts';
import { countActiveFilters, exportSearch } from './search.ts';
import type { PeopleSearch } from './types.ts';

type Props = { search: PeopleSearch; onSearchChange: (next: PeopleSearch) => void };

const DEFAULT_SORT: PersonSort = 'name';

export function PeopleListPage({ search, onSearchChange }: Props) {
  const { t, i18n } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const activeFilters = countActiveFilters(search);
  const [filtersOpen, setFiltersOpen] = useState(activeFilters > 0);
  const query = usePeopleList(search);
  const { user } = useSession();
  const canImport = can(user, 'importPeople');
  const fields = useListFields('person');
  const columns = useCustomColumns('person', fields);

  const update = useCallback(
    (patch: Partial<PeopleSearch>) => onSearchChange({ ...search, ...patch }),
    [search, onSearchChange],
  );
  const setQ = useCallback((q: string) => update({ q: q.trim() ? q : undefined }), [update]);

  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const total = query.data?.pages[0]?.total;
  // Past 10,000 matches the server stops counting: "10.000+ pessoas".
  const totalCapped = query.data?.pages[0]?.totalCapped === true;

  return (
    <Box maw={1280} mx="auto">
      <PageHeader
        title={t('people.title')}
        subtitle={
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="people-total">
            {total === undefined
              ? '\u00a0'
              : t(totalCapped ? 'people.totalCapped' : 'people.total', {
                  count: total,
                  formatted: formatNumber(total, i18n.language),
                })}
          </Text>
        }
      >
        <ExportMenu list="people" filters={exportSearch(search)} />
        {canImport && (
          <Button
            variant="default"
            renderRoot={(props) => <Link to="/imports/new" {...props} />}
            data-testid="people-import"
          >
            {t('imports.button')}
          </Button>
        )}
        <Button renderRoot={(props) => <Link to="/people/new" {...props} />}>{t('people.new')}</Button>
      </PageHeader>

      <Group align="flex-end" gap="sm" mb="sm" wrap="wrap">
        <PeopleSearchBox value={search.q ?? ''} onChange={setQ} />
        <Group gap="sm" align="flex-end" wrap="nowrap" flex={{ base: '1 1 100%', sm: '0 1 340px' }}>
          <PeopleSortSelect
            value={search.sort ?? DEFAULT_SORT}
            onChange={(sort) => update({ sort: sort === DEFAULT_SORT ? undefined : sort })}
          />
          <Indicator label={activeFilters} size={16} disabled={activeFilters === 0}>
            <Button
              variant={filtersOpen ? 'light' : 'default'}
              onClick={() => setFiltersOpen((o) => !o)}
              aria-expanded={filtersOpen}
            >
              {t('people.filters.show')}
            </Button>
          </Indicator>
        </Group>
        <CustomColumnsPicker fields={fields} keys={columns.keys} onChange={columns.setKeys} />
      </Group>

      <PeopleFilters
        search={search}
        opened={filtersOpen}
        onChange={update}
        onClear={() => onSearchChange({ q: search.q, sort: search.sort })}
      />

      {query.isPending ? (
        <PeopleSkeleton />
      ) : query.isError && items.length === 0 ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyMessage
          title={t('people.empty')}
          hint={t('people.emptyHint')}
          action={
            <Button variant="light" renderRoot={(props) => <Link to="/people/new" {...props} />}>
              {t('people.new')}
            </Button>
          }
        />
      ) : (
        <Box style={{ opacity: query.isPlaceholderData ? 0.6 : 1, transition: 'opacity 150ms' }}>
          {isPhone ? (
            <PeopleCards items={items} />
          ) : (
            <PeopleTable items={items} customColumns={columns.chosen} />
          )}
          {query.isFetchNextPageError && (
            <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.fetchNextPage()} />
          )}
          {query.hasNextPage && (
            <Center mt="md">
              <Button
                variant="default"
                onClick={() => void query.fetchNextPage()}
                loading={query.isFetchingNextPage}
              >
                {t('common.loadMore')}
              </Button>
            </Center>
          )}
        </Box>
      )}
    </Box>
  );
}
