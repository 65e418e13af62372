import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const PipelinesIndexPage = lazyPage(() =>
  import('../features/board/PipelinesIndexPage.tsx').then((m) => m.PipelinesIndexPage),
);

export const pipelinesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/pipelines',
  component: PipelinesIndexPage,
});
