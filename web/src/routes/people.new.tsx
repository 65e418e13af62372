import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const NewPersonPage = lazyPage(() =>
  import('../features/people/NewPersonPage.tsx').then((m) => m.NewPersonPage),
);

export const newPersonRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/new',
  component: NewPersonPage,
});
