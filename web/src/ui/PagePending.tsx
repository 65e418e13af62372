import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What a page shows while its code or first data is on the way. */
export function PagePending() {
  const { t } = useTranslation();
  return (
    <Center mih={200} role="status" aria-label={t('common.loading')}>
      <Loader size="md" />
    </Center>
  );
}
