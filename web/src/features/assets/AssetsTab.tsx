import type { Asset } from '@funil/domain';
import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../lib/format.ts';
import { isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { AssetFormModal } from './AssetFormModal.tsx';
import { formatAssetValue, STATUS_COLORS } from './asset-form.ts';
import { useAssetTypes, useEndAsset, usePersonAssets } from './queries.ts';

function AssetPeriod({ asset }: { asset: Asset }) {
  const { t, i18n } = useTranslation();
  const day = (d: string) => formatDay(d, i18n.language);
  const text =
    asset.startDate && asset.endDate
      ? t('assets.period', { from: day(asset.startDate), to: day(asset.endDate) })
      : asset.startDate
        ? t('assets.since', { date: day(asset.startDate) })
        : asset.endDate
          ? t('assets.until', { date: day(asset.endDate) })
          : t('assets.noDates');
  return (
    <Text size="sm" c="dimmed" data-testid="asset-dates">
      {text}
    </Text>
  );
}

function AssetCard({ asset, onEdit, onEnd }: { asset: Asset; onEdit: () => void; onEnd: () => void }) {
  const { t, i18n } = useTranslation();
  const yesNo = { yes: t('assets.yes'), no: t('assets.no') };
  const shown = asset.assetType.fields.filter((f) => asset.values[f.key] !== undefined);
  return (
    <Paper
      withBorder
      p="md"
      component="li"
      style={{ listStyle: 'none' }}
      data-testid="asset-row"
      data-status={asset.status}
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={700} style={{ overflowWrap: 'anywhere' }} data-testid="asset-identifier-text">
              {asset.identifier}
            </Text>
            <Badge color={STATUS_COLORS[asset.status]} variant="light" data-testid="asset-status-badge">
              {t(`assets.statuses.${asset.status}`)}
            </Badge>
          </Group>
          <Text size="sm" data-testid="asset-type-name">
            {asset.assetType.name}
            {asset.assetType.archived ? ` (${t('assets.archivedType')})` : ''}
          </Text>
          <AssetPeriod asset={asset} />
        </Stack>
        <Group gap="xs">
          <Button
            size="compact-sm"
            variant="subtle"
            onClick={onEdit}
            aria-label={t('assets.editLabel', { identifier: asset.identifier })}
            data-testid="asset-edit"
          >
            {t('assets.edit')}
          </Button>
          {asset.status !== 'ended' && (
            <Button
              size="compact-sm"
              variant="subtle"
              color="red"
              onClick={onEnd}
              aria-label={t('assets.endLabel', { identifier: asset.identifier })}
              data-testid="asset-end"
            >
              {t('assets.end')}
            </Button>
          )}
        </Group>
      </Group>
      {shown.length > 0 && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs" mt="sm">
          {shown.map((f) => (
            <div key={f.key} data-testid="asset-value" data-key={f.key}>
              <Text size="xs" c="dimmed">
                {f.label}
              </Text>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {formatAssetValue(f, asset.values[f.key], i18n.language, yesNo)}
              </Text>
            </div>
          ))}
        </SimpleGrid>
      )}
      {asset.notes && (
        <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {asset.notes}
        </Text>
      )}
    </Paper>
  );
}

/** São Paulo's calendar day, the default end date. */
const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'America/Sao_Paulo' });

/** Encerrar: asks before ending, with the end date (today by default). */
function EndAssetModal({
  personId,
  asset,
  onClose,
}: {
  personId: string;
  asset: Asset;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const end = useEndAsset(personId);
  const [endDate, setEndDate] = useState(today());
  return (
    <Modal opened onClose={onClose} title={t('assets.endTitle')} centered>
      <Stack gap="sm">
        <Text size="sm">
          {t('assets.endConfirm', { identifier: asset.identifier, type: asset.assetType.name })}
        </Text>
        <TextInput
          type="date"
          label={t('assets.endDate')}
          value={endDate}
          onChange={(e) => setEndDate(e.currentTarget.value)}
          data-testid="asset-end-date-input"
        />
        {end.error && (
          <Text size="sm" c="red" role="alert">
            {isVersionMismatch(end.error) ? t('common.staleMessage') : problemMessage(end.error, t)}
          </Text>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose} disabled={end.isPending}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            loading={end.isPending}
            onClick={() => end.mutate({ asset, endDate: endDate || null }, { onSuccess: onClose })}
            data-testid="asset-end-confirm"
          >
            {t('assets.end')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The person's Ativos tab: its assets with type, status, dates and the type's values; add, edit, end. */
export function AssetsTab({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const assets = usePersonAssets(personId);
  const types = useAssetTypes();
  const [editing, setEditing] = useState<{ asset: Asset | null; key: number } | null>(null);
  const [ending, setEnding] = useState<Asset | null>(null);
  const noTypes = types.data?.length === 0;

  const reloadEditing = async () => {
    const fresh = await assets.refetch();
    setEditing((current) =>
      current?.asset
        ? {
            asset: fresh.data?.find((a) => a.id === current.asset?.id) ?? current.asset,
            key: current.key + 1,
          }
        : current,
    );
  };

  return (
    <Stack gap="md" data-testid="assets-tab">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2} size="h4">
            {t('assets.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('assets.intro')}
          </Text>
        </div>
        <Button
          onClick={() => setEditing({ asset: null, key: Date.now() })}
          disabled={!types.data || noTypes}
          data-testid="asset-add"
        >
          {t('assets.add')}
        </Button>
      </Group>
      {noTypes && (
        <Text size="sm" c="dimmed" data-testid="asset-no-types">
          {t('assets.noTypes')}
        </Text>
      )}
      {assets.isPending ? (
        <Stack gap="sm">
          <Skeleton height={90} />
          <Skeleton height={90} />
        </Stack>
      ) : assets.isError ? (
        <ErrorState message={problemMessage(assets.error, t)} onRetry={() => void assets.refetch()} />
      ) : assets.data.length === 0 ? (
        <EmptyMessage title={t('assets.empty')} />
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} data-testid="asset-list">
          {assets.data.map((asset) => (
            <AssetCard
              key={asset.id}
              asset={asset}
              onEdit={() => setEditing({ asset, key: Date.now() })}
              onEnd={() => setEnding(asset)}
            />
          ))}
        </Stack>
      )}
      {editing && (
        <AssetFormModal
          key={editing.key}
          personId={personId}
          asset={editing.asset}
          types={types.data ?? []}
          onClose={() => setEditing(null)}
          onReload={reloadEditing}
        />
      )}
      {ending && <EndAssetModal personId={personId} asset={ending} onClose={() => setEnding(null)} />}
    </Stack>
  );
}
