import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const DialerSettingsPage = lazyPage(() =>
  import('../features/dialer/DialerSettingsPage.tsx').then((m) => m.DialerSettingsPage),
);

export const adminDialerRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/dialer',
  component: DialerSettingsPage,
});
