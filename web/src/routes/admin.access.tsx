import { createRoute } from '@tanstack/react-router';
import { AccessAdminPage } from '../features/access/AccessAdminPage.tsx';
import { adminRoute } from './admin.tsx';

export const adminAccessRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/access',
  component: AccessAdminPage,
});
