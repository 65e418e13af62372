import type { ChangeStatusRequest, Opportunity, RealtimeEvent } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { publish } from '../realtime/realtime.hub.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import type { ConversionData } from './opportunities.policy.ts';
import * as repo from './opportunities.repository.ts';
import { present, reread } from './opportunity-access.service.ts';

// The two records of every change: the card's timeline event (same transaction) and the realtime event
// Postgres sends to the open boards at commit.

/** Who may see a card, from its row or from values about to be written. */
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

/** The realtime event about a card (ids and versions only: clients refetch what they show). */
export function realtimeEvent(
  type: RealtimeEvent['type'],
  actor: Actor,
  o: { id: string; pipelineId: string; stageId: string; version: number | null },
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

/** Queues an event about a card for the streams of its funnel whose user may see it (sent at commit). */
export async function publishOpportunityEvent(
  tx: Queryable,
  workspaceId: string,
  audience: ConversionData,
  event: RealtimeEvent,
) {
  await publish(tx, { workspaceId, topic: event.pipelineId, audience, event });
}

/** Appends an event to the card's own timeline chain. */
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
  await publishOpportunityEvent(tx, actor.workspaceId, access(row), event);
}

/** Bumps the version of a card whose people or proposals changed, and tells the open boards. */
export async function touched(tx: Queryable, actor: Actor, row: repo.OpportunityRow) {
  await publishChange(
    tx,
    actor,
    row,
    'opportunity.updated',
    await repo.bumpVersion(tx, row.workspace_id, row.id),
  );
}

/** Writes a status change with its timeline and realtime events (a status change or an accepted proposal). */
export async function finishStatusChange(
  tx: Queryable,
  actor: Actor,
  row: repo.OpportunityRow,
  status: ChangeStatusRequest['status'],
  reason: { id: string; label: string } | null,
  note: string | null,
): Promise<Opportunity> {
  const version = await repo.setStatus(tx, row.workspace_id, row.id, {
    status,
    reasonId: reason?.id ?? null,
    note,
  });
  const summary = { from: row.status, to: status };
  await eventOf(tx, actor, row.id, 'status_changed', { ...summary, reason, note }, summary);
  await publishChange(tx, actor, row, 'opportunity.updated', version);
  return present(tx, actor, await reread(tx, actor, row.id));
}
