import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const ApiTokensPage = lazyPage(() =>
  import('../features/api-tokens/ApiTokensPage.tsx').then((m) => m.ApiTokensPage),
);

export const adminApiTokensRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/api-tokens',
  component: ApiTokensPage,
});
