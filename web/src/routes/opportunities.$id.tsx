import { createRoute } from '@tanstack/react-router';
import { OpportunityPage } from '../features/opportunities/OpportunityPage.tsx';
import { appRoute } from './_app.tsx';

export const opportunityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/opportunities/$id',
  component: function OpportunityRoute() {
    const { id } = opportunityRoute.useParams();
    return <OpportunityPage key={id} id={id} />;
  },
});
