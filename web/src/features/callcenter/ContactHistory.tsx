import { Button, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { useContactHistory } from './queries.ts';

/** Every contact with the selected person, newest first (calls, messages, e-mails: outcome, who, when, duration). */
export function ContactHistory({ personId }: { personId: string | null }) {
  const { t, i18n } = useTranslation();
  const history = useContactHistory(personId);
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Paper withBorder p="md" data-testid="desk-history">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('callcenter.history.title')}
        </Title>
        {!personId && (
          <Text size="sm" c="dimmed">
            {t('callcenter.history.pick')}
          </Text>
        )}
        {personId && history.isPending && <Skeleton h={60} />}
        {history.isError && (
          <Text size="sm" c="red" role="alert">
            {t('callcenter.history.error')}
          </Text>
        )}
        {personId && history.isSuccess && items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('callcenter.history.empty')}
          </Text>
        )}
        {items.map((a) => (
          <Stack key={a.id} gap={2} data-testid="desk-history-item" data-outcome={a.outcome}>
            <Text size="sm" fw={600}>
              {t('callcenter.history.line', {
                direction: t(`callcenter.directions.${a.direction}`),
                channel: t(`callcenter.channels.${a.channel}`),
                outcome: t(`callcenter.outcomes.${a.outcome}`),
              })}
              {a.durationSeconds !== null &&
                ` · ${t('callcenter.history.duration', { seconds: a.durationSeconds })}`}
            </Text>
            {a.summary && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {a.summary}
              </Text>
            )}
            {a.nextAction && (
              <Text size="sm" c="dimmed">
                {t('callcenter.history.next', { text: a.nextAction })}
              </Text>
            )}
            {a.alarmAt && (
              <Text size="sm" c="dimmed">
                {t('callcenter.history.alarm', {
                  when: new Date(a.alarmAt).toLocaleString(i18n.language),
                })}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              <RelativeTime iso={a.createdAt} />
              {a.user && ` · ${t('callcenter.history.by', { name: a.user.name })}`}
            </Text>
          </Stack>
        ))}
        {history.hasNextPage && (
          <Button
            variant="subtle"
            onClick={() => void history.fetchNextPage()}
            loading={history.isFetchingNextPage}
          >
            {t('callcenter.history.more')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
