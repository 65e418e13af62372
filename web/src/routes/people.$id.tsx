import { createRoute } from '@tanstack/react-router';
import { PersonPage } from '../features/people/PersonPage.tsx';
import { appRoute } from './_app.tsx';

export const personRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$id',
  component: function PersonRoute() {
    const { id } = personRoute.useParams();
    return <PersonPage id={id} />;
  },
});
