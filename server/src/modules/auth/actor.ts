import type { ActionMatrix, Role, RoleMatrix } from '@funil/domain';

/** Who is making a request: the signed-in user with what access decisions need. */
export type Actor = {
  userId: string;
  workspaceId: string;
  role: Role;
  name: string;
  email: string;
  branchId: string | null;
  teamIds: string[];
  managedTeamIds: string[];
  matrix: RoleMatrix;
  /** Which person-page actions each role may use (workspace setting, defaults filled in). */
  actionMatrix?: ActionMatrix;
  /** Set when the request came through a helpdesk side panel session: the integration and the agent acting. */
  panel?: { integrationId: string; agentId: string } | undefined;
};
