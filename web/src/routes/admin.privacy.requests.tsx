import { createRoute } from '@tanstack/react-router';
import { parseRequestFilters } from '../features/privacy-requests/request-filters.ts';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const RequestsPage = lazyPage(() =>
  import('../features/privacy-requests/RequestsPage.tsx').then((m) => m.RequestsPage),
);

export const adminPrivacyRequestsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/privacy/requests',
  validateSearch: parseRequestFilters,
  component: function PrivacyRequestsRoute() {
    const filters = adminPrivacyRequestsRoute.useSearch();
    const navigate = adminPrivacyRequestsRoute.useNavigate();
    return (
      <RequestsPage filters={filters} onFiltersChange={(next) => navigate({ search: next, replace: true })} />
    );
  },
});
