import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const OpportunitySettingsPage = lazyPage(() =>
  import('../features/funnels/OpportunitySettingsPage.tsx').then((m) => m.OpportunitySettingsPage),
);

export const adminOpportunitySettingsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/opportunity-settings',
  component: OpportunitySettingsPage,
});
