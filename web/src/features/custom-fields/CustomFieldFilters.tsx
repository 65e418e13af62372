import {
  type CustomField,
  customFilterKind,
  decodeCustomFieldFilters,
  encodeCustomFieldFilters,
  parseBrMoney,
} from '@funil/domain';
import { MultiSelect, Select, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DayInput } from '../../ui/DayInput.tsx';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput.tsx';
import { toOptions, useUsers } from '../directory/queries.ts';

type Props = {
  /** The live fields the user sees (fieldsForRole). */
  fields: CustomField[];
  /** The list's `cf` search param (JSON keyed by field key). */
  value: string | undefined;
  onChange: (cf: string | undefined) => void;
};

type Range = { min?: number | null; max?: number | null; from?: string | null; to?: string | null };

/** A number typed in pt-BR (`1.234,5`); money → cents. Undefined when empty or unreadable. */
function typedNumber(text: string, money: boolean): number | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (money) return parseBrMoney(t) ?? undefined;
  const n = Number(t.includes(',') ? t.replace(/\./g, '').replace(',', '.') : t);
  return Number.isFinite(n) ? n : undefined;
}

const shownNumber = (n: unknown, money: boolean) =>
  typeof n === 'number' ? String(money ? n / 100 : n).replace('.', ',') : '';

/** One field's filter input(s), by the kind its type filters with (domain custom-field-filters.ts). */
function FieldFilter({
  field,
  value,
  onChange,
}: {
  field: CustomField;
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const users = useUsers().data;
  const testId = `cf-filter-${field.key}`;
  const range = (value ?? {}) as Range;
  switch (customFilterKind(field.type)) {
    case 'any_of': {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      const data =
        field.type === 'user'
          ? toOptions(users, chosen)
          : field.options
              .filter((o) => !o.archived || chosen.includes(o.value))
              .map((o) => ({ value: o.value, label: o.label }));
      return (
        <MultiSelect
          label={field.label}
          placeholder={chosen.length ? undefined : t('customFieldLists.any')}
          data={data}
          value={chosen}
          onChange={(v) => onChange(v.length ? v : undefined)}
          clearable
          searchable
          data-testid={testId}
        />
      );
    }
    case 'boolean':
      return (
        <Select
          label={field.label}
          placeholder={t('customFieldLists.any')}
          data={[
            { value: 'true', label: t('customFields.yes') },
            { value: 'false', label: t('customFields.no') },
          ]}
          value={typeof value === 'boolean' ? String(value) : null}
          onChange={(v) => onChange(v === null ? undefined : v === 'true')}
          clearable
          data-testid={testId}
        />
      );
    case 'range': {
      const money = field.type === 'money';
      const bound = (side: 'min' | 'max') => (
        <DebouncedTextInput
          label={t(`customFieldLists.${side}`, { label: field.label })}
          inputMode="decimal"
          leftSection={money ? 'R$' : undefined}
          value={shownNumber(range[side], money)}
          onChange={(text) => onChange({ ...range, [side]: typedNumber(text, money) })}
          data-testid={`${testId}-${side}`}
        />
      );
      return (
        <SimpleGrid cols={2} spacing="xs">
          {bound('min')}
          {bound('max')}
        </SimpleGrid>
      );
    }
    case 'date_range': {
      const day = (side: 'from' | 'to') => (
        <DayInput
          label={t(`customFieldLists.${side}`, { label: field.label })}
          value={typeof range[side] === 'string' ? (range[side] as string) : ''}
          onChange={(d) => onChange({ ...range, [side]: d || undefined })}
          testId={`${testId}-${side}`}
        />
      );
      return (
        <SimpleGrid cols={2} spacing="xs">
          {day('from')}
          {day('to')}
        </SimpleGrid>
      );
    }
    case 'contains':
      return (
        <DebouncedTextInput
          label={field.label}
          value={typeof value === 'string' ? value : ''}
          onChange={(text) => onChange(text.trim() || undefined)}
          data-testid={testId}
        />
      );
  }
}

/** The filter inputs of a list's custom fields, inside its filters panel; one `cf` search param holds them all. */
export function CustomFieldFilters({ fields, value, onChange }: Props) {
  const values = decodeCustomFieldFilters(value);
  return (
    <>
      {fields.map((field) => (
        <FieldFilter
          key={field.id}
          field={field}
          value={values[field.key]}
          onChange={(v) => onChange(encodeCustomFieldFilters({ ...values, [field.key]: v }))}
        />
      ))}
    </>
  );
}
