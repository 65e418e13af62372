import {
  type CreatePipelineRequest,
  DEFAULT_SALE_REQUIREMENTS,
  type OptionListName,
  type Pipeline,
  type SaleRequirement,
  type Stage,
  type UpdatePipelineRequest,
} from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { publish } from '../realtime/realtime.hub.ts';
import { readSetting, updateSettings, writeWorkspaceSetting } from '../workspaces/workspaces.service.ts';
import { presentOpportunitySettings, presentPipeline } from './pipelines.presenter.ts';
import * as repo from './pipelines.repository.ts';

// Funnels and their stages, the workspace lists (loss/discard reasons, business plans, qualification) and
// what an involved person must have before a sale. Reads are open to every user; every write needs
// `manageFunnels` (checked here, so no caller skips it) and carries a version. The opportunities module reads funnels through this service
// (never the repository) and drives the funnel edit, because archiving a stage moves its cards.

/** Every live funnel with its stages, for the board's funnel picker and the admin pages. */
export async function listPipelines(db: Queryable, actor: Actor): Promise<Pipeline[]> {
  const rows = await repo.listPipelines(db, actor.workspaceId);
  return Promise.all(
    rows.map(async (p) => presentPipeline(p, await repo.cardCounts(db, actor.workspaceId, p.id))),
  );
}

/** One live funnel with its stages and how many cards each holds (admins need it before archiving one). */
export async function getPipeline(db: Queryable, actor: Actor, id: string): Promise<Pipeline> {
  const p = await repo.findPipeline(db, actor.workspaceId, id);
  if (!p) throw notFound();
  return presentPipeline(p, await repo.cardCounts(db, actor.workspaceId, p.id));
}

/** A live funnel with its live stages in order, or null: where cards may be placed and shown. */
export function findPipeline(db: Queryable, workspaceId: string, id: string) {
  return repo.findPipeline(db, workspaceId, id);
}

/** Every live funnel with its live stages in order (oldest funnel first: the default one). */
export function listLivePipelines(db: Queryable, workspaceId: string) {
  return repo.listPipelines(db, workspaceId);
}

/** A live stage with its funnel, or null: where a card may be moved. */
export function findStage(db: Queryable, workspaceId: string, id: string) {
  return repo.findStage(db, workspaceId, id);
}

/** A stage's name even when archived, for the timeline of a card that left it. */
export function findStageName(db: Queryable, workspaceId: string, id: string) {
  return repo.findStageName(db, workspaceId, id);
}

/** A funnel's name even when archived, for the timeline of a card that changed funnel. */
export function findPipelineName(db: Queryable, workspaceId: string, id: string) {
  return repo.findPipelineName(db, workspaceId, id);
}

/** List options by id, archived too: references on a card are checked against them and old values named. */
export function findOptions(db: Queryable, workspaceId: string, ids: string[]) {
  return repo.findOptions(db, workspaceId, ids);
}

const nameTaken = (error: unknown) =>
  (error as { code?: string; constraint?: string }).code === '23505' &&
  (error as { constraint?: string }).constraint === 'pipelines_workspace_id_name_key';

/** Creates a funnel with its stages in order (`manageFunnels`); names are unique per workspace (422, not a 500). */
export async function createPipeline(db: Db, actor: Actor, input: CreatePipelineRequest): Promise<Pipeline> {
  assertCan(actor, 'manageFunnels');
  if (input.stages.some((s) => s.id)) {
    throw validationError([{ field: 'stages', code: 'unknown_stage', message: '' }]);
  }
  try {
    const id = await transaction(db, async (tx) => {
      const id = await repo.insertPipeline(tx, actor.workspaceId, input.name);
      for (const [position, s] of input.stages.entries()) {
        await repo.upsertStage(tx, actor.workspaceId, id, {
          ...s,
          id: undefined,
          position,
          rottingDays: s.rottingDays ?? null,
        });
      }
      return id;
    });
    return getPipeline(db, actor, id);
  } catch (error) {
    if (nameTaken(error)) throw validationError([{ field: 'name', code: 'name_taken', message: '' }]);
    throw error;
  }
}

/** What a funnel edit archives, and where the cards of each archived stage go. */
export type PipelineEditPlan = { leaving: Stage[]; moves: { from: Stage; to: Stage }[] };

/**
 * First half of a funnel edit (inside the caller's transaction): locks the funnel at the expected version
 * and lists the stages left out. A stage left out that still has cards needs a live destination in
 * `moveCardsTo` (else 409); the caller moves those cards before `finishPipelineEdit` archives the stages.
 * Needs `manageFunnels`.
 */
export async function beginPipelineEdit(
  tx: Queryable,
  actor: Actor,
  id: string,
  expected: number,
  input: UpdatePipelineRequest,
): Promise<PipelineEditPlan> {
  assertCan(actor, 'manageFunnels');
  const version = await repo.lockPipeline(tx, actor.workspaceId, id);
  if (version === null) throw notFound();
  if (version !== expected) throw versionMismatch(version);
  const current = (await repo.findPipeline(tx, actor.workspaceId, id))?.stages ?? [];
  const byId = new Map(current.map((s) => [s.id, s]));
  const errors = input.stages.flatMap((s, i) =>
    s.id && !byId.has(s.id) ? [{ field: `stages.${i}.id`, code: 'unknown_stage', message: '' }] : [],
  );
  if (errors.length) throw validationError(errors);
  const kept = new Set(input.stages.map((s) => s.id).filter(Boolean));
  const leaving = current.filter((s) => !kept.has(s.id));
  const counts = await repo.cardCounts(tx, actor.workspaceId, id);
  const moves: PipelineEditPlan['moves'] = [];
  for (const stage of leaving) {
    if (!counts[stage.id]) continue;
    const targetId = input.moveCardsTo[stage.id];
    const target = targetId && kept.has(targetId) ? byId.get(targetId) : undefined;
    if (!target) {
      throw new DomainError('stage-not-empty', 409, {
        detail: `A etapa "${stage.name}" tem ${counts[stage.id]} card(s): escolha para qual etapa movê-los.`,
        errors: [{ field: `moveCardsTo.${stage.id}`, code: 'required', message: '' }],
      });
    }
    moves.push({ from: stage, to: target });
  }
  return { leaving, moves };
}

/**
 * Second half of a funnel edit, once the archived stages are empty: archives them, writes the stages in
 * their new order, renames the funnel (a taken name is 422) and tells the open boards at commit.
 */
export async function finishPipelineEdit(
  tx: Queryable,
  actor: Actor,
  id: string,
  input: UpdatePipelineRequest,
  plan: PipelineEditPlan,
): Promise<void> {
  await repo.archiveStages(
    tx,
    actor.workspaceId,
    id,
    plan.leaving.map((s) => s.id),
  );
  for (const [position, s] of input.stages.entries()) {
    await repo.upsertStage(tx, actor.workspaceId, id, {
      ...s,
      position,
      rottingDays: s.rottingDays ?? null,
    });
  }
  try {
    await repo.renamePipeline(tx, actor.workspaceId, id, input.name);
  } catch (error) {
    if (nameTaken(error)) throw validationError([{ field: 'name', code: 'name_taken', message: '' }]);
    throw error;
  }
  await publish(tx, {
    workspaceId: actor.workspaceId,
    topic: id,
    audience: null,
    event: {
      type: 'pipeline.updated',
      pipelineId: id,
      opportunityId: null,
      stageId: null,
      version: null,
      actorId: actor.userId,
      at: new Date().toISOString(),
    },
  });
}

// ---------- Workspace lists and sale requirements ----------

/** The workspace lists and sale requirements, with the settings version an edit must send back. */
export async function getOpportunitySettings(db: Queryable, actor: Actor) {
  const [options, requirements] = await Promise.all([
    repo.listOptions(db, actor.workspaceId),
    readSetting(db, actor, 'saleRequirements'),
  ]);
  return presentOpportunitySettings(
    options,
    requirements.value ?? DEFAULT_SALE_REQUIREMENTS,
    requirements.version,
  );
}

/** Both edits share the workspace settings version (If-Match), like the role matrix. */
async function editSettings(db: Db, actor: Actor, expected: number, edit: (tx: Queryable) => Promise<void>) {
  assertCan(actor, 'manageFunnels');
  await updateSettings(db, actor, expected, edit);
  return getOpportunitySettings(db, actor);
}

/** Replaces a list in order: items with an id are kept (relabelled), new ones added, the rest archived. */
export async function replaceOptionList(
  db: Db,
  actor: Actor,
  expected: number,
  list: OptionListName,
  items: { id?: string | undefined; label: string; parentId?: string | null | undefined }[],
) {
  assertCan(actor, 'manageFunnels');
  const seen = new Set<string>();
  const errors = items.flatMap((item, i) => {
    // Sub-moments are unique within their moment; every other list as a whole.
    const key = `${item.parentId ?? ''}:${item.label.toLocaleLowerCase('pt-BR')}`;
    if (seen.has(key)) return [{ field: `items.${i}.label`, code: 'duplicate', message: '' }];
    seen.add(key);
    return [];
  });
  if (errors.length) throw validationError(errors);
  return editSettings(db, actor, expected, async (tx) => {
    const known = await repo.findOptions(
      tx,
      actor.workspaceId,
      items.flatMap((i) => (i.id ? [i.id] : [])),
    );
    // A sub-moment names a live moment; nothing else has a parent.
    const parents = await repo.findOptions(
      tx,
      actor.workspaceId,
      items.flatMap((i) => (i.parentId ? [i.parentId] : [])),
    );
    const badParents = items.flatMap((item, i) => {
      const parent = item.parentId ? parents.get(item.parentId) : undefined;
      const ok = list === 'sub_moment' ? parent?.list === 'moment' && !parent.archived : !item.parentId;
      return ok
        ? []
        : [
            {
              field: `items.${i}.parentId`,
              code: list === 'sub_moment' ? 'required' : 'unknown_option',
              message: '',
            },
          ];
    });
    if (badParents.length) throw validationError(badParents);
    const unknown = items.flatMap((item, i) =>
      item.id && known.get(item.id)?.list !== list
        ? [{ field: `items.${i}.id`, code: 'unknown_option', message: '' }]
        : [],
    );
    if (unknown.length) throw validationError(unknown);
    await repo.replaceOptions(tx, actor.workspaceId, list, items);
  });
}

/** What every involved person must have before a sale (`manageFunnels`; the sale gate reads it). */
export async function setSaleRequirements(
  db: Db,
  actor: Actor,
  expected: number,
  requirements: SaleRequirement[],
) {
  return editSettings(db, actor, expected, (tx) =>
    writeWorkspaceSetting(tx, actor.workspaceId, 'saleRequirements', [...new Set(requirements)]),
  );
}
