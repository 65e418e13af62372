import { createRoute } from '@tanstack/react-router';
import { EditPersonPage } from '../features/people/EditPersonPage.tsx';
import { appRoute } from './_app.tsx';

export const editPersonRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$id/edit',
  component: function EditPersonRoute() {
    const { id } = editPersonRoute.useParams();
    return <EditPersonPage id={id} />;
  },
});
