import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const WebhooksPage = lazyPage(() =>
  import('../features/webhooks/WebhooksPage.tsx').then((m) => m.WebhooksPage),
);

export const adminWebhooksRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/webhooks',
  component: WebhooksPage,
});
