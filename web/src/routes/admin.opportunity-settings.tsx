import { createRoute } from '@tanstack/react-router';
import { OpportunitySettingsPage } from '../features/funnels/OpportunitySettingsPage.tsx';
import { adminRoute } from './admin.tsx';

export const adminOpportunitySettingsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/opportunity-settings',
  component: OpportunitySettingsPage,
});
