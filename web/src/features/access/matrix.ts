import {
  CAPABILITIES,
  type Capability,
  DEFAULT_ROLE_MATRIX,
  isLockedRole,
  ROLES,
  type Role,
  type RoleMatrix,
  type RoleRule,
} from '@funil/domain';

export type { RoleRule };

/** Administrators see every record and hold every capability: the server forces it, the page shows it locked. */
export { isLockedRole };

/** The matrix with the administrator's rule put back to the only value the server accepts. */
export function withLockedAdmin(matrix: RoleMatrix): RoleMatrix {
  return { ...matrix, admin: structuredClone(DEFAULT_ROLE_MATRIX.admin) };
}

/** A copy of `matrix` with one role's scope replaced; the administrator's rule never changes. */
export function setRoleRule(
  matrix: RoleMatrix,
  role: Role,
  patch: Pick<RoleRule, 'peopleScope'>,
): RoleMatrix {
  if (isLockedRole(role)) return matrix;
  return { ...matrix, [role]: { ...matrix[role], ...patch } };
}

/** A copy of `matrix` with one capability granted to or taken from one role; never the administrator's. */
export function setCapability(
  matrix: RoleMatrix,
  role: Role,
  capability: Capability,
  granted: boolean,
): RoleMatrix {
  if (isLockedRole(role)) return matrix;
  const rule = matrix[role];
  return { ...matrix, [role]: { ...rule, capabilities: { ...rule.capabilities, [capability]: granted } } };
}

/** The roles whose rule differs between the saved matrix and the edited one, in ROLES order. */
export function changedRoles(saved: RoleMatrix, edited: RoleMatrix): Role[] {
  return ROLES.filter(
    (role) =>
      saved[role].peopleScope !== edited[role].peopleScope ||
      CAPABILITIES.some((c) => saved[role].capabilities[c] !== edited[role].capabilities[c]),
  );
}
