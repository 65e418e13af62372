import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const ConsentPurposesPage = lazyPage(() =>
  import('../features/consents/ConsentPurposesPage.tsx').then((m) => m.ConsentPurposesPage),
);

export const adminPrivacyConsentsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/privacy/consents',
  component: ConsentPurposesPage,
});
