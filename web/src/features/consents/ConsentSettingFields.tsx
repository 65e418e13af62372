import { type ConsentSetting, LEGAL_BASES, type LegalBasis } from '@funil/domain';
import { Group, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useConsentPurposes } from './queries.ts';

type Props = {
  value: ConsentSetting | null;
  onChange: (value: ConsentSetting | null) => void;
  error?: string | undefined;
};

/**
 * The purpose + legal basis a lead source or an import records for every person it creates or updates
 * ("Não registrar": none). Used on the lead source form and the import wizard.
 */
export function ConsentSettingFields({ value, onChange, error }: Props) {
  const { t } = useTranslation();
  const purposes = useConsentPurposes();
  const NONE = '';
  return (
    <Stack gap={4} data-testid="consent-setting">
      <Text size="sm" fw={500}>
        {t('consents.setting.title')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('consents.setting.hint')}
      </Text>
      <Group grow align="flex-start">
        <Select
          label={t('consents.setting.purpose')}
          data={[
            { value: NONE, label: t('consents.setting.none') },
            ...(purposes.data ?? []).map((p) => ({ value: p.id, label: p.name })),
          ]}
          value={value?.purposeId ?? NONE}
          onChange={(id) =>
            onChange(id ? { purposeId: id, legalBasis: value?.legalBasis ?? 'consent' } : null)
          }
          allowDeselect={false}
          error={error}
          data-testid="consent-setting-purpose"
        />
        <Select
          label={t('consents.setting.basis')}
          data={LEGAL_BASES.map((b) => ({ value: b, label: t(`consents.bases.${b}`) }))}
          value={value?.legalBasis ?? 'consent'}
          onChange={(b) => value && b && onChange({ ...value, legalBasis: b as LegalBasis })}
          disabled={!value}
          allowDeselect={false}
          data-testid="consent-setting-basis"
        />
      </Group>
    </Stack>
  );
}
