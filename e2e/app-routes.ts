import { generateCpf } from '@funil/domain';
import type { Page } from 'playwright-core';
import { signedPanelQuery } from '../server/src/modules/helpdesk/panel-proof.ts';
import { ADMIN_PAGES } from '../web/src/features/shell/admin-pages.ts';
import { apiCall, boardWithOneCard, random } from './fixtures.ts';

// Every route of the app, in one place for the checks that visit them all (axe, 390 px and 200 % zoom): a page
// added to the app is added here once.

/** The records a route's path needs. */
export type RouteData = {
  personId: string;
  opportunityId: string;
  pipelineId: string;
  privacyRequestId: string;
};

/** The pages issue 16 measured (axe.test.ts): the people list, a person, a board with a card, the admin's users. */
export const measuredRoutes = (d: Pick<RouteData, 'personId' | 'pipelineId'>) => [
  '/people',
  `/people/${d.personId}`,
  `/pipelines/${d.pipelineId}`,
  '/activities',
  '/admin/users',
];

/** The other pages of the menu, with data. */
export const menuRoutes = (d: Pick<RouteData, 'personId' | 'opportunityId' | 'pipelineId'>) => [
  `/people/${d.personId}/edit`,
  '/people/new',
  '/pipelines',
  `/opportunities/${d.opportunityId}`,
  `/opportunities/new?pipelineId=${d.pipelineId}`,
  '/dashboards',
  '/reports/funnel',
  '/call-center',
  '/call-center/dashboard',
  '/distribution',
  '/campaigns',
  '/duplicates',
  '/imports',
  '/imports/new',
  '/exports',
];

/**
 * The administration's pages (an admin sees them all): the admin menu's own list, so a page added to it is visited
 * too; '/admin/users' is among the measured routes.
 */
export const adminRoutes = ADMIN_PAGES.map((page) => page.to).filter((path) => path !== '/admin/users');

/** One privacy request's page (a request made for the purpose). */
export const privacyRequestRoute = (d: Pick<RouteData, 'privacyRequestId'>) =>
  `/admin/privacy/requests/${d.privacyRequestId}`;

/** Every signed-in route of the app, as the admin sees it. */
export const allSignedInRoutes = (d: RouteData) => [
  ...measuredRoutes(d),
  ...menuRoutes(d),
  ...adminRoutes,
  privacyRequestRoute(d),
];

/**
 * What the routes need, made by `admin`: a funnel with one card held by a new person (the board is left open), and
 * an access request about that person.
 */
export async function routeData(admin: Page, label: string): Promise<RouteData> {
  const { pipeline, person, opportunity } = await boardWithOneCard(admin, {
    funnel: `Funil ${label}`,
    person: `Pessoa ${label}`,
    title: `Card ${label}`,
  });
  const request = await apiCall<{ id: string }>(admin, 'POST', '/privacy/requests', {
    kind: 'access',
    channel: 'email',
    personId: person.id,
    details: `Pedido de cópia dos dados (${label})`,
  });
  return {
    personId: person.id,
    opportunityId: opportunity.id,
    pipelineId: pipeline.id,
    privacyRequestId: request.id,
  };
}

/**
 * The helpdesk side panel's address for `agentEmail`, as a helpdesk that only opens URLs signs it (a helpdesk
 * integration of its own, made by `admin`), about a new contact whose CPF is in Funil: the panel shows a person.
 */
export async function helpdeskPanelRoute(admin: Page, agentEmail: string, label: string): Promise<string> {
  const me = await apiCall<{ user: { id: string } }>(admin, 'GET', '/auth/me');
  const team = await apiCall<{ id: string }>(admin, 'POST', '/teams', {
    name: `Atendimento ${label}`,
    memberIds: [me.user.id],
  });
  const created = await apiCall<{ integration: { id: string } }>(admin, 'POST', '/integrations', {
    name: `Helpdesk ${label}`,
    kind: 'helpdesk',
    scopes: ['erp:receivables'],
    allowedCidrs: [],
    timeoutSeconds: 10,
    linkingTeamIds: [team.id],
    frameOrigins: ['https://chat.exemplo.com.br'],
  });
  const integrationId = created.integration.id;
  const setup = await apiCall<{ panelSecret: string }>(
    admin,
    'GET',
    `/helpdesk/integrations/${integrationId}/panel-setup`,
  );
  const query = signedPanelQuery(setup.panelSecret, {
    integration: integrationId,
    agent_id: '1',
    agent_name: 'Agente Axe',
    agent_email: agentEmail,
    conversation_id: String(Math.floor(random() * 1e6)),
    contact_id: String(Math.floor(random() * 1e6)),
    contact_name: `Contato ${label}`,
    contact_document: generateCpf(random),
    ts: String(Math.floor(Date.now() / 1000)),
  });
  return `/embed/helpdesk?${query}`;
}
