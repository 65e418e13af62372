import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const CallCenterPage = lazyPage(() =>
  import('../features/callcenter/CallCenterPage.tsx').then((m) => m.CallCenterPage),
);

export const callCenterRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/call-center',
  component: CallCenterPage,
});
