import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const OpportunityPage = lazyPage(() =>
  import('../features/opportunities/OpportunityPage.tsx').then((m) => m.OpportunityPage),
);

export const opportunityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/opportunities/$id',
  component: function OpportunityRoute() {
    const { id } = opportunityRoute.useParams();
    return <OpportunityPage key={id} id={id} />;
  },
});
