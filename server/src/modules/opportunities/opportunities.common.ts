import {
  type ChangeStatusRequest,
  DEFAULT_SALE_REQUIREMENTS,
  type Opportunity,
  type RealtimeEvent,
  type SaleRequirement,
} from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import { SqlParams } from '../../lib/sql.ts';
import type { Actor } from '../auth/actor.ts';
import { visiblePeoplePredicate } from '../people/people.policy.ts';
import * as pipelines from '../pipelines/pipelines.repository.ts';
import { publish } from '../realtime/realtime.hub.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import { findWorkspaceSetting } from '../workspaces/workspaces.service.ts';
import { type ConversionData, visibleOpportunitiesPredicate } from './opportunities.policy.ts';
import * as repo from './opportunities.repository.ts';
import * as salesRepo from './proposals.repository.ts';

// What the opportunity use cases share: reaching a card through the policy, presenting it, the timeline
// and realtime side of a change, and the sale gate.

export const visibleTo = (actor: Actor) => (params: SqlParams) =>
  visibleOpportunitiesPredicate(actor, params);

export const visiblePeople = (actor: Actor) => (params: SqlParams) => visiblePeoplePredicate(actor, params);

type Ref = { id: string; name: string } | null;

export const ref = (id: string | null, name: string | null | undefined): Ref =>
  id ? { id, name: name ?? '' } : null;

export const access = (
  r: repo.OpportunityRow | (ConversionData & { workspaceId: string }),
): ConversionData =>
  'workspace_id' in r
    ? {
        workspaceId: r.workspace_id,
        ownerId: r.owner_id,
        managerId: r.manager_id,
        teamId: r.team_id,
        branchId: r.branch_id,
      }
    : r;

export function realtimeEvent(
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

export async function eventOf(
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

export async function lockVisible(tx: Queryable, actor: Actor, id: string, expected?: number) {
  if (!(await repo.lockOpportunity(tx, id, visibleTo(actor)))) throw notFound();
  const row = (await repo.findOpportunity(tx, id, visibleTo(actor))) as repo.OpportunityRow;
  if (expected !== undefined && row.version !== expected) throw versionMismatch(row.version);
  return row;
}

export async function saleRequirements(db: Queryable, workspaceId: string): Promise<SaleRequirement[]> {
  return (await findWorkspaceSetting(db, workspaceId, 'saleRequirements')) ?? DEFAULT_SALE_REQUIREMENTS;
}

export async function involvedPeople(db: Queryable, actor: Actor, id: string) {
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

export async function present(db: Queryable, actor: Actor, r: repo.OpportunityRow): Promise<Opportunity> {
  const optionIds = [r.business_plan_id, r.qualification_id, r.status_reason_id].filter(
    (v): v is string => v !== null,
  );
  const options = await pipelines.findOptions(db, r.workspace_id, optionIds);
  const people = await involvedPeople(db, actor, r.id);
  const salesOrder = await salesRepo.findSalesOrder(db, r.id);
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

/** The people must exist and be visible to the actor (they link them to the sale). */
export async function assertPeopleVisible(
  db: Queryable,
  actor: Actor,
  ids: { field: string; personId: string }[],
) {
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
export async function assertSaleReady(db: Queryable, actor: Actor, id: string) {
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

export async function getVisibleRow(db: Queryable, actor: Actor, id: string) {
  const row = await repo.findOpportunity(db, id, visibleTo(actor));
  if (!row) throw notFound();
  return row;
}

/** Tells the open boards that may see `row` that it changed (sent by Postgres when the transaction commits). */
export async function publishChange(
  tx: Queryable,
  actor: Actor,
  row: repo.OpportunityRow,
  type: RealtimeEvent['type'],
  version: number,
  at: { stageId: string; pipelineId: string } = { stageId: row.stage_id, pipelineId: row.pipeline_id },
) {
  const event = realtimeEvent(type, actor, { id: row.id, ...at, version });
  await publish(tx, actor.workspaceId, access(row), event);
}

/** Bumps the version of a card whose people or proposals changed, and tells the open boards. */
export async function touched(tx: Queryable, actor: Actor, row: repo.OpportunityRow) {
  await publishChange(tx, actor, row, 'opportunity.updated', await repo.bumpVersion(tx, row.id));
}

export async function finishStatusChange(
  tx: Queryable,
  actor: Actor,
  row: repo.OpportunityRow,
  status: ChangeStatusRequest['status'],
  reason: { id: string; label: string } | null,
  note: string | null,
): Promise<Opportunity> {
  const version = await repo.setStatus(tx, row.id, { status, reasonId: reason?.id ?? null, note });
  const summary = { from: row.status, to: status };
  await eventOf(tx, actor, row.id, 'status_changed', { ...summary, reason, note }, summary);
  await publishChange(tx, actor, row, 'opportunity.updated', version);
  const updated = await repo.findOpportunity(tx, row.id, visibleTo(actor));
  return present(tx, actor, updated as repo.OpportunityRow);
}
