import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const AccessAdminPage = lazyPage(() =>
  import('../features/access/AccessAdminPage.tsx').then((m) => m.AccessAdminPage),
);

export const adminAccessRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/access',
  component: AccessAdminPage,
});
