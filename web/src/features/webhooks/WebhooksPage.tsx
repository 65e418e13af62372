import { BUSINESS_TIME_ZONE, type WebhookSubscription } from '@funil/domain';
import { Anchor, Badge, Box, Button, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useToast } from '../../ui/Toast.tsx';
import { RowActions } from '../admin/shared.tsx';
import {
  useDeleteWebhookSubscription,
  useUpdateWebhookSubscription,
  useWebhookSubscriptions,
} from './queries.ts';
import { WebhookFormModal } from './WebhookFormModal.tsx';
import { eventKey } from './webhook-model.ts';

/** Active, or disabled with why (the target answered 410 / too many failures) and since when. */
function SubscriptionStatus({ s }: { s: WebhookSubscription }) {
  const { t, i18n } = useTranslation();
  if (s.active) {
    return (
      <Stack gap={2}>
        <Badge color="green" variant="light">
          {t('webhooks.statuses.active')}
        </Badge>
        {s.consecutiveFailures > 0 && (
          <Text size="xs" c="orange">
            {t('webhooks.failures', { count: s.consecutiveFailures })}
          </Text>
        )}
      </Stack>
    );
  }
  return (
    <Stack gap={2}>
      <Badge color={s.disabledReason ? 'red' : 'gray'} variant="light">
        {t('webhooks.statuses.inactive')}
      </Badge>
      {s.disabledReason && (
        <Text size="xs" c="red" data-testid="webhook-disabled-reason">
          {t(`webhooks.disabledReasons.${s.disabledReason}`)}
        </Text>
      )}
      {s.disabledAt && (
        <Text size="xs" c="dimmed">
          {t('webhooks.disabledSince', {
            date: formatDateTime(s.disabledAt, i18n.language, BUSINESS_TIME_ZONE),
          })}
        </Text>
      )}
    </Stack>
  );
}

/** Admin page "Webhooks": subscriptions (URL, events, status, who made them), create / edit / reactivate / delete. */
export function WebhooksPage() {
  const { t, i18n } = useTranslation();
  const query = useWebhookSubscriptions();
  const update = useUpdateWebhookSubscription();
  const remove = useDeleteWebhookSubscription();
  const { show, toast } = useToast();
  const [editing, setEditing] = useState<{ record: WebhookSubscription | null } | null>(null);
  const [removing, setRemoving] = useState<WebhookSubscription | null>(null);

  const reactivate = (s: WebhookSubscription) =>
    update.mutate(
      { id: s.id, active: true },
      {
        onSuccess: () => show(t('webhooks.reactivated')),
        onError: (error) => show(problemMessage(error, t), 'red'),
      },
    );

  return (
    <Box maw={1200} mx="auto">
      <PageHeader
        title={t('webhooks.title')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('webhooks.subtitle')}
          </Text>
        }
      >
        <Button
          variant="default"
          renderRoot={(props) => <Link to="/admin/deliveries" {...props} />}
          data-testid="webhooks-deliveries"
        >
          {t('webhooks.viewDeliveries')}
        </Button>
        <Button onClick={() => setEditing({ record: null })} data-testid="webhook-new">
          {t('webhooks.new')}
        </Button>
      </PageHeader>
      {query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : query.data.length === 0 ? (
        <EmptyMessage title={t('webhooks.empty')} hint={t('webhooks.emptyHint')} />
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('webhooks.columns.url')}</Table.Th>
                <Table.Th>{t('webhooks.columns.events')}</Table.Th>
                <Table.Th>{t('webhooks.columns.status')}</Table.Th>
                <Table.Th>{t('webhooks.columns.createdBy')}</Table.Th>
                <Table.Th ta="right">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.map((s) => (
                <Table.Tr
                  key={s.id}
                  data-testid="webhook-row"
                  data-url={s.url}
                  data-status={s.active ? 'active' : 'inactive'}
                >
                  <Table.Td maw={320}>
                    <Text size="sm" fw={600} style={{ wordBreak: 'break-all' }}>
                      {s.url}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {s.eventTypes.map((type) => (
                        <Badge key={type} variant="light" size="sm" tt="none" title={type}>
                          {t(`webhooks.events.${eventKey(type)}`)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <SubscriptionStatus s={s} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{s.createdBy?.name ?? t('webhooks.unknownCreator')}</Text>
                    <Text size="xs" c="dimmed">
                      {t('webhooks.createdAt', {
                        date: formatDateTime(s.createdAt, i18n.language, BUSINESS_TIME_ZONE),
                      })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <RowActions>
                      <Anchor
                        size="sm"
                        renderRoot={(props) => (
                          <Link to="/admin/deliveries" search={{ subscriptionId: s.id }} {...props} />
                        )}
                      >
                        {t('webhooks.deliveries.title')}
                      </Anchor>
                      {!s.active && (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="green"
                          loading={update.isPending && update.variables?.id === s.id}
                          onClick={() => reactivate(s)}
                          data-testid="webhook-reactivate"
                        >
                          {t('webhooks.reactivate')}
                        </Button>
                      )}
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => setEditing({ record: s })}
                        data-testid="webhook-edit"
                      >
                        {t('common.edit')}
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        onClick={() => {
                          remove.reset();
                          setRemoving(s);
                        }}
                        data-testid="webhook-delete"
                      >
                        {t('webhooks.remove.action')}
                      </Button>
                    </RowActions>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && <WebhookFormModal record={editing.record} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={removing !== null}
        title={t('webhooks.remove.title')}
        message={t('webhooks.remove.confirm', { url: removing?.url ?? '' })}
        confirmLabel={t('webhooks.remove.action')}
        loading={remove.isPending}
        error={remove.isError ? problemMessage(remove.error, t) : undefined}
        onConfirm={() => {
          if (removing) remove.mutate(removing.id, { onSuccess: () => setRemoving(null) });
        }}
        onClose={() => setRemoving(null)}
      />
      {toast}
    </Box>
  );
}
