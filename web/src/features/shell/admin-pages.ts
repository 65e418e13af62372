import type { Capability } from '@funil/domain';
import { can } from '../auth/can.ts';

/** The admin area's pages, each with the capability that opens it (its nav item and its route guard). */
export const ADMIN_PAGES = [
  { to: '/admin/users', label: 'nav.users', capability: 'manageUsers' },
  { to: '/admin/teams', label: 'nav.teams', capability: 'manageUsers' },
  { to: '/admin/branches', label: 'nav.branches', capability: 'manageUsers' },
  { to: '/admin/access', label: 'nav.access', capability: 'manageAccess' },
  { to: '/admin/actions', label: 'nav.actions', capability: 'manageAccess' },
  { to: '/admin/pipelines', label: 'nav.pipelinesAdmin', capability: 'manageFunnels' },
  { to: '/admin/opportunity-settings', label: 'nav.opportunitySettings', capability: 'manageFunnels' },
  { to: '/admin/asset-types', label: 'nav.assetTypes', capability: 'manageAssetTypes' },
  { to: '/admin/custom-fields', label: 'nav.customFields', capability: 'manageCustomFields' },
  { to: '/admin/person-types', label: 'nav.personTypes', capability: 'manageWorkspace' },
  { to: '/admin/settings', label: 'nav.settings', capability: 'manageWorkspace' },
  { to: '/admin/documents', label: 'nav.documents', capability: 'manageWorkspace' },
  { to: '/admin/dialer', label: 'dialer.nav', capability: 'manageWorkspace' },
  { to: '/admin/integrations', label: 'nav.integrations', capability: 'manageIntegrations' },
  { to: '/admin/webhooks', label: 'nav.webhooks', capability: 'manageIntegrations' },
  { to: '/admin/deliveries', label: 'nav.deliveries', capability: 'manageIntegrations' },
  { to: '/admin/intake', label: 'nav.intake', capability: 'manageIntegrations' },
  { to: '/admin/intake-log', label: 'nav.intakeLog', capability: 'manageIntegrations' },
  { to: '/admin/privacy', label: 'privacy.nav', capability: 'managePrivacy' },
  { to: '/admin/privacy/requests', label: 'privacyRequests.nav', capability: 'managePrivacy' },
  { to: '/admin/privacy/consents', label: 'consents.nav', capability: 'managePrivacy' },
  { to: '/admin/privacy/access-log', label: 'accessLog.nav', capability: 'managePrivacy' },
  { to: '/admin/privacy/incidents', label: 'incidents.nav', capability: 'managePrivacy' },
  { to: '/admin/privacy/retention', label: 'anonymization.retention.nav', capability: 'managePrivacy' },
] as const satisfies readonly { to: string; label: string; capability: Capability }[];

export type AdminPage = (typeof ADMIN_PAGES)[number];

/** The admin pages this user may open, in menu order (none: no admin menu at all). */
export function adminPagesFor(user: { capabilities: readonly Capability[] }): AdminPage[] {
  return ADMIN_PAGES.filter((page) => can(user, page.capability));
}

/**
 * Where a visit to an admin path should go instead, or null when the user may stay: a page the user lacks
 * the capability for (or `/admin` itself) leads to their first admin page, or to `/people` when they have none.
 */
export function adminRedirect(
  user: { capabilities: readonly Capability[] },
  pathname: string,
): string | null {
  const page = ADMIN_PAGES.find((p) => pathname === p.to || pathname.startsWith(`${p.to}/`));
  if (page && can(user, page.capability)) return null;
  return adminPagesFor(user)[0]?.to ?? '/people';
}
