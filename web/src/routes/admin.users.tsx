import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const UsersAdminPage = lazyPage(() =>
  import('../features/admin/UsersAdminPage.tsx').then((m) => m.UsersAdminPage),
);

export const adminUsersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/users',
  component: UsersAdminPage,
});
