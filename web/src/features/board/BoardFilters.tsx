import { OPPORTUNITY_STATUSES } from '@funil/domain';
import { Button, Collapse, MultiSelect, Paper, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput.tsx';
import { CustomFieldFilters } from '../custom-fields/CustomFieldFilters.tsx';
import { useListFields } from '../custom-fields/list-fields.ts';
import { DirectorySelects } from '../directory/DirectorySelects.tsx';
import { type BoardFilters as Filters, parseStatuses, statusParam } from './search.ts';

type Props = {
  filters: Filters;
  opened: boolean;
  onChange: (patch: Partial<Filters>) => void;
  onClear: () => void;
};

const orUndefined = (value: string | null | undefined) => (value ? value : undefined);

/** The filters panel of the board and the list (owner, team, branch, status, tag, custom fields); all in the URL. */
export function BoardFilters({ filters, opened, onChange, onClear }: Props) {
  const { t } = useTranslation();
  const fields = useListFields('opportunity');

  return (
    <Collapse expanded={opened}>
      <Paper withBorder p="md" mb="md" component="section" aria-label={t('board.filters.title')}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 5 }} spacing="sm" verticalSpacing="sm">
          <DirectorySelects
            values={filters}
            onChange={onChange}
            labels={{
              owner: t('board.filters.owner'),
              team: t('board.filters.team'),
              branch: t('board.filters.branch'),
              any: t('board.filters.any'),
            }}
            testIdPrefix="board-filter"
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
          <CustomFieldFilters
            fields={fields}
            value={filters.cf}
            onChange={(cf) => onChange(cf ? { cf } : { cf: undefined })}
          />
        </SimpleGrid>
        <Button variant="subtle" size="xs" mt="sm" onClick={onClear}>
          {t('board.filters.clear')}
        </Button>
      </Paper>
    </Collapse>
  );
}
