import { Button } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';

/** 404: the opportunity does not exist or the user may not see it (the API does not tell them apart). */
export function OpportunityNotFound() {
  const { t } = useTranslation();
  return (
    <EmptyMessage
      title={t('opportunity.notFound')}
      hint={t('opportunity.notFoundHint')}
      action={
        <Button variant="light" renderRoot={(props) => <Link to="/pipelines" {...props} />}>
          {t('opportunity.backToFunnels')}
        </Button>
      }
    />
  );
}
