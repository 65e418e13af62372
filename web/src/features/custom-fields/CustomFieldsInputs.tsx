import type { CustomField } from '@funil/domain';
import {
  Checkbox,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DayInput } from '../../ui/DayInput.tsx';
import { toOptions, useUsers } from '../directory/queries.ts';
import { MoneyInput } from '../opportunities/MoneyInput.tsx';
import { bySection, type CustomDraft, customErrorMessage } from './custom-values.ts';
import type { CustomFieldsForm } from './use-custom-fields-form.ts';

/**
 * The inputs of a record's custom fields (the live ones the role fills), grouped by their form section: the one
 * form component of custom fields, fed by `useCustomFieldsForm`.
 */
export function CustomFieldsInputs({ form }: { form: CustomFieldsForm }) {
  const { t } = useTranslation();
  const { fields, drafts, onChange, errors } = form;
  const error = (field: string) => (errors[field] ? customErrorMessage(errors[field], t) : undefined);
  if (fields.length === 0) return null;
  return (
    <>
      {bySection(fields, t('customFields.section')).map(([title, list]) => (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" key={title}>
          <Title order={2} size="h4" mb="sm">
            {title}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {list.map((f) => (
              <CustomFieldInput
                key={f.key}
                field={f}
                value={drafts[f.key]}
                onChange={(v) => onChange(f.key, v)}
                error={error(`customFields.${f.key}`)}
              />
            ))}
          </SimpleGrid>
        </Paper>
      ))}
    </>
  );
}

type InputProps = {
  field: CustomField;
  value: CustomDraft | undefined;
  onChange: (value: CustomDraft) => void;
  error: string | undefined;
};

/** One field's input by its type. */
function CustomFieldInput({ field, value, onChange, error }: InputProps) {
  const { t } = useTranslation();
  const users = useUsers().data;
  const text = typeof value === 'string' ? value : '';
  const testId = `custom-field-${field.key}`;
  const common = { label: field.label, required: field.required, error, 'data-testid': testId };
  const options = (chosen: readonly string[]) =>
    field.options
      .filter((o) => !o.archived || chosen.includes(o.value))
      .map((o) => ({ value: o.value, label: o.label }));
  switch (field.type) {
    case 'boolean':
      return (
        <Checkbox
          label={field.label}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          error={error}
          data-testid={testId}
          mt="lg"
        />
      );
    case 'choice':
      return (
        <Select
          {...common}
          data={options([text])}
          value={text || null}
          onChange={(v) => onChange(v ?? '')}
          placeholder={t('customFields.choose')}
          clearable={!field.required}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'multi_choice': {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <MultiSelect
          {...common}
          data={options(chosen)}
          value={chosen}
          onChange={onChange}
          placeholder={t('customFields.choose')}
          comboboxProps={{ withinPortal: true }}
        />
      );
    }
    case 'user':
      return (
        <Select
          {...common}
          data={toOptions(users, [text])}
          value={text || null}
          onChange={(v) => onChange(v ?? '')}
          placeholder={t('customFields.chooseUser')}
          searchable
          clearable={!field.required}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'money':
      return <MoneyInput {...common} value={text} onChange={onChange} />;
    case 'date':
      return (
        <Stack gap={0}>
          <DayInput
            label={field.label}
            value={text}
            onChange={onChange}
            error={error}
            testId={testId}
            w={220}
          />
        </Stack>
      );
    case 'long_text':
      return (
        <Textarea
          {...common}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={10_000}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          type={field.type === 'email' ? 'email' : field.type === 'url' ? 'url' : 'text'}
          inputMode={field.type === 'number' ? 'decimal' : field.type === 'phone' ? 'tel' : undefined}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
          maxLength={field.type === 'url' ? 2000 : 500}
        />
      );
  }
}
