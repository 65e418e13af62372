import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const RequestDetailPage = lazyPage(() =>
  import('../features/privacy-requests/RequestDetailPage.tsx').then((m) => m.RequestDetailPage),
);

export const adminPrivacyRequestRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/privacy/requests/$id',
  component: function PrivacyRequestRoute() {
    const { id } = adminPrivacyRequestRoute.useParams();
    return <RequestDetailPage key={id} id={id} />;
  },
});
