import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const DuplicatesPage = lazyPage(() =>
  import('../features/merges/DuplicatesPage.tsx').then((m) => m.DuplicatesPage),
);

export const duplicatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/duplicates',
  component: DuplicatesPage,
});
