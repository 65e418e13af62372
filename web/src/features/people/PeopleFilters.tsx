import { PERSON_SORTS, PERSON_STAGES, type PersonSort } from '@funil/domain';
import { Button, Collapse, MultiSelect, Paper, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput.tsx';
import { CustomFieldFilters } from '../custom-fields/CustomFieldFilters.tsx';
import { useListFields } from '../custom-fields/list-fields.ts';
import { DirectorySelects } from '../directory/DirectorySelects.tsx';
import type { PeopleSearch } from './types.ts';

type Props = {
  search: PeopleSearch;
  opened: boolean;
  onChange: (patch: Partial<PeopleSearch>) => void;
  onClear: () => void;
};

const orUndefined = (value: string | null | undefined) => (value ? value : undefined);

/** Filters of the people list; every value lives in the URL. */
export function PeopleFilters({ search, opened, onChange, onClear }: Props) {
  const { t } = useTranslation();
  const fields = useListFields('person');

  return (
    <Collapse expanded={opened}>
      <Paper withBorder p="md" mb="md" component="section" aria-label={t('people.filters.title')}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <MultiSelect
            label={t('people.filters.stage')}
            placeholder={search.stage ? undefined : t('people.filters.any')}
            data={PERSON_STAGES.map((s) => ({ value: s, label: t(`stages.${s}`) }))}
            value={search.stage ? search.stage.split(',') : []}
            onChange={(values) => onChange({ stage: orUndefined(values.join(',')) })}
            clearable
          />
          <DirectorySelects
            values={search}
            onChange={onChange}
            labels={{
              owner: t('people.filters.owner'),
              team: t('people.filters.team'),
              branch: t('people.filters.branch'),
              any: t('people.filters.any'),
            }}
          />
          <DebouncedTextInput
            label={t('people.filters.tag')}
            value={search.tag ?? ''}
            onChange={(v) => onChange({ tag: orUndefined(v.trim()) })}
          />
          <DebouncedTextInput
            label={t('people.filters.media')}
            value={search.media ?? ''}
            onChange={(v) => onChange({ media: orUndefined(v.trim()) })}
          />
          <DebouncedTextInput
            label={t('people.filters.channel')}
            value={search.channel ?? ''}
            onChange={(v) => onChange({ channel: orUndefined(v.trim()) })}
          />
          <SimpleGrid cols={2} spacing="xs">
            <TextInput
              type="date"
              label={t('people.filters.createdFrom')}
              value={search.createdFrom ?? ''}
              onChange={(e) => onChange({ createdFrom: orUndefined(e.currentTarget.value) })}
            />
            <TextInput
              type="date"
              label={t('people.filters.createdTo')}
              value={search.createdTo ?? ''}
              onChange={(e) => onChange({ createdTo: orUndefined(e.currentTarget.value) })}
            />
          </SimpleGrid>
          <CustomFieldFilters fields={fields} value={search.cf} onChange={(cf) => onChange({ cf })} />
        </SimpleGrid>
        <Button variant="subtle" size="xs" mt="sm" onClick={onClear}>
          {t('people.filters.clear')}
        </Button>
      </Paper>
    </Collapse>
  );
}

/** The sort picker, shown next to the search box. */
export function PeopleSortSelect({
  value,
  onChange,
}: {
  value: PersonSort;
  onChange: (sort: PersonSort) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select<PersonSort>
      label={t('people.filters.sort')}
      data={PERSON_SORTS.map((s) => ({ value: s, label: t(`sorts.${s}`) }))}
      value={value}
      onChange={(v) => v && onChange(v)}
      allowDeselect={false}
      flex={1}
      miw={170}
    />
  );
}
