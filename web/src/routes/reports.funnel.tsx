import { createRoute } from '@tanstack/react-router';
import { parseReportSearch } from '../features/funnels/report.ts';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const FunnelReportPage = lazyPage(() =>
  import('../features/funnels/FunnelReportPage.tsx').then((m) => m.FunnelReportPage),
);

export const funnelReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/funnel',
  validateSearch: parseReportSearch,
  component: function FunnelReportRoute() {
    const search = funnelReportRoute.useSearch();
    const navigate = funnelReportRoute.useNavigate();
    return (
      <FunnelReportPage
        search={search}
        onSearchChange={(next) => navigate({ search: next, replace: true })}
      />
    );
  },
});
