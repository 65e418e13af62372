import type { ActivityKind } from '@funil/domain';
import { forbidden } from '../../lib/errors.ts';
import type { SqlParams } from '../../lib/sql.ts';
import { can } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleOpportunitiesPredicate } from '../opportunities/opportunities.policy.ts';
import { assertMayUseAction, visiblePeoplePredicate } from '../people/people.policy.ts';

/**
 * Which activities a user may see, as a SQL predicate over `activities a`. Every read, list, count and
 * write reaches an activity through it (outside it answers 404):
 * - the user's own activities (owner: "Minhas atividades");
 * - an activity linked to a person the people policy lets the user see;
 * - an activity linked to an opportunity the opportunities policy lets the user see.
 * Admins (scope `all`) see every activity of the workspace. The workspace filter is always part of it.
 */
export function visibleActivitiesPredicate(actor: Actor, params: SqlParams): string {
  const workspace = `a.workspace_id = ${params.add(actor.workspaceId)}`;
  if (actor.matrix[actor.role].peopleScope === 'all') return workspace;
  return `${workspace} AND (a.owner_id = ${params.add(actor.userId)}
    OR (a.person_id IS NOT NULL AND EXISTS (SELECT 1 FROM people p WHERE p.id = a.person_id AND ${visiblePeoplePredicate(actor, params)}))
    OR (a.opportunity_id IS NOT NULL AND EXISTS (SELECT 1 FROM opportunities o WHERE o.id = a.opportunity_id AND ${visibleOpportunitiesPredicate(actor, params)})))`;
}

/** The owner of an activity and the teams they belong to (what the write rule looks at). */
export type ActivityOwnership = { ownerId: string; ownerTeamIds: string[] };

const managesOwner = (actor: Actor, o: ActivityOwnership) =>
  can(actor, 'superviseAllTeams') || o.ownerTeamIds.some((team) => actor.managedTeamIds.includes(team));

/**
 * Who may edit, complete or cancel a visible activity: its owner, a manager of one of the owner's teams, and
 * roles with `superviseAllTeams` (admins by default). Seeing the linked person or opportunity is not enough to change someone else's agenda.
 */
export function canWriteActivity(actor: Actor, o: ActivityOwnership): boolean {
  return o.ownerId === actor.userId || managesOwner(actor, o);
}

export function assertCanWriteActivity(actor: Actor, o: ActivityOwnership): void {
  if (!canWriteActivity(actor, o)) throw forbidden();
}

/**
 * Whose agenda a user may put an activity in: their own; a manager also their teams' members; a role with
 * `superviseAllTeams` anyone of the workspace.
 */
export function assertCanAssignActivityOwner(actor: Actor, o: ActivityOwnership): void {
  if (!canWriteActivity(actor, o)) {
    throw forbidden('Você só pode agendar atividades para você mesmo ou para a sua equipe.');
  }
}

/** Scheduling a visit is the person page's action `scheduleVisit`, granted per role by the action matrix. */
export function assertMayScheduleKind(actor: Actor, kind: ActivityKind): void {
  if (kind === 'visit') assertMayUseAction(actor, 'scheduleVisit');
}
