import { type OpportunityCard, PROBLEM_CODES, type ProblemCode, type Stage } from '@funil/domain';
import { Alert, Button, Group, Paper, Select, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { toOptions, useUsers } from '../directory/queries.ts';
import { type BulkRequest, type BulkResult, useBulkAction, useOpportunitySettings } from './queries.ts';

type Action = BulkRequest['action'];
const ACTIONS: Action[] = ['move', 'owner', 'lose'];

type Props = {
  pipelineId: string;
  stages: Stage[];
  /** The selected cards among those loaded. */
  selected: OpportunityCard[];
  onClear: () => void;
  /** After the action: the ids the server refused (they stay selected). */
  onDone: (failedIds: string[]) => void;
};

const isProblemCode = (code: string): code is ProblemCode =>
  (PROBLEM_CODES as readonly string[]).includes(code);

/** Move, hand over or mark lost every selected opportunity (`POST /opportunities/bulk`), after a confirmation. */
export function BulkActions({ pipelineId, stages, selected, onClear, onDone }: Props) {
  const { t } = useTranslation();
  const [action, setAction] = useState<Action>('move');
  const [target, setTarget] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<{ result: BulkResult; titles: Map<string, string> } | null>(null);
  const bulk = useBulkAction(pipelineId);
  const users = useUsers().data;
  const reasons = useOpportunitySettings().data?.lists.loss_reason;

  const targets =
    action === 'move'
      ? stages.map((s) => ({ value: s.id, label: s.name }))
      : action === 'owner'
        ? toOptions(users)
        : (reasons ?? []).map((r) => ({ value: r.id, label: r.label }));
  const targetLabel = targets.find((o) => o.value === target)?.label ?? '';

  const apply = () => {
    if (!target) return;
    const ids = selected.map((c) => c.id);
    const body: BulkRequest =
      action === 'move'
        ? { action, ids, stageId: target }
        : action === 'owner'
          ? { action, ids, ownerId: target }
          : { action, ids, reasonId: target };
    const titles = new Map(selected.map((c) => [c.id, c.title]));
    bulk.mutate(body, {
      onSuccess: (answer) => {
        setConfirming(false);
        setResult({ result: answer, titles });
        onDone(answer.failed.map((f) => f.id));
      },
    });
  };

  const reasonOf = (failure: BulkResult['failed'][number]) =>
    (isProblemCode(failure.code) ? t(`problems.${failure.code}`) : (failure.detail ?? failure.code)).replace(
      /\.$/,
      '',
    );

  return (
    <>
      {result && (
        <Alert
          color={result.result.failed.length ? 'yellow' : 'green'}
          variant="light"
          title={t('board.bulk.resultTitle')}
          withCloseButton
          onClose={() => setResult(null)}
          mb="sm"
          data-testid="bulk-result"
          data-done={result.result.done.length}
          data-failed={result.result.failed.length}
          role="status"
        >
          <Text size="sm">
            {t('board.bulk.done', { count: result.result.done.length })}
            {result.result.failed.length > 0 &&
              `, ${t('board.bulk.failed', { count: result.result.failed.length })}: ${result.result.failed
                .map((f) =>
                  t('board.bulk.failure', { title: result.titles.get(f.id) ?? f.id, reason: reasonOf(f) }),
                )
                .join('; ')}`}
            .
          </Text>
        </Alert>
      )}
      {selected.length > 0 && (
        <Paper
          withBorder
          p="sm"
          mb="sm"
          bg="var(--mantine-color-blue-light)"
          component="section"
          aria-label={t('board.bulk.action')}
          data-testid="bulk-bar"
        >
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Text size="sm" fw={600} mb={8} data-testid="bulk-count">
              {t('board.bulk.selected', { count: selected.length })}
            </Text>
            <Select
              label={t('board.bulk.action')}
              data={ACTIONS.map((a) => ({ value: a, label: t(`board.bulk.actions.${a}`) }))}
              value={action}
              onChange={(v) => {
                if (!v) return;
                setAction(v as Action);
                setTarget(null);
              }}
              allowDeselect={false}
              w={{ base: '100%', xs: 220 }}
              data-testid="bulk-action"
            />
            <Select
              label={t(`board.bulk.targets.${action}`)}
              data={targets}
              value={target}
              onChange={setTarget}
              searchable
              required
              w={{ base: '100%', xs: 260 }}
              data-testid="bulk-target"
            />
            <Button disabled={!target} onClick={() => setConfirming(true)} data-testid="bulk-apply">
              {t('board.bulk.apply')}
            </Button>
            <Button variant="subtle" onClick={onClear}>
              {t('board.bulk.clear')}
            </Button>
          </Group>
        </Paper>
      )}
      <ConfirmModal
        opened={confirming}
        title={t('board.bulk.confirmTitle')}
        message={t(`board.bulk.confirm.${action}`, { count: selected.length, target: targetLabel })}
        confirmLabel={t('board.bulk.apply')}
        color={action === 'lose' ? 'red' : 'blue'}
        loading={bulk.isPending}
        error={bulk.isError ? problemMessage(bulk.error, t) : undefined}
        onConfirm={apply}
        onClose={() => {
          setConfirming(false);
          bulk.reset();
        }}
      />
    </>
  );
}
