import type { OpportunityCard } from '@funil/domain';
import { Badge, Group, Text, VisuallyHidden } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { businessDay } from '../activities/calendar.ts';
import { type NextActivityView, nextActivityView, shortDay } from './next-activity.ts';

/** "Hoje, 14:30", "Amanhã, 09:00" or "12/05, 10:00" (São Paulo time). */
function dueText(view: Extract<NextActivityView, { state: 'scheduled' }>, t: TFunction, locale: string) {
  if (view.when === 'today') return t('board.card.dueToday', { time: view.time });
  if (view.when === 'tomorrow') return t('board.card.dueTomorrow', { time: view.time });
  return t('board.card.dueAt', {
    date: shortDay(view.day, businessDay(new Date()), locale),
    time: view.time,
  });
}

/**
 * The card's next activity on one line: kind, title (cut to fit) and due time, red when overdue; a discreet
 * warning when an open card has nothing scheduled.
 */
export function NextActivityLine({ card }: { card: OpportunityCard }) {
  const { t, i18n } = useTranslation();
  const view = nextActivityView(card, new Date());
  if (!view) return null;
  if (view.state === 'none' || !card.nextActivity) {
    return (
      <Text size="xs" c="orange" title={t('board.card.noActivityHint')} data-testid="card-no-activity">
        {t('board.card.noActivity')}
      </Text>
    );
  }
  const a = card.nextActivity;
  return (
    <Group
      gap={6}
      wrap="nowrap"
      data-testid="card-next-activity"
      data-activity-id={a.id}
      data-kind={a.kind}
      data-overdue={view.overdue ? 'true' : 'false'}
      title={`${view.overdue ? t('board.card.nextActivityOverdue') : t('board.card.nextActivity')}: ${a.title}`}
      style={{ minWidth: 0 }}
    >
      {/* The card is named by its content: a screen reader hears "Atividade atrasada:", not just a red colour. */}
      <VisuallyHidden>
        {view.overdue ? t('board.card.nextActivityOverdue') : t('board.card.nextActivity')}:{' '}
      </VisuallyHidden>
      <Badge size="xs" variant="light" color={view.overdue ? 'red' : 'blue'} tt="none" flex="none">
        {t(`activities.kinds.${a.kind}`)}
      </Badge>
      <Text size="xs" truncate="end" style={{ minWidth: 0, flex: 1 }} c={view.overdue ? 'red' : undefined}>
        {a.title}
      </Text>
      <Text
        size="xs"
        flex="none"
        fw={view.overdue ? 600 : undefined}
        c={view.overdue ? 'red' : 'dimmed'}
        style={{ whiteSpace: 'nowrap' }}
        data-testid="card-next-activity-due"
      >
        {dueText(view, t, i18n.language)}
      </Text>
    </Group>
  );
}
