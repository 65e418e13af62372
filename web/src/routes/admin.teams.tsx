import { createRoute } from '@tanstack/react-router';
import { TeamsAdminPage } from '../features/admin/TeamsAdminPage.tsx';
import { adminRoute } from './admin.tsx';

export const adminTeamsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/teams',
  component: TeamsAdminPage,
});
