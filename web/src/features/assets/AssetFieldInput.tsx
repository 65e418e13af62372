import type { AssetFieldDefinition } from '@funil/domain';
import { Checkbox, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

type Props = {
  field: AssetFieldDefinition;
  value: string | boolean | undefined;
  error: string | undefined;
  onChange: (value: string | boolean) => void;
};

/** The input of one field of an asset type, by the field's type. */
export function AssetFieldInput({ field, value, error, onChange }: Props) {
  const { t } = useTranslation();
  const common = {
    label: field.label,
    required: field.required,
    error,
    'data-testid': `asset-field-${field.key}`,
  };
  switch (field.type) {
    case 'boolean':
      return (
        <Checkbox
          label={field.label}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          error={error}
          data-testid={`asset-field-${field.key}`}
          mt="xs"
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={field.options}
          value={typeof value === 'string' && value ? value : null}
          onChange={(v) => onChange(v ?? '')}
          placeholder={t('assets.form.choose')}
          clearable={!field.required}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'number':
      return (
        <TextInput
          {...common}
          inputMode="decimal"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          maxLength={500}
        />
      );
  }
}
