import { createRoute } from '@tanstack/react-router';
import { FunnelReportPage } from '../features/funnels/FunnelReportPage.tsx';
import { appRoute } from './_app.tsx';

export const funnelReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/funnel',
  component: FunnelReportPage,
});
