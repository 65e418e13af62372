import { createRoute } from '@tanstack/react-router';
import { type PersonTab, parsePersonSearch } from '../features/people/person-tabs.ts';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const PersonPage = lazyPage(() => import('../features/people/PersonPage.tsx').then((m) => m.PersonPage));

export const personRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$id',
  validateSearch: parsePersonSearch,
  component: function PersonRoute() {
    const { id } = personRoute.useParams();
    const { tab } = personRoute.useSearch();
    const navigate = personRoute.useNavigate();
    const onTabChange = (next: PersonTab) =>
      navigate({ search: next === 'summary' ? {} : { tab: next }, replace: true });
    return <PersonPage id={id} tab={tab ?? 'summary'} onTabChange={onTabChange} />;
  },
});
