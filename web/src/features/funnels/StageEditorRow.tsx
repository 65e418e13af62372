import { STAGE_REQUIRABLE_FIELDS, type StageRequirableField } from '@funil/domain';
import { ActionIcon, Button, Group, MultiSelect, NumberInput, Paper, Text, TextInput } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { funnelFieldError } from './field-errors.ts';
import { type DraftStage, ROTTING_DAYS_MAX, STAGE_NAME_MAX, stageErrorKey } from './pipeline-draft.ts';

type Props = {
  stage: DraftStage;
  index: number;
  count: number;
  /** Cards in the stage now (saved stages only). */
  cards: number | null;
  errors: Record<string, string>;
  /** Put the focus on the name field once shown (a stage just added). */
  focusName?: boolean;
  onChange: (patch: Partial<Omit<DraftStage, 'key' | 'id'>>) => void;
  onMove: (delta: number) => void;
  onArchive: () => void;
};

const toNumber = (value: number | string): number | null =>
  value === '' ? null : typeof value === 'number' ? value : Number(value);

/** One stage in the funnel form: name, probability, rotting limit, required fields, order and archive. */
export function StageEditorRow({
  stage,
  index,
  count,
  cards,
  errors,
  focusName,
  onChange,
  onMove,
  onArchive,
}: Props) {
  const { t } = useTranslation();
  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusName) nameInput.current?.focus();
  }, [focusName]);
  const error = (field: Parameters<typeof stageErrorKey>[1]) =>
    funnelFieldError(errors[stageErrorKey(stage.key, field)], t);
  const label = stage.name.trim() || t('funnels.pipelines.stageName');
  return (
    <Paper withBorder p="sm" data-testid="stage-row" data-stage-name={stage.name.trim()}>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <Text c="dimmed" fw={600} pt={28} w={20} ta="right" aria-hidden visibleFrom="sm">
          {index + 1}
        </Text>
        <Group align="flex-start" gap="sm" style={{ flex: '1 1 420px' }} wrap="wrap">
          <TextInput
            label={t('funnels.pipelines.stageName')}
            value={stage.name}
            onChange={(e) => onChange({ name: e.currentTarget.value })}
            error={error('name')}
            maxLength={STAGE_NAME_MAX}
            required
            miw={180}
            style={{ flex: '2 1 180px' }}
            data-testid="stage-name"
            ref={nameInput}
          />
          <NumberInput
            label={t('funnels.pipelines.probability')}
            value={stage.probability}
            onChange={(value) => onChange({ probability: toNumber(value) ?? 0 })}
            error={error('probability')}
            min={0}
            max={100}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="strict"
            suffix=" %"
            w={120}
            data-testid="stage-probability"
          />
          <NumberInput
            label={t('funnels.pipelines.rottingShort')}
            title={t('funnels.pipelines.rottingHint')}
            placeholder={t('funnels.pipelines.rottingNever')}
            value={stage.rottingDays ?? ''}
            onChange={(value) => onChange({ rottingDays: toNumber(value) })}
            error={error('rottingDays')}
            min={1}
            max={ROTTING_DAYS_MAX}
            allowDecimal={false}
            allowNegative={false}
            w={140}
            data-testid="stage-rotting-days"
          />
          <MultiSelect<StageRequirableField>
            label={t('funnels.pipelines.requiredFields')}
            placeholder={stage.requiredFields.length ? undefined : t('funnels.pipelines.requiredNone')}
            data={STAGE_REQUIRABLE_FIELDS.map((value) => ({
              value,
              label: t(`funnels.requirableFields.${value}`),
            }))}
            value={stage.requiredFields}
            onChange={(value) => onChange({ requiredFields: value })}
            error={error('requiredFields')}
            clearable
            miw={220}
            style={{ flex: '3 1 220px' }}
            data-testid="stage-required-fields"
          />
        </Group>
        <Group gap={4} wrap="nowrap" pt={24}>
          {cards !== null && (
            <Text size="sm" c="dimmed" miw={64} ta="right" data-testid="stage-card-count">
              {t('funnels.cards', { count: cards })}
            </Text>
          )}
          <ActionIcon
            variant="subtle"
            size="lg"
            onClick={() => onMove(-1)}
            disabled={index === 0}
            aria-label={t('funnels.moveUp', { name: label })}
            data-testid="stage-move-up"
          >
            <span aria-hidden>↑</span>
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            size="lg"
            onClick={() => onMove(1)}
            disabled={index === count - 1}
            aria-label={t('funnels.moveDown', { name: label })}
            data-testid="stage-move-down"
          >
            <span aria-hidden>↓</span>
          </ActionIcon>
          <Button
            variant="subtle"
            color="red"
            size="compact-sm"
            onClick={onArchive}
            disabled={count <= 1}
            title={count <= 1 ? t('funnels.pipelines.lastStage') : undefined}
            aria-label={
              stage.id
                ? t('funnels.pipelines.archiveStage', { name: label })
                : t('funnels.pipelines.removeStage', { name: label })
            }
            data-testid="stage-archive"
          >
            {stage.id ? t('funnels.pipelines.archive') : t('funnels.pipelines.removeNew')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
