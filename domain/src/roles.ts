import { z } from 'zod';

/** Roles of a workspace user (see GLOSSARY.md). */
export const ROLES = ['admin', 'manager', 'broker', 'attendant'] as const;
export type Role = (typeof ROLES)[number];

/**
 * How far a role sees people records:
 * - `all`: every record of the workspace;
 * - `managed`: records owned by the teams the user manages, of the user's branch, plus `own`;
 * - `own`: records the user owns or that are shared with the user or one of their teams.
 */
export const VISIBILITY_SCOPES = ['all', 'managed', 'own'] as const;
export type VisibilityScope = (typeof VISIBILITY_SCOPES)[number];

/** The per-role access matrix of a workspace; admins can change it, these are the defaults. */
export type RoleMatrix = Record<Role, { peopleScope: VisibilityScope; peopleExport: boolean }>;

export const ZRoleMatrix = z.object(
  Object.fromEntries(
    ROLES.map((role) => [
      role,
      z.object({ peopleScope: z.enum(VISIBILITY_SCOPES), peopleExport: z.boolean() }),
    ]),
  ) as Record<
    Role,
    z.ZodObject<{ peopleScope: z.ZodEnum<{ [K in VisibilityScope]: K }>; peopleExport: z.ZodBoolean }>
  >,
);

export const DEFAULT_ROLE_MATRIX: RoleMatrix = {
  admin: { peopleScope: 'all', peopleExport: true },
  manager: { peopleScope: 'managed', peopleExport: true },
  broker: { peopleScope: 'own', peopleExport: false },
  attendant: { peopleScope: 'own', peopleExport: false },
};
