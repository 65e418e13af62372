import { createRoute } from '@tanstack/react-router';
import { UsersAdminPage } from '../features/admin/UsersAdminPage.tsx';
import { adminRoute } from './admin.tsx';

export const adminUsersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/users',
  component: UsersAdminPage,
});
