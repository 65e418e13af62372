import { createRoute } from '@tanstack/react-router';
import { parseNewOpportunitySearch } from '../features/opportunities/search.ts';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const NewOpportunityPage = lazyPage(() =>
  import('../features/opportunities/NewOpportunityPage.tsx').then((m) => m.NewOpportunityPage),
);

export const newOpportunityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/opportunities/new',
  validateSearch: parseNewOpportunitySearch,
  component: function NewOpportunityRoute() {
    const search = newOpportunityRoute.useSearch();
    return <NewOpportunityPage search={search} />;
  },
});
