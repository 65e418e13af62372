import type { DialerCall, DialerSession, DialerSkipReason } from '@funil/domain';
import { Alert, Badge, Button, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { useDialerAction } from './dialer-queries.ts';

type Props = {
  session: DialerSession | null | undefined;
  loading: boolean;
  /** Why turning the dialer on failed (outside the calling hours, another session…). */
  startError: unknown;
  onOpenPerson: (personId: string) => void;
};

/** What the attendant sees of a call: dialing, ringing, talking, waiting for the return, or how it ended. */
export function callStateKey(
  call: DialerCall,
): 'placing' | 'ringing' | 'ending' | 'talking' | 'waiting' | 'ended' {
  if (call.status === 'placing') return 'placing';
  if (call.status === 'ringing') return 'ringing';
  if (call.status === 'answered') return call.wrappedUpAt ? 'ending' : 'talking';
  if (call.outcome === 'answered' && !call.wrappedUpAt) return 'waiting';
  return 'ended';
}

const STATUS_COLOR: Record<DialerSession['status'], string> = {
  running: 'green',
  paused: 'yellow',
  stopped: 'gray',
  finished: 'blue',
  failed: 'red',
};

/** Aba Discador: the session's progress, the call in progress, pause / resume / stop and the latest calls. */
export function DialerPanel({ session, loading, startError, onOpenPerson }: Props) {
  const { t, i18n } = useTranslation();
  const action = useDialerAction();
  const [stopping, setStopping] = useState(false);

  const startProblem = startError ? (
    <Alert color="red" role="alert" data-testid="dialer-start-error">
      {isApiError(startError) && startError.code === 'outside-calling-hours'
        ? startError.detail
          ? t('callcenter.dialer.outsideHoursUntil', {
              when: formatDateTime(startError.detail, i18n.language),
            })
          : t('callcenter.dialer.outsideHours')
        : problemMessage(startError, t)}
    </Alert>
  ) : null;

  if (!session) {
    return (
      <Stack>
        {startProblem}
        <Text c="dimmed" data-testid="dialer-empty">
          {loading ? t('callcenter.dialer.loading') : t('callcenter.dialer.empty')}
        </Text>
      </Stack>
    );
  }

  const done = session.called + session.skipped;
  const active = session.status === 'running' || session.status === 'paused';
  const current = session.current;
  const run = (a: 'pause' | 'resume' | 'stop') => action.mutate({ id: session.id, action: a });

  return (
    <Stack data-testid="dialer-panel">
      {startProblem}
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <Group gap="xs">
              <Title order={3} size="h5">
                {t('callcenter.dialer.title')}
              </Title>
              <Badge color={STATUS_COLOR[session.status]} data-testid="dialer-status">
                {t(`callcenter.dialer.status.${session.status}`)}
              </Badge>
            </Group>
            <Group gap="xs">
              {session.status === 'running' && (
                <Button
                  variant="default"
                  onClick={() => run('pause')}
                  loading={action.isPending}
                  data-testid="dialer-pause"
                >
                  {t('callcenter.dialer.pause')}
                </Button>
              )}
              {(session.status === 'paused' || session.status === 'stopped' || session.status === 'failed') &&
                session.pending > 0 && (
                  <Button
                    onClick={() => run('resume')}
                    loading={action.isPending}
                    data-testid="dialer-resume"
                  >
                    {t('callcenter.dialer.resume')}
                  </Button>
                )}
              {active && (
                <Button
                  variant="subtle"
                  color="red"
                  onClick={() => setStopping(true)}
                  data-testid="dialer-stop"
                >
                  {t('callcenter.dialer.stop')}
                </Button>
              )}
            </Group>
          </Group>
          <Progress
            value={session.total ? (done / session.total) * 100 : 0}
            aria-label={t('callcenter.dialer.progressLabel')}
            data-testid="dialer-progress"
          />
          <Text size="sm" data-testid="dialer-counts">
            {t('callcenter.dialer.counts', {
              done,
              total: session.total,
              called: session.called,
              skipped: session.skipped,
            })}
          </Text>
          {session.error && (
            <Alert color="red" role="alert">
              {t('callcenter.dialer.failed', { error: session.error })}
            </Alert>
          )}
          {action.error && (
            <Alert color="red" role="alert">
              {problemMessage(action.error, t)}
            </Alert>
          )}
          {session.shortCalls.warn && (
            <Alert color="orange" role="alert" data-testid="dialer-short-calls">
              {t('callcenter.dialer.shortCalls', { percent: session.shortCalls.percent })}
            </Alert>
          )}
          {Object.keys(session.skips).length > 0 && (
            <Group gap="xs" data-testid="dialer-skips">
              {(Object.entries(session.skips) as [DialerSkipReason, number][]).map(([reason, n]) => (
                <Badge key={reason} variant="light" color="gray">
                  {t(`callcenter.dialer.skip.${reason}`, { count: n })}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
      </Paper>
      {current && (
        <Paper withBorder p="md" data-testid="dialer-current">
          <Group justify="space-between">
            <Stack gap={2}>
              <Text fw={600}>{current.personName}</Text>
              <Text size="sm" c="dimmed">
                {current.phone}
              </Text>
            </Stack>
            <Group gap="xs">
              <Badge size="lg" data-testid="dialer-call-state">
                {t(`callcenter.dialer.call.${callStateKey(current)}`)}
              </Badge>
              {current.answeredBy === 'human' && !current.wrappedUpAt && (
                <Button onClick={() => onOpenPerson(current.personId)} data-testid="dialer-open-person">
                  {t('callcenter.dialer.openReturn')}
                </Button>
              )}
            </Group>
          </Group>
        </Paper>
      )}
      {session.recent.length > 0 && (
        <Paper withBorder p="md">
          <Title order={3} size="h6" mb="xs">
            {t('callcenter.dialer.recent')}
          </Title>
          <Table.ScrollContainer minWidth={520}>
            <Table striped data-testid="dialer-recent">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('callcenter.dialer.columns.person')}</Table.Th>
                  <Table.Th>{t('callcenter.dialer.columns.phone')}</Table.Th>
                  <Table.Th>{t('callcenter.dialer.columns.outcome')}</Table.Th>
                  <Table.Th>{t('callcenter.dialer.columns.duration')}</Table.Th>
                  <Table.Th>{t('callcenter.dialer.columns.at')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {session.recent.map((c) => (
                  <Table.Tr key={c.id} data-testid="dialer-recent-row">
                    <Table.Td>{c.personName}</Table.Td>
                    <Table.Td>{c.phone}</Table.Td>
                    <Table.Td>
                      {c.outcome
                        ? t(`callcenter.outcomes.${c.outcome}`)
                        : t(`callcenter.dialer.call.${callStateKey(c)}`)}
                    </Table.Td>
                    <Table.Td>{c.durationSeconds === null ? '—' : `${c.durationSeconds} s`}</Table.Td>
                    <Table.Td>{formatDateTime(c.createdAt, i18n.language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <ConfirmModal
        opened={stopping}
        title={t('callcenter.dialer.stopTitle')}
        message={t('callcenter.dialer.stopMessage', { pending: session.pending })}
        confirmLabel={t('callcenter.dialer.stop')}
        loading={action.isPending}
        onClose={() => setStopping(false)}
        onConfirm={() => {
          run('stop');
          setStopping(false);
        }}
      />
    </Stack>
  );
}
