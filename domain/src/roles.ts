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

/**
 * What a role may do beyond seeing records, one name per family of use cases. Every access decision of the
 * server and the web asks for one of these (`can`), never for a role name:
 * - `manageUsers`: users, teams and branches;
 * - `manageAccess`: the role matrix and the person page's action matrix;
 * - `manageWorkspace`: SMTP, wallet rules, the proposal template;
 * - `manageFunnels`: funnels and stages, the option lists, the sale requirements;
 * - `manageIntegrations`: API tokens;
 * - `manageAssetTypes`: the workspace's asset types;
 * - `manageCustomFields`: the custom fields of people and opportunities (Administração › Campos personalizados);
 * - `exportPeople`: the people CSV export (was `peopleExport`);
 * - `restorePeople`: open, list and restore archived people;
 * - `assignOwners`: register or keep people and opportunities under another user's name;
 * - `superviseAllTeams`: act as a manager of every team (active offer to any team, anyone's activities).
 * - `manageDistribution`: the roleta's rules (who gets new leads, weights, caps, shifts, SLA) and its manager page.
 * - `sendCampaigns`: mass sends (envios comerciais) by e-mail and WhatsApp, and the workspace's WhatsApp number.
 * - `mergePeople`: the duplicates review queue (scan, dismiss) and merging two people (and undoing it for 30 days).
 * - `importPeople`: import people from a spreadsheet (CSV / XLSX), see past imports, undo one.
 * - `managePrivacy`: the Privacidade (LGPD) area: the Encarregado, data-subject requests, anonymization, consents,
 *   the access log, retention rules and the incident register.
 */
export const CAPABILITIES = [
  'manageUsers',
  'manageAccess',
  'manageWorkspace',
  'manageFunnels',
  'manageIntegrations',
  'manageAssetTypes',
  'manageCustomFields',
  'exportPeople',
  'restorePeople',
  'assignOwners',
  'superviseAllTeams',
  'manageDistribution',
  'sendCampaigns',
  'mergePeople',
  'importPeople',
  'managePrivacy',
] as const;
export type Capability = (typeof CAPABILITIES)[number];
export type Capabilities = Record<Capability, boolean>;

/** One role's rule in the workspace's matrix: how far it sees, and what it may do. */
export type RoleRule = { peopleScope: VisibilityScope; capabilities: Capabilities };

/** The per-role access matrix of a workspace; admins can change it, these are the defaults. */
export type RoleMatrix = Record<Role, RoleRule>;

/** The role that holds every grant and sees everything; the matrix keeps it locked so nobody locks the workspace out. */
export const LOCKED_ROLE: Role = 'admin';
export const isLockedRole = (role: Role): boolean => role === LOCKED_ROLE;

const grants = (granted: Capability[]): Capabilities =>
  Object.fromEntries(CAPABILITIES.map((c) => [c, granted.includes(c)])) as Capabilities;

export const DEFAULT_ROLE_MATRIX: RoleMatrix = {
  admin: { peopleScope: 'all', capabilities: grants([...CAPABILITIES]) },
  manager: {
    peopleScope: 'managed',
    capabilities: grants([
      'exportPeople',
      'assignOwners',
      'manageDistribution',
      'mergePeople',
      'importPeople',
    ]),
  },
  broker: { peopleScope: 'own', capabilities: grants([]) },
  attendant: { peopleScope: 'own', capabilities: grants(['assignOwners']) },
};

export const ZRoleRule = z.object({
  peopleScope: z.enum(VISIBILITY_SCOPES),
  capabilities: z.object(
    Object.fromEntries(CAPABILITIES.map((c) => [c, z.boolean()])) as Record<Capability, z.ZodBoolean>,
  ),
});

export const ZRoleMatrix = z.object(
  Object.fromEntries(ROLES.map((role) => [role, ZRoleRule])) as Record<Role, typeof ZRoleRule>,
);

type StoredRule = { peopleScope?: unknown; peopleExport?: unknown; capabilities?: Record<string, unknown> };

/**
 * A stored role matrix (maybe from before capabilities: `{peopleScope, peopleExport}`, maybe missing new
 * capabilities or roles) over the defaults; the locked role always gets its default rule.
 */
export function withDefaultRoles(stored: Partial<Record<Role, StoredRule>> | null | undefined): RoleMatrix {
  const out = structuredClone(DEFAULT_ROLE_MATRIX);
  for (const role of ROLES) {
    const rule = stored?.[role];
    if (!rule || isLockedRole(role)) continue;
    const scope = rule.peopleScope;
    if (VISIBILITY_SCOPES.includes(scope as VisibilityScope))
      out[role].peopleScope = scope as VisibilityScope;
    if (typeof rule.peopleExport === 'boolean') out[role].capabilities.exportPeople = rule.peopleExport;
    for (const c of CAPABILITIES) {
      const granted = rule.capabilities?.[c];
      if (typeof granted === 'boolean') out[role].capabilities[c] = granted;
    }
  }
  return out;
}

/** The capabilities a role holds in a matrix, in CAPABILITIES order (what the session hands to the web). */
export function capabilitiesOf(matrix: RoleMatrix, role: Role): Capability[] {
  return CAPABILITIES.filter((c) => matrix[role]?.capabilities[c] === true);
}

/** The one question every access decision asks: does this role hold this capability in this matrix. */
export function roleCan(matrix: RoleMatrix, role: Role, capability: Capability): boolean {
  return matrix[role]?.capabilities[capability] === true;
}
