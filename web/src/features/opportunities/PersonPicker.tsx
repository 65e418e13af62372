import { formatDocument } from '@funil/domain';
import { Group, Select, type SelectProps, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonListItem } from '../people/types.ts';
import { usePeopleSearch } from './queries.ts';

export type PickedPerson = { id: string; name: string };

type Props = Omit<SelectProps, 'value' | 'onChange' | 'data' | 'searchValue' | 'onSearchChange'> & {
  value: string | null;
  onChange: (person: PickedPerson | null) => void;
  /** The name of the person already chosen (prefilled forms), until a search brings it. */
  initialName?: string | null | undefined;
  /** People that may not be picked again (already involved). */
  exclude?: readonly string[];
  'data-testid'?: string;
};

const MIN_CHARS = 2;
const NONE: readonly string[] = [];

/** Finds a person the way the people search box does (name, CPF/CNPJ, phone, e-mail) and picks one. */
export function PersonPicker({ value, onChange, initialName, exclude = NONE, ...props }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const query = usePeopleSearch(debounced);
  const [picked, setPicked] = useState<PickedPerson | null>(
    value && initialName ? { id: value, name: initialName } : null,
  );

  useEffect(() => {
    if (value && initialName && !picked) setPicked({ id: value, name: initialName });
    if (!value && picked) setPicked(null);
  }, [value, initialName, picked]);

  const results = useMemo(() => {
    const byId = new Map<string, PersonListItem>();
    for (const p of query.data?.items ?? []) if (!exclude.includes(p.id)) byId.set(p.id, p);
    return byId;
  }, [query.data, exclude]);

  const data = [...results.values()].map((p) => ({ value: p.id, label: p.name }));
  if (picked && !results.has(picked.id)) data.unshift({ value: picked.id, label: picked.name });

  const typing = debounced.trim().length < MIN_CHARS;
  return (
    <Select
      searchable
      clearable
      placeholder={t('opportunity.picker.placeholder')}
      {...props}
      value={value}
      data={data}
      searchValue={search}
      onSearchChange={setSearch}
      // The server already filtered; a local filter would hide matches by document or phone.
      filter={({ options }) => options}
      onChange={(id) => {
        const person = id ? (results.get(id) ?? (picked?.id === id ? picked : null)) : null;
        const next = person ? { id: person.id, name: person.name } : null;
        setPicked(next);
        onChange(next);
      }}
      nothingFoundMessage={
        typing
          ? t('opportunity.picker.typeMore')
          : query.isFetching
            ? t('opportunity.picker.searching')
            : t('opportunity.picker.nothing')
      }
      renderOption={({ option }) => {
        const p = results.get(option.value);
        const extra = p
          ? [
              p.document ? formatDocument(p.document) : null,
              [p.city, p.state].filter(Boolean).join('/') || null,
            ]
              .filter(Boolean)
              .join(' · ')
          : '';
        return (
          <Group gap={6} wrap="nowrap" data-testid="person-option">
            <Text size="sm">{option.label}</Text>
            {extra && (
              <Text size="xs" c="dimmed">
                {extra}
              </Text>
            )}
          </Group>
        );
      }}
    />
  );
}
