import {
  type ActionMatrix,
  DEFAULT_ACTION_MATRIX,
  PERSON_ACTIONS,
  type PersonAction,
  ROLES,
  type Role,
} from '@funil/domain';
import { isLockedRole } from '../access/matrix.ts';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A complete matrix from what the server sent: any role or action it left out (an action added later)
 * takes the default, and the administrator's row is all on.
 */
export function normalizeMatrix(raw: unknown): ActionMatrix {
  const source = isRecord(raw) ? raw : {};
  const matrix = {} as ActionMatrix;
  for (const role of ROLES) {
    const row = isRecord(source[role]) ? source[role] : {};
    matrix[role] = Object.fromEntries(
      PERSON_ACTIONS.map((action) => {
        const value = row[action];
        return [action, typeof value === 'boolean' ? value : DEFAULT_ACTION_MATRIX[role][action]];
      }),
    ) as Record<PersonAction, boolean>;
  }
  return withLockedAdmin(matrix);
}

/** The matrix with the administrator's row put back to the only value the server accepts. */
export function withLockedAdmin(matrix: ActionMatrix): ActionMatrix {
  return { ...matrix, admin: { ...DEFAULT_ACTION_MATRIX.admin } };
}

/** A copy of `matrix` with one role's action turned on or off; the administrator's row never changes. */
export function setAction(
  matrix: ActionMatrix,
  role: Role,
  action: PersonAction,
  allowed: boolean,
): ActionMatrix {
  if (isLockedRole(role)) return matrix;
  return { ...matrix, [role]: { ...matrix[role], [action]: allowed } };
}

/** The roles whose actions differ between the saved matrix and the edited one, in ROLES order. */
export function changedRoles(saved: ActionMatrix, edited: ActionMatrix): Role[] {
  return ROLES.filter((role) => PERSON_ACTIONS.some((a) => saved[role][a] !== edited[role][a]));
}
