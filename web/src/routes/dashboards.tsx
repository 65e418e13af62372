import { createRoute } from '@tanstack/react-router';
import { parseDashboardSearch } from '../features/dashboards/search.ts';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const DashboardPage = lazyPage(() =>
  import('../features/dashboards/DashboardPage.tsx').then((m) => m.DashboardPage),
);

export const dashboardsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/dashboards',
  validateSearch: parseDashboardSearch,
  component: function DashboardsRoute() {
    const search = dashboardsRoute.useSearch();
    const navigate = dashboardsRoute.useNavigate();
    const { session } = dashboardsRoute.useRouteContext();
    const managed = session.user.managedTeamIds;
    return (
      <DashboardPage
        search={search}
        teamHome={
          session.user.role === 'manager' && search.teamId !== undefined && managed.includes(search.teamId)
        }
        onSearchChange={(next) => navigate({ search: next, replace: true })}
      />
    );
  },
});
