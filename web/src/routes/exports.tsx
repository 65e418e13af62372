import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const ExportsPage = lazyPage(() => import('../features/exports/ExportsPage.tsx').then((m) => m.ExportsPage));

export const exportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/exports',
  component: ExportsPage,
});
