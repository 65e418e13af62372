import { createRoute } from '@tanstack/react-router';
import { parseDeliveryFilters } from '../features/webhooks/webhook-model.ts';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const DeliveriesPage = lazyPage(() =>
  import('../features/webhooks/DeliveriesPage.tsx').then((m) => m.DeliveriesPage),
);

export const adminDeliveriesRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/deliveries',
  validateSearch: parseDeliveryFilters,
  component: function DeliveriesRoute() {
    const filters = adminDeliveriesRoute.useSearch();
    const navigate = adminDeliveriesRoute.useNavigate();
    return (
      <DeliveriesPage
        filters={filters}
        onFiltersChange={(next) => navigate({ search: next, replace: true })}
      />
    );
  },
});
