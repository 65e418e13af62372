import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const EditPersonPage = lazyPage(() =>
  import('../features/people/EditPersonPage.tsx').then((m) => m.EditPersonPage),
);

export const editPersonRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$id/edit',
  component: function EditPersonRoute() {
    const { id } = editPersonRoute.useParams();
    return <EditPersonPage id={id} />;
  },
});
