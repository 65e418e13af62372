import type { CallListFilter, Campaign } from '@funil/domain';
import { Alert, Anchor, Badge, Button, Group, Progress, Stack, Table, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { processed, progressSections } from './campaign-model.ts';
import type { CampaignsTab } from './campaigns-search.ts';
import { NewCampaignModal } from './NewCampaignModal.tsx';
import { useCampaigns, useWhatsAppAccount } from './queries.ts';
import { WhatsAppAccountSection } from './WhatsAppAccountSection.tsx';

export const STATUS_COLORS: Record<Campaign['status'], string> = {
  draft: 'gray',
  running: 'blue',
  paused: 'yellow',
  cancelled: 'red',
  completed: 'green',
};

/** A campaign's progress bar (sections per outcome). */
export function CampaignProgress({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Progress.Root size="lg" data-testid="campaign-progress">
        {progressSections(campaign).map((s) => (
          <Progress.Section
            key={s.status}
            value={s.value}
            color={s.color}
            title={`${t(`campaigns.recipientStatuses.${s.status}`)}: ${s.count}`}
          />
        ))}
      </Progress.Root>
      <Text size="xs" c="dimmed" data-testid="campaign-processed">
        {t('campaigns.detail.progress', { done: processed(campaign), total: campaign.total })}
      </Text>
    </Stack>
  );
}

/** Envios em massa: the campaigns tab and the WhatsApp number tab (where an admin sets the number up). */
export function CampaignsPage({
  tab,
  onTabChange,
  callList,
  onCallListDone,
}: {
  tab: CampaignsTab;
  onTabChange: (tab: CampaignsTab) => void;
  /** Coming from the call center's Filtros tab: the new campaign opens for that call list. */
  callList: CallListFilter | null;
  onCallListDone: () => void;
}) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(callList !== null);
  return (
    <Stack>
      <PageHeader title={t('campaigns.title')} subtitle={t('campaigns.subtitle')}>
        <Button onClick={open} data-testid="new-campaign">
          {t('campaigns.newCampaign')}
        </Button>
      </PageHeader>
      <Tabs
        value={tab}
        onChange={(v) => onTabChange(v === 'whatsapp' ? 'whatsapp' : 'campaigns')}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="campaigns" data-testid="tab-campaigns">
            {t('campaigns.tabs.campaigns')}
          </Tabs.Tab>
          <Tabs.Tab value="whatsapp" data-testid="tab-whatsapp">
            {t('campaigns.tabs.whatsapp')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="campaigns" pt="md">
          <CampaignList onConfigureWhatsApp={() => onTabChange('whatsapp')} />
        </Tabs.Panel>
        <Tabs.Panel value="whatsapp" pt="md">
          <WhatsAppAccountSection />
        </Tabs.Panel>
      </Tabs>
      <NewCampaignModal
        opened={opened}
        callList={callList}
        onClose={() => {
          close();
          if (callList) onCallListDone();
        }}
      />
    </Stack>
  );
}

/** A notice with the way to the WhatsApp number tab, while the workspace has no number configured. */
function WhatsAppMissing({ onConfigure }: { onConfigure: () => void }) {
  const { t } = useTranslation();
  const account = useWhatsAppAccount();
  if (!account.isSuccess || account.data.configured) return null;
  return (
    <Alert color="yellow" variant="light" data-testid="whatsapp-missing">
      <Group justify="space-between" gap="sm">
        <Text size="sm">{t('campaigns.whatsAppMissing')}</Text>
        <Anchor component="button" type="button" onClick={onConfigure} data-testid="configure-whatsapp">
          {t('campaigns.configureWhatsApp')}
        </Anchor>
      </Group>
    </Alert>
  );
}

/** The workspace's campaigns, newest first, with their progress. */
function CampaignList({ onConfigureWhatsApp }: { onConfigureWhatsApp: () => void }) {
  const { t, i18n } = useTranslation();
  const campaigns = useCampaigns();
  const items = campaigns.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <WhatsAppMissing onConfigure={onConfigureWhatsApp} />
      {campaigns.isError ? (
        <ErrorState
          title={t('campaigns.loadError')}
          message={problemMessage(campaigns.error, t)}
          onRetry={() => campaigns.refetch()}
        />
      ) : campaigns.isPending ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : items.length === 0 ? (
        <EmptyMessage title={t('campaigns.empty')} hint={t('campaigns.emptyHint')} />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" data-testid="campaigns-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('campaigns.columns.name')}</Table.Th>
                <Table.Th>{t('campaigns.columns.channel')}</Table.Th>
                <Table.Th>{t('campaigns.columns.status')}</Table.Th>
                <Table.Th w="30%">{t('campaigns.columns.progress')}</Table.Th>
                <Table.Th>{t('campaigns.columns.createdAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor
                      renderRoot={(props) => <Link to="/campaigns/$id" params={{ id: c.id }} {...props} />}
                    >
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`campaigns.channels.${c.channel}`)}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLORS[c.status]} variant="light">
                      {t(`campaigns.statuses.${c.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <CampaignProgress campaign={c} />
                  </Table.Td>
                  <Table.Td>{formatDateTime(c.createdAt, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {campaigns.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={campaigns.isFetchingNextPage}
            onClick={() => campaigns.fetchNextPage()}
          >
            {t('campaigns.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
