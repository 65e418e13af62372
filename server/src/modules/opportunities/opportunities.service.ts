import { randomUUID } from 'node:crypto';
import {
  type ChangeStatusRequest,
  type CreateOpportunityRequest,
  DEFAULT_SALE_REQUIREMENTS,
  type FieldChange,
  type InvolvedRole,
  type MoveOpportunityRequest,
  type Opportunity,
  type OptionListName,
  type RealtimeEvent,
  type SaleRequirement,
  type Stage,
  type TimelineFilter,
  TRACKED_OPPORTUNITY_FIELDS,
  type TrackedOpportunityField,
  type UpdateOpportunityRequest,
} from '@funil/domain';
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import { SqlParams } from '../../lib/sql.ts';
import type { Actor } from '../auth/actor.ts';
import { visiblePeoplePredicate } from '../people/people.policy.ts';
import * as pipelines from '../pipelines/pipelines.repository.ts';
import { publish } from '../realtime/realtime.hub.ts';
import { appendEvent, listTimeline } from '../timeline/timeline.service.ts';
import { existingTeamIds, existingUserIds, findBranch } from '../users/users.repository.ts';
import {
  assertCanAssignOwner,
  type ConversionData,
  visibleOpportunitiesPredicate,
} from './opportunities.policy.ts';
import * as repo from './opportunities.repository.ts';

// One use case per function: register, read, edit, move, change status, involve people, annotate.
// Every function reaches the opportunity through opportunities.policy.ts (invisible answers 404), writes
// its timeline events in the same transaction, and queues a realtime event that Postgres sends at commit.

const visibleTo = (actor: Actor) => (params: SqlParams) => visibleOpportunitiesPredicate(actor, params);
const visiblePeople = (actor: Actor) => (params: SqlParams) => visiblePeoplePredicate(actor, params);

type Ref = { id: string; name: string } | null;
const ref = (id: string | null, name: string | null | undefined): Ref =>
  id ? { id, name: name ?? '' } : null;

const access = (r: repo.OpportunityRow | (ConversionData & { workspaceId: string })): ConversionData =>
  'workspace_id' in r
    ? {
        workspaceId: r.workspace_id,
        ownerId: r.owner_id,
        managerId: r.manager_id,
        teamId: r.team_id,
        branchId: r.branch_id,
      }
    : r;

function realtimeEvent(
  type: RealtimeEvent['type'],
  actor: Actor,
  o: { id: string; pipelineId: string; stageId: string; version: number },
): RealtimeEvent {
  return {
    type,
    pipelineId: o.pipelineId,
    opportunityId: o.id,
    stageId: o.stageId,
    version: o.version,
    actorId: actor.userId,
    at: new Date().toISOString(),
  };
}

async function eventOf(
  tx: Queryable,
  actor: Actor,
  id: string,
  kind: Parameters<typeof appendEvent>[1]['kind'],
  payload: Record<string, unknown>,
  summary: Record<string, unknown> = {},
) {
  return appendEvent(tx, {
    workspaceId: actor.workspaceId,
    subjectType: 'opportunity',
    subjectId: id,
    kind,
    actorId: actor.userId,
    summary,
    payload,
  });
}

async function lockVisible(tx: Queryable, actor: Actor, id: string, expected?: number) {
  if (!(await repo.lockOpportunity(tx, id, visibleTo(actor)))) throw notFound();
  const row = (await repo.findOpportunity(tx, id, visibleTo(actor))) as repo.OpportunityRow;
  if (expected !== undefined && row.version !== expected) throw versionMismatch(row.version);
  return row;
}

// ---------- Reading ----------

async function saleRequirements(db: Queryable, workspaceId: string): Promise<SaleRequirement[]> {
  return (await pipelines.findSaleRequirements(db, workspaceId))?.requirements ?? DEFAULT_SALE_REQUIREMENTS;
}

async function involvedPeople(db: Queryable, actor: Actor, id: string) {
  // Sequential: `db` may be a transaction's client, which runs one query at a time.
  const rows = await repo.listInvolved(db, id, visiblePeople(actor));
  const required = await saleRequirements(db, actor.workspaceId);
  return rows.map((r) => ({
    personId: r.person_id,
    role: r.role,
    name: r.name,
    kind: r.kind,
    visible: r.visible,
    // A company has no birth date to give.
    missing: required.filter((req) => r.missing[req] && !(req === 'birthDate' && r.kind === 'company')),
  }));
}

async function present(db: Queryable, actor: Actor, r: repo.OpportunityRow): Promise<Opportunity> {
  const optionIds = [r.business_plan_id, r.qualification_id, r.status_reason_id].filter(
    (v): v is string => v !== null,
  );
  const options = await pipelines.findOptions(db, r.workspace_id, optionIds);
  const people = await involvedPeople(db, actor, r.id);
  const salesOrder = await repo.findSalesOrder(db, r.id);
  const option = (id: string | null) => {
    const o = id ? options.get(id) : undefined;
    return id && o ? { id, label: o.label, position: 0, archived: o.archived } : null;
  };
  const reason = option(r.status_reason_id);
  return {
    id: r.id,
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    title: r.title,
    description: r.description,
    valueCents: r.value_cents,
    expectedCloseDate: r.expected_close_date,
    businessPlan: option(r.business_plan_id),
    city: r.city,
    owner: ref(r.owner_id, r.owner_name),
    team: ref(r.team_id, r.team_name),
    manager: ref(r.manager_id, r.manager_name),
    branch: ref(r.branch_id, r.branch_name),
    qualification: option(r.qualification_id),
    source: { media: r.source_media, channel: r.source_channel },
    tags: r.tags,
    status: r.status,
    statusReason: reason ? { id: reason.id, label: reason.label } : null,
    statusNote: r.status_note,
    closedAt: r.closed_at?.toISOString() ?? null,
    stageEnteredAt: r.stage_entered_at.toISOString(),
    rotting: r.rotting,
    origin: r.origin,
    originIntegration: r.origin_integration,
    originPayload: r.origin_payload,
    createdBy: ref(r.created_by, r.created_by_name),
    people,
    salesOrder,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function getOpportunity(db: Queryable, actor: Actor, id: string): Promise<Opportunity> {
  const row = await repo.findOpportunity(db, id, visibleTo(actor));
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

/** The people must exist and be visible to the actor (they link them to the sale). */
async function assertPeopleVisible(db: Queryable, actor: Actor, ids: { field: string; personId: string }[]) {
  if (ids.length === 0) return;
  const params = new SqlParams();
  const list = params.add(ids.map((i) => i.personId));
  const { rows } = await db.query(
    `SELECT p.id FROM people p WHERE p.id = ANY(${list}::uuid[]) AND ${visiblePeoplePredicate(actor, params)}`,
    params.values,
  );
  const found = new Set(rows.map((r) => r.id));
  const errors = ids
    .filter((i) => !found.has(i.personId))
    .map((i) => ({ field: i.field, code: 'unknown_person', message: '' }));
  if (errors.length) throw validationError(errors);
}

/**
 * Before a sale every involved person must have what the workspace requires; the refusal lists, per
 * person, what is missing.
 */
async function assertSaleReady(db: Queryable, actor: Actor, id: string) {
  const people = await involvedPeople(db, actor, id);
  const missing = people
    .filter((p) => p.missing.length)
    .map((p) => ({ personId: p.personId, name: p.name, missing: p.missing }));
  if (missing.length) {
    throw new DomainError('sale-requirements', 422, {
      missing,
      detail: missing.map((m) => `${m.name}: ${m.missing.join(', ')}`).join('; '),
    });
  }
}

// ---------- Writing ----------

/** The owner's first team and that team's first manager: the usual conversion data. */
async function defaultConversion(db: Queryable, ownerId: string | null) {
  if (!ownerId) return { teamId: null, managerId: null, branchId: null };
  const { rows } = await db.query(
    `SELECT u.branch_id, tm.team_id,
       (SELECT m.user_id FROM team_members m WHERE m.team_id = tm.team_id AND m.is_manager
        ORDER BY m.user_id LIMIT 1) AS manager_id
     FROM users u LEFT JOIN LATERAL (
       SELECT team_id FROM team_members WHERE user_id = u.id AND NOT is_manager ORDER BY team_id LIMIT 1) tm ON true
     WHERE u.id = $1`,
    [ownerId],
  );
  const r = rows[0];
  return { teamId: r?.team_id ?? null, managerId: r?.manager_id ?? null, branchId: r?.branch_id ?? null };
}

export async function createOpportunity(
  db: Db,
  actor: Actor,
  input: CreateOpportunityRequest,
): Promise<Opportunity> {
  const ownerId = input.ownerId ?? (actor.role === 'attendant' ? null : actor.userId);
  assertCanAssignOwner(actor, ownerId);
  const pipeline = await pipelines.findPipeline(db, actor.workspaceId, input.pipelineId);
  if (!pipeline) throw validationError([{ field: 'pipelineId', code: 'unknown_pipeline', message: '' }]);
  const stage = input.stageId ? pipeline.stages.find((s) => s.id === input.stageId) : pipeline.stages[0];
  if (!stage) throw validationError([{ field: 'stageId', code: 'unknown_stage', message: '' }]);
  const defaults = await defaultConversion(db, ownerId);
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
  const id = randomUUID();
  await transaction(db, async (tx) => {
    await repo.lockColumn(tx, stage.id);
    const rank = generateKeyBetween(null, await repo.firstOpenRank(tx, stage.id));
    await repo.insertOpportunity(tx, {
      ...values,
      id,
      workspaceId: actor.workspaceId,
      pipelineId: pipeline.id,
      stageId: stage.id,
      rank,
      origin: input.integration ? 'integration' : 'manual',
      originIntegration: input.integration?.name ?? null,
      originPayload: input.integration ? (input.integration.payload ?? null) : null,
      createdBy: actor.userId,
    });
    for (const p of people) {
      await repo.upsertInvolved(tx, {
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
        origin: input.integration ? 'integration' : 'manual',
        integration: input.integration?.name ?? null,
        pipeline: { id: pipeline.id, name: pipeline.name },
        stage: { id: stage.id, name: stage.name },
      },
      { origin: input.integration ? 'integration' : 'manual' },
    );
    await publish(
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
  });
  return (await repo
    .findOpportunity(db, id, (params) => `o.workspace_id = ${params.add(actor.workspaceId)}`)
    .then((row) => row && present(db, actor, row))) as Opportunity;
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
      : (
          await db.query(
            `SELECT name FROM ${field === 'teamId' ? 'teams' : field === 'branchId' ? 'branches' : 'users'} WHERE id = $1`,
            [v],
          )
        ).rows[0]?.name;
  return { id: v, name: name ?? '' };
}

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
    const { version: _v, ...fields } = patch;
    const after: repo.OpportunityValues = { ...before };
    for (const [k, v] of Object.entries(fields) as [keyof repo.OpportunityValues, never][]) {
      if (v !== undefined) after[k] = v;
    }
    after.tags = [...new Set(after.tags)];
    if (after.ownerId !== before.ownerId) assertCanAssignOwner(actor, after.ownerId);
    const changed = TRACKED_OPPORTUNITY_FIELDS.filter(
      (f) => canonicalJson(before[f] ?? null) !== canonicalJson(after[f] ?? null),
    );
    if (changed.length === 0) return present(tx, actor, row);
    const changedValues = Object.fromEntries(
      changed.map((f) => [f, after[f]]),
    ) as Partial<repo.OpportunityValues>;
    await assertReferences(tx, actor, changedValues);
    const stage = await pipelines.findStage(tx, actor.workspaceId, row.stage_id);
    // A card may not lose what its current stage requires.
    if (stage && row.status === 'open') assertStageRequirements(stage, after);
    const version = await repo.updateOpportunityFields(tx, id, changedValues, after);
    const changes: FieldChange[] = [];
    for (const f of changed) {
      changes.push({
        field: f,
        old: await describeValues(tx, actor.workspaceId, f, before[f]),
        new: await describeValues(tx, actor.workspaceId, f, after[f]),
      });
    }
    await eventOf(tx, actor, id, 'field_changed', { changes }, { fields: changed });
    // Whoever saw it before the edit hears about it too (an owner change may take it out of their sight).
    const event = realtimeEvent('opportunity.updated', actor, {
      id,
      pipelineId: row.pipeline_id,
      stageId: row.stage_id,
      version,
    });
    const accessAfter = access({ workspaceId: actor.workspaceId, ...after });
    await publish(tx, actor.workspaceId, accessAfter, event);
    if (canonicalJson(accessAfter) !== canonicalJson(access(row)))
      await publish(tx, actor.workspaceId, access(row), event);
    const updated = await repo.findOpportunity(
      tx,
      id,
      (params) => `o.workspace_id = ${params.add(actor.workspaceId)}`,
    );
    return present(tx, actor, updated as repo.OpportunityRow);
  });
}

/** Where a card lands in a column: between its new neighbours (fractional index). */
async function rankAt(tx: Queryable, stageId: string, id: string, input: MoveOpportunityRequest) {
  const { before, after } = await repo.neighbourRanks(tx, {
    stageId,
    excludeId: id,
    position: input.position ?? null,
    afterId: input.afterId,
  });
  // Ranks are unique in practice (placing serializes per column); should two ever tie, go after the first.
  return generateKeyBetween(before, after !== null && before !== null && after <= before ? null : after);
}

/**
 * Moves a card to a stage (and place) of its funnel. Concurrent moves of one card serialize on its row
 * lock: each is applied in turn and each stage change is on the timeline. `expected` (If-Match) is optional.
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
    if (!stage || stage.pipelineId !== row.pipeline_id) {
      throw validationError([{ field: 'stageId', code: 'unknown_stage', message: '' }]);
    }
    const changesStage = stage.id !== row.stage_id;
    if (changesStage) assertStageRequirements(stage, valuesOf(row));
    await repo.lockColumn(tx, stage.id);
    const rank = await rankAt(tx, stage.id, id, input);
    const moved = await repo.moveOpportunityRow(tx, {
      id,
      workspaceId: actor.workspaceId,
      pipelineId: row.pipeline_id,
      fromStageId: row.stage_id,
      stageId: stage.id,
      rank,
    });
    if (changesStage) {
      const from = await pipelines.findStageName(tx, row.stage_id);
      await eventOf(
        tx,
        actor,
        id,
        'stage_changed',
        { from: { id: row.stage_id, name: from }, to: { id: stage.id, name: stage.name } },
        { fromId: row.stage_id, toId: stage.id },
      );
    }
    await publish(
      tx,
      actor.workspaceId,
      access(row),
      realtimeEvent('opportunity.moved', actor, {
        id,
        pipelineId: row.pipeline_id,
        stageId: stage.id,
        version: moved.version,
      }),
    );
    return {
      id,
      stageId: stage.id,
      rank,
      version: moved.version,
      stageEnteredAt: moved.stageEnteredAt.toISOString(),
    };
  });
}

/** Moves every card of an archived stage to another stage (pipelines.service, in its transaction). */
export async function moveAllCards(
  tx: Queryable,
  actor: Actor,
  from: Stage & { pipelineId: string },
  to: Stage,
) {
  await repo.lockColumn(tx, to.id);
  const ids = await repo.opportunityIdsInStage(tx, from.id);
  const ranks = generateNKeysBetween(await repo.lastRank(tx, to.id), null, ids.length);
  for (const [i, id] of ids.entries()) {
    await repo.moveOpportunityRow(tx, {
      id,
      workspaceId: actor.workspaceId,
      pipelineId: from.pipelineId,
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
    if (row.status === 'won' && (await repo.findSalesOrder(tx, id))) {
      throw new DomainError('conflict', 409, {
        detail: 'Esta oportunidade já gerou um pedido de venda e não pode ser reaberta.',
      });
    }
    return finishStatusChange(tx, actor, row, input.status, reason, input.note);
  });
}

async function finishStatusChange(
  tx: Queryable,
  actor: Actor,
  row: repo.OpportunityRow,
  status: ChangeStatusRequest['status'],
  reason: { id: string; label: string } | null,
  note: string | null,
): Promise<Opportunity> {
  const version = await repo.setStatus(tx, row.id, { status, reasonId: reason?.id ?? null, note });
  await eventOf(
    tx,
    actor,
    row.id,
    'status_changed',
    { from: row.status, to: status, reason, note },
    {
      from: row.status,
      to: status,
    },
  );
  await publish(
    tx,
    actor.workspaceId,
    access(row),
    realtimeEvent('opportunity.updated', actor, {
      id: row.id,
      pipelineId: row.pipeline_id,
      stageId: row.stage_id,
      version,
    }),
  );
  const updated = await repo.findOpportunity(tx, row.id, visibleTo(actor));
  return present(tx, actor, updated as repo.OpportunityRow);
}

// ---------- Involved people ----------

export async function listInvolvedPeople(db: Queryable, actor: Actor, id: string) {
  await getVisibleRow(db, actor, id);
  return involvedPeople(db, actor, id);
}

async function getVisibleRow(db: Queryable, actor: Actor, id: string) {
  const row = await repo.findOpportunity(db, id, visibleTo(actor));
  if (!row) throw notFound();
  return row;
}

/**
 * Adds a person with a role, or changes the role of one already involved. Making someone the holder
 * turns the previous holder into `other`: there is always exactly one.
 */
export async function involvePerson(db: Db, actor: Actor, id: string, personId: string, role: InvolvedRole) {
  return transaction(db, async (tx) => {
    const row = await lockVisible(tx, actor, id);
    await assertPeopleVisible(tx, actor, [{ field: 'personId', personId }]);
    const current = await repo.listInvolved(tx, id, () => 'true');
    const existing = current.find((p) => p.person_id === personId);
    if (existing?.role === role) return involvedPeople(tx, actor, id);
    if (existing?.role === 'holder') {
      throw validationError([{ field: 'role', code: 'holder_required', message: '' }]);
    }
    if (role === 'holder') await repo.demoteHolder(tx, id);
    await repo.upsertInvolved(tx, {
      workspaceId: actor.workspaceId,
      opportunityId: id,
      personId,
      role,
      addedBy: actor.userId,
    });
    const name =
      existing?.name ?? (await tx.query('SELECT name FROM people WHERE id = $1', [personId])).rows[0]?.name;
    await eventOf(
      tx,
      actor,
      id,
      'person_involved',
      { person: { id: personId, name }, role, previousRole: existing?.role ?? null },
      { personId, role },
    );
    await touched(tx, actor, row);
    return involvedPeople(tx, actor, id);
  });
}

export async function removePerson(db: Db, actor: Actor, id: string, personId: string) {
  return transaction(db, async (tx) => {
    const row = await lockVisible(tx, actor, id);
    const existing = (await repo.listInvolved(tx, id, () => 'true')).find((p) => p.person_id === personId);
    if (!existing) throw notFound();
    if (existing.role === 'holder')
      throw validationError([{ field: 'personId', code: 'holder_required', message: '' }]);
    await repo.removeInvolved(tx, id, personId);
    await eventOf(
      tx,
      actor,
      id,
      'person_removed',
      { person: { id: personId, name: existing.name }, role: existing.role },
      { personId },
    );
    await touched(tx, actor, row);
    return involvedPeople(tx, actor, id);
  });
}

/** Bumps the version of a card whose people or proposals changed, and tells the open boards. */
async function touched(tx: Queryable, actor: Actor, row: repo.OpportunityRow) {
  const version = await repo.bumpVersion(tx, row.id);
  await publish(
    tx,
    actor.workspaceId,
    access(row),
    realtimeEvent('opportunity.updated', actor, {
      id: row.id,
      pipelineId: row.pipeline_id,
      stageId: row.stage_id,
      version,
    }),
  );
}

// ---------- Timeline ----------

export async function getOpportunityTimeline(
  db: Queryable,
  actor: Actor,
  id: string,
  filter: TimelineFilter,
  cursor: string | null,
) {
  await getVisibleRow(db, actor, id);
  return listTimeline(db, {
    workspaceId: actor.workspaceId,
    subjectType: 'opportunity',
    subjectId: id,
    filter,
    cursor,
  });
}

/** An annotation on the opportunity: immutable, like every timeline event. */
export async function addOpportunityNote(db: Db, actor: Actor, id: string, body: string) {
  return transaction(db, async (tx) => {
    await lockVisible(tx, actor, id);
    const event = await eventOf(tx, actor, id, 'note', { body });
    return { ...event, actor: { id: actor.userId, name: actor.name } };
  });
}

// ---------- Proposals → sale ----------

const presentProposal = (p: repo.ProposalRow) => ({
  id: p.id,
  valueCents: p.value_cents,
  conditions: p.conditions,
  validUntil: p.valid_until,
  items: p.items,
  status: p.status,
  createdBy: ref(p.created_by, p.created_by_name),
  createdAt: p.created_at.toISOString(),
  acceptedAt: p.accepted_at?.toISOString() ?? null,
});

export async function listProposals(db: Queryable, actor: Actor, id: string) {
  await getVisibleRow(db, actor, id);
  return (await repo.listProposals(db, id)).map(presentProposal);
}

export async function createProposal(
  db: Db,
  actor: Actor,
  id: string,
  input: { valueCents: number; conditions: string | null; validUntil: string | null; items: unknown[] },
) {
  return transaction(db, async (tx) => {
    const row = await lockVisible(tx, actor, id);
    if (row.status !== 'open') throw new DomainError('opportunity-closed', 409);
    const proposalId = await repo.insertProposal(tx, {
      ...input,
      workspaceId: actor.workspaceId,
      opportunityId: id,
      createdBy: actor.userId,
    });
    await eventOf(
      tx,
      actor,
      id,
      'proposal_created',
      { proposalId, valueCents: input.valueCents },
      { proposalId },
    );
    await touched(tx, actor, row);
    return presentProposal((await repo.listProposals(tx, id, proposalId))[0] as repo.ProposalRow);
  });
}

/**
 * An accepted proposal becomes a sales order and wins the opportunity — only when every involved person
 * has the data the workspace requires.
 */
export async function acceptProposal(db: Db, actor: Actor, id: string, proposalId: string) {
  return transaction(db, async (tx) => {
    const row = await lockVisible(tx, actor, id);
    const proposal = (await repo.listProposals(tx, id, proposalId))[0];
    if (!proposal) throw notFound();
    if (row.status !== 'open' || proposal.status !== 'open') throw new DomainError('opportunity-closed', 409);
    await assertSaleReady(tx, actor, id);
    const order = await repo.acceptProposal(tx, {
      workspaceId: actor.workspaceId,
      opportunityId: id,
      proposalId,
      createdBy: actor.userId,
    });
    await eventOf(
      tx,
      actor,
      id,
      'sale_created',
      { salesOrder: order, proposalId, valueCents: proposal.value_cents },
      { salesOrderId: order.id, proposalId },
    );
    return finishStatusChange(tx, actor, row, 'won', null, null);
  });
}
