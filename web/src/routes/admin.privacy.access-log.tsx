import { createRoute } from '@tanstack/react-router';
import { parseAccessLogFilters } from '../features/access-log/access-log-model.ts';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const AccessLogPage = lazyPage(() =>
  import('../features/access-log/AccessLogPage.tsx').then((m) => m.AccessLogPage),
);

export const adminPrivacyAccessLogRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/privacy/access-log',
  validateSearch: parseAccessLogFilters,
  component: function AccessLogRoute() {
    const filters = adminPrivacyAccessLogRoute.useSearch();
    const navigate = adminPrivacyAccessLogRoute.useNavigate();
    return (
      <AccessLogPage
        filters={filters}
        onFiltersChange={(next) => navigate({ search: next, replace: true })}
      />
    );
  },
});
