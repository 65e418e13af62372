import { createRoute } from '@tanstack/react-router';
import { NewOpportunityPage } from '../features/opportunities/NewOpportunityPage.tsx';
import { parseNewOpportunitySearch } from '../features/opportunities/search.ts';
import { appRoute } from './_app.tsx';

export const newOpportunityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/opportunities/new',
  validateSearch: parseNewOpportunitySearch,
  component: function NewOpportunityRoute() {
    const search = newOpportunityRoute.useSearch();
    return <NewOpportunityPage search={search} />;
  },
});
