import { createRouter } from '@tanstack/react-router';
import { queryClient } from './lib/query-client.ts';
import { rootRoute } from './routes/__root.tsx';
import { appRoute, indexRoute } from './routes/_app.tsx';
import { activitiesRoute } from './routes/activities.tsx';
import { adminAccessRoute } from './routes/admin.access.tsx';
import { adminActionsRoute } from './routes/admin.actions.tsx';
import { adminAssetTypesRoute } from './routes/admin.asset-types.tsx';
import { adminBranchesRoute } from './routes/admin.branches.tsx';
import { adminCustomFieldsRoute } from './routes/admin.custom-fields.tsx';
import { adminDeliveriesRoute } from './routes/admin.deliveries.tsx';
import { adminDialerRoute } from './routes/admin.dialer.tsx';
import { adminDocumentsRoute } from './routes/admin.documents.tsx';
import { adminIntakeLogRoute, adminIntakeRoute } from './routes/admin.intake.tsx';
import { adminIntegrationsRoute } from './routes/admin.integrations.tsx';
import { adminOpportunitySettingsRoute } from './routes/admin.opportunity-settings.tsx';
import { adminPersonTypesRoute } from './routes/admin.person-types.tsx';
import { adminPipelinesRoute } from './routes/admin.pipelines.tsx';
import { adminPrivacyAccessLogRoute } from './routes/admin.privacy.access-log.tsx';
import { adminPrivacyConsentsRoute } from './routes/admin.privacy.consents.tsx';
import { adminPrivacyIncidentsRoute } from './routes/admin.privacy.incidents.tsx';
import { adminPrivacyRequestRoute } from './routes/admin.privacy.requests.$id.tsx';
import { adminPrivacyRequestsRoute } from './routes/admin.privacy.requests.tsx';
import { adminPrivacyRetentionRoute } from './routes/admin.privacy.retention.tsx';
import { adminPrivacyRoute } from './routes/admin.privacy.tsx';
import { adminSettingsRoute } from './routes/admin.settings.tsx';
import { adminTeamsRoute } from './routes/admin.teams.tsx';
import { adminIndexRoute, adminRoute } from './routes/admin.tsx';
import { adminUsersRoute } from './routes/admin.users.tsx';
import { adminWebhooksRoute } from './routes/admin.webhooks.tsx';
import { callCenterDashboardRoute } from './routes/call-center.dashboard.tsx';
import { callCenterRoute } from './routes/call-center.tsx';
import { campaignRoute, campaignsRoute } from './routes/campaigns.tsx';
import { dashboardsRoute } from './routes/dashboards.tsx';
import { distributionRoute } from './routes/distribution.tsx';
import { duplicatesRoute } from './routes/duplicates.tsx';
import { helpdeskPanelRoute } from './routes/embed.helpdesk.tsx';
import { exportsRoute } from './routes/exports.tsx';
import { importRoute, importsRoute, newImportRoute } from './routes/imports.tsx';
import { loginRoute } from './routes/login.tsx';
import { mailAccountRoute } from './routes/mail-account.tsx';
import { opportunityRoute } from './routes/opportunities.$id.tsx';
import { newOpportunityRoute } from './routes/opportunities.new.tsx';
import { editPersonRoute } from './routes/people.$id.edit.tsx';
import { personRoute } from './routes/people.$id.tsx';
import { newPersonRoute } from './routes/people.new.tsx';
import { peopleRoute } from './routes/people.tsx';
import { boardRoute } from './routes/pipelines.$id.tsx';
import { pipelinesRoute } from './routes/pipelines.tsx';
import { funnelReportRoute } from './routes/reports.funnel.tsx';
import { PagePending } from './ui/PagePending.tsx';

const routeTree = rootRoute.addChildren([
  loginRoute,
  helpdeskPanelRoute,
  appRoute.addChildren([
    indexRoute,
    peopleRoute,
    newPersonRoute,
    personRoute,
    editPersonRoute,
    pipelinesRoute,
    boardRoute,
    newOpportunityRoute,
    opportunityRoute,
    funnelReportRoute,
    dashboardsRoute,
    activitiesRoute,
    distributionRoute,
    duplicatesRoute,
    callCenterRoute,
    callCenterDashboardRoute,
    campaignsRoute,
    campaignRoute,
    importsRoute,
    newImportRoute,
    importRoute,
    exportsRoute,
    mailAccountRoute,
    adminRoute.addChildren([
      adminIndexRoute,
      adminUsersRoute,
      adminTeamsRoute,
      adminBranchesRoute,
      adminAccessRoute,
      adminActionsRoute,
      adminPipelinesRoute,
      adminOpportunitySettingsRoute,
      adminSettingsRoute,
      adminAssetTypesRoute,
      adminCustomFieldsRoute,
      adminPersonTypesRoute,
      adminDocumentsRoute,
      adminDialerRoute,
      adminIntegrationsRoute,
      adminWebhooksRoute,
      adminDeliveriesRoute,
      adminIntakeRoute,
      adminIntakeLogRoute,
      adminPrivacyRoute,
      adminPrivacyConsentsRoute,
      adminPrivacyRequestsRoute,
      adminPrivacyRequestRoute,
      adminPrivacyAccessLogRoute,
      adminPrivacyIncidentsRoute,
      adminPrivacyRetentionRoute,
    ]),
  ]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: 'intent',
  defaultPreloadStaleTime: 0,
  scrollRestoration: true,
  // Shown while a page's code or data loads for more than a moment.
  defaultPendingComponent: PagePending,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
