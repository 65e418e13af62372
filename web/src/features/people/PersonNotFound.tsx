import { Button } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';

export function PersonNotFound() {
  const { t } = useTranslation();
  return (
    <EmptyMessage
      title={t('person.notFound')}
      hint={t('person.notFoundHint')}
      action={
        <Button variant="light" renderRoot={(props) => <Link to="/people" {...props} />}>
          {t('person.backToList')}
        </Button>
      }
    />
  );
}
