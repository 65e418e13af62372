import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const PrivacySettingsPage = lazyPage(() =>
  import('../features/privacy/PrivacySettingsPage.tsx').then((m) => m.PrivacySettingsPage),
);

export const adminPrivacyRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/privacy',
  component: PrivacySettingsPage,
});
