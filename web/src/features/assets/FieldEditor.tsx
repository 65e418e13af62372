import { ASSET_FIELD_TYPES, type AssetFieldType } from '@funil/domain';
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type FieldDraft, moveItem, newFieldDraft } from './field-draft.ts';

type Props = {
  fields: FieldDraft[];
  onChange: (fields: FieldDraft[]) => void;
  /** The message of a field path (`fields.0.label`), if any. */
  error: (path: string) => string | undefined;
};

const isFieldType = (v: string): v is AssetFieldType => (ASSET_FIELD_TYPES as readonly string[]).includes(v);

/** The fields of an asset type: label, type, required, options of a list; reorder and remove. */
export function FieldEditor({ fields, onChange, error }: Props) {
  const { t } = useTranslation();
  const update = (index: number, patch: Partial<FieldDraft>) =>
    onChange(fields.map((f, i) => (i === index ? { ...f, ...patch } : f)));
  return (
    <Stack gap="xs" data-testid="field-editor">
      {fields.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('assets.fieldEditor.none')}
        </Text>
      )}
      {fields.map((f, i) => (
        <Paper key={f.id} withBorder p="xs" data-testid="field-row">
          <Group align="flex-start" gap="xs" wrap="wrap">
            <TextInput
              label={t('assets.fieldEditor.label')}
              value={f.label}
              onChange={(e) => update(i, { label: e.currentTarget.value })}
              error={error(`fields.${i}.label`) ?? error(`fields.${i}.key`)}
              description={f.key ? t('assets.fieldEditor.key', { key: f.key }) : undefined}
              maxLength={80}
              required
              flex="1 1 200px"
              data-testid="field-label"
            />
            <Select
              label={t('assets.fieldEditor.type')}
              data={ASSET_FIELD_TYPES.map((type) => ({ value: type, label: t(`assets.fieldTypes.${type}`) }))}
              value={f.type}
              onChange={(v) => v && isFieldType(v) && update(i, { type: v })}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              w={170}
              data-testid="field-type"
            />
            <Checkbox
              label={t('assets.fieldEditor.required')}
              checked={f.required}
              onChange={(e) => update(i, { required: e.currentTarget.checked })}
              mt={32}
              data-testid="field-required"
            />
            <Group gap={2} mt={26}>
              <ActionIcon
                variant="subtle"
                onClick={() => onChange(moveItem(fields, i, -1))}
                disabled={i === 0}
                aria-label={t('assets.fieldEditor.moveUp')}
                title={t('assets.fieldEditor.moveUp')}
              >
                ↑
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                onClick={() => onChange(moveItem(fields, i, 1))}
                disabled={i === fields.length - 1}
                aria-label={t('assets.fieldEditor.moveDown')}
                title={t('assets.fieldEditor.moveDown')}
              >
                ↓
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                color="red"
                onClick={() => onChange(fields.filter((_, j) => j !== i))}
                aria-label={t('assets.fieldEditor.remove')}
                title={t('assets.fieldEditor.remove')}
              >
                ×
              </ActionIcon>
            </Group>
          </Group>
          {f.type === 'select' && (
            <TagsInput
              mt="xs"
              label={t('assets.fieldEditor.options')}
              description={t('assets.fieldEditor.optionsHint')}
              value={f.options}
              onChange={(options) => update(i, { options })}
              error={error(`fields.${i}.options`)}
              maxTags={50}
              data-testid="field-options"
            />
          )}
        </Paper>
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          onClick={() => onChange([...fields, newFieldDraft()])}
          data-testid="field-add"
        >
          {t('assets.fieldEditor.add')}
        </Button>
      </Group>
    </Stack>
  );
}
