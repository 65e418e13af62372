import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const CampaignsPage = lazyPage(() =>
  import('../features/campaigns/CampaignsPage.tsx').then((m) => m.CampaignsPage),
);
const CampaignPage = lazyPage(() =>
  import('../features/campaigns/CampaignPage.tsx').then((m) => m.CampaignPage),
);

export const campaignsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/campaigns',
  component: CampaignsPage,
});

export const campaignRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/campaigns/$id',
  component: function CampaignRoute() {
    const { id } = campaignRoute.useParams();
    return <CampaignPage id={id} />;
  },
});
