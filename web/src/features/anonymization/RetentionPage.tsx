import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Progress,
  Select,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import {
  type RetentionKind,
  type RetentionRule,
  type RetentionRun,
  RUN_PAGE_SIZE,
  useCreateRetentionRule,
  usePreviewRetention,
  useRetentionRules,
  useRetentionRun,
  useRetentionRuns,
  useStartRetentionRun,
  useUpdateRetentionRule,
} from './queries.ts';

const KINDS: RetentionKind[] = ['inactive_leads', 'archived_people'];
const STATUS_COLORS: Record<RetentionRun['status'], string> = {
  previewed: 'gray',
  queued: 'yellow',
  running: 'blue',
  done: 'green',
  failed: 'red',
};

function NewRule() {
  const { t } = useTranslation();
  const create = useCreateRetentionRule();
  const [kind, setKind] = useState<RetentionKind>('inactive_leads');
  const [months, setMonths] = useState<number | string>(24);
  return (
    <Group align="flex-end">
      <Select
        label={t('anonymization.retention.kind')}
        data={KINDS.map((k) => ({ value: k, label: t(`anonymization.retention.kinds.${k}`) }))}
        value={kind}
        onChange={(v) => v && setKind(v as RetentionKind)}
        allowDeselect={false}
        data-testid="retention-kind"
      />
      <NumberInput
        label={t('anonymization.retention.months')}
        min={1}
        max={600}
        value={months}
        onChange={setMonths}
        w={120}
        data-testid="retention-months"
      />
      <Button
        loading={create.isPending}
        disabled={typeof months !== 'number' || months < 1 || months > 600}
        onClick={() => create.mutate({ kind, months: Number(months) })}
        data-testid="retention-add"
      >
        {t('anonymization.retention.add')}
      </Button>
      {create.isError && (
        <Text size="sm" c="red" role="alert">
          {problemMessage(create.error, t)}
        </Text>
      )}
    </Group>
  );
}

function RuleRow({ rule, onPreviewed }: { rule: RetentionRule; onPreviewed: (runId: string) => void }) {
  const { t } = useTranslation();
  const update = useUpdateRetentionRule();
  const preview = usePreviewRetention();
  return (
    <Table.Tr data-testid="retention-rule">
      <Table.Td>
        <Text size="sm" fw={500}>
          {t(`anonymization.retention.kinds.${rule.kind}`)}
        </Text>
        <Text size="xs" c="dimmed">
          {t(`anonymization.retention.kindHints.${rule.kind}`, { months: rule.months })}
        </Text>
      </Table.Td>
      <Table.Td>{rule.months}</Table.Td>
      <Table.Td>
        <Switch
          checked={rule.active}
          onChange={(e) => update.mutate({ id: rule.id, active: e.currentTarget.checked })}
          aria-label={t('anonymization.retention.active')}
        />
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="light"
          loading={preview.isPending}
          onClick={() => preview.mutate(rule.id, { onSuccess: (run) => onPreviewed(run.id) })}
          data-testid="retention-preview"
        >
          {t('anonymization.retention.preview')}
        </Button>
        {preview.isError && (
          <Text size="xs" c="red">
            {problemMessage(preview.error, t)}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** A preview with its people page by page, "Executar" behind a confirmation, then the run's progress. */
function RunPanel({ runId }: { runId: string }) {
  const { t, i18n } = useTranslation();
  const [offset, setOffset] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const query = useRetentionRun(runId, offset);
  const start = useStartRetentionRun();
  if (query.isPending) return <Skeleton height={160} />;
  if (query.isError)
    return <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />;
  const { run, people } = query.data;
  const total = run.previewCount;
  return (
    <Paper withBorder p="md" data-testid="retention-run">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>
            {t('anonymization.retention.previewTitle', {
              date: formatDateTime(run.previewedAt, i18n.language),
              count: formatNumber(total, i18n.language),
            })}
          </Title>
          <Badge color={STATUS_COLORS[run.status]} data-testid="retention-run-status">
            {t(`anonymization.retention.statuses.${run.status}`)}
          </Badge>
        </Group>
        {run.status !== 'previewed' && (
          <>
            <Progress value={total === 0 ? 100 : (run.doneCount / total) * 100} />
            <Text size="sm" data-testid="retention-run-progress">
              {t('anonymization.retention.progress', {
                done: formatNumber(run.doneCount, i18n.language),
                total: formatNumber(total, i18n.language),
                anonymized: formatNumber(run.anonymizedCount, i18n.language),
              })}
            </Text>
          </>
        )}
        {run.noLongerMatching.length > 0 && (
          <Alert color="yellow" variant="light">
            {t('anonymization.retention.noLonger', { count: run.noLongerMatching.length })}
          </Alert>
        )}
        {run.failure && <Alert color="red">{run.failure}</Alert>}
        {total === 0 ? (
          <Text size="sm" c="dimmed">
            {t('anonymization.retention.previewEmpty')}
          </Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={560}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('anonymization.retention.person')}</Table.Th>
                    <Table.Th>{t('anonymization.retention.lastActivity')}</Table.Th>
                    <Table.Th>{t('anonymization.retention.archivedAt')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {people.map((p) => (
                    <Table.Tr key={p.id} data-testid="retention-person">
                      <Table.Td>
                        {p.name ?? t('anonymization.retention.hidden')}{' '}
                        {p.anonymizedAt && (
                          <Badge color="dark" size="xs">
                            {t('anonymization.retention.anonymizedAlready')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>{formatDate(p.lastActivityAt, i18n.language)}</Table.Td>
                      <Table.Td>{p.archivedAt ? formatDate(p.archivedAt, i18n.language) : '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group>
              <Button
                size="xs"
                variant="default"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - RUN_PAGE_SIZE))}
              >
                {t('anonymization.retention.previous')}
              </Button>
              <Button
                size="xs"
                variant="default"
                disabled={offset + RUN_PAGE_SIZE >= total}
                onClick={() => setOffset(offset + RUN_PAGE_SIZE)}
              >
                {t('anonymization.retention.next')}
              </Button>
            </Group>
          </>
        )}
        {run.status === 'previewed' && total > 0 && (
          <Button
            color="red"
            w="fit-content"
            onClick={() => setConfirming(true)}
            data-testid="retention-run-start"
          >
            {t('anonymization.retention.run')}
          </Button>
        )}
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t('anonymization.retention.runConfirmTitle')}
        message={t('anonymization.retention.runConfirm', { count: total })}
        confirmLabel={t('anonymization.retention.run')}
        loading={start.isPending}
        error={start.isError ? problemMessage(start.error, t) : undefined}
        onConfirm={() => start.mutate(run.id, { onSuccess: () => setConfirming(false) })}
        onClose={() => setConfirming(false)}
      />
    </Paper>
  );
}

function RunHistory({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const runs = useRetentionRuns();
  if (runs.isPending) return <Skeleton height={80} />;
  if (runs.isError)
    return <ErrorState message={problemMessage(runs.error, t)} onRetry={() => void runs.refetch()} />;
  if (runs.data.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('anonymization.retention.historyEmpty')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('anonymization.retention.previewedAt')}</Table.Th>
            <Table.Th>{t('anonymization.retention.rule')}</Table.Th>
            <Table.Th>{t('anonymization.retention.counts')}</Table.Th>
            <Table.Th>{t('anonymization.retention.status')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.data.map((run) => (
            <Table.Tr key={run.id}>
              <Table.Td>{formatDateTime(run.previewedAt, i18n.language)}</Table.Td>
              <Table.Td>
                {t(`anonymization.retention.kindHints.${run.kind}`, { months: run.months })}
              </Table.Td>
              <Table.Td>
                {formatNumber(run.anonymizedCount, i18n.language)} /{' '}
                {formatNumber(run.previewCount, i18n.language)}
              </Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLORS[run.status]}>
                  {t(`anonymization.retention.statuses.${run.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Button size="xs" variant="subtle" onClick={() => onOpen(run.id)}>
                  {t('anonymization.retention.open')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Administração › Privacidade › Regras de retenção (`managePrivacy`). */
export function RetentionPage() {
  const { t } = useTranslation();
  const rules = useRetentionRules();
  const [runId, setRunId] = useState<string | null>(null);
  return (
    <Stack maw={1100} mx="auto" gap="md">
      <PageHeader title={t('anonymization.retention.title')} subtitle={t('anonymization.retention.intro')} />
      <Paper withBorder p="md">
        <Stack gap="md">
          <NewRule />
          {rules.isPending ? (
            <Skeleton height={80} />
          ) : rules.isError ? (
            <ErrorState
              title={t('anonymization.retention.loadError')}
              message={problemMessage(rules.error, t)}
              onRetry={() => void rules.refetch()}
            />
          ) : rules.data.length === 0 ? (
            <EmptyMessage
              title={t('anonymization.retention.empty')}
              hint={t('anonymization.retention.emptyHint')}
            />
          ) : (
            <Table.ScrollContainer minWidth={480}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('anonymization.retention.kind')}</Table.Th>
                    <Table.Th>{t('anonymization.retention.months')}</Table.Th>
                    <Table.Th>{t('anonymization.retention.active')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rules.data.map((rule) => (
                    <RuleRow key={rule.id} rule={rule} onPreviewed={setRunId} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Paper>
      {runId && <RunPanel key={runId} runId={runId} />}
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={4}>{t('anonymization.retention.history')}</Title>
          <RunHistory onOpen={setRunId} />
        </Stack>
      </Paper>
    </Stack>
  );
}
