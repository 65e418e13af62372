import { createRoute, Outlet, redirect } from '@tanstack/react-router';
import { adminRedirect } from '../features/shell/admin-pages.ts';
import { appRoute } from './_app.tsx';

/** The admin area: each page only for users whose role holds its capability (the server checks again). */
export const adminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin',
  beforeLoad: ({ context, location }) => {
    const to = adminRedirect(context.session.user, location.pathname);
    if (to) throw redirect({ to });
  },
  component: Outlet,
});

export const adminIndexRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/',
  beforeLoad: ({ context }) => {
    throw redirect({ to: adminRedirect(context.session.user, '/admin') ?? '/people' });
  },
});
