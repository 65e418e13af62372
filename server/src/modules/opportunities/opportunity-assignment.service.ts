import type { FieldChange, RealtimeEvent } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import * as repo from './opportunities.repository.ts';
import { access, publishOpportunityEvent } from './opportunity-changes.service.ts';

const anyRow = () => 'true';

/** What a system reassignment answers: the card before it, for the caller's own record. */
export type SystemAssignment = {
  opportunityId: string;
  title: string;
  pipelineId: string;
  branchId: string | null;
  teamId: string | null;
  previousOwnerId: string | null;
  previousTeamId: string | null;
  previousManagerId: string | null;
};

/** Locks a card (any in the workspace: the caller is the system) and answers what distribution needs of it. */
export async function lockForAssignment(
  tx: Queryable,
  workspaceId: string,
  id: string,
): Promise<SystemAssignment | null> {
  /* the system acts here (no actor): every card of the workspace */
  if (!(await repo.lockOpportunity(tx, workspaceId, id, anyRow))) return null;
  const row = await repo.findOpportunity(tx, workspaceId, id, anyRow);
  if (!row) return null;
  return {
    opportunityId: row.id,
    title: row.title,
    pipelineId: row.pipeline_id,
    branchId: row.branch_id,
    teamId: row.team_id,
    previousOwnerId: row.owner_id,
    previousTeamId: row.team_id,
    previousManagerId: row.manager_id,
  };
}

/**
 * The system (the roleta) puts a card under `ownerId` with that owner's usual conversion data (first team, its
 * manager, the owner's branch), in the caller's transaction: the usual `field_changed` event (actor: the system)
 * and `opportunity.updated` to the boards that saw it before and to those that see it now.
 */
export async function assignOpportunityOwnerBySystem(
  tx: Queryable,
  workspaceId: string,
  id: string,
  ownerId: string,
): Promise<void> {
  const row = await repo.findOpportunity(tx, workspaceId, id, anyRow);
  if (!row) return;
  const defaults = await repo.defaultConversion(tx, workspaceId, ownerId);
  const before: repo.OpportunityValues = {
    title: row.title,
    description: row.description,
    valueCents: row.value_cents,
    expectedCloseDate: row.expected_close_date,
    businessPlanId: row.business_plan_id,
    city: row.city,
    ownerId: row.owner_id,
    teamId: row.team_id,
    managerId: row.manager_id,
    branchId: row.branch_id,
    qualificationId: row.qualification_id,
    source: { media: row.source_media, channel: row.source_channel },
    tags: row.tags,
    customFields: row.custom_fields,
  };
  const after: repo.OpportunityValues = {
    ...before,
    ownerId,
    teamId: defaults.teamId,
    managerId: defaults.managerId,
    branchId: defaults.branchId ?? row.branch_id,
  };
  const fields = (['ownerId', 'teamId', 'managerId', 'branchId'] as const).filter(
    (f) => canonicalJson(before[f]) !== canonicalJson(after[f]),
  );
  if (fields.length === 0) return;
  const changed = Object.fromEntries(fields.map((f) => [f, after[f]])) as Partial<repo.OpportunityValues>;
  const version = await repo.updateOpportunityFields(tx, workspaceId, id, changed, after);
  const name = async (kind: 'user' | 'team' | 'branch', v: string | null) =>
    v ? { id: v, name: await repo.findReferenceName(tx, workspaceId, kind, v) } : null;
  const kindOf = (f: (typeof fields)[number]) =>
    f === 'teamId' ? 'team' : f === 'branchId' ? 'branch' : ('user' as const);
  const changes: FieldChange[] = [];
  for (const f of fields) {
    changes.push({
      field: f,
      old: await name(kindOf(f), before[f]),
      new: await name(kindOf(f), after[f]),
    });
  }
  await appendEvent(tx, {
    workspaceId,
    subjectType: 'opportunity',
    subjectId: id,
    kind: 'field_changed',
    actorId: null,
    summary: { fields },
    payload: { changes },
  });
  const event: RealtimeEvent = {
    type: 'opportunity.updated',
    pipelineId: row.pipeline_id,
    opportunityId: id,
    stageId: row.stage_id,
    version,
    actorId: null,
    at: new Date().toISOString(),
  };
  const accessAfter = access({ workspaceId, ...after });
  await publishOpportunityEvent(tx, workspaceId, accessAfter, event);
  if (canonicalJson(accessAfter) !== canonicalJson(access(row)))
    await publishOpportunityEvent(tx, workspaceId, access(row), event);
}
