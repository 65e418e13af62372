import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const BranchesAdminPage = lazyPage(() =>
  import('../features/admin/BranchesAdminPage.tsx').then((m) => m.BranchesAdminPage),
);

export const adminBranchesRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/branches',
  component: BranchesAdminPage,
});
