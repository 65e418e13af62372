import { Alert, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PersonAccessLogSection } from '../access-log/PersonAccessLogSection.tsx';
import { AnonymizationSection } from '../anonymization/AnonymizationSection.tsx';
import { PersonConsentsSection } from '../consents/PersonConsentsSection.tsx';
import { PersonRequestsSection } from '../privacy-requests/PersonRequestsSection.tsx';
import { usePrivacySettings } from '../workspace-settings/queries.ts';

/** Who answers for this person's data: the Encarregado named in Administração › Privacidade. */
function DpoNotice() {
  const { t } = useTranslation();
  const query = usePrivacySettings();
  if (query.isPending) return <Skeleton height={48} />;
  if (query.isError) return null;
  const { dpoName, dpoEmail, dpoPhone } = query.data;
  if (!dpoName) {
    return (
      <Alert color="yellow" variant="light" data-testid="person-lgpd-no-dpo">
        {t('privacy.tab.noDpo')}
      </Alert>
    );
  }
  const contact = [dpoEmail, dpoPhone].filter(Boolean).join(' · ');
  return (
    <Paper withBorder p="sm" data-testid="person-lgpd-dpo">
      <Text size="sm">{t('privacy.tab.dpo', { name: dpoName })}</Text>
      {contact && (
        <Text size="sm" c="dimmed">
          {t('privacy.tab.dpoContact', { contact })}
        </Text>
      )}
    </Paper>
  );
}

/** The person page's LGPD tab: the Encarregado, then each privacy section about this person. */
export function PersonPrivacyTab({ personId }: { personId: string }) {
  return (
    <Stack gap="md" data-testid="person-lgpd">
      <DpoNotice />
      <PersonConsentsSection personId={personId} />
      <PersonRequestsSection personId={personId} />
      <PersonAccessLogSection personId={personId} />
      <AnonymizationSection personId={personId} />
    </Stack>
  );
}
