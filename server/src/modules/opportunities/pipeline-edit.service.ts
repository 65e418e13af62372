import type { Pipeline, Stage, UpdatePipelineRequest } from '@funil/domain';
import { generateNKeysBetween } from 'fractional-indexing';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { beginPipelineEdit, finishPipelineEdit, getPipeline } from '../pipelines/pipelines.service.ts';
import * as repo from './opportunities.repository.ts';
import { eventOf } from './opportunity-changes.service.ts';

// Editing a funnel belongs to the pipelines module, except that archiving a stage first moves its cards:
// this module drives the edit so that pipelines never reaches into opportunities.

/** Moves every card of a stage being archived to the end of another stage, each move on the card's timeline. */
async function moveAllCards(tx: Queryable, actor: Actor, pipelineId: string, from: Stage, to: Stage) {
  await repo.lockColumn(tx, to.id);
  const ids = await repo.opportunityIdsInStage(tx, actor.workspaceId, from.id);
  const ranks = generateNKeysBetween(await repo.lastRank(tx, actor.workspaceId, to.id), null, ids.length);
  for (const [i, id] of ids.entries()) {
    await repo.moveOpportunityRow(tx, {
      id,
      workspaceId: actor.workspaceId,
      pipelineId,
      fromStageId: from.id,
      stageId: to.id,
      rank: ranks[i] as string,
    });
    await eventOf(
      tx,
      actor,
      id,
      'stage_changed',
      { from: { id: from.id, name: from.name }, to: { id: to.id, name: to.name }, reason: 'stage_archived' },
      { fromId: from.id, toId: to.id },
    );
  }
}

/**
 * Renames, reorders, adds and archives stages in one transaction. A stage left out is archived; if it still
 * has cards they move first to the stage `moveCardsTo` names (each move on the card's timeline), else 409.
 */
export async function updatePipeline(
  db: Db,
  actor: Actor,
  id: string,
  expected: number,
  input: UpdatePipelineRequest,
): Promise<Pipeline> {
  await transaction(db, async (tx) => {
    const plan = await beginPipelineEdit(tx, actor, id, expected, input);
    for (const move of plan.moves) await moveAllCards(tx, actor, id, move.from, move.to);
    await finishPipelineEdit(tx, actor, id, input, plan);
  });
  return getPipeline(db, actor, id);
}
