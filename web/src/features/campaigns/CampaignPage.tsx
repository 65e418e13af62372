import { RECIPIENT_STATUSES, type RecipientStatus } from '@funil/domain';
import { Anchor, Badge, Button, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { CampaignProgress, STATUS_COLORS } from './CampaignsPage.tsx';
import { isLive, useCampaign, useCampaignAction, useCampaignRecipients } from './queries.ts';

const RECIPIENT_COLORS: Record<RecipientStatus, string> = {
  queued: 'gray',
  skipped: 'gray',
  sending: 'cyan',
  sent: 'blue',
  delivered: 'green',
  read: 'teal',
  failed: 'red',
  bounced: 'orange',
};

function Recipients({ id, live }: { id: string; live: boolean }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<RecipientStatus | null>(null);
  const recipients = useCampaignRecipients(id, status, live);
  const items = recipients.data?.pages.flatMap((p) => p.items) ?? [];
  const when = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '');
  return (
    <Stack>
      <Group justify="space-between">
        <Text fw={600}>{t('campaigns.detail.recipients')}</Text>
        <Select
          aria-label={t('campaigns.detail.status')}
          placeholder={t('campaigns.detail.allStatuses')}
          data={RECIPIENT_STATUSES.map((s) => ({ value: s, label: t(`campaigns.recipientStatuses.${s}`) }))}
          value={status}
          onChange={(v) => setStatus(v as RecipientStatus | null)}
          clearable
          data-testid="recipient-status-filter"
        />
      </Group>
      {recipients.isError ? (
        <ErrorState message={problemMessage(recipients.error, t)} onRetry={() => recipients.refetch()} />
      ) : recipients.isPending ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : items.length === 0 ? (
        <EmptyMessage title={t('campaigns.detail.noRecipients')} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table data-testid="recipients-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('campaigns.detail.person')}</Table.Th>
                <Table.Th>{t('campaigns.detail.status')}</Table.Th>
                <Table.Th>{t('campaigns.detail.detail')}</Table.Th>
                <Table.Th>{t('campaigns.detail.when')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-testid="recipient-row" data-status={r.status}>
                  <Table.Td>
                    <Anchor
                      renderRoot={(props) => <Link to="/people/$id" params={{ id: r.personId }} {...props} />}
                    >
                      {r.personName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={RECIPIENT_COLORS[r.status]} variant="light">
                      {t(`campaigns.recipientStatuses.${r.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {r.skipReason ? t(`campaigns.skipReasons.${r.skipReason}`) : (r.error ?? '')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{when(r.readAt ?? r.deliveredAt ?? r.sentAt)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {recipients.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={recipients.isFetchingNextPage}
            onClick={() => recipients.fetchNextPage()}
          >
            {t('campaigns.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** A campaign's progress (polled while it sends), its message, pause / resume / cancel, and each recipient's status. */
export function CampaignPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const campaign = useCampaign(id);
  const action = useCampaignAction(id);
  const [cancelling, setCancelling] = useState(false);
  if (campaign.isError) {
    return <ErrorState message={problemMessage(campaign.error, t)} onRetry={() => campaign.refetch()} />;
  }
  if (campaign.isPending) return <Text c="dimmed">{t('common.loading')}</Text>;
  const c = campaign.data;
  const open = c.status === 'running' || c.status === 'paused';
  return (
    <Stack>
      <Anchor renderRoot={(props) => <Link to="/campaigns" {...props} />} size="sm">
        ← {t('campaigns.detail.back')}
      </Anchor>
      <PageHeader
        title={c.name}
        subtitle={
          <Group gap="xs" component="span">
            <span>{t(`campaigns.channels.${c.channel}`)}</span>
            <Badge
              color={STATUS_COLORS[c.status]}
              variant="light"
              data-testid="campaign-status"
              data-status={c.status}
            >
              {t(`campaigns.statuses.${c.status}`)}
            </Badge>
          </Group>
        }
      >
        {c.status === 'running' && (
          <Button variant="default" loading={action.isPending} onClick={() => action.mutate('pause')}>
            {t('campaigns.detail.pause')}
          </Button>
        )}
        {c.status === 'paused' && (
          <Button loading={action.isPending} onClick={() => action.mutate('resume')}>
            {t('campaigns.detail.resume')}
          </Button>
        )}
        {open && (
          <Button color="red" variant="light" onClick={() => setCancelling(true)}>
            {t('campaigns.detail.cancel')}
          </Button>
        )}
      </PageHeader>
      {action.isError && !cancelling && <Text c="red">{problemMessage(action.error, t)}</Text>}
      <CampaignProgress campaign={c} />
      <Group gap="xs">
        {RECIPIENT_STATUSES.filter((s) => c.counts[s] > 0).map((s) => (
          <Badge key={s} color={RECIPIENT_COLORS[s]} variant="outline" data-testid={`count-${s}`}>
            {t(`campaigns.recipientStatuses.${s}`)}: {c.counts[s]}
          </Badge>
        ))}
      </Group>
      <Paper withBorder p="sm">
        <Text size="sm" fw={600}>
          {t('campaigns.detail.message')}
        </Text>
        {c.subject && <Text size="sm">{c.subject}</Text>}
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
          {c.body}
        </Text>
      </Paper>
      <Recipients id={id} live={isLive(c)} />
      <ConfirmModal
        opened={cancelling}
        title={t('campaigns.detail.cancelTitle')}
        message={t('campaigns.detail.cancelMessage')}
        confirmLabel={t('campaigns.detail.cancelConfirm')}
        loading={action.isPending}
        error={action.isError ? problemMessage(action.error, t) : undefined}
        onConfirm={() => action.mutate('cancel', { onSuccess: () => setCancelling(false) })}
        onClose={() => setCancelling(false)}
      />
    </Stack>
  );
}
