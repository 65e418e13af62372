import { createRoute } from '@tanstack/react-router';
import { BranchesAdminPage } from '../features/admin/BranchesAdminPage.tsx';
import { adminRoute } from './admin.tsx';

export const adminBranchesRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/branches',
  component: BranchesAdminPage,
});
