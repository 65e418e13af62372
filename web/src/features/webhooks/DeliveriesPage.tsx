import { BUSINESS_TIME_ZONE, WEBHOOK_DELIVERY_STATUSES, type WebhookDelivery } from '@funil/domain';
import { Badge, Box, Button, Code, Group, Select, Stack, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useToast } from '../../ui/Toast.tsx';
import { useResendDelivery, useWebhookDeliveries, useWebhookSubscriptions } from './queries.ts';
import { type DeliveryFilters, loggedEventKey, STATUS_COLORS } from './webhook-model.ts';

const COLUMNS = 8;

/** What the row expands to: the response body excerpt and the error of the last attempt. */
function DeliveryDetails({ d }: { d: WebhookDelivery }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="xs" data-testid="delivery-details">
      {d.deliveredAt && (
        <Text size="sm">
          {t('webhooks.deliveries.deliveredAt', {
            date: formatDateTime(d.deliveredAt, i18n.language, BUSINESS_TIME_ZONE),
          })}
        </Text>
      )}
      <div>
        <Text size="xs" fw={600}>
          {t('webhooks.deliveries.excerpt')}
        </Text>
        {d.responseExcerpt ? (
          <Code
            block
            data-testid="delivery-excerpt"
            style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
          >
            {d.responseExcerpt}
          </Code>
        ) : (
          <Text size="sm" c="dimmed">
            {t('webhooks.deliveries.noExcerpt')}
          </Text>
        )}
      </div>
      {d.error && (
        <div>
          <Text size="xs" fw={600}>
            {t('webhooks.deliveries.error')}
          </Text>
          <Text size="sm" c="red" data-testid="delivery-error" style={{ wordBreak: 'break-all' }}>
            {d.error}
          </Text>
        </div>
      )}
    </Stack>
  );
}

type Props = { filters: DeliveryFilters; onFiltersChange: (next: DeliveryFilters) => void };

/**
 * Admin page "Entregas": the delivery log newest first, filtered by status and subscription (kept in the URL),
 * "Carregar mais" by cursor; a row opens to its response excerpt and error; "Reenviar" sends it once more.
 * The target column is generic (kind + label), so other kinds of delivery can share the log.
 */
export function DeliveriesPage({ filters, onFiltersChange }: Props) {
  const { t, i18n } = useTranslation();
  const query = useWebhookDeliveries(filters);
  const subscriptions = useWebhookSubscriptions();
  const resend = useResendDelivery();
  const { show, toast } = useToast();
  const [open, setOpen] = useState<string | null>(null);
  const when = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language, BUSINESS_TIME_ZONE) : '—');
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  const statusOptions = [
    { value: '', label: t('webhooks.deliveries.anyStatus') },
    ...WEBHOOK_DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`webhooks.deliveryStatuses.${s}`) })),
  ];
  const subscriptionOptions = [
    { value: '', label: t('webhooks.deliveries.anySubscription') },
    ...(subscriptions.data ?? []).map((s) => ({ value: s.id, label: s.url })),
  ];

  const onResend = (d: WebhookDelivery) =>
    resend.mutate(d.id, {
      onSuccess: () => show(t('webhooks.deliveries.resent')),
      onError: (error) => show(problemMessage(error, t), 'red'),
    });

  return (
    <Box maw={1400} mx="auto">
      <PageHeader
        title={t('webhooks.deliveries.title')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('webhooks.deliveries.subtitle')} {t('webhooks.deliveries.timeZone')}
          </Text>
        }
      >
        <Button
          variant="default"
          loading={query.isRefetching && !query.isFetchingNextPage}
          onClick={() => void query.refetch()}
          data-testid="deliveries-refresh"
        >
          {t('webhooks.deliveries.refresh')}
        </Button>
      </PageHeader>
      <Group mb="md" align="flex-end">
        <Select
          label={t('webhooks.deliveries.status')}
          data={statusOptions}
          value={filters.status ?? ''}
          onChange={(value) => {
            const status = WEBHOOK_DELIVERY_STATUSES.find((s) => s === value);
            onFiltersChange({ ...filters, status });
          }}
          allowDeselect={false}
          w={180}
          data-testid="deliveries-status"
        />
        <Select
          label={t('webhooks.deliveries.subscription')}
          data={subscriptionOptions}
          value={filters.subscriptionId ?? ''}
          onChange={(value) => onFiltersChange({ ...filters, subscriptionId: value || undefined })}
          allowDeselect={false}
          searchable
          w={360}
          data-testid="deliveries-subscription"
        />
      </Group>
      {query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Text c="dimmed" data-testid="deliveries-loading">
          {t('common.loading')}
        </Text>
      ) : items.length === 0 ? (
        <EmptyMessage title={t('webhooks.deliveries.empty')} hint={t('webhooks.deliveries.emptyHint')} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={1000}>
            <Table verticalSpacing="xs" data-testid="deliveries-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('webhooks.deliveries.event')}</Table.Th>
                  <Table.Th>{t('webhooks.deliveries.target')}</Table.Th>
                  <Table.Th>{t('webhooks.deliveries.status')}</Table.Th>
                  <Table.Th ta="right">{t('webhooks.deliveries.attempts')}</Table.Th>
                  <Table.Th>{t('webhooks.deliveries.response')}</Table.Th>
                  <Table.Th>{t('webhooks.deliveries.createdAt')}</Table.Th>
                  <Table.Th>{t('webhooks.deliveries.lastAttempt')}</Table.Th>
                  <Table.Th ta="right">{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((d) => {
                  const expanded = open === d.id;
                  const eventLabel = loggedEventKey(d.eventType);
                  return (
                    <Fragment key={d.id}>
                      <Table.Tr
                        data-testid="delivery-row"
                        data-delivery-id={d.id}
                        data-status={d.status}
                        data-event={d.eventType}
                      >
                        <Table.Td>
                          <Text size="sm">
                            {eventLabel ? t(`webhooks.events.${eventLabel}`) : d.eventType}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {d.eventType}
                          </Text>
                        </Table.Td>
                        <Table.Td maw={320}>
                          <Badge size="xs" variant="outline" tt="none" mr={6}>
                            {t(`webhooks.targetKinds.${d.targetKind}`)}
                          </Badge>
                          <Text span size="sm" style={{ wordBreak: 'break-all' }}>
                            {d.targetUrl}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge
                            color={STATUS_COLORS[d.status]}
                            variant="light"
                            data-testid="delivery-status"
                          >
                            {t(`webhooks.deliveryStatuses.${d.status}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td ta="right">{d.attempts}</Table.Td>
                        <Table.Td data-testid="delivery-response">
                          {d.responseStatus === null ? (
                            '—'
                          ) : (
                            <Text size="sm">
                              {d.responseStatus}
                              {d.responseMs !== null && (
                                <Text span size="xs" c="dimmed">
                                  {' '}
                                  · {d.responseMs} ms
                                </Text>
                              )}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{when(d.createdAt)}</Table.Td>
                        <Table.Td>{when(d.lastAttemptAt)}</Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap" justify="flex-end">
                            <Button
                              size="compact-sm"
                              variant="subtle"
                              aria-expanded={expanded}
                              onClick={() => setOpen(expanded ? null : d.id)}
                              data-testid="delivery-toggle"
                            >
                              {t('webhooks.deliveries.details')}
                            </Button>
                            <Button
                              size="compact-sm"
                              variant="light"
                              loading={resend.isPending && resend.variables === d.id}
                              onClick={() => onResend(d)}
                              data-testid="delivery-resend"
                            >
                              {t('webhooks.deliveries.resend')}
                            </Button>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                      {expanded && (
                        <Table.Tr>
                          <Table.Td colSpan={COLUMNS} bg="var(--mantine-color-gray-0)">
                            <DeliveryDetails d={d} />
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {query.hasNextPage && (
            <Group justify="center" mt="md">
              <Button
                variant="default"
                loading={query.isFetchingNextPage}
                onClick={() => void query.fetchNextPage()}
                data-testid="deliveries-more"
              >
                {t('common.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
      {toast}
    </Box>
  );
}
