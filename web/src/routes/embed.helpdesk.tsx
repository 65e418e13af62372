import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { rootRoute } from './__root.tsx';

const HelpdeskPanelPage = lazyPage(() =>
  import('../features/helpdesk/HelpdeskPanelPage.tsx').then((m) => m.HelpdeskPanelPage),
);

/**
 * The helpdesk side panel, outside the signed-in shell (no /auth/me, no login redirect): the helpdesk frames it
 * and the page opens its own panel session from the URL or the helpdesk's postMessage.
 */
export const helpdeskPanelRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/embed/helpdesk',
  component: function HelpdeskPanelRoute() {
    return <HelpdeskPanelPage search={window.location.search} />;
  },
});
