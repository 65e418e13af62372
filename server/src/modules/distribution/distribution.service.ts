import {
  type AssignmentReason,
  type DistributionOverview,
  type DistributionRule,
  type DistributionRuleRequest,
  smoothWeightedPick,
  withinSchedule,
  ZDistributionRuleRequest,
} from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import { assertCan, can } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { findIntegrationRecord, listLeadSourceNames } from '../integrations/integrations.service.ts';
import { recordLeadReclaimed } from '../notifications/notifications.service.ts';
import {
  assignOpportunityOwnerBySystem,
  lockForAssignment,
} from '../opportunities/opportunity-assignment.service.ts';
import { assignPersonOwnerBySystem } from '../people/people.service.ts';
import { findPipeline } from '../pipelines/pipelines.service.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import { existingTeamIds, existingUserIds, findBranch, userNames } from '../users/users.service.ts';
import * as repo from './distribution.repository.ts';

/** A new lead the roleta may hand to a broker: its negotiation, holder and where it came from. */
export type NewLead = {
  workspaceId: string;
  opportunityId: string;
  personId: string;
  pipelineId: string;
  /** The lead source (an integration of kind `lead_source`) it came through; null when typed in Funil. */
  sourceId: string | null;
  /** Whether this lead created the person (then the person's owner follows the negotiation's). */
  createdPerson: boolean;
};

export type Distribution =
  | { status: 'assigned'; ownerId: string; ruleId: string }
  | { status: 'queued'; ruleId: string }
  | { status: 'no_rule' };

/** The clock distribution reads (tests move it; production uses the wall clock). */
export type DistributionOptions = { now?: Date };

const assertMayManage = (actor: Actor) => assertCan(actor, 'manageDistribution');

// Handing leads out

/**
 * Picks the next eligible member of `rule` (active, on duty when the rule asks, under their daily cap in São
 * Paulo's day, none of `exclude`) with the rotation row locked, so concurrent leads take turns one at a time.
 */
async function pickMember(
  tx: Queryable,
  rule: repo.RuleRow,
  now: Date,
  exclude: Set<string>,
): Promise<repo.Candidate | null> {
  const { lastUserId } = await repo.lockRotation(tx, rule.workspace_id, rule.id);
  const members = await repo.candidates(tx, rule.workspace_id, rule.id, now);
  const eligible = (m: repo.Candidate) =>
    m.active &&
    (!rule.only_on_duty || m.onDuty) &&
    (m.dailyCap === null || m.today < m.dailyCap) &&
    !exclude.has(m.userId);
  let chosen: repo.Candidate | null = null;
  let weights: { userId: string; current: number }[] = [];
  if (rule.mode === 'weighted') {
    const pick = smoothWeightedPick(members.map((m) => ({ ...m, eligible: eligible(m) })));
    if (pick) {
      chosen = members[pick.index] ?? null;
      weights = members.map((m, i) => ({ userId: m.userId, current: pick.current[i] ?? 0 }));
    }
  } else {
    const start = members.findIndex((m) => m.userId === lastUserId) + 1;
    for (let k = 0; k < members.length && !chosen; k++) {
      const m = members[(start + k) % members.length];
      if (m && eligible(m)) chosen = m;
    }
  }
  if (chosen) await repo.saveRotation(tx, rule.workspace_id, rule.id, chosen.userId, weights);
  return chosen;
}

/** Puts the lead under `member`: owner and conversion data, the person's owner, the assignment and its event. */
async function assign(
  tx: Queryable,
  lead: NewLead,
  rule: repo.RuleRow,
  member: repo.Candidate,
  reason: AssignmentReason,
  now: Date,
  previous: { userId: string; slaMinutes: number | null } | null,
) {
  await assignOpportunityOwnerBySystem(tx, lead.workspaceId, lead.opportunityId, member.userId);
  if (lead.createdPerson) await assignPersonOwnerBySystem(tx, lead.workspaceId, lead.personId, member.userId);
  const slaDueAt = rule.sla_minutes ? new Date(now.getTime() + rule.sla_minutes * 60_000) : null;
  const assignmentId = await repo.insertAssignment(tx, {
    workspaceId: lead.workspaceId,
    opportunityId: lead.opportunityId,
    personId: lead.personId,
    ruleId: rule.id,
    ruleName: rule.name,
    userId: member.userId,
    reason,
    at: now,
    slaDueAt,
  });
  const names = previous ? await userNames(tx, lead.workspaceId, [previous.userId]) : new Map();
  await appendEvent(tx, {
    workspaceId: lead.workspaceId,
    subjectType: 'opportunity',
    subjectId: lead.opportunityId,
    kind: previous ? 'lead_reassigned' : 'lead_assigned',
    actorId: null,
    summary: {
      assignmentId,
      ruleId: rule.id,
      reason,
      toId: member.userId,
      ...(previous ? { fromId: previous.userId, slaMinutes: previous.slaMinutes } : {}),
      ...(rule.mode === 'weighted' ? { weight: member.weight } : {}),
      ...(slaDueAt ? { slaDueAt: slaDueAt.toISOString() } : {}),
    },
    payload: {
      rule: { id: rule.id, name: rule.name },
      reason,
      ...(previous ? { slaMinutes: previous.slaMinutes } : {}),
      ...(rule.mode === 'weighted' ? { weight: member.weight } : {}),
      to: { id: member.userId, name: member.name },
      ...(previous ? { from: { id: previous.userId, name: names.get(previous.userId) ?? '' } } : {}),
    },
  });
}

/** Tries `rule` for a lead in the caller's transaction: assigned, or queued when nobody may take it now. */
async function distributeUnder(
  tx: Queryable,
  lead: NewLead,
  rule: repo.RuleRow,
  now: Date,
  reason: 'turn' | 'shift_started',
): Promise<Distribution> {
  const member = withinSchedule(rule.schedule, now) ? await pickMember(tx, rule, now, new Set()) : null;
  if (!member) {
    await repo.enqueue(tx, { ...lead, ruleId: rule.id, at: now });
    return { status: 'queued', ruleId: rule.id };
  }
  await repo.dequeue(tx, lead.workspaceId, lead.opportunityId);
  const why: AssignmentReason = reason === 'turn' && rule.mode === 'weighted' ? 'weight' : reason;
  await assign(tx, lead, rule, member, why, now, null);
  return { status: 'assigned', ownerId: member.userId, ruleId: rule.id };
}

/**
 * Hands a new lead to the broker whose turn it is under the first matching rule (funnel / source / branch / team).
 * Runs in its own transaction, after the negotiation exists.
 */
export async function distributeLead(
  db: Db,
  lead: NewLead,
  opts: DistributionOptions = {},
): Promise<Distribution> {
  const now = opts.now ?? new Date();
  return transaction(db, async (tx) => {
    const card = await lockForAssignment(tx, lead.workspaceId, lead.opportunityId);
    if (!card) return { status: 'no_rule' } as const;
    const [rule] = await repo.matchingRules(tx, lead.workspaceId, {
      pipelineId: card.pipelineId,
      sourceId: lead.sourceId,
      branchId: card.branchId,
      teamId: card.teamId,
    });
    if (!rule) return { status: 'no_rule' } as const;
    return distributeUnder(tx, lead, rule, now, 'turn');
  });
}

/** Hands out the queued leads whose rule can take them now (the shift started, someone checked in, …). */
export async function releaseQueuedLeads(db: Db, now = new Date()): Promise<number> {
  let released = 0;
  for (const lead of await repo.queuedLeads(db, 500)) {
    const outcome = await transaction(db, async (tx) => {
      const card = await lockForAssignment(tx, lead.workspaceId, lead.opportunityId);
      if (!card || !(await repo.isQueued(tx, lead.workspaceId, lead.opportunityId))) return null;
      const [rule] = await repo.matchingRules(tx, lead.workspaceId, {
        pipelineId: card.pipelineId,
        sourceId: lead.sourceId,
        branchId: card.branchId,
        teamId: card.teamId,
      });
      if (!rule) {
        await repo.dequeue(tx, lead.workspaceId, lead.opportunityId);
        return null;
      }
      return distributeUnder(tx, lead, rule, now, 'shift_started');
    });
    if (outcome?.status === 'assigned') released++;
  }
  return released;
}

/**
 * First-response SLA: an open assignment with a contact by its owner since it was made is marked contacted (the
 * first-response time is kept); one past its due time without contact is taken back and handed to the next
 * eligible broker (never one who already held it), and the managers' bells ring.
 */
export async function enforceFirstResponseSla(
  db: Db,
  now = new Date(),
): Promise<{ contacted: number; reclaimed: number }> {
  let contacted = 0;
  let reclaimed = 0;
  for (const open of await repo.openAssignments(db, now, 500)) {
    await transaction(db, async (tx) => {
      const a = await repo.lockOpenAssignment(tx, open.workspaceId, open.id);
      if (!a) return;
      const contactAt = await repo.firstContactAt(tx, a.workspaceId, a);
      if (contactAt) {
        await repo.closeAssignment(tx, a.workspaceId, a.id, 'contacted', contactAt);
        contacted++;
        return;
      }
      if (!a.slaDueAt || a.slaDueAt > now) return;
      const card = await lockForAssignment(tx, a.workspaceId, a.opportunityId);
      const rule = a.ruleId ? await repo.findRule(tx, a.workspaceId, a.ruleId) : null;
      if (!card || card.previousOwnerId !== a.userId) {
        // Someone moved the card by hand meanwhile: the roleta no longer answers for it.
        await repo.closeAssignment(tx, a.workspaceId, a.id, 'expired', now);
        return;
      }
      const exclude = await repo.previousAssignees(tx, a.workspaceId, a.opportunityId);
      const member =
        rule?.active && withinSchedule(rule.schedule, now) ? await pickMember(tx, rule, now, exclude) : null;
      const slaMinutes =
        rule?.sla_minutes ?? Math.round((a.slaDueAt.getTime() - a.assignedAt.getTime()) / 60_000);
      await repo.closeAssignment(tx, a.workspaceId, a.id, member ? 'reclaimed' : 'expired', now);
      if (member && rule) {
        await assign(
          tx,
          {
            workspaceId: a.workspaceId,
            opportunityId: a.opportunityId,
            personId: a.personId,
            pipelineId: card.pipelineId,
            sourceId: null,
            createdPerson: false,
          },
          rule,
          member,
          'reclaimed',
          now,
          { userId: a.userId, slaMinutes },
        );
        reclaimed++;
      }
      const names = await userNames(tx, a.workspaceId, [a.userId]);
      for (const managerId of await repo.managersToNotify(
        tx,
        a.workspaceId,
        a.userId,
        card.previousManagerId,
      )) {
        await recordLeadReclaimed(tx, {
          workspaceId: a.workspaceId,
          userId: managerId,
          at: now,
          data: {
            opportunityId: a.opportunityId,
            title: card.title,
            ruleName: a.ruleName,
            fromUserName: names.get(a.userId) ?? '',
            toUserName: member?.name ?? null,
            slaMinutes,
          },
        });
      }
    });
  }
  return { contacted, reclaimed };
}

/** The periodic roleta job: queued leads whose shift started, then the first-response SLA. */
export async function runDistributionJobs(db: Db, now = new Date()) {
  const released = await releaseQueuedLeads(db, now);
  return { released, ...(await enforceFirstResponseSla(db, now)) };
}

// Rules (admin)

const present = (r: repo.RuleRow): DistributionRule => ({
  id: r.id,
  position: r.position,
  name: r.name,
  pipelineId: r.pipeline_id,
  pipelineName: r.pipeline_name,
  sourceId: r.source_id,
  branchId: r.branch_id,
  teamId: r.team_id,
  mode: r.mode,
  onlyOnDuty: r.only_on_duty,
  schedule: r.schedule,
  slaMinutes: r.sla_minutes,
  active: r.active,
  members: r.members,
  version: r.version,
});

export async function listRules(db: Queryable, actor: Actor): Promise<DistributionRule[]> {
  assertMayManage(actor);
  return (await repo.listRules(db, actor.workspaceId)).map(present);
}

export async function getRule(db: Queryable, actor: Actor, id: string): Promise<DistributionRule> {
  assertMayManage(actor);
  const row = await repo.findRule(db, actor.workspaceId, id);
  if (!row) throw notFound();
  return present(row);
}

/** The references of a rule exist in the workspace: funnel, lead source, branch, team, users. */
async function validate(db: Db, actor: Actor, input: DistributionRuleRequest) {
  const body = ZDistributionRuleRequest.parse(input);
  const errors: { field: string; code: string; message: string }[] = [];
  if (!(await findPipeline(db, actor.workspaceId, body.pipelineId)))
    errors.push({ field: 'pipelineId', code: 'unknown_pipeline', message: '' });
  if (body.sourceId) {
    const source = await findIntegrationRecord(db, actor.workspaceId, body.sourceId);
    if (source?.kind !== 'lead_source')
      errors.push({ field: 'sourceId', code: 'unknown_lead_source', message: '' });
  }
  if (body.branchId && !(await findBranch(db, actor.workspaceId, body.branchId)))
    errors.push({ field: 'branchId', code: 'unknown_branch', message: '' });
  if (body.teamId && !(await existingTeamIds(db, actor.workspaceId, [body.teamId])).has(body.teamId))
    errors.push({ field: 'teamId', code: 'unknown_team', message: '' });
  const ids = body.members.map((m) => m.userId);
  if (new Set(ids).size !== ids.length)
    errors.push({ field: 'members', code: 'duplicate_member', message: '' });
  const known = await existingUserIds(db, actor.workspaceId, ids);
  body.members.forEach((m, i) => {
    if (!known.has(m.userId))
      errors.push({ field: `members.${i}.userId`, code: 'unknown_user', message: '' });
  });
  if (errors.length > 0) throw validationError(errors);
  return body;
}

export async function createRule(
  db: Db,
  actor: Actor,
  input: DistributionRuleRequest,
): Promise<DistributionRule> {
  assertMayManage(actor);
  const body = await validate(db, actor, input);
  return transaction(db, async (tx) => {
    const id = await repo.insertRule(tx, actor.workspaceId, body);
    await repo.replaceMembers(tx, actor.workspaceId, id, body.members);
    return present((await repo.findRule(tx, actor.workspaceId, id)) as repo.RuleRow);
  });
}

export async function updateRule(
  db: Db,
  actor: Actor,
  id: string,
  expected: number,
  input: DistributionRuleRequest,
): Promise<DistributionRule> {
  assertMayManage(actor);
  const body = await validate(db, actor, input);
  return transaction(db, async (tx) => {
    const current = await repo.findRule(tx, actor.workspaceId, id);
    if (!current) throw notFound();
    if (!(await repo.updateRule(tx, actor.workspaceId, id, expected, body)))
      throw versionMismatch(current.version);
    await repo.replaceMembers(tx, actor.workspaceId, id, body.members);
    return present((await repo.findRule(tx, actor.workspaceId, id)) as repo.RuleRow);
  });
}

/** Moves a rule one place up or down in the order rules are tried (first match wins); answers the new order. */
export async function moveRule(
  db: Db,
  actor: Actor,
  id: string,
  direction: 'up' | 'down',
): Promise<DistributionRule[]> {
  assertMayManage(actor);
  return transaction(db, async (tx) => {
    if (!(await repo.moveRule(tx, actor.workspaceId, id, direction))) throw notFound();
    return (await repo.listRules(tx, actor.workspaceId)).map(present);
  });
}

/** The lead sources a rule may be limited to. */
export async function listRuleLeadSources(db: Db, actor: Actor) {
  assertMayManage(actor);
  return listLeadSourceNames(db, actor.workspaceId);
}

export async function deleteRule(db: Db, actor: Actor, id: string, expected: number): Promise<void> {
  assertMayManage(actor);
  await transaction(db, async (tx) => {
    const current = await repo.findRule(tx, actor.workspaceId, id);
    if (!current) throw notFound();
    if (!(await repo.deleteRule(tx, actor.workspaceId, id, expected))) throw versionMismatch(current.version);
  });
}

/** "Distribuir agora": a manager hands an unowned negotiation of the rule's funnel out under that rule. */
export async function distributeNow(
  db: Db,
  actor: Actor,
  ruleId: string,
  input: { opportunityId: string; personId: string },
  opts: DistributionOptions = {},
): Promise<Distribution> {
  assertMayManage(actor);
  const now = opts.now ?? new Date();
  return transaction(db, async (tx) => {
    const rule = await repo.findRule(tx, actor.workspaceId, ruleId);
    if (!rule) throw notFound();
    const card = await lockForAssignment(tx, actor.workspaceId, input.opportunityId);
    if (!card) throw notFound();
    if (card.pipelineId !== rule.pipeline_id)
      throw validationError([{ field: 'opportunityId', code: 'other_pipeline', message: '' }]);
    if (card.previousOwnerId)
      throw new DomainError('conflict', 409, { detail: 'A negociação já tem responsável.' });
    return distributeUnder(
      tx,
      {
        workspaceId: actor.workspaceId,
        opportunityId: input.opportunityId,
        personId: input.personId,
        pipelineId: card.pipelineId,
        sourceId: null,
        createdPerson: false,
      },
      rule,
      now,
      'turn',
    );
  });
}

// Duty (plantão)

export const getMyDuty = (db: Queryable, actor: Actor) => repo.dutyOf(db, actor.workspaceId, actor.userId);

/** Checks the user in or out; anyone may (the switch shows only to members of some rule). */
export async function setMyDuty(db: Db, actor: Actor, onDuty: boolean) {
  await repo.setDuty(db, actor.workspaceId, actor.userId, onDuty);
  // Someone checking in may take what waits in the queue: the periodic job hands it out.
  return repo.dutyOf(db, actor.workspaceId, actor.userId);
}

// The manager page

/** Everything for who manages distribution; anyone else sees only their own day and assignments. */
export async function getOverview(
  db: Queryable,
  actor: Actor,
  now = new Date(),
): Promise<DistributionOverview> {
  const all = can(actor, 'manageDistribution');
  return repo.overview(db, actor.workspaceId, now, all ? null : actor.userId);
}
