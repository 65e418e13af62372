import { createRoute } from '@tanstack/react-router';
import { FunnelReportPage } from '../features/funnels/FunnelReportPage.tsx';
import { parseReportSearch } from '../features/funnels/report.ts';
import { appRoute } from './_app.tsx';

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
