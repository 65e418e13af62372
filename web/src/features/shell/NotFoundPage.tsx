import { Button, Center, Stack, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Center mih="60vh" p="md">
      <Stack align="center">
        <Title order={1} size="h3">
          {t('notFoundPage.title')}
        </Title>
        <Button renderRoot={(props) => <Link to="/people" {...props} />}>{t('notFoundPage.back')}</Button>
      </Stack>
    </Center>
  );
}
