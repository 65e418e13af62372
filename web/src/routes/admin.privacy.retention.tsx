import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const RetentionPage = lazyPage(() =>
  import('../features/anonymization/RetentionPage.tsx').then((m) => m.RetentionPage),
);

export const adminPrivacyRetentionRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/privacy/retention',
  component: RetentionPage,
});
