import { createRoute } from '@tanstack/react-router';
import { PeopleListPage } from '../features/people/PeopleListPage.tsx';
import { parsePeopleSearch } from '../features/people/search.ts';
import { appRoute } from './_app.tsx';

export const peopleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people',
  validateSearch: parsePeopleSearch,
  component: function PeopleRoute() {
    const search = peopleRoute.useSearch();
    const navigate = peopleRoute.useNavigate();
    return (
      <PeopleListPage search={search} onSearchChange={(next) => navigate({ search: next, replace: true })} />
    );
  },
});
