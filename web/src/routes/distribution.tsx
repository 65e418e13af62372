import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const DistributionPage = lazyPage(() =>
  import('../features/distribution/DistributionPage.tsx').then((m) => m.DistributionPage),
);

export const distributionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/distribution',
  component: DistributionPage,
});
