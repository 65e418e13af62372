import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

type Props = { onReload: () => void; reloading?: boolean | undefined };

/** A save refused because someone else changed the record first (412): say so and offer to reload it. */
export function StaleVersionAlert({ onReload, reloading }: Props) {
  const { t } = useTranslation();
  return (
    <Alert
      color="yellow"
      variant="light"
      title={t('common.staleTitle')}
      role="alert"
      data-testid="stale-version-alert"
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm">{t('common.staleMessage')}</Text>
        <Button
          size="xs"
          variant="white"
          color="yellow"
          onClick={onReload}
          loading={reloading}
          data-testid="stale-version-reload"
        >
          {t('common.reload')}
        </Button>
      </Group>
    </Alert>
  );
}
