import { OPPORTUNITY_STATUSES } from '@funil/domain';
import { Button, Collapse, MultiSelect, Paper, Select, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput.tsx';
import { toOptions, useBranches, useTeams, useUsers } from '../directory/queries.ts';
import { type BoardFilters as Filters, parseStatuses, statusParam } from './search.ts';

type Props = {
  filters: Filters;
  opened: boolean;
  onChange: (patch: Partial<Filters>) => void;
  onClear: () => void;
};

const orUndefined = (value: string | null | undefined) => (value ? value : undefined);

/** The filters panel of the board and the list (owner, team, branch, status, tag); all in the URL. */
export function BoardFilters({ filters, opened, onChange, onClear }: Props) {
  const { t } = useTranslation();
  const users = useUsers().data;
  const teams = useTeams().data;
  const branches = useBranches().data;

  return (
    <Collapse expanded={opened}>
      <Paper withBorder p="md" mb="md" component="section" aria-label={t('board.filters.title')}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 5 }} spacing="sm" verticalSpacing="sm">
          <Select
            label={t('board.filters.owner')}
            placeholder={t('board.filters.any')}
            data={toOptions(users, [filters.ownerId])}
            value={filters.ownerId ?? null}
            onChange={(v) => onChange({ ownerId: orUndefined(v) })}
            searchable
            clearable
            data-testid="board-filter-owner"
          />
          <Select
            label={t('board.filters.team')}
            placeholder={t('board.filters.any')}
            data={toOptions(teams, [filters.teamId])}
            value={filters.teamId ?? null}
            onChange={(v) => onChange({ teamId: orUndefined(v) })}
            searchable
            clearable
            data-testid="board-filter-team"
          />
          <Select
            label={t('board.filters.branch')}
            placeholder={t('board.filters.any')}
            data={toOptions(branches, [filters.branchId])}
            value={filters.branchId ?? null}
            onChange={(v) => onChange({ branchId: orUndefined(v) })}
            searchable
            clearable
            data-testid="board-filter-branch"
          />
          <MultiSelect
            label={t('board.filters.status')}
            data={OPPORTUNITY_STATUSES.map((s) => ({ value: s, label: t(`board.statuses.${s}`) }))}
            value={parseStatuses(filters.status)}
            onChange={(values) => onChange({ status: statusParam(values) })}
            data-testid="board-filter-status"
          />
          <DebouncedTextInput
            label={t('board.filters.tag')}
            value={filters.tag ?? ''}
            onChange={(v) => onChange({ tag: orUndefined(v.trim()) })}
            data-testid="board-filter-tag"
          />
        </SimpleGrid>
        <Button variant="subtle" size="xs" mt="sm" onClick={onClear}>
          {t('board.filters.clear')}
        </Button>
      </Paper>
    </Collapse>
  );
}
