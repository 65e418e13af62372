import { type CustomField, type CustomFieldEntity, customValueText } from '@funil/domain';
import { MultiSelect, Table, Text } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/queries.ts';
import { useDirectory } from '../directory/queries.ts';
import { customValueTextOptions } from './custom-values.ts';

/**
 * The custom fields a user chose to see as columns of a list, remembered per user and entity in this browser
 * (localStorage): a preference of the screen, not of the account. Fields no longer offered drop out.
 */
export function useCustomColumns(entity: CustomFieldEntity, fields: CustomField[]) {
  const { user } = useSession();
  const [keys, setKeys] = useLocalStorage<string[]>({
    key: `funil.columns.${entity}.${user.id}`,
    defaultValue: [],
    getInitialValueInEffect: false,
  });
  const chosen = fields.filter((f) => keys.includes(f.key));
  return { chosen, keys, setKeys };
}

/** The "Colunas" picker beside a list's filters. */
export function CustomColumnsPicker({
  fields,
  keys,
  onChange,
}: {
  fields: CustomField[];
  keys: string[];
  onChange: (keys: string[]) => void;
}) {
  const { t } = useTranslation();
  if (fields.length === 0) return null;
  return (
    <MultiSelect
      label={t('customFieldLists.columns')}
      description={t('customFieldLists.columnsHint')}
      data={fields.map((f) => ({ value: f.key, label: f.label }))}
      value={keys.filter((k) => fields.some((f) => f.key === k))}
      onChange={onChange}
      clearable
      searchable
      miw={220}
      data-testid="custom-columns"
    />
  );
}

/** A record's value of a field as the lists and the card show it (as on the record page); null when empty. */
export function useCustomValueText() {
  const { t, i18n } = useTranslation();
  const { userName } = useDirectory();
  const opts = customValueTextOptions(t, i18n.language, userName);
  return (field: CustomField, value: unknown): string | null => customValueText(field, value, opts);
}

/** The header cells of the chosen columns. */
export function CustomColumnHeaders({ fields }: { fields: CustomField[] }) {
  return (
    <>
      {fields.map((f) => (
        <Table.Th key={f.id}>{f.label}</Table.Th>
      ))}
    </>
  );
}

/** A row's cells of the chosen columns. */
export function CustomColumnCells({
  fields,
  values,
}: {
  fields: CustomField[];
  values: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  const text = useCustomValueText();
  return (
    <>
      {fields.map((f) => (
        <Table.Td key={f.id} data-testid={`cf-cell-${f.key}`}>
          <Text size="sm">{text(f, values[f.key]) ?? t('common.empty')}</Text>
        </Table.Td>
      ))}
    </>
  );
}
