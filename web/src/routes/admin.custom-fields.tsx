import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const CustomFieldsAdminPage = lazyPage(() =>
  import('../features/custom-fields/CustomFieldsAdminPage.tsx').then((m) => m.CustomFieldsAdminPage),
);

export const adminCustomFieldsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/custom-fields',
  component: CustomFieldsAdminPage,
});
