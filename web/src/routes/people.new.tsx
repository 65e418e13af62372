import { createRoute } from '@tanstack/react-router';
import { NewPersonPage } from '../features/people/NewPersonPage.tsx';
import { appRoute } from './_app.tsx';

export const newPersonRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/new',
  component: NewPersonPage,
});
