import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const TeamsAdminPage = lazyPage(() =>
  import('../features/admin/TeamsAdminPage.tsx').then((m) => m.TeamsAdminPage),
);

export const adminTeamsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/teams',
  component: TeamsAdminPage,
});
