import type { Pipeline, StageInput, StageRequirableField } from '@funil/domain';
import { moveByKey, nameKey, newKey, patchByKey } from './reorder.ts';

/** A stage as the admin edits it; `id` null until the stage is saved. */
export type DraftStage = {
  key: string;
  id: string | null;
  name: string;
  probability: number;
  /** Days before a card rots; null: never. */
  rottingDays: number | null;
  requiredFields: StageRequirableField[];
};

/** A saved stage the admin took out: archived on save, its cards moved to `moveTo` (a kept stage id). */
export type ArchivedStage = { stage: DraftStage & { id: string }; index: number; moveTo: string | null };

export type PipelineDraft = { name: string; stages: DraftStage[]; archived: ArchivedStage[] };

export const STAGE_NAME_MAX = 60;
export const PIPELINE_NAME_MAX = 80;
export const MAX_STAGES = 30;
export const ROTTING_DAYS_MAX = 3650;

export function newStage(name = ''): DraftStage {
  return { key: newKey('stage'), id: null, name, probability: 0, rottingDays: null, requiredFields: [] };
}

/** The form of a funnel being created, with the suggested stage names. */
export function newPipelineDraft(stageNames: readonly string[]): PipelineDraft {
  return { name: '', stages: stageNames.map((name) => newStage(name)), archived: [] };
}

/** The form of a saved funnel, as loaded. */
export function draftFromPipeline(pipeline: Pipeline): PipelineDraft {
  return {
    name: pipeline.name,
    stages: [...pipeline.stages]
      .sort((a, b) => a.position - b.position)
      .map((s) => ({
        key: s.id,
        id: s.id,
        name: s.name,
        probability: s.probability,
        rottingDays: s.rottingDays,
        requiredFields: [...s.requiredFields],
      })),
    archived: [],
  };
}

export const addStage = (draft: PipelineDraft): PipelineDraft => ({
  ...draft,
  stages: [...draft.stages, newStage()],
});

export const moveStage = (draft: PipelineDraft, key: string, delta: number): PipelineDraft => ({
  ...draft,
  stages: moveByKey(draft.stages, key, delta),
});

export const updateStage = (
  draft: PipelineDraft,
  key: string,
  patch: Partial<Omit<DraftStage, 'key' | 'id'>>,
): PipelineDraft => ({ ...draft, stages: patchByKey<DraftStage>(draft.stages, key, patch) });

/** Stages that may receive the cards of `key` when it is archived: the other kept stages already saved. */
export function moveTargets(draft: PipelineDraft, key: string): (DraftStage & { id: string })[] {
  return draft.stages.filter((s): s is DraftStage & { id: string } => s.id !== null && s.key !== key);
}

/**
 * Cards that go somewhere else when the stage `key` is archived: its own, plus those of stages already
 * taken out whose cards were headed to it.
 */
export function cardsLeaving(draft: PipelineDraft, counts: Record<string, number>, key: string): number {
  const stage = draft.stages.find((s) => s.key === key);
  if (!stage?.id) return 0;
  const incoming = draft.archived
    .filter((a) => a.moveTo === stage.id)
    .reduce((sum, a) => sum + (counts[a.stage.id] ?? 0), 0);
  return (counts[stage.id] ?? 0) + incoming;
}

/**
 * Takes the stage `key` out: a new one is just dropped; a saved one is archived on save, its cards (and
 * those that were headed to it) going to `moveTo`.
 */
export function archiveStage(draft: PipelineDraft, key: string, moveTo: string | null): PipelineDraft {
  const index = draft.stages.findIndex((s) => s.key === key);
  const stage = draft.stages[index];
  if (!stage) return draft;
  const stages = draft.stages.filter((s) => s.key !== key);
  if (stage.id === null) return { ...draft, stages };
  const id = stage.id;
  return {
    ...draft,
    stages,
    archived: [
      ...draft.archived.map((a) => (a.moveTo === id ? { ...a, moveTo } : a)),
      { stage: { ...stage, id }, index, moveTo },
    ],
  };
}

/** Puts an archived stage back where it was (as far as the list allows), with the edits it had. */
export function restoreStage(draft: PipelineDraft, id: string): PipelineDraft {
  const entry = draft.archived.find((a) => a.stage.id === id);
  if (!entry) return draft;
  const stages = [...draft.stages];
  stages.splice(Math.min(entry.index, stages.length), 0, entry.stage);
  return { ...draft, stages, archived: draft.archived.filter((a) => a !== entry) };
}

/** Changes where the cards of an archived stage go. */
export const setMoveTarget = (draft: PipelineDraft, id: string, moveTo: string | null): PipelineDraft => ({
  ...draft,
  archived: draft.archived.map((a) => (a.stage.id === id ? { ...a, moveTo } : a)),
});

const stageInput = (s: DraftStage): StageInput => ({
  ...(s.id ? { id: s.id } : {}),
  name: s.name.trim(),
  probability: s.probability,
  rottingDays: s.rottingDays,
  requiredFields: s.requiredFields,
});

/** Body of `POST /pipelines`. */
export function toCreateRequest(draft: PipelineDraft) {
  return { name: draft.name.trim(), stages: draft.stages.map(stageInput) };
}

/** Body of `PUT /pipelines/{id}`: kept stages in order, and where the cards of archived ones go. */
export function toUpdateRequest(draft: PipelineDraft) {
  const moveCardsTo: Record<string, string> = {};
  for (const a of draft.archived) if (a.moveTo) moveCardsTo[a.stage.id] = a.moveTo;
  return { name: draft.name.trim(), stages: draft.stages.map(stageInput), moveCardsTo };
}

/** Where a draft error is shown: the funnel name, a stage field by key, or an archived stage by id. */
export type DraftErrors = Record<string, string>;
export const stageErrorKey = (
  key: string,
  field: 'name' | 'probability' | 'rottingDays' | 'requiredFields',
) => `stage.${key}.${field}`;
export const archivedErrorKey = (id: string) => `archived.${id}`;

/** What the server would refuse, checked before sending (field → error code; empty when fine). */
export function validateDraft(draft: PipelineDraft): DraftErrors {
  const errors: DraftErrors = {};
  const name = draft.name.trim();
  if (!name) errors.name = 'required';
  else if (name.length > PIPELINE_NAME_MAX) errors.name = 'too_long';
  if (draft.stages.length === 0) errors.stages = 'required';
  else if (draft.stages.length > MAX_STAGES) errors.stages = 'too_long';
  const seen = new Set<string>();
  for (const s of draft.stages) {
    const stageName = s.name.trim();
    if (!stageName) errors[stageErrorKey(s.key, 'name')] = 'required';
    else if (stageName.length > STAGE_NAME_MAX) errors[stageErrorKey(s.key, 'name')] = 'too_long';
    else if (seen.has(nameKey(stageName))) errors[stageErrorKey(s.key, 'name')] = 'duplicate';
    seen.add(nameKey(stageName));
    if (!Number.isInteger(s.probability) || s.probability < 0 || s.probability > 100) {
      errors[stageErrorKey(s.key, 'probability')] = 'invalid_value';
    }
    if (
      s.rottingDays !== null &&
      (!Number.isInteger(s.rottingDays) || s.rottingDays < 1 || s.rottingDays > ROTTING_DAYS_MAX)
    ) {
      errors[stageErrorKey(s.key, 'rottingDays')] = 'invalid_value';
    }
  }
  return errors;
}

const STAGE_FIELD = /^stages\.(\d+)\.(name|probability|rottingDays|requiredFields)(?:\.|$)/;

/**
 * The server's field errors (`stages.2.name`, `moveCardsTo.<id>`) placed on the draft they answer:
 * stage indexes are those of the request, i.e. of `draft.stages`.
 */
export function errorsFromServer(
  draft: PipelineDraft,
  errors: readonly { field: string; code: string }[],
): DraftErrors {
  const found: DraftErrors = {};
  const put = (field: string, code: string) => {
    if (!(field in found)) found[field] = code;
  };
  for (const { field, code } of errors) {
    const stage = STAGE_FIELD.exec(field);
    const key = stage ? draft.stages[Number(stage[1])]?.key : undefined;
    if (stage && key) put(stageErrorKey(key, stage[2] as 'name'), code);
    else if (field.startsWith('moveCardsTo.'))
      put(archivedErrorKey(field.slice('moveCardsTo.'.length)), code);
    else if (field === 'name') put('name', code);
    else put('general', code);
  }
  return found;
}

/** Whether the form differs from the funnel as saved. */
export function isDraftChanged(draft: PipelineDraft, pipeline: Pipeline): boolean {
  const saved = draftFromPipeline(pipeline);
  if (draft.archived.length > 0 || draft.name.trim() !== saved.name) return true;
  if (draft.stages.length !== saved.stages.length) return true;
  return draft.stages.some((s, i) => {
    const o = saved.stages[i];
    return (
      !o ||
      s.id !== o.id ||
      s.name.trim() !== o.name ||
      s.probability !== o.probability ||
      s.rottingDays !== o.rottingDays ||
      [...s.requiredFields].sort().join() !== [...o.requiredFields].sort().join()
    );
  });
}
