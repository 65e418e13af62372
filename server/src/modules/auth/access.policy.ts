import { CAPABILITIES, type Capability, type Role, roleCan, VISIBILITY_SCOPES } from '@funil/domain';
import { forbidden } from '../../lib/errors.ts';
import type { Actor } from './actor.ts';

// The one access check of the server: a use case names the capability it needs and asks here, in its service,
// so calling the service directly cannot skip it. Capabilities are granted per role by the workspace's role
// matrix (the session's `actor.matrix`); the locked role holds them all. Sight stays the role's scope.

/** Whether the actor's role holds a capability in the workspace's role matrix. */
export function can(actor: Actor, capability: Capability): boolean {
  return roleCan(actor.matrix, actor.role, capability);
}

/** Refuses (403) a use case whose capability the actor's role does not hold. */
export function assertCan(actor: Actor, capability: Capability): void {
  if (!can(actor, capability)) throw forbidden();
}

/** Roles without `assignOwners` keep what they register (people, opportunities) under their own name. */
export function assertCanAssignOwner(actor: Actor, ownerId: string | null): void {
  if (ownerId !== actor.userId && !can(actor, 'assignOwners')) {
    throw forbidden('Seu perfil só pode cadastrar e manter registros em seu próprio nome.');
  }
}

/** Whether the actor acts as a manager of the team: named as one, or holding `superviseAllTeams`. */
export function supervisesTeam(actor: Actor, teamId: string): boolean {
  return actor.managedTeamIds.includes(teamId) || can(actor, 'superviseAllTeams');
}

const breadth = (role: Role, actor: Actor) =>
  VISIBILITY_SCOPES.length - VISIBILITY_SCOPES.indexOf(actor.matrix[role].peopleScope);

/**
 * Giving a user a role (or editing a user of that role) needs no more than the actor has: every capability of
 * the role and a scope no wider. Without it, whoever manages users could make themselves (or a friend) admin.
 */
export function assertCanActOnRole(actor: Actor, role: Role): void {
  const wider = breadth(role, actor) > breadth(actor.role, actor);
  if (wider || CAPABILITIES.some((c) => roleCan(actor.matrix, role, c) && !can(actor, c))) {
    throw forbidden('Seu perfil não pode conceder nem alterar um perfil com mais acesso que o seu.');
  }
}
