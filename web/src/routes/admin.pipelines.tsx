import { createRoute } from '@tanstack/react-router';
import { PipelinesAdminPage } from '../features/funnels/PipelinesAdminPage.tsx';
import { adminRoute } from './admin.tsx';

export const adminPipelinesRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/pipelines',
  component: PipelinesAdminPage,
});
