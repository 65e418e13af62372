import type { PersonAction } from '@funil/domain';
import { DEFAULT_ACTION_MATRIX } from '@funil/domain';
import { forbidden } from '../../lib/errors.ts';
import type { SqlParams } from '../../lib/sql.ts';
import { can } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';

/** Whether the user's people scope is the whole workspace (the predicate is then only the workspace filter). */
export const seesEveryPerson = (actor: Actor): boolean => actor.matrix[actor.role].peopleScope === 'all';

/** Whether the user sees only their own wallet, offers and shares (scope `own`): a few thousand people at most. */
export const seesOwnPeople = (actor: Actor): boolean => actor.matrix[actor.role].peopleScope === 'own';

/**
 * The one rule for which people a user may see, as a SQL predicate over `people p`. Every read, list,
 * count, search, edit and export of people goes through it (a record outside it answers 404):
 * - scope `all` (admin by default): every record of the workspace;
 * - scope `own` (broker): records the user owns or that are shared with the user or one of their teams, and
 *   those on active offer to one of their teams;
 * - scope `managed` (manager): `own`, plus records owned by members of the teams the user manages,
 *   plus records of the user's branch.
 * The workspace filter is always part of it. Archived people (Excluir) are out of every list, search, count,
 * export and write; only roles with `restorePeople` still open one (`purpose: 'read'`) or list them (`'archived'`),
 * to restore it.
 */
export function visiblePeoplePredicate(
  actor: Actor,
  params: SqlParams,
  purpose: 'list' | 'read' | 'archived' = 'list',
): string {
  const restorer = can(actor, 'restorePeople');
  const archived =
    purpose === 'archived' && restorer
      ? 'p.archived_at IS NOT NULL'
      : purpose === 'read' && restorer
        ? 'true'
        : 'p.archived_at IS NULL';
  const workspace = `p.workspace_id = ${params.add(actor.workspaceId)} AND ${archived}`;
  if (seesEveryPerson(actor)) return workspace;
  const scope = actor.matrix[actor.role].peopleScope;
  const me = params.add(actor.userId);
  const teams = params.add(actor.teamIds);
  const own = [
    `p.owner_id = ${me}`,
    // Oferta ativa: the pool of a team is open to its members.
    `(p.wallet_status = 'active_offer' AND p.offer_team_id = ANY(${teams}::uuid[]))`,
    `p.id = ANY(ARRAY(SELECT s.person_id FROM person_shares s WHERE s.user_id = ${me} OR s.team_id = ANY(${teams}::uuid[])))`,
  ];
  if (scope === 'managed') {
    own.push(
      `p.owner_id = ANY(ARRAY(SELECT tm.user_id FROM team_members tm WHERE tm.team_id = ANY(${params.add(actor.managedTeamIds)}::uuid[])))`,
    );
    if (actor.branchId) own.push(`p.branch_id = ${params.add(actor.branchId)}`);
  }
  return `${workspace} AND (${own.join(' OR ')})`;
}

/** Whether the workspace's action matrix lets the actor's role use an action (the locked role holds them all). */
export function mayUseAction(actor: Actor, action: PersonAction): boolean {
  return (actor.actionMatrix ?? DEFAULT_ACTION_MATRIX)[actor.role][action];
}

export function assertMayUseAction(actor: Actor, action: PersonAction): void {
  if (!mayUseAction(actor, action)) throw forbidden();
}
