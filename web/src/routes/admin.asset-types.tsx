import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const AssetTypesAdminPage = lazyPage(() =>
  import('../features/assets/AssetTypesAdminPage.tsx').then((m) => m.AssetTypesAdminPage),
);

export const adminAssetTypesRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/asset-types',
  component: AssetTypesAdminPage,
});
