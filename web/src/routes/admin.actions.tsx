import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const ActionMatrixPage = lazyPage(() =>
  import('../features/person-status/ActionMatrixPage.tsx').then((m) => m.ActionMatrixPage),
);

export const adminActionsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/actions',
  component: ActionMatrixPage,
});
