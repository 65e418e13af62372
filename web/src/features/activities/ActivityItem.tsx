import type { Activity } from '@funil/domain';
import { ActionIcon, Anchor, Badge, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { businessDay, businessTime, formatDay } from './calendar.ts';

const STATUS_COLORS = { open: 'blue', done: 'green', cancelled: 'gray' } as const;

export type ActivityAction = 'edit' | 'clone' | 'complete' | 'cancel';

/** One activity: kind, title, when, who, links, outcome; its actions in a menu (keyboard-usable). */
export function ActivityItem({
  activity: a,
  onAction,
  overdue = false,
  compact = false,
}: {
  activity: Activity;
  onAction: (action: ActivityAction, a: Activity) => void;
  overdue?: boolean;
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const open = a.status === 'open';
  return (
    <Paper
      withBorder
      p={compact ? 6 : 'sm'}
      data-testid="activity-item"
      data-status={a.status}
      data-kind={a.kind}
      data-id={a.id}
      style={overdue ? { borderLeft: '4px solid var(--mantine-color-red-6)' } : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap={6} wrap="wrap">
            <Badge size="xs" variant="light">
              {t(`activities.kinds.${a.kind}`)}
            </Badge>
            {a.status !== 'open' && (
              <Badge size="xs" color={STATUS_COLORS[a.status]} data-testid="activity-status">
                {t(`activities.statuses.${a.status}`)}
              </Badge>
            )}
          </Group>
          <Text
            size="sm"
            fw={600}
            // Long words hyphenate by the page's language in the narrow calendar columns.
            style={{ overflowWrap: 'anywhere', hyphens: 'auto' }}
            td={a.status === 'cancelled' ? 'line-through' : undefined}
          >
            {a.title}
          </Text>
          <Text size="xs" c={overdue ? 'red' : 'dimmed'}>
            {/* In the week calendar the column already says the day. */}
            {compact
              ? businessTime(a.dueAt)
              : t('activities.row.due', {
                  date: formatDay(businessDay(a.dueAt), i18n.language),
                  time: businessTime(a.dueAt),
                })}
            {!compact && ` · ${t('activities.row.duration', { count: a.durationMinutes })}`}
          </Text>
          {!compact && (
            <>
              <Text size="xs" c="dimmed">
                {t('activities.row.owner', { name: a.owner.name })}
              </Text>
              {a.person && (
                <Text size="xs">
                  {t('activities.row.with', { name: '' })}
                  <Anchor
                    size="xs"
                    renderRoot={(props) => (
                      <Link to="/people/$id" params={{ id: a.person?.id ?? '' }} {...props} />
                    )}
                  >
                    {a.person.name}
                  </Anchor>
                </Text>
              )}
              {a.opportunity && (
                <Text size="xs">
                  <Anchor
                    size="xs"
                    renderRoot={(props) => (
                      <Link to="/opportunities/$id" params={{ id: a.opportunity?.id ?? '' }} {...props} />
                    )}
                  >
                    {t('activities.row.opportunity', { title: a.opportunity.title })}
                  </Anchor>
                </Text>
              )}
              {a.description && (
                <Text size="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {a.description}
                </Text>
              )}
              {a.outcome && (
                <Text size="xs" data-testid="activity-outcome-text">
                  {t('activities.row.outcome', { text: a.outcome })}
                </Text>
              )}
              {a.cancelReason && (
                <Text size="xs">{t('activities.row.cancelReason', { text: a.cancelReason })}</Text>
              )}
            </>
          )}
        </Stack>
        {a.canWrite && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                aria-label={t('activities.actions.menu')}
                data-testid="activity-menu"
              >
                ⋮
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {open && (
                <Menu.Item data-testid="activity-complete" onClick={() => onAction('complete', a)}>
                  {t('activities.actions.complete')}
                </Menu.Item>
              )}
              {open && (
                <Menu.Item data-testid="activity-edit" onClick={() => onAction('edit', a)}>
                  {t('activities.actions.edit')}
                </Menu.Item>
              )}
              <Menu.Item data-testid="activity-clone" onClick={() => onAction('clone', a)}>
                {t('activities.actions.clone')}
              </Menu.Item>
              {open && (
                <Menu.Item color="red" data-testid="activity-cancel" onClick={() => onAction('cancel', a)}>
                  {t('activities.actions.cancel')}
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
    </Paper>
  );
}
