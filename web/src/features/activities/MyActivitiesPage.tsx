import type { Activity, ActivitySort } from '@funil/domain';
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
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { ExportMenu } from '../exports/ExportMenu.tsx';
import { useActivityDialogs } from './ActivityDialogs.tsx';
import { type ActivityAction, ActivityItem } from './ActivityItem.tsx';
import {
  addDays,
  businessDay,
  DUE_GROUPS,
  type DueGroup,
  type DueRange,
  dueRanges,
  formatDay,
  placeInWeek,
  weekOf,
} from './calendar.ts';
import { useActivitiesInRange, useActivityPages } from './queries.ts';

type View = 'list' | 'week';

type OnAction = (x: ActivityAction, a: Activity) => void;

/** Overdue: the most recently missed first (still fresh to follow up); today and upcoming: soonest first. */
const GROUP_SORT: Record<DueGroup, ActivitySort> = { overdue: '-dueAt', today: 'dueAt', upcoming: 'dueAt' };

/** One group of "Minhas atividades": its own request, its real total and "Carregar mais" pages. */
function DueGroupSection({
  group,
  range,
  clock,
  onLapse,
  onAction,
}: {
  group: DueGroup;
  range: DueRange;
  clock: number;
  onLapse: () => void;
  onAction: OnAction;
}) {
  const { t } = useTranslation();
  const query = useActivityPages({ mine: true, status: 'open', ...range }, GROUP_SORT[group]);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const total = query.data?.pages[0]?.total;
  // An activity of today (or later) whose time has come belongs to overdue now: cut the groups again.
  const lapsed = range.from !== undefined && items.some((a) => Date.parse(a.dueAt) < clock);
  useEffect(() => {
    if (lapsed) onLapse();
  }, [lapsed, onLapse]);
  return (
    <Stack
      gap="xs"
      data-testid={`activities-${group}`}
      data-total={total}
      component="section"
      aria-labelledby={`group-${group}`}
      aria-busy={query.isFetching || undefined}
    >
      <Title order={2} size="h5" id={`group-${group}`} c={group === 'overdue' ? 'red' : undefined}>
        {t(`activities.groups.${group}`)}
        {total !== undefined && ` (${total})`}
      </Title>
      {query.isPending ? (
        <>
          <Skeleton height={72} />
          <Skeleton height={72} />
          <Skeleton height={72} />
        </>
      ) : query.isError && !query.data ? (
        <ErrorState message={t('activities.error')} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('activities.emptyGroup')}
        </Text>
      ) : (
        <>
          {items.map((a) => (
            <ActivityItem key={a.id} activity={a} onAction={onAction} overdue={group === 'overdue'} />
          ))}
          {query.isFetchNextPageError && (
            <ErrorState message={t('activities.error')} onRetry={() => void query.fetchNextPage()} />
          )}
          {query.hasNextPage && (
            <Button
              variant="default"
              onClick={() => void query.fetchNextPage()}
              loading={query.isFetchingNextPage}
              data-testid={`activities-${group}-more`}
            >
              {t('common.loadMore')}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}

/** A clock that ticks every minute. */
function useMinuteClock(): number {
  const [clock, setClock] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setClock(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return clock;
}

/**
 * Overdue / today / upcoming, one request each. The groups are cut at the instant the page opened and cut
 * again when São Paulo's day changes or a listed activity of today becomes past due.
 */
function DueGroups({ onAction }: { onAction: OnAction }) {
  const clock = useMinuteClock();
  const [cut, setCut] = useState(() => new Date());
  const ranges = useMemo(() => dueRanges(cut), [cut]);
  const recut = useCallback(() => setCut(new Date()), []);
  useEffect(() => {
    if (businessDay(new Date(clock)) !== businessDay(cut)) recut();
  }, [clock, cut, recut]);
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      {DUE_GROUPS.map((group) => (
        <DueGroupSection
          key={group}
          group={group}
          range={ranges[group]}
          clock={clock}
          onLapse={recut}
          onAction={onAction}
        />
      ))}
    </SimpleGrid>
  );
}

function WeekCalendar({ onAction }: { onAction: OnAction }) {
  const { t, i18n } = useTranslation();
  const [anchor, setAnchor] = useState(() => businessDay(new Date()));
  const week = weekOf(anchor, new Date());
  const list = useActivitiesInRange({ mine: true, from: week.from, to: week.to });
  const shown = list.data?.items ?? [];
  const columns = placeInWeek(week, shown);
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
      {list.data && list.data.total > shown.length && (
        <Text size="sm" c="orange" data-testid="week-truncated">
          {t('activities.week.truncated', { shown: shown.length, total: list.data.total })}
        </Text>
      )}
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
          <ExportMenu list="activities" filters={{ mine: 'true', status: 'open' }} />
          <Button onClick={() => create()} data-testid="activity-add">
            {t('activities.add')}
          </Button>
        </Group>
      </Group>
      {view === 'week' ? <WeekCalendar onAction={onAction} /> : <DueGroups onAction={onAction} />}
      {dialogs}
    </Stack>
  );
}
