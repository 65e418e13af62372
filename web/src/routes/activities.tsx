import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const MyActivitiesPage = lazyPage(() =>
  import('../features/activities/MyActivitiesPage.tsx').then((m) => m.MyActivitiesPage),
);

export const activitiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/activities',
  component: MyActivitiesPage,
});
