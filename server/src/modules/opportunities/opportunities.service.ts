import { randomUUID } from 'node:crypto';
import {
  type ChangeStatusRequest,
  type CreateOpportunityRequest,
  type CustomFieldValues,
  type FieldChange,
  type InvolvedRole,
  type MoveOpportunityRequest,
  mergeCustomValues,
  type Opportunity,
  type OptionListName,
  type Stage,
  type TimelineFilter,
  TRACKED_OPPORTUNITY_FIELDS,
  type TrackedOpportunityField,
  type UpdateOpportunityRequest,
} from '@funil/domain';
import { generateKeyBetween } from 'fractional-indexing';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { DomainError, notFound, validationError } from '../../lib/errors.ts';
import { assertCanAssignOwner, can } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import {
  checkCustomValues,
  recordedCustomChanges,
  withoutUnseenCustomChanges,
} from '../custom-fields/custom-fields.service.ts';
import * as pipelines from '../pipelines/pipelines.service.ts';
import { eraseSubjectsPayloads, listTimeline } from '../timeline/timeline.service.ts';
import { existingTeamIds, existingUserIds, findBranch } from '../users/users.service.ts';
import * as repo from './opportunities.repository.ts';
import {
  assertPeopleVisible,
  getVisibleRow,
  lockVisible,
  present,
  reread,
  visibleTo,
} from './opportunity-access.service.ts';
import {
  access,
  eventOf,
  finishStatusChange,
  publishChange,
  publishOpportunityEvent,
  realtimeEvent,
} from './opportunity-changes.service.ts';
import * as peopleRepo from './opportunity-people.repository.ts';
import * as salesRepo from './proposals.repository.ts';
import { assertSaleReady } from './sale-gate.service.ts';

// One use case per function: register, read, edit, move, change status, annotate (involved people and
// proposals have their own services).
// Every function reaches the opportunity through opportunities.policy.ts (invisible answers 404), writes
// its timeline events in the same transaction, and queues a realtime event that Postgres sends at commit.

/** One card the actor may see, with what its page shows. */
export async function getOpportunity(db: Queryable, actor: Actor, id: string): Promise<Opportunity> {
  const row = await repo.findOpportunity(db, actor.workspaceId, id, visibleTo(actor));
  if (!row) throw notFound();
  return present(db, actor, row);
}

// ---------- Checks ----------

/** The fields a stage requires that `values` lacks, as field errors. */
function stageRequirementErrors(stage: Stage, values: repo.OpportunityValues) {
  const missing = stage.requiredFields.filter((f) => {
    const v = values[f];
    return v === null || v === undefined || v === '';
  });
  return missing.map((field) => ({ field, code: 'required_for_stage', message: '' }));
}

function assertStageRequirements(stage: Stage, values: repo.OpportunityValues) {
  const errors = stageRequirementErrors(stage, values);
  if (errors.length) {
    throw new DomainError('stage-requirements', 422, {
      errors,
      detail: `A etapa "${stage.name}" exige: ${errors.map((e) => e.field).join(', ')}`,
    });
  }
}

async function assertReferences(db: Queryable, actor: Actor, v: Partial<repo.OpportunityValues>) {
  const errors: { field: string; code: string; message: string }[] = [];
  const users = [v.ownerId, v.managerId].filter((id): id is string => !!id);
  const knownUsers = await existingUserIds(db, actor.workspaceId, users);
  for (const field of ['ownerId', 'managerId'] as const) {
    const id = v[field];
    if (id && !knownUsers.has(id)) errors.push({ field, code: 'unknown_user', message: '' });
  }
  if (v.teamId && !(await existingTeamIds(db, actor.workspaceId, [v.teamId])).has(v.teamId)) {
    errors.push({ field: 'teamId', code: 'unknown_team', message: '' });
  }
  if (v.branchId && !(await findBranch(db, actor.workspaceId, v.branchId))) {
    errors.push({ field: 'branchId', code: 'unknown_branch', message: '' });
  }
  const lists: [keyof repo.OpportunityValues, OptionListName][] = [
    ['businessPlanId', 'business_plan'],
    ['qualificationId', 'qualification'],
  ];
  const ids = lists.map(([f]) => v[f]).filter((id): id is string => typeof id === 'string');
  const options = await pipelines.findOptions(db, actor.workspaceId, ids);
  for (const [field, list] of lists) {
    const id = v[field];
    if (typeof id !== 'string') continue;
    const option = options.get(id);
    if (!option || option.list !== list || option.archived)
      errors.push({ field, code: 'unknown_option', message: '' });
  }
  if (errors.length) throw validationError(errors);
}

// ---------- Writing ----------

/** The owner's first team and that team's first manager: the usual conversion data. */
async function defaultConversion(db: Queryable, workspaceId: string, ownerId: string | null) {
  if (!ownerId) return { teamId: null, managerId: null, branchId: null };
  return repo.defaultConversion(db, workspaceId, ownerId);
}

/** Registers a card on top of a stage with its holder and other involved people (one transaction). */
export async function createOpportunity(
  db: Db,
  actor: Actor,
  input: CreateOpportunityRequest,
  /** `id`: the new negotiation's id, chosen by a caller that must recognise it on a retry (lead intake). */
  opts: { id?: string } = {},
): Promise<Opportunity> {
  const ownerId = input.ownerId ?? (actor.role === 'attendant' ? null : actor.userId);
  assertCanAssignOwner(actor, ownerId);
  const pipeline = await pipelines.findPipeline(db, actor.workspaceId, input.pipelineId);
  if (!pipeline) throw validationError([{ field: 'pipelineId', code: 'unknown_pipeline', message: '' }]);
  const stage = input.stageId ? pipeline.stages.find((s) => s.id === input.stageId) : pipeline.stages[0];
  if (!stage) throw validationError([{ field: 'stageId', code: 'unknown_stage', message: '' }]);
  const defaults = await defaultConversion(db, actor.workspaceId, ownerId);
  const custom = await checkCustomValues(db, actor, 'opportunity', input.customFields, { partial: false });
  const values: repo.OpportunityValues = {
    title: input.title,
    description: input.description,
    valueCents: input.valueCents,
    expectedCloseDate: input.expectedCloseDate,
    businessPlanId: input.businessPlanId,
    city: input.city,
    ownerId,
    teamId: input.teamId ?? defaults.teamId,
    managerId: input.managerId ?? defaults.managerId,
    branchId: input.branchId ?? defaults.branchId ?? actor.branchId,
    qualificationId: input.qualificationId,
    source: input.source,
    tags: [...new Set(input.tags)],
    customFields: custom.values,
  };
  await assertReferences(db, actor, values);
  assertStageRequirements(stage, values);
  const people = [{ personId: input.holderId, role: 'holder' as InvolvedRole }, ...input.people];
  const seen = new Set<string>();
  const repeated = people.findIndex((p) => seen.size === seen.add(p.personId).size);
  if (repeated >= 0)
    throw validationError([{ field: `people.${repeated - 1}.personId`, code: 'duplicate', message: '' }]);
  await assertPeopleVisible(
    db,
    actor,
    people.map((p, i) => ({
      field: i === 0 ? 'holderId' : `people.${i - 1}.personId`,
      personId: p.personId,
    })),
  );
  const id = opts.id ?? randomUUID();
  const origin = input.integration
    ? {
        origin: 'integration' as const,
        name: input.integration.name,
        payload: input.integration.payload ?? null,
      }
    : { origin: 'manual' as const, name: null, payload: null };
  await transaction(db, (tx) => writeNewCard(tx, actor, { id, pipeline, stage, values, people, origin }));
  return present(db, actor, await reread(db, actor, id));
}

/**
 * The writes of a new card inside the caller's transaction: the card on top of its stage, its involved people, the
 * `created` event and the realtime notice. Callers checked the references, the stage's requirements and visibility.
 */
async function writeNewCard(
  tx: Queryable,
  actor: Actor,
  c: {
    id: string;
    pipeline: { id: string; name: string };
    stage: { id: string; name: string };
    values: repo.OpportunityValues;
    people: { personId: string; role: InvolvedRole }[];
    origin: { origin: 'manual' | 'integration' | 'import'; name: string | null; payload: unknown };
  },
) {
  const { id, pipeline, stage, values, people, origin } = c;
  await repo.lockColumn(tx, stage.id);
  const rank = generateKeyBetween(null, await repo.firstOpenRank(tx, actor.workspaceId, stage.id));
  await repo.insertOpportunity(tx, {
    ...values,
    id,
    workspaceId: actor.workspaceId,
    pipelineId: pipeline.id,
    stageId: stage.id,
    rank,
    origin: origin.origin,
    originIntegration: origin.name,
    originPayload: origin.payload,
    createdBy: actor.userId,
  });
  for (const p of people) {
    await peopleRepo.upsertInvolved(tx, {
      ...p,
      workspaceId: actor.workspaceId,
      opportunityId: id,
      addedBy: actor.userId,
    });
  }
  await eventOf(
    tx,
    actor,
    id,
    'created',
    {
      title: values.title,
      origin: origin.origin,
      integration: origin.name,
      ...(origin.origin === 'import' ? { fileName: origin.name } : {}),
      pipeline: { id: pipeline.id, name: pipeline.name },
      stage: { id: stage.id, name: stage.name },
    },
    { origin: origin.origin },
  );
  await publishOpportunityEvent(
    tx,
    actor.workspaceId,
    access({ workspaceId: actor.workspaceId, ...values }),
    realtimeEvent('opportunity.created', actor, {
      id,
      pipelineId: pipeline.id,
      stageId: stage.id,
      version: 1,
    }),
  );
}

/** The live funnels with their stages (the import resolves funnel and stage names through them). */
export async function funnelsForImport(db: Queryable, workspaceId: string) {
  return pipelines.listLivePipelines(db, workspaceId);
}

/** pt-BR names of the fields a stage may require (import reasons). */
export const REQUIRED_LABELS: Record<string, string> = {
  title: 'título',
  description: 'descrição',
  valueCents: 'valor',
  expectedCloseDate: 'previsão de fechamento',
  businessPlanId: 'plano de negócio',
  city: 'cidade',
  ownerId: 'responsável',
  teamId: 'equipe',
  managerId: 'gerente',
  branchId: 'filial',
  qualificationId: 'qualificação',
  source: 'mídia/canal',
};

/**
 * Importação de oportunidades: one card from a row, inside the import's transaction (origin `import`, the file
 * name and import id kept as the origin). Answers the pt-BR reason when the row cannot become a card (owner the
 * importer may not assign, a stage's required fields); the caller resolved funnel, stage, owner and a holder the
 * importer sees (or registered in the same transaction).
 */
export async function createImportedOpportunity(
  tx: Queryable,
  actor: Actor,
  input: {
    id: string;
    pipeline: { id: string; name: string };
    stage: Stage;
    holderId: string;
    ownerId: string | null;
    title: string;
    description: string | null;
    valueCents: number | null;
    expectedCloseDate: string | null;
    source: { media: string | null; channel: string | null };
    /** Checked by the import against the opportunity fields (`validateOpportunityRowWithCustomFields`). */
    customFields: CustomFieldValues;
    importId: string;
    fileName: string;
  },
): Promise<string | null> {
  if (input.ownerId !== actor.userId && !can(actor, 'assignOwners')) {
    return 'Seu perfil só pode cadastrar oportunidades em seu próprio nome';
  }
  const defaults = await defaultConversion(tx, actor.workspaceId, input.ownerId);
  const values: repo.OpportunityValues = {
    title: input.title,
    description: input.description,
    valueCents: input.valueCents,
    expectedCloseDate: input.expectedCloseDate,
    businessPlanId: null,
    city: null,
    ownerId: input.ownerId,
    teamId: defaults.teamId,
    managerId: defaults.managerId,
    branchId: defaults.branchId ?? actor.branchId,
    qualificationId: null,
    source: input.source,
    tags: [],
    customFields: input.customFields,
  };
  const missing = stageRequirementErrors(input.stage, values);
  if (missing.length) {
    return `A etapa ${input.stage.name} exige: ${missing.map((e) => REQUIRED_LABELS[e.field] ?? e.field).join(', ')}`;
  }
  await writeNewCard(tx, actor, {
    id: input.id,
    pipeline: input.pipeline,
    stage: input.stage,
    values,
    people: [{ personId: input.holderId, role: 'holder' }],
    origin: {
      origin: 'import',
      name: input.fileName,
      payload: { importId: input.importId, fileName: input.fileName },
    },
  });
  return null;
}

/**
 * Undo of an import: deletes these cards (with their involved people and stage stays) when nothing else refers to
 * them yet and nobody changed them since (version 1); their timeline payloads are erased — the chains stay.
 * Answers the ids deleted. Inside the caller's transaction.
 */
export async function removeImportedOpportunities(tx: Queryable, actor: Actor, ids: string[]) {
  const deleted = await repo.deleteUntouchedOpportunities(tx, actor.workspaceId, ids);
  await eraseSubjectsPayloads(tx, actor.workspaceId, 'opportunity', deleted);
  return deleted;
}

const valuesOf = (r: repo.OpportunityRow): repo.OpportunityValues => ({
  title: r.title,
  description: r.description,
  valueCents: r.value_cents,
  expectedCloseDate: r.expected_close_date,
  businessPlanId: r.business_plan_id,
  city: r.city,
  ownerId: r.owner_id,
  teamId: r.team_id,
  managerId: r.manager_id,
  branchId: r.branch_id,
  qualificationId: r.qualification_id,
  source: { media: r.source_media, channel: r.source_channel },
  tags: r.tags,
  customFields: r.custom_fields,
});

/** How a changed value is recorded: ids of users, teams, branches and list options with their names. */
async function describeValues(
  db: Queryable,
  workspaceId: string,
  field: TrackedOpportunityField,
  v: unknown,
) {
  if (typeof v !== 'string' || !field.endsWith('Id')) return v ?? null;
  const name =
    field === 'businessPlanId' || field === 'qualificationId'
      ? (await pipelines.findOptions(db, workspaceId, [v])).get(v)?.label
      : await repo.findReferenceName(
          db,
          workspaceId,
          field === 'teamId' ? 'team' : field === 'branchId' ? 'branch' : 'user',
          v,
        );
  return { id: v, name: name ?? '' };
}

/** Edits the card's fields at the expected version; every tracked change goes on its timeline. */
export async function updateOpportunity(
  db: Db,
  actor: Actor,
  id: string,
  expected: number,
  patch: UpdateOpportunityRequest,
): Promise<Opportunity> {
  return transaction(db, async (tx) => {
    const row = await lockVisible(tx, actor, id, expected);
    const before = valuesOf(row);
    const { version: _v, customFields: customInput, ...fields } = patch;
    const after: repo.OpportunityValues = { ...before };
    for (const [k, v] of Object.entries(fields) as [keyof repo.OpportunityValues, never][]) {
      if (v !== undefined) after[k] = v;
    }
    after.tags = [...new Set(after.tags)];
    const custom = await checkCustomValues(tx, actor, 'opportunity', customInput, {
      partial: true,
      current: before.customFields,
    });
    after.customFields = mergeCustomValues(before.customFields, custom.values);
    if (after.ownerId !== before.ownerId) assertCanAssignOwner(actor, after.ownerId);
    const changed = TRACKED_OPPORTUNITY_FIELDS.filter(
      (f) => canonicalJson(before[f] ?? null) !== canonicalJson(after[f] ?? null),
    );
    const customChanges = await recordedCustomChanges(
      tx,
      actor.workspaceId,
      custom.fields,
      before.customFields,
      after.customFields,
    );
    if (changed.length === 0 && customChanges.length === 0) return present(tx, actor, row);
    const changedValues = Object.fromEntries(
      changed.map((f) => [f, after[f]]),
    ) as Partial<repo.OpportunityValues>;
    if (customChanges.length > 0) changedValues.customFields = after.customFields;
    await assertReferences(tx, actor, changedValues);
    const stage = await pipelines.findStage(tx, actor.workspaceId, row.stage_id);
    // A card may not lose what its current stage requires.
    if (stage && row.status === 'open') assertStageRequirements(stage, after);
    const version = await repo.updateOpportunityFields(tx, actor.workspaceId, id, changedValues, after);
    const changes: FieldChange[] = [];
    for (const f of changed) {
      changes.push({
        field: f,
        old: await describeValues(tx, actor.workspaceId, f, before[f]),
        new: await describeValues(tx, actor.workspaceId, f, after[f]),
      });
    }
    changes.push(...customChanges);
    await eventOf(tx, actor, id, 'field_changed', { changes }, { fields: changes.map((c) => c.field) });
    // Whoever saw it before the edit hears about it too (an owner change may take it out of their sight).
    const event = realtimeEvent('opportunity.updated', actor, {
      id,
      pipelineId: row.pipeline_id,
      stageId: row.stage_id,
      version,
    });
    const accessAfter = access({ workspaceId: actor.workspaceId, ...after });
    await publishOpportunityEvent(tx, actor.workspaceId, accessAfter, event);
    if (canonicalJson(accessAfter) !== canonicalJson(access(row)))
      await publishOpportunityEvent(tx, actor.workspaceId, access(row), event);
    return present(tx, actor, await reread(tx, actor, id));
  });
}

/** Where a card lands in a column: between its new neighbours (fractional index). */
async function rankAt(
  tx: Queryable,
  actor: Actor,
  stageId: string,
  id: string,
  input: MoveOpportunityRequest,
) {
  const { before, after } = await repo.neighbourRanks(tx, actor.workspaceId, {
    stageId,
    excludeId: id,
    position: input.position ?? null,
    afterId: input.afterId,
  });
  // Ranks are unique in practice (placing serializes per column); should two ever tie, go after the first.
  return generateKeyBetween(before, after !== null && before !== null && after <= before ? null : after);
}

/**
 * Moves a card to a stage (and place) of its funnel, or of another funnel (the card changes funnel).
 * Concurrent moves of one card serialize on its row lock: each is applied in turn and each stage change is
 * on the timeline. `expected` (If-Match) is optional.
 */
export async function moveOpportunity(
  db: Db,
  actor: Actor,
  id: string,
  input: MoveOpportunityRequest,
  expected?: number,
): Promise<{ id: string; stageId: string; rank: string; version: number; stageEnteredAt: string }> {
  return transaction(db, async (tx) => {
    const row = await lockVisible(tx, actor, id, expected);
    if (row.status !== 'open') throw new DomainError('opportunity-closed', 409);
    const stage = await pipelines.findStage(tx, actor.workspaceId, input.stageId);
    if (!stage) throw validationError([{ field: 'stageId', code: 'unknown_stage', message: '' }]);
    const changesPipeline = stage.pipelineId !== row.pipeline_id;
    const changesStage = stage.id !== row.stage_id;
    if (changesStage) assertStageRequirements(stage, valuesOf(row));
    await repo.lockColumn(tx, stage.id);
    const rank = await rankAt(tx, actor, stage.id, id, input);
    const moved = await repo.moveOpportunityRow(tx, {
      id,
      workspaceId: actor.workspaceId,
      pipelineId: stage.pipelineId,
      fromStageId: row.stage_id,
      stageId: stage.id,
      rank,
    });
    if (changesStage) {
      const from = await pipelines.findStageName(tx, actor.workspaceId, row.stage_id);
      const funnels = changesPipeline
        ? {
            fromPipeline: {
              id: row.pipeline_id,
              name: await pipelines.findPipelineName(tx, actor.workspaceId, row.pipeline_id),
            },
            toPipeline: {
              id: stage.pipelineId,
              name: await pipelines.findPipelineName(tx, actor.workspaceId, stage.pipelineId),
            },
          }
        : {};
      await eventOf(
        tx,
        actor,
        id,
        'stage_changed',
        { from: { id: row.stage_id, name: from }, to: { id: stage.id, name: stage.name }, ...funnels },
        { fromId: row.stage_id, toId: stage.id },
      );
    }
    const to = { stageId: stage.id, pipelineId: stage.pipelineId };
    await publishChange(tx, actor, row, 'opportunity.moved', moved.version, to);
    // The funnel it left hears about it too.
    if (changesPipeline) await publishChange(tx, actor, row, 'opportunity.moved', moved.version);
    return {
      id,
      stageId: stage.id,
      rank,
      version: moved.version,
      stageEnteredAt: moved.stageEnteredAt.toISOString(),
    };
  });
}

const REASON_LIST: Partial<Record<string, OptionListName>> = {
  lost: 'loss_reason',
  discarded: 'discard_reason',
};

/** Wins (gated on the involved people's data), loses or discards (with a reason), or reopens a card. */
export async function changeStatus(
  db: Db,
  actor: Actor,
  id: string,
  input: ChangeStatusRequest,
  expected?: number,
): Promise<Opportunity> {
  return transaction(db, async (tx) => {
    const row = await lockVisible(tx, actor, id, expected);
    if (input.status === row.status) return present(tx, actor, row);
    const list = REASON_LIST[input.status];
    let reason: { id: string; label: string } | null = null;
    if (list) {
      const option = (await pipelines.findOptions(tx, actor.workspaceId, [input.reasonId as string])).get(
        input.reasonId as string,
      );
      if (!option || option.list !== list || option.archived) {
        throw validationError([{ field: 'reasonId', code: 'unknown_option', message: '' }]);
      }
      reason = { id: input.reasonId as string, label: option.label };
    }
    if (input.status === 'won') await assertSaleReady(tx, actor, id);
    if (row.status === 'won' && (await salesRepo.findSalesOrder(tx, actor.workspaceId, id))) {
      throw new DomainError('conflict', 409, {
        detail: 'Esta oportunidade já gerou um pedido de venda e não pode ser reaberta.',
      });
    }
    return finishStatusChange(tx, actor, row, input.status, reason, input.note);
  });
}

// ---------- Timeline ----------

/** The card's own history chain, newest first, for who may see the card. */
export async function getOpportunityTimeline(
  db: Queryable,
  actor: Actor,
  id: string,
  filter: TimelineFilter,
  cursor: string | null,
) {
  await getVisibleRow(db, actor, id);
  const page = await listTimeline(db, {
    workspaceId: actor.workspaceId,
    subjectType: 'opportunity',
    subjectId: id,
    filter,
    cursor,
  });
  return { ...page, items: await withoutUnseenCustomChanges(db, actor, page.items) };
}

/** An annotation on the opportunity: immutable, like every timeline event. */
export async function addOpportunityNote(db: Db, actor: Actor, id: string, body: string) {
  return transaction(db, async (tx) => {
    await lockVisible(tx, actor, id);
    const event = await eventOf(tx, actor, id, 'note', { body });
    return { ...event, actor: { id: actor.userId, name: actor.name } };
  });
}

/**
 * Whether the person takes part in an open negotiation of the funnel (its id), read in the workspace without a
 * viewer: lead intake decides by it whether a lead opens a new negotiation, whoever may see the existing one.
 */
export function openOpportunityOfPerson(
  db: Queryable,
  workspaceId: string,
  personId: string,
  pipelineId: string,
) {
  return repo.findOpenOpportunityOfPerson(db, workspaceId, personId, pipelineId);
}

/**
 * What a helpdesk is told about a card after it moved or closed (title, stage, funnel, status, value), read in
 * the workspace without a viewer: the sync runs after the change, on behalf of the integration.
 */
export async function opportunitySyncFacts(db: Queryable, workspaceId: string, id: string) {
  const row = await repo.findOpportunity(db, workspaceId, id, () => 'true');
  if (!row) return null;
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    stageName: await pipelines.findStageName(db, workspaceId, row.stage_id),
    pipelineName: await pipelines.findPipelineName(db, workspaceId, row.pipeline_id),
    valueCents: row.value_cents,
  };
}
