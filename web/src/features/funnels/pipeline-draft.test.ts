import type { Pipeline } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import {
  addStage,
  archivedErrorKey,
  archiveStage,
  cardsLeaving,
  draftFromPipeline,
  errorsFromServer,
  isDraftChanged,
  moveStage,
  moveTargets,
  newPipelineDraft,
  restoreStage,
  setMoveTarget,
  stageErrorKey,
  toCreateRequest,
  toUpdateRequest,
  updateStage,
  validateDraft,
} from './pipeline-draft.ts';

const stage = (id: string, name: string, position: number) => ({
  id,
  name,
  position,
  probability: position * 10,
  rottingDays: position ? 7 : null,
  requiredFields: [],
});

const pipeline: Pipeline = {
  id: 'p',
  name: 'Vendas',
  version: 3,
  stages: [stage('s2', 'Contato', 1), stage('s1', 'Novo', 0), stage('s3', 'Proposta', 2)],
  cardCounts: { s1: 4, s2: 0, s3: 2 },
};

describe('pipeline draft', () => {
  it('starts from the saved stages in order, unchanged', () => {
    const draft = draftFromPipeline(pipeline);
    expect(draft.stages.map((s) => s.name)).toEqual(['Novo', 'Contato', 'Proposta']);
    expect(isDraftChanged(draft, pipeline)).toBe(false);
  });

  it('sends renames, new stages and the new order', () => {
    let draft = draftFromPipeline(pipeline);
    draft = updateStage(draft, 's2', { name: ' Primeiro contato ', requiredFields: ['city'] });
    draft = addStage(draft);
    const added = draft.stages[3]?.key ?? '';
    draft = updateStage(draft, added, { name: 'Contrato', probability: 90, rottingDays: 15 });
    draft = moveStage(draft, 's3', 1);
    draft = moveStage(draft, 's1', -1);
    expect(isDraftChanged(draft, pipeline)).toBe(true);
    expect(toUpdateRequest(draft)).toEqual({
      name: 'Vendas',
      stages: [
        { id: 's1', name: 'Novo', probability: 0, rottingDays: null, requiredFields: [] },
        { id: 's2', name: 'Primeiro contato', probability: 10, rottingDays: 7, requiredFields: ['city'] },
        { name: 'Contrato', probability: 90, rottingDays: 15, requiredFields: [] },
        { id: 's3', name: 'Proposta', probability: 20, rottingDays: 7, requiredFields: [] },
      ],
      moveCardsTo: {},
    });
  });

  it('archives a stage with cards by moving them to a kept saved stage', () => {
    let draft = addStage(draftFromPipeline(pipeline));
    const added = draft.stages[3]?.key ?? '';
    expect(moveTargets(draft, 's1').map((s) => s.id)).toEqual(['s2', 's3']);
    expect(cardsLeaving(draft, pipeline.cardCounts, 's1')).toBe(4);
    draft = archiveStage(draft, 's1', 's3');
    // s3 now receives s1's cards: archiving it too moves both groups.
    expect(cardsLeaving(draft, pipeline.cardCounts, 's3')).toBe(6);
    draft = archiveStage(draft, 's3', 's2');
    draft = archiveStage(draft, added, null);
    expect(toUpdateRequest(draft).stages.map((s) => s.id)).toEqual(['s2']);
    expect(toUpdateRequest(draft).moveCardsTo).toEqual({ s1: 's2', s3: 's2' });
  });

  it('archives an empty stage without a target, and undoes it', () => {
    let draft = archiveStage(draftFromPipeline(pipeline), 's2', null);
    expect(toUpdateRequest(draft).moveCardsTo).toEqual({});
    expect(draft.archived.map((a) => a.stage.id)).toEqual(['s2']);
    draft = setMoveTarget(draft, 's2', 's3');
    expect(toUpdateRequest(draft).moveCardsTo).toEqual({ s2: 's3' });
    draft = restoreStage(draft, 's2');
    expect(draft.stages.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(isDraftChanged(draft, pipeline)).toBe(false);
  });

  it('creates a funnel from the suggested stages', () => {
    const draft = { ...newPipelineDraft(['Novo', 'Proposta']), name: ' Locação ' };
    expect(toCreateRequest(draft)).toEqual({
      name: 'Locação',
      stages: [
        { name: 'Novo', probability: 0, rottingDays: null, requiredFields: [] },
        { name: 'Proposta', probability: 0, rottingDays: null, requiredFields: [] },
      ],
    });
  });

  it('checks names, repeated stages, probability and rotting days before sending', () => {
    let draft = newPipelineDraft(['Novo', 'novo ', '']);
    const [a, b, c] = draft.stages.map((s) => s.key);
    draft = updateStage(draft, a ?? '', { probability: 120, rottingDays: 0 });
    const errors = validateDraft(draft);
    expect(errors).toEqual({
      name: 'required',
      [stageErrorKey(a ?? '', 'probability')]: 'invalid_value',
      [stageErrorKey(a ?? '', 'rottingDays')]: 'invalid_value',
      [stageErrorKey(b ?? '', 'name')]: 'duplicate',
      [stageErrorKey(c ?? '', 'name')]: 'required',
    });
    expect(validateDraft({ name: 'X', stages: [], archived: [] })).toEqual({ stages: 'required' });
  });

  it('places server errors on the stage at that index and on archived stages', () => {
    const draft = draftFromPipeline(pipeline);
    expect(
      errorsFromServer(draft, [
        { field: 'stages.1.name', code: 'duplicate' },
        { field: 'moveCardsTo.s9', code: 'required' },
        { field: 'name', code: 'name_taken' },
        { field: 'stages', code: 'unknown_stage' },
      ]),
    ).toEqual({
      [stageErrorKey('s2', 'name')]: 'duplicate',
      [archivedErrorKey('s9')]: 'required',
      name: 'name_taken',
      general: 'unknown_stage',
    });
  });
});
