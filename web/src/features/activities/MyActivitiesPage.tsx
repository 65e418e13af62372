import type { Activity } from '@funil/domain';
import {
  ActionIcon,
  Box,
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { useActivityDialogs } from './ActivityDialogs.tsx';
import { type ActivityAction, ActivityItem } from './ActivityItem.tsx';
import { addDays, businessDay, formatDay, groupByDue, placeInWeek, weekOf } from './calendar.ts';
import { useActivities } from './queries.ts';

type View = 'list' | 'week';

function Group3({
  items,
  onAction,
}: {
  items: Activity[];
  onAction: (x: ActivityAction, a: Activity) => void;
}) {
  const { t } = useTranslation();
  const groups = groupByDue(items, new Date());
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      {(['overdue', 'today', 'upcoming'] as const).map((key) => (
        <Stack
          key={key}
          gap="xs"
          data-testid={`activities-${key}`}
          component="section"
          aria-labelledby={`group-${key}`}
        >
          <Title order={2} size="h5" id={`group-${key}`} c={key === 'overdue' ? 'red' : undefined}>
            {t(`activities.groups.${key}`)} ({groups[key].length})
          </Title>
          {groups[key].length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('activities.emptyGroup')}
            </Text>
          ) : (
            groups[key].map((a) => (
              <ActivityItem key={a.id} activity={a} onAction={onAction} overdue={key === 'overdue'} />
            ))
          )}
        </Stack>
      ))}
    </SimpleGrid>
  );
}

function WeekCalendar({ onAction }: { onAction: (x: ActivityAction, a: Activity) => void }) {
  const { t, i18n } = useTranslation();
  const [anchor, setAnchor] = useState(() => businessDay(new Date()));
  const week = weekOf(anchor, new Date());
  const list = useActivities({ mine: true, from: week.from, to: week.to });
  const columns = placeInWeek(week, list.data?.items ?? []);
  const weekday = (day: string) => {
    const [y, m, d] = day.split('-').map(Number);
    return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).toLocaleDateString(i18n.language, {
      weekday: 'short',
      day: '2-digit',
      month: '2-digit',
      timeZone: 'UTC',
    });
  };
  return (
    <Stack gap="sm" data-testid="week-calendar">
      <Group gap="xs">
        <ActionIcon
          variant="default"
          aria-label={t('activities.week.previous')}
          onClick={() => setAnchor(addDays(week.start, -7))}
          data-testid="week-previous"
        >
          ‹
        </ActionIcon>
        <Button variant="default" size="xs" onClick={() => setAnchor(businessDay(new Date()))}>
          {t('activities.week.today')}
        </Button>
        <ActionIcon
          variant="default"
          aria-label={t('activities.week.next')}
          onClick={() => setAnchor(addDays(week.start, 7))}
          data-testid="week-next"
        >
          ›
        </ActionIcon>
        <Text size="sm" fw={600} data-testid="week-range">
          {t('activities.week.range', {
            from: formatDay(week.start, i18n.language),
            to: formatDay(addDays(week.start, 6), i18n.language),
          })}
        </Text>
      </Group>
      {list.isError ? (
        <ErrorState message={t('activities.error')} onRetry={() => void list.refetch()} />
      ) : (
        <Box style={{ overflowX: 'auto' }}>
          <SimpleGrid cols={7} spacing={4} miw={840}>
            {week.days.map((d) => (
              <Paper
                key={d.day}
                withBorder
                p={4}
                mih={160}
                data-testid="week-day"
                data-day={d.day}
                data-today={d.isToday || undefined}
                bg={d.isToday ? 'var(--mantine-color-blue-light)' : undefined}
              >
                <Text size="xs" fw={700} ta="center" mb={4} c={d.isToday ? 'blue' : undefined}>
                  {weekday(d.day)}
                </Text>
                {list.isPending ? (
                  <Skeleton height={40} />
                ) : (
                  <Stack gap={4}>
                    {(columns.get(d.day) ?? []).map((a) => (
                      <ActivityItem key={a.id} activity={a} onAction={onAction} compact />
                    ))}
                  </Stack>
                )}
              </Paper>
            ))}
          </SimpleGrid>
        </Box>
      )}
    </Stack>
  );
}

/** Minhas atividades: the user's open activities (overdue, today, upcoming) or their week as a calendar. */
export function MyActivitiesPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('activities.title')} · Funil`);
  const [view, setView] = useState<View>('list');
  const open = useActivities({ mine: true, status: 'open' }, view === 'list');
  const { onAction, create, dialogs } = useActivityDialogs();
  return (
    <Stack maw={1200} mx="auto" gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('activities.title')}
        </Title>
        <Group>
          <SegmentedControl
            value={view}
            onChange={(v) => setView(v as View)}
            data={[
              { value: 'list', label: t('activities.views.list') },
              { value: 'week', label: t('activities.views.week') },
            ]}
            data-testid="activities-view"
          />
          <Button onClick={() => create()} data-testid="activity-add">
            {t('activities.add')}
          </Button>
        </Group>
      </Group>
      {view === 'week' ? (
        <WeekCalendar onAction={onAction} />
      ) : open.isPending ? (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Skeleton height={120} />
          <Skeleton height={120} />
          <Skeleton height={120} />
        </SimpleGrid>
      ) : open.isError ? (
        <ErrorState message={t('activities.error')} onRetry={() => void open.refetch()} />
      ) : (
        <Group3 items={open.data.items} onAction={onAction} />
      )}
      {dialogs}
    </Stack>
  );
}
