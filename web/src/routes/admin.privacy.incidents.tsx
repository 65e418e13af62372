import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const IncidentsPage = lazyPage(() =>
  import('../features/incidents/IncidentsPage.tsx').then((m) => m.IncidentsPage),
);

export const adminPrivacyIncidentsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/privacy/incidents',
  component: IncidentsPage,
});
