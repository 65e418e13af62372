import type { MissingSaleData, Opportunity, Pipeline } from '@funil/domain';
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { stageFieldsText } from './labels.ts';
import { formatBRL } from './money.ts';
import type { FormErrors } from './opportunity-form.ts';
import { useMoveOpportunity, usePipelines } from './queries.ts';
import { StatusActions } from './StatusActions.tsx';
import { StatusBadge } from './StatusBadge.tsx';

type Props = {
  opportunity: Opportunity;
  pipeline: Pipeline | undefined;
  onEdit: (errors?: FormErrors) => void;
  onSaleGate: (missing: MissingSaleData[] | null) => void;
};

/**
 * Moves the card from the page, to a stage of its funnel or of another one (stages grouped by funnel); a
 * stage that requires empty fields says which, with a way to fill them.
 */
function StageSelect({ opportunity: o, pipeline, onEdit }: Omit<Props, 'onSaleGate'>) {
  const { t, i18n } = useTranslation();
  const move = useMoveOpportunity(o.id);
  const funnels = usePipelines().data ?? (pipeline ? [pipeline] : []);
  const stages = funnels.flatMap((p) => p.stages);
  const target = stages.find((s) => s.id === move.variables);
  const blocked = move.isError && isApiError(move.error) && move.error.code === 'stage-requirements';
  const closed = o.status !== 'open';
  return (
    <Stack gap={6}>
      <Select
        label={closed ? t('opportunity.header.stage') : t('opportunity.header.stageLabel')}
        data={funnels.map((p) => ({
          group: p.name,
          items: p.stages.map((s) => ({ value: s.id, label: s.name })),
        }))}
        value={move.isPending && move.variables ? move.variables : o.stageId}
        onChange={(id) => id && id !== o.stageId && move.mutate(id)}
        allowDeselect={false}
        disabled={closed || move.isPending || !pipeline}
        description={
          closed
            ? t('opportunity.header.closedStage')
            : t('opportunity.header.inStageSince', { date: formatDate(o.stageEnteredAt, i18n.language) })
        }
        data-testid="stage-select"
        maw={320}
      />
      {blocked && isApiError(move.error) && (
        <Alert color="orange" variant="light" role="alert" data-testid="stage-requirements-alert">
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text size="sm">
              {t('opportunity.header.stageBlocked', {
                stage: target?.name ?? '',
                fields: stageFieldsText(
                  move.error.errors.map((e) => e.field),
                  t,
                ),
              })}
            </Text>
            <Button
              size="xs"
              variant="white"
              color="orange"
              onClick={() => {
                const errors = Object.fromEntries(
                  (isApiError(move.error) ? move.error.errors : []).map((e) => [e.field, e.code]),
                );
                move.reset();
                onEdit(errors);
              }}
            >
              {t('opportunity.header.stageBlockedAction')}
            </Button>
          </Group>
        </Alert>
      )}
      {move.isError && !blocked && (
        <Text size="sm" c="red" role="alert">
          {problemMessage(move.error, t)}
        </Text>
      )}
    </Stack>
  );
}

/** Title, status, funnel and stage, value, rotting; the status actions; how a closed one ended. */
export function OpportunityHeader({ opportunity: o, pipeline, onEdit, onSaleGate }: Props) {
  const { t, i18n } = useTranslation();
  const closed = o.status !== 'open';
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} component="header">
      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={6} style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Title
            order={1}
            fz={{ base: 22, sm: 28 }}
            style={{ overflowWrap: 'anywhere' }}
            data-testid="opportunity-title"
          >
            {o.title}
          </Title>
          <Group gap="xs" wrap="wrap">
            <StatusBadge status={o.status} size="lg" data-testid="opportunity-status" />
            {o.rotting && o.status === 'open' && (
              <Tooltip label={t('opportunity.header.rottingHint')} withArrow>
                <Badge
                  color="orange"
                  variant="filled"
                  size="lg"
                  data-testid="opportunity-rotting"
                  tabIndex={0}
                >
                  {t('opportunity.header.rotting')}
                </Badge>
              </Tooltip>
            )}
          </Group>
        </Stack>
        <Group gap="xs" align="flex-start" wrap="wrap" justify="flex-end">
          <Button variant="default" onClick={() => onEdit()} data-testid="opportunity-edit">
            {t('opportunity.actions.edit')}
          </Button>
          <StatusActions opportunity={o} onSaleGate={onSaleGate} />
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" mt="md">
        <div>
          <Text size="xs" c="dimmed">
            {t('opportunity.header.funnel')}
          </Text>
          <Text size="sm" fw={600} data-testid="opportunity-pipeline">
            {pipeline?.name ?? t('common.loading')}
          </Text>
        </div>
        <StageSelect opportunity={o} pipeline={pipeline} onEdit={onEdit} />
        <div>
          <Text size="xs" c="dimmed">
            {t('opportunity.header.value')}
          </Text>
          <Text size="xl" fw={700} data-testid="opportunity-value">
            {o.valueCents === null ? t('opportunity.header.noValue') : formatBRL(o.valueCents, i18n.language)}
          </Text>
        </div>
      </SimpleGrid>

      {o.salesOrder && (
        <Alert
          color="green"
          variant="light"
          mt="md"
          title={t('opportunity.salesOrder.title')}
          data-testid="sales-order"
        >
          <Text size="sm" fw={600} data-testid="sales-order-number" data-number={o.salesOrder.number}>
            {t('opportunity.salesOrder.number', { number: o.salesOrder.number })}
          </Text>
          <Text size="sm">
            {t('opportunity.salesOrder.details', {
              value: formatBRL(o.salesOrder.valueCents, i18n.language),
              date: formatDateTime(o.salesOrder.createdAt, i18n.language),
            })}
          </Text>
        </Alert>
      )}

      {closed && (
        <Stack gap={2} mt="md" data-testid="status-info">
          <Text size="sm" fw={600}>
            {t('opportunity.status.closedOn', {
              status: t(`opportunity.statuses.${o.status}`),
              date: o.closedAt ? formatDateTime(o.closedAt, i18n.language) : '—',
            })}
          </Text>
          {o.statusReason && (
            <Text size="sm" data-testid="status-reason-label">
              {t('opportunity.status.reasonLine', { reason: o.statusReason.label })}
            </Text>
          )}
          {o.statusNote && (
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }} data-testid="status-note-text">
              {t('opportunity.status.noteLine', { note: o.statusNote })}
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}
