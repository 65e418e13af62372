import { type CustomFieldEntity, type CustomFieldValues, customValueText } from '@funil/domain';
import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/queries.ts';
import { useDirectory } from '../directory/queries.ts';
import { bySection, customValueTextOptions, formFields } from './custom-values.ts';
import { useCustomFields } from './queries.ts';

/** A record's custom fields on its page, by section; empty fields show a dash. Nothing when there are none. */
export function CustomFieldsView({
  entity,
  values,
}: {
  entity: CustomFieldEntity;
  values: CustomFieldValues;
}) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const directory = useDirectory();
  const fields = formFields(useCustomFields(entity).data, user.role);
  if (fields.length === 0) return null;
  const opts = customValueTextOptions(t, i18n.language, (id) => directory.userName(id));
  return (
    <Stack gap="sm" data-testid={`custom-fields-view-${entity}`}>
      {bySection(fields, t('customFields.section')).map(([title, list]) => (
        <Paper withBorder p="md" key={title}>
          <Title order={2} size="h5" mb="xs">
            {title}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            {list.map((f) => {
              return (
                <div key={f.key} data-testid={`custom-value-${f.key}`}>
                  <Text size="xs" c="dimmed">
                    {f.label}
                  </Text>
                  <Text size="sm">{customValueText(f, values[f.key], opts) ?? '—'}</Text>
                </div>
              );
            })}
          </SimpleGrid>
        </Paper>
      ))}
    </Stack>
  );
}
