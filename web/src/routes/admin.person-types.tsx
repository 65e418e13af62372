import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const PersonTypesAdminPage = lazyPage(() =>
  import('../features/person-types/PersonTypesAdminPage.tsx').then((m) => m.PersonTypesAdminPage),
);

export const adminPersonTypesRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/person-types',
  component: PersonTypesAdminPage,
});
