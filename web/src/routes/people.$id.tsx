import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const PersonPage = lazyPage(() => import('../features/people/PersonPage.tsx').then((m) => m.PersonPage));

export const personRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$id',
  component: function PersonRoute() {
    const { id } = personRoute.useParams();
    return <PersonPage id={id} />;
  },
});
