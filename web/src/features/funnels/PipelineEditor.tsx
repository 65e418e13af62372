import type { Pipeline } from '@funil/domain';
import { Alert, Badge, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { ArchiveStageModal } from './ArchiveStageModal.tsx';
import { funnelFieldError } from './field-errors.ts';
import { PipelineHeading } from './PipelineSummary.tsx';
import {
  type ArchivedStage,
  addStage,
  archivedErrorKey,
  archiveStage,
  cardsLeaving,
  type DraftErrors,
  draftFromPipeline,
  errorsFromServer,
  isDraftChanged,
  MAX_STAGES,
  moveStage,
  moveTargets,
  newPipelineDraft,
  PIPELINE_NAME_MAX,
  type PipelineDraft,
  restoreStage,
  setMoveTarget,
  toCreateRequest,
  toUpdateRequest,
  updateStage,
  validateDraft,
} from './pipeline-draft.ts';
import { useCreatePipeline, useUpdatePipeline } from './queries.ts';
import { StageEditorRow } from './StageEditorRow.tsx';

type Props = {
  /** The funnel as loaded when editing started; null: creating one. */
  pipeline: Pipeline | null;
  onClose: () => void;
  onSaved: (message: string) => void;
  /** Loads the funnel again and restarts the form from it (after someone else saved it: 412). */
  onReload: () => void;
  reloading: boolean;
};

type ArchivedProps = {
  entry: ArchivedStage;
  cards: number;
  targets: { id: string; name: string }[];
  error: string | undefined;
  onTarget: (id: string | null) => void;
  onRestore: () => void;
};

/** A stage taken out of the form: archived on save, with where its cards go; can be put back. */
function ArchivedStageRow({ entry, cards, targets, error, onTarget, onRestore }: ArchivedProps) {
  const { t } = useTranslation();
  const needsTarget = cards > 0 || entry.moveTo !== null || error !== undefined;
  return (
    <Group
      gap="sm"
      wrap="wrap"
      align="center"
      data-testid="archived-stage"
      data-stage-name={entry.stage.name}
    >
      <Text size="sm" fw={600} td="line-through">
        {entry.stage.name}
      </Text>
      {needsTarget ? (
        <>
          <Text size="sm">
            {cards > 0
              ? t('funnels.pipelines.archivedMoving', { count: cards })
              : t('funnels.pipelines.archivedMovingUnknown')}
          </Text>
          <Select
            aria-label={t('funnels.pipelines.moveTargetOf', { name: entry.stage.name })}
            data={targets.map((s) => ({ value: s.id, label: s.name }))}
            value={entry.moveTo}
            onChange={onTarget}
            error={error}
            allowDeselect={false}
            size="xs"
            w={220}
            data-testid="archived-stage-target"
          />
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {t('funnels.pipelines.archivedNoCards')}
        </Text>
      )}
      <Button size="compact-sm" variant="subtle" onClick={onRestore} data-testid="archived-stage-undo">
        {t('funnels.undo')}
      </Button>
    </Group>
  );
}

/**
 * The funnel form, in place on the admin page: name and stages (add, rename, reorder, rules, archive).
 * Saving creates the funnel, or replaces its stage list against the version it was loaded at.
 */
export function PipelineEditor({ pipeline, onClose, onSaved, onReload, reloading }: Props) {
  const { t } = useTranslation();
  const create = useCreatePipeline();
  const update = useUpdatePipeline();
  const [draft, setDraft] = useState<PipelineDraft>(() =>
    pipeline
      ? draftFromPipeline(pipeline)
      : newPipelineDraft(t('funnels.pipelines.defaultStages').split('|')),
  );
  const [errors, setErrors] = useState<DraftErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [archiving, setArchiving] = useState<string | null>(null);
  // The stage just added, whose name field takes the focus.
  const [added, setAdded] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const counts = pipeline?.cardCounts ?? {};

  // The form opens in place of the funnel's summary: keyboard users land on its first field.
  useEffect(() => nameInput.current?.focus(), []);
  const saving = create.isPending || update.isPending;
  const changed = pipeline ? isDraftChanged(draft, pipeline) : true;

  const edit = (next: PipelineDraft) => {
    setDraft(next);
    setGeneral(null);
  };

  const save = async () => {
    const found = validateDraft(draft);
    setErrors(found);
    setGeneral(null);
    setStale(false);
    if (Object.keys(found).length) return;
    try {
      if (pipeline) {
        await update.mutateAsync({ id: pipeline.id, version: pipeline.version, ...toUpdateRequest(draft) });
        onSaved(t('funnels.pipelines.saved'));
      } else {
        await create.mutateAsync(toCreateRequest(draft));
        onSaved(t('funnels.pipelines.created'));
      }
    } catch (err) {
      if (isVersionMismatch(err)) return setStale(true);
      const fromServer = isApiError(err) ? errorsFromServer(draft, err.errors) : {};
      setErrors(fromServer);
      if (isApiError(err) && err.code === 'stage-not-empty') setGeneral(t('funnels.pipelines.stageNotEmpty'));
      else if (fromServer.general) setGeneral(funnelFieldError(fromServer.general, t) ?? null);
      else if (Object.keys(fromServer).length === 0) setGeneral(problemMessage(err, t));
    }
  };

  const archivingStage = draft.stages.find((s) => s.key === archiving);
  const targetsOf = (key: string) => moveTargets(draft, key).map((s) => ({ id: s.id, name: s.name.trim() }));
  const keptTargets = draft.stages.flatMap((s) => (s.id ? [{ id: s.id, name: s.name.trim() }] : []));

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      noValidate
      aria-label={pipeline ? t('funnels.pipelines.editTitle') : t('funnels.pipelines.createTitle')}
    >
      <PipelineHeading name={pipeline ? pipeline.name : t('funnels.pipelines.createTitle')} total={null}>
        {changed && pipeline && (
          <Badge color="yellow" variant="dot" tt="none">
            {t('funnels.unsaved')}
          </Badge>
        )}
      </PipelineHeading>
      <Stack gap="sm">
        <TextInput
          label={t('funnels.pipelines.name')}
          value={draft.name}
          onChange={(e) => edit({ ...draft, name: e.currentTarget.value })}
          error={funnelFieldError(errors.name, t)}
          maxLength={PIPELINE_NAME_MAX}
          required
          maw={480}
          data-testid="pipeline-name"
          ref={nameInput}
        />
        <div>
          <Text fw={600} size="sm" mt="xs">
            {t('funnels.pipelines.stages')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('funnels.pipelines.rottingHint')}
          </Text>
        </div>
        {errors.stages && (
          <Text size="sm" c="red" role="alert">
            {funnelFieldError(errors.stages, t)}
          </Text>
        )}
        {draft.stages.map((stage, index) => (
          <StageEditorRow
            key={stage.key}
            stage={stage}
            index={index}
            count={draft.stages.length}
            cards={stage.id ? (counts[stage.id] ?? 0) : null}
            focusName={stage.key === added}
            errors={errors}
            onChange={(patch) => edit(updateStage(draft, stage.key, patch))}
            onMove={(delta) => edit(moveStage(draft, stage.key, delta))}
            onArchive={() =>
              stage.id ? setArchiving(stage.key) : edit(archiveStage(draft, stage.key, null))
            }
          />
        ))}
        <Group>
          <Button
            variant="default"
            onClick={() => {
              const next = addStage(draft);
              edit(next);
              setAdded(next.stages[next.stages.length - 1]?.key ?? null);
            }}
            disabled={draft.stages.length >= MAX_STAGES}
            data-testid="stage-add"
          >
            {t('funnels.pipelines.addStage')}
          </Button>
        </Group>
        {draft.archived.length > 0 && (
          <Stack gap={6} mt="xs" data-testid="archived-stages">
            <Text fw={600} size="sm">
              {t('funnels.pipelines.archivedTitle')}
            </Text>
            {draft.archived.map((entry) => (
              <ArchivedStageRow
                key={entry.stage.id}
                entry={entry}
                cards={counts[entry.stage.id] ?? 0}
                targets={keptTargets}
                error={funnelFieldError(errors[archivedErrorKey(entry.stage.id)], t)}
                onTarget={(id) => edit(setMoveTarget(draft, entry.stage.id, id))}
                onRestore={() => edit(restoreStage(draft, entry.stage.id))}
              />
            ))}
          </Stack>
        )}
        {/* Next to the save button, where the admin is when the save is refused. */}
        {general && (
          <Alert color="red" variant="light" role="alert" data-testid="pipeline-error">
            {general}
          </Alert>
        )}
        {stale && <StaleVersionAlert onReload={onReload} reloading={reloading} />}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose} disabled={saving}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saving} disabled={!changed} data-testid="pipeline-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      {archivingStage && (
        <ArchiveStageModal
          stageName={archivingStage.name.trim()}
          cards={cardsLeaving(draft, counts, archivingStage.key)}
          targets={targetsOf(archivingStage.key)}
          onConfirm={(moveTo) => {
            edit(archiveStage(draft, archivingStage.key, moveTo));
            setArchiving(null);
          }}
          onClose={() => setArchiving(null)}
        />
      )}
    </form>
  );
}
