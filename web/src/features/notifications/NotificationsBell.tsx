import {
  ACTIVITY_KINDS,
  type ActivityReminderData,
  type ContactAlarmData,
  type LeadReclaimedData,
} from '@funil/domain';
import { ActionIcon, Anchor, Indicator, Popover, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { businessDay, businessTime, formatDay } from '../activities/calendar.ts';
import {
  type Notification,
  type RottingData,
  useMarkRead,
  useNotifications,
  type WebhookDisabledData,
} from './queries.ts';
import { useInboxRealtime } from './useInboxRealtime.ts';

const SHOWN = 5;

function RottingItem({ n }: { n: Notification }) {
  const { t } = useTranslation();
  const data = n.data as RottingData;
  return (
    <Stack gap={4} data-testid="notification" data-kind={n.kind}>
      <Text size="sm" fw={n.readAt ? 400 : 700}>
        {t('notifications.rotting', { count: data.count })}
      </Text>
      {data.opportunities.slice(0, SHOWN).map((o) => (
        <Anchor
          key={o.id}
          size="sm"
          renderRoot={(props) => <Link to="/opportunities/$id" params={{ id: o.id }} {...props} />}
        >
          {o.title}
        </Anchor>
      ))}
      {data.opportunities.length > SHOWN && (
        <Text size="xs" c="dimmed">
          {t('notifications.more', { count: data.opportunities.length - SHOWN })}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        <RelativeTime iso={n.createdAt} />
      </Text>
    </Stack>
  );
}

/** An activity's reminder: what, when, and a link to the person or opportunity it is about. */
function ReminderItem({ n }: { n: Notification }) {
  const { t, i18n } = useTranslation();
  const data = n.data as Partial<ActivityReminderData>;
  const kind = ACTIVITY_KINDS.find((k) => k === data.kind);
  const label = t('notifications.reminder', {
    kind: kind ? t(`activities.kinds.${kind}`) : '',
    title: data.title ?? '',
  });
  const link = data.personId
    ? { to: '/people/$id' as const, id: data.personId }
    : data.opportunityId
      ? { to: '/opportunities/$id' as const, id: data.opportunityId }
      : null;
  return (
    <Stack gap={4} data-testid="notification" data-kind={n.kind} data-activity={data.activityId}>
      {link ? (
        <Anchor
          size="sm"
          fw={n.readAt ? 400 : 700}
          renderRoot={(props) => <Link to={link.to} params={{ id: link.id }} {...props} />}
        >
          {label}
        </Anchor>
      ) : (
        <Text size="sm" fw={n.readAt ? 400 : 700}>
          {label}
        </Text>
      )}
      {data.dueAt && (
        <Text size="xs">
          {t('notifications.reminderWhen', {
            date: formatDay(businessDay(data.dueAt), i18n.language),
            time: businessTime(data.dueAt),
          })}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        <RelativeTime iso={n.createdAt} />
      </Text>
    </Stack>
  );
}

/** A webhook subscription switched off: why, which URL, and a link to the Webhooks page to reactivate it. */
function WebhookDisabledItem({ n }: { n: Notification }) {
  const { t } = useTranslation();
  const data = n.data as Partial<WebhookDisabledData>;
  const reason =
    data.reason === 'gone'
      ? t('notifications.webhookDisabledGone')
      : data.reason === 'failures'
        ? t('notifications.webhookDisabledFailures')
        : '';
  return (
    <Stack gap={4} data-testid="notification" data-kind={n.kind}>
      <Anchor
        size="sm"
        fw={n.readAt ? 400 : 700}
        renderRoot={(props) => <Link to="/admin/webhooks" {...props} />}
      >
        {t('notifications.webhookDisabled', { reason })}
      </Anchor>
      {data.url && (
        <Text size="xs" style={{ wordBreak: 'break-all' }}>
          {t('notifications.webhookDisabledHint', { url: data.url })}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        <RelativeTime iso={n.createdAt} />
      </Text>
    </Stack>
  );
}

/** A return's alarm (Receptivos e Ativos): whom to call back and the next action, a link to the person. */
function ContactAlarmItem({ n }: { n: Notification }) {
  const { t } = useTranslation();
  const data = n.data as Partial<ContactAlarmData>;
  return (
    <Stack gap={4} data-testid="notification" data-kind={n.kind} data-person={data.personId}>
      {data.personId && (
        <Anchor
          size="sm"
          fw={n.readAt ? 400 : 700}
          renderRoot={(props) => <Link to="/people/$id" params={{ id: data.personId ?? '' }} {...props} />}
        >
          {t('callcenter.bell.alarm', { name: data.personName ?? '' })}
        </Anchor>
      )}
      {data.nextAction && <Text size="xs">{t('callcenter.bell.alarmNext', { text: data.nextAction })}</Text>}
      <Text size="xs" c="dimmed">
        <RelativeTime iso={n.createdAt} />
      </Text>
    </Stack>
  );
}

/** A data-subject request (LGPD) assigned to the user, or near its deadline: a link to its page. */
function PrivacyRequestItem({ n }: { n: Notification }) {
  const { t, i18n } = useTranslation();
  const data = n.data as Partial<{ requestId: string; number: number; deadlineAt: string }>;
  const date = data.deadlineAt
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeZone: 'America/Sao_Paulo' }).format(
        new Date(data.deadlineAt),
      )
    : '';
  const key = n.kind === 'privacy_request_due' ? 'due' : 'assigned';
  return (
    <Stack gap={4} data-testid="notification" data-kind={n.kind} data-request={data.requestId}>
      {data.requestId && (
        <Anchor
          size="sm"
          fw={n.readAt ? 400 : 700}
          renderRoot={(props) => (
            <Link to="/admin/privacy/requests/$id" params={{ id: data.requestId ?? '' }} {...props} />
          )}
        >
          {t(`privacyRequests.notifications.${key}`, { number: data.number ?? '', date })}
        </Anchor>
      )}
      <Text size="xs" c="dimmed">
        <RelativeTime iso={n.createdAt} />
      </Text>
    </Stack>
  );
}

/** The roleta took a lead back from a broker after the SLA: which, from whom, to whom, a link to it. */
function LeadReclaimedItem({ n }: { n: Notification }) {
  const { t } = useTranslation();
  const data = n.data as Partial<LeadReclaimedData>;
  return (
    <Stack gap={4} data-testid="notification" data-kind={n.kind} data-opportunity={data.opportunityId}>
      {data.opportunityId && (
        <Anchor
          size="sm"
          fw={n.readAt ? 400 : 700}
          renderRoot={(props) => (
            <Link to="/opportunities/$id" params={{ id: data.opportunityId ?? '' }} {...props} />
          )}
        >
          {t('distribution.bell.reclaimed', {
            title: data.title ?? '',
            from: data.fromUserName ?? '',
            minutes: data.slaMinutes ?? '',
          })}
        </Anchor>
      )}
      <Text size="xs">
        {data.toUserName
          ? t('distribution.bell.reclaimedTo', { to: data.toUserName, rule: data.ruleName ?? '' })
          : t('distribution.bell.reclaimedNobody', { rule: data.ruleName ?? '' })}
      </Text>
      <Text size="xs" c="dimmed">
        <RelativeTime iso={n.createdAt} />
      </Text>
    </Stack>
  );
}

/** The bell in the header: unread count, and the list (marked read when opened). */
export function NotificationsBell() {
  const { t } = useTranslation();
  const { data, isError } = useNotifications();
  useInboxRealtime();
  const markRead = useMarkRead();
  const unread = data?.unread ?? 0;
  const [opened, setOpened] = useState(false);
  const toggle = () => {
    if (!opened) {
      const ids = data?.items.filter((n) => !n.readAt).map((n) => n.id) ?? [];
      if (ids.length) markRead.mutate(ids);
    }
    setOpened(!opened);
  };
  return (
    <Popover width={320} position="bottom-end" shadow="md" opened={opened} onChange={setOpened}>
      {/* The button itself is the target: it carries aria-expanded/aria-controls, not the badge around it. */}
      <Indicator label={unread} size={16} disabled={unread === 0} offset={4}>
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={
              unread
                ? `${t('notifications.open')} (${t('notifications.unread', { count: unread })})`
                : t('notifications.open')
            }
            data-testid="notifications-bell"
            onClick={toggle}
          >
            <svg
              width="20"
              height="20"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              aria-hidden="true"
            >
              <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
              <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
            </svg>
          </ActionIcon>
        </Popover.Target>
      </Indicator>
      {/* Following a notification's link closes the list (it would cover the page it leads to). */}
      <Popover.Dropdown
        onClickCapture={(e) => {
          if ((e.target as HTMLElement).closest('a')) setOpened(false);
        }}
      >
        <Stack gap="md" mah={420} style={{ overflowY: 'auto' }}>
          {isError && <Text size="sm">{t('notifications.error')}</Text>}
          {data && data.items.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('notifications.empty')}
            </Text>
          )}
          {data?.items.map((n) =>
            n.kind === 'rotting_opportunities' ? (
              <RottingItem key={n.id} n={n} />
            ) : n.kind === 'activity_reminder' ? (
              <ReminderItem key={n.id} n={n} />
            ) : n.kind === 'webhook_disabled' ? (
              <WebhookDisabledItem key={n.id} n={n} />
            ) : n.kind === 'lead_reclaimed' ? (
              <LeadReclaimedItem key={n.id} n={n} />
            ) : n.kind === 'contact_alarm' ? (
              <ContactAlarmItem key={n.id} n={n} />
            ) : n.kind === 'privacy_request_assigned' || n.kind === 'privacy_request_due' ? (
              <PrivacyRequestItem key={n.id} n={n} />
            ) : null,
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
