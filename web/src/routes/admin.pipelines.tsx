import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const PipelinesAdminPage = lazyPage(() =>
  import('../features/funnels/PipelinesAdminPage.tsx').then((m) => m.PipelinesAdminPage),
);

export const adminPipelinesRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/pipelines',
  component: PipelinesAdminPage,
});
