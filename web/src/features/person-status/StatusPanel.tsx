import type { PersonStatus, Temperature } from '@funil/domain';
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { can } from '../auth/can.ts';
import { useSession } from '../auth/queries.ts';
import type { Person } from '../people/types.ts';
import { ActionsMenu, type ActionsMenuProps } from './ActionsMenu.tsx';
import { TEMPERATURE_COLORS } from './actions.ts';
import { usePersonAction } from './queries.ts';
import { WalletSection } from './WalletSection.tsx';

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <div>{children}</div>
    </div>
  );
}

function Value({ value }: { value: string | null | undefined }) {
  const { t } = useTranslation();
  return value ? (
    <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
      {value}
    </Text>
  ) : (
    <Text size="sm" c="dimmed">
      {t('personStatus.notSet')}
    </Text>
  );
}

/** First and last visit done, and the next one scheduled (activities of kind visit). */
function Visits({ visits }: { visits: PersonStatus['visits'] }) {
  const { t, i18n } = useTranslation();
  const lines = (['first', 'last', 'next'] as const).flatMap((key) => {
    const at = visits[key];
    if (!at || (key === 'last' && at === visits.first)) return [];
    return [t(`personStatus.visits.${key}`, { date: formatDate(at, i18n.language) })];
  });
  if (!lines.length) return <Value value={null} />;
  return (
    <Stack gap={0}>
      {lines.map((line) => (
        <Text key={line} size="sm" fw={500}>
          {line}
        </Text>
      ))}
    </Stack>
  );
}

/** Fria (blue), Morna (orange), Quente (red); "Não definido" without one. */
export function TemperatureBadge({ temperature }: { temperature: Temperature | null }) {
  const { t } = useTranslation();
  if (!temperature) {
    return (
      <Text size="sm" c="dimmed" data-testid="temperature" data-value="">
        {t('personStatus.notSet')}
      </Text>
    );
  }
  return (
    <Badge
      color={TEMPERATURE_COLORS[temperature]}
      variant="filled"
      tt="none"
      data-testid="temperature"
      data-value={temperature}
    >
      {t(`personStatus.temperatures.${temperature}`)}
    </Badge>
  );
}

/** Lack of interest, not a client, deny list: badges under the panel's facts. */
function Flags({ status }: { status: PersonStatus }) {
  const { t } = useTranslation();
  const { disinterest, nonClient, doNotContact } = status;
  if (!disinterest && !nonClient && !doNotContact) return null;
  return (
    <Stack gap={6} mt="sm">
      <Group gap="xs" wrap="wrap">
        {disinterest && (
          <Badge color="gray" variant="light" tt="none" data-testid="flag-disinterest">
            {disinterest.reason
              ? t('personStatus.badges.disinterestReason', { reason: disinterest.reason.label })
              : t('personStatus.badges.disinterest')}
          </Badge>
        )}
        {nonClient && (
          <Badge color="dark" variant="light" tt="none" data-testid="flag-non-client">
            {t('personStatus.badges.nonClient', {
              reason: t(`personStatus.nonClientReasons.${nonClient.reason}`),
            })}
          </Badge>
        )}
        {doNotContact && (
          <Badge color="red" variant="outline" tt="none" data-testid="flag-do-not-contact">
            {t('personStatus.badges.doNotContact')}
          </Badge>
        )}
      </Group>
      {[disinterest?.note, nonClient?.note].filter(Boolean).map((note) => (
        <Text key={note} size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {t('personStatus.timeline.note', { note })}
        </Text>
      ))}
    </Stack>
  );
}

/** "Cadastro excluído" on top of an archived person's page, with "Restaurar" for administrators. */
export function ArchivedBanner({ personId, status }: { personId: string; status: PersonStatus }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const restore = usePersonAction(personId);
  if (!status.archived) return null;
  const date = formatDate(status.archived.at, i18n.language);
  return (
    <Alert color="red" variant="light" title={t('personStatus.archived.title')} data-testid="archived-banner">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm">
          {status.archived.by
            ? t('personStatus.archived.message', { date, name: status.archived.by.name })
            : t('personStatus.archived.messageNoActor', { date })}
        </Text>
        {can(user, 'restorePeople') && (
          <Button
            size="xs"
            color="red"
            variant="white"
            onClick={() => restore.mutate({ type: 'restore' })}
            loading={restore.isPending}
            data-testid="restore-person"
          >
            {t('personStatus.archived.restore')}
          </Button>
        )}
      </Group>
      {restore.isError && (
        <Text size="sm" c="red" mt="xs" role="alert">
          {problemMessage(restore.error, t)}
        </Text>
      )}
    </Alert>
  );
}

type Props = {
  person: Person;
  query: UseQueryResult<PersonStatus>;
} & Pick<ActionsMenuProps, 'onComment' | 'onViewChanges'>;

/** Objetivo, Momento / sub-momento, Temperatura and Produto de interesse, the flags, and the Ações menu. */
export function StatusPanel({ person, query, onComment, onViewChanges }: Props) {
  const { t } = useTranslation();
  const status = query.data;
  return (
    <Paper
      withBorder
      p={{ base: 'sm', sm: 'md' }}
      component="section"
      aria-labelledby="status-title"
      data-testid="status-panel"
    >
      <Group justify="space-between" gap="xs" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id="status-title">
          {t('personStatus.panelTitle')}
        </Title>
        {status && (
          <ActionsMenu person={person} status={status} onComment={onComment} onViewChanges={onViewChanges} />
        )}
      </Group>
      {query.isPending ? (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" aria-hidden>
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} height={40} />
          ))}
        </SimpleGrid>
      ) : !status ? (
        <ErrorState
          title={t('personStatus.loadError')}
          message={problemMessage(query.error, t)}
          onRetry={() => void query.refetch()}
        />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
            <Fact label={t('personStatus.fields.objective')} testId="status-objective">
              <Value value={status.objective?.label} />
            </Fact>
            <Fact
              label={`${t('personStatus.fields.moment')} / ${t('personStatus.fields.subMoment').toLowerCase()}`}
              testId="status-moment"
            >
              <Value
                value={
                  status.moment
                    ? [status.moment.label, status.subMoment?.label].filter(Boolean).join(' / ')
                    : null
                }
              />
            </Fact>
            <Fact label={t('personStatus.fields.temperature')}>
              <TemperatureBadge temperature={status.temperature} />
            </Fact>
            <Fact label={t('personStatus.fields.productOfInterest')} testId="status-product">
              <Value value={status.productOfInterest?.label} />
            </Fact>
            <Fact label={t('personStatus.fields.visits')} testId="status-visits">
              <Visits visits={status.visits} />
            </Fact>
          </SimpleGrid>
          {status.wallet && <WalletSection person={person} status={status} />}
          <Flags status={status} />
        </>
      )}
    </Paper>
  );
}
