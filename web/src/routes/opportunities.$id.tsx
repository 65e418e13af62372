import { createRoute } from '@tanstack/react-router';
import { OpportunityPage } from '../features/opportunities/OpportunityPage.tsx';
import { appRoute } from './_app.tsx';

export const opportunityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/opportunities/$id',
  component: function Route() {
    const { id } = opportunityRoute.useParams();
    return <OpportunityPage id={id} />;
  },
});
