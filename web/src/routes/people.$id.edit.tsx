import { createRoute } from '@tanstack/react-router';
import { parsePreRegistrationSearch } from '../features/people/pre-registration-search.ts';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const EditPersonPage = lazyPage(() =>
  import('../features/people/EditPersonPage.tsx').then((m) => m.EditPersonPage),
);

export const editPersonRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$id/edit',
  validateSearch: parsePreRegistrationSearch,
  component: function EditPersonRoute() {
    const { id } = editPersonRoute.useParams();
    const search = editPersonRoute.useSearch();
    return <EditPersonPage id={id} preRegistration={search.preRegistration ? search : null} />;
  },
});
