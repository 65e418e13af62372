import { Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { CountsCard } from './ActivityCountsCard.tsx';
import { useActivityDialogs } from './ActivityDialogs.tsx';
import { ActivityItem } from './ActivityItem.tsx';
import type { ActivityForm } from './form-model.ts';
import { useActivitiesInRange } from './queries.ts';

/** A person's or an opportunity's activities: counts, the list by due date, and "Nova atividade". */
export function LinkedActivities({
  link,
  defaults,
}: {
  link: { personId: string } | { opportunityId: string };
  defaults: Partial<ActivityForm>;
}) {
  const { t } = useTranslation();
  const list = useActivitiesInRange(link);
  const { onAction, create, dialogs } = useActivityDialogs();
  const now = Date.now();
  return (
    <Stack gap="md" data-testid="linked-activities">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('activities.counts.title')}
        </Title>
        <Button onClick={() => create(defaults)} data-testid="activity-add">
          {t('activities.add')}
        </Button>
      </Group>
      <CountsCard link={link} />
      {list.isPending ? (
        <Stack gap="xs">
          <Skeleton height={60} />
          <Skeleton height={60} />
        </Stack>
      ) : list.isError ? (
        <ErrorState message={t('activities.error')} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('activities.empty')}
        </Text>
      ) : (
        <Stack gap="xs">
          {list.data.items.map((a) => (
            <ActivityItem
              key={a.id}
              activity={a}
              onAction={onAction}
              overdue={a.status === 'open' && Date.parse(a.dueAt) < now}
            />
          ))}
        </Stack>
      )}
      {dialogs}
    </Stack>
  );
}
