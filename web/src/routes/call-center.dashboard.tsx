import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const DialerDashboardPage = lazyPage(() =>
  import('../features/dialer/DialerDashboardPage.tsx').then((m) => m.DialerDashboardPage),
);

/** Painel do discador: every signed-in user (supervisors see everyone, managers their teams, others themself). */
export const callCenterDashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/call-center/dashboard',
  component: DialerDashboardPage,
});
