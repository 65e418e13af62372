import { createRoute, redirect } from '@tanstack/react-router';
import { meQuery } from '../features/auth/queries.ts';
import { AppLayout } from '../features/shell/AppLayout.tsx';
import { isApiError } from '../lib/api.ts';
import { rootRoute } from './__root.tsx';

/** Everything behind the login: loads the session first, and sends to /login without one. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    try {
      const session = await context.queryClient.ensureQueryData(meQuery);
      return { session };
    } catch (error) {
      if (isApiError(error) && error.status === 401) {
        throw redirect({ to: '/login', search: { redirect: location.href } });
      }
      throw error;
    }
  },
  component: AppLayout,
});

export const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  // A manager's home is their team's dashboard; everyone else starts at the people list.
  beforeLoad: ({ context }) => {
    const user = context.session.user;
    if (user.role === 'manager' && user.managedTeamIds.length > 0) {
      const teamId = user.managedTeamIds.length === 1 ? user.managedTeamIds[0] : undefined;
      throw redirect({ to: '/dashboards', search: teamId ? { teamId } : {} });
    }
    throw redirect({ to: '/people' });
  },
});
