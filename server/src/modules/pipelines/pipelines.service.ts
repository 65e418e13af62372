import {
  type CreatePipelineRequest,
  DEFAULT_SALE_REQUIREMENTS,
  OPTION_LISTS,
  type OptionListName,
  type OptionLists,
  type Pipeline,
  type SaleRequirement,
  type UpdatePipelineRequest,
} from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { moveAllCards } from '../opportunities/opportunities.service.ts';
import { publish } from '../realtime/realtime.hub.ts';
import { readSetting, updateSettings, writeWorkspaceSetting } from '../workspaces/workspaces.service.ts';
import * as repo from './pipelines.repository.ts';

// Funnels and their stages, the workspace lists (loss/discard reasons, business plans, qualification) and
// what an involved person must have before a sale. Reads are open to every user; every write needs
// `manageFunnels` (checked here, so no caller skips it) and carries a version.

export async function listPipelines(db: Queryable, actor: Actor): Promise<Pipeline[]> {
  const rows = await repo.listPipelines(db, actor.workspaceId);
  return Promise.all(rows.map(async (p) => ({ ...p, cardCounts: await repo.cardCounts(db, p.id) })));
}

export async function getPipeline(db: Queryable, actor: Actor, id: string): Promise<Pipeline> {
  const p = await repo.findPipeline(db, actor.workspaceId, id);
  if (!p) throw notFound();
  return { ...p, cardCounts: await repo.cardCounts(db, p.id) };
}

const nameTaken = (error: unknown) =>
  (error as { code?: string; constraint?: string }).code === '23505' &&
  (error as { constraint?: string }).constraint === 'pipelines_workspace_id_name_key';

/** Creates a funnel with its stages (`manageFunnels`). */
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

/**
 * Renames, reorders, adds and archives stages in one go. A stage left out is archived; if it still has
 * cards they move first to the stage `moveCardsTo` names (each move on the card's timeline), else 409.
 * Needs `manageFunnels`.
 */
export async function updatePipeline(
  db: Db,
  actor: Actor,
  id: string,
  expected: number,
  input: UpdatePipelineRequest,
): Promise<Pipeline> {
  assertCan(actor, 'manageFunnels');
  try {
    await transaction(db, async (tx) => {
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
      const counts = await repo.cardCounts(tx, id);
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
        await moveAllCards(tx, actor, { ...stage, pipelineId: id }, target);
      }
      await repo.archiveStages(
        tx,
        id,
        leaving.map((s) => s.id),
      );
      for (const [position, s] of input.stages.entries()) {
        await repo.upsertStage(tx, actor.workspaceId, id, {
          ...s,
          position,
          rottingDays: s.rottingDays ?? null,
        });
      }
      await repo.renamePipeline(tx, id, input.name);
      await publish(tx, actor.workspaceId, null, {
        type: 'pipeline.updated',
        pipelineId: id,
        opportunityId: null,
        stageId: null,
        version: null,
        actorId: actor.userId,
        at: new Date().toISOString(),
      });
    });
  } catch (error) {
    if (nameTaken(error)) throw validationError([{ field: 'name', code: 'name_taken', message: '' }]);
    throw error;
  }
  return getPipeline(db, actor, id);
}

// ---------- Workspace lists and sale requirements ----------

export type OpportunitySettings = {
  lists: OptionLists;
  saleRequirements: SaleRequirement[];
  version: number;
};

export async function getOpportunitySettings(db: Queryable, actor: Actor): Promise<OpportunitySettings> {
  const [options, requirements] = await Promise.all([
    repo.listOptions(db, actor.workspaceId),
    readSetting(db, actor, 'saleRequirements'),
  ]);
  const lists = Object.fromEntries(
    OPTION_LISTS.map((list) => [
      list,
      options
        .filter((o) => o.list === list)
        .map(({ id, label, position, parentId }) => ({ id, label, position, parentId: parentId ?? null })),
    ]),
  ) as OptionLists;
  return {
    lists,
    saleRequirements: requirements.value ?? DEFAULT_SALE_REQUIREMENTS,
    version: requirements.version,
  };
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

/** What every involved person must have before a sale (`manageFunnels`). */
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
