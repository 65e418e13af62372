import { createRoute } from '@tanstack/react-router';
import { parseIntakeLogFilters } from '../features/intake/intake-model.ts';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const IntakeSourcesPage = lazyPage(() =>
  import('../features/intake/IntakeSourcesPage.tsx').then((m) => m.IntakeSourcesPage),
);
const IntakeLogPage = lazyPage(() =>
  import('../features/intake/IntakeLogPage.tsx').then((m) => m.IntakeLogPage),
);

export const adminIntakeRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/intake',
  component: IntakeSourcesPage,
});

export const adminIntakeLogRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/intake-log',
  validateSearch: parseIntakeLogFilters,
  component: function IntakeLogRoute() {
    const filters = adminIntakeLogRoute.useSearch();
    const navigate = adminIntakeLogRoute.useNavigate();
    return (
      <IntakeLogPage
        filters={filters}
        onFiltersChange={(next) => navigate({ search: next, replace: true })}
      />
    );
  },
});
