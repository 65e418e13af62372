import { DEFAULT_ROLE_MATRIX, ROLES, type Role, type RoleMatrix } from '@funil/domain';

export type RoleRule = RoleMatrix[Role];

/** Administrators always see every record and may export: the server forces it, the page shows it locked. */
export const isLockedRole = (role: Role): boolean => role === 'admin';

/** The matrix with the administrator's rule put back to the only value the server accepts. */
export function withLockedAdmin(matrix: RoleMatrix): RoleMatrix {
  return { ...matrix, admin: { ...DEFAULT_ROLE_MATRIX.admin } };
}

/** A copy of `matrix` with part of one role's rule replaced; the administrator's rule never changes. */
export function setRoleRule(matrix: RoleMatrix, role: Role, patch: Partial<RoleRule>): RoleMatrix {
  if (isLockedRole(role)) return matrix;
  return { ...matrix, [role]: { ...matrix[role], ...patch } };
}

/** The roles whose rule differs between the saved matrix and the edited one, in ROLES order. */
export function changedRoles(saved: RoleMatrix, edited: RoleMatrix): Role[] {
  return ROLES.filter(
    (role) =>
      saved[role].peopleScope !== edited[role].peopleScope ||
      saved[role].peopleExport !== edited[role].peopleExport,
  );
}
