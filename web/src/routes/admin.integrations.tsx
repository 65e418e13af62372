import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const IntegrationsPage = lazyPage(() =>
  import('../features/integrations/IntegrationsPage.tsx').then((m) => m.IntegrationsPage),
);

export const adminIntegrationsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/integrations',
  component: IntegrationsPage,
});
