import type { SqlParams } from '../../lib/sql.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * Who may see (and so move, edit and annotate) an opportunity. The OPV's conversion data — the broker
 * (owner), the team and the manager — names the people linked to the sale; only they and admins reach it:
 * - scope `all` (admin by default): every opportunity of the workspace;
 * - scope `own` (broker, attendant): the owner, the manager named on it, and members of its team;
 * - scope `managed` (manager): `own`, plus opportunities of the teams the user manages and of their branch.
 * The scope comes from the workspace role matrix, as for people. `visibleOpportunitiesPredicate` is the SQL
 * form (every read, list, count, board, report and search); `canSeeOpportunity` is the same rule over a row
 * already loaded (realtime fan-out). Both are tested against each other.
 */
export function visibleOpportunitiesPredicate(actor: Actor, params: SqlParams, alias = 'o'): string {
  const workspace = `${alias}.workspace_id = ${params.add(actor.workspaceId)}`;
  const scope = actor.matrix[actor.role].peopleScope;
  if (scope === 'all') return workspace;
  const me = params.add(actor.userId);
  const linked = [
    `${alias}.owner_id = ${me}`,
    `${alias}.manager_id = ${me}`,
    `${alias}.team_id = ANY(${params.add(actor.teamIds)}::uuid[])`,
  ];
  if (scope === 'managed') {
    linked.push(`${alias}.team_id = ANY(${params.add(actor.managedTeamIds)}::uuid[])`);
    if (actor.branchId) linked.push(`${alias}.branch_id = ${params.add(actor.branchId)}`);
  }
  return `${workspace} AND (${linked.join(' OR ')})`;
}

/** SQL listing the opportunities a person is involved in that the actor may see. */
export function visibleOpportunityIdsOfPerson(actor: Actor, personId: string, params: SqlParams): string {
  return `SELECT op.opportunity_id FROM opportunity_people op JOIN opportunities o ON o.id = op.opportunity_id
    WHERE op.person_id = ${params.add(personId)} AND ${visibleOpportunitiesPredicate(actor, params)}`;
}

export type ConversionData = {
  workspaceId: string;
  ownerId: string | null;
  managerId: string | null;
  teamId: string | null;
  branchId: string | null;
};

/** The in-memory twin of `visibleOpportunitiesPredicate`, for a row already loaded (realtime fan-out). */
export function canSeeOpportunity(actor: Actor, o: ConversionData): boolean {
  if (o.workspaceId !== actor.workspaceId) return false;
  const scope = actor.matrix[actor.role].peopleScope;
  if (scope === 'all') return true;
  const linked =
    o.ownerId === actor.userId ||
    o.managerId === actor.userId ||
    (o.teamId !== null && actor.teamIds.includes(o.teamId));
  if (linked || scope !== 'managed') return linked;
  return (
    (o.teamId !== null && actor.managedTeamIds.includes(o.teamId)) ||
    (actor.branchId !== null && o.branchId === actor.branchId)
  );
}
