import { BUSINESS_TIME_ZONE } from '@funil/domain';
import { Anchor, Button, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';
import { can } from '../auth/can.ts';
import { useSession } from '../auth/queries.ts';
import { usePrivacyRequests } from './queries.ts';
import { RegisterRequestModal } from './RegisterRequestModal.tsx';
import { AnswerFileLinks } from './RequestDetailPage.tsx';
import { RequestStatusBadges } from './RequestsPage.tsx';

/** The person's LGPD tab: their data-subject requests (status, deadline, answer files) and "Registrar solicitação". */
export function PersonRequestsSection({ personId }: { personId: string }) {
  const { user } = useSession();
  if (!can(user, 'managePrivacy')) return null;
  return <Section personId={personId} />;
}

function Section({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const query = usePrivacyRequests({ personId });
  const [registering, setRegistering] = useState(false);
  return (
    <Paper withBorder p="md" data-testid="person-privacy-requests">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('privacyRequests.section.title')}</Title>
          <Button
            size="xs"
            onClick={() => setRegistering(true)}
            data-testid="person-privacy-request-register"
          >
            {t('privacyRequests.register')}
          </Button>
        </Group>
        {query.isPending ? (
          <Skeleton height={60} />
        ) : query.isError ? (
          <Text size="sm" c="red">
            {t('privacyRequests.loadError')}
          </Text>
        ) : query.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('privacyRequests.section.empty')}
          </Text>
        ) : (
          <Table>
            <Table.Tbody>
              {query.data.items.map((r) => (
                <Table.Tr key={r.id} data-testid="person-privacy-request" data-id={r.id}>
                  <Table.Td>
                    <Anchor
                      renderRoot={(props) => (
                        <Link to="/admin/privacy/requests/$id" params={{ id: r.id }} {...props} />
                      )}
                    >
                      {t('privacyRequests.detail.title', { number: r.number })}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`privacyRequests.kinds.${r.kind}`)}</Table.Td>
                  <Table.Td>
                    {t('privacyRequests.columns.deadline')}:{' '}
                    {formatDate(r.deadlineAt, i18n.language, BUSINESS_TIME_ZONE)}
                  </Table.Td>
                  <Table.Td>
                    <RequestStatusBadges request={r} />
                  </Table.Td>
                  <Table.Td>
                    <AnswerFileLinks request={r} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {registering && (
        <RegisterRequestModal opened personId={personId} onClose={() => setRegistering(false)} />
      )}
    </Paper>
  );
}
