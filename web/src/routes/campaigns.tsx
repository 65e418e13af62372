import { createRoute } from '@tanstack/react-router';
import { type CampaignsTab, parseCampaignsSearch } from '../features/campaigns/campaigns-search.ts';
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
  // ?tab=whatsapp: the WhatsApp number tab (linked from the list while no number is configured).
  validateSearch: parseCampaignsSearch,
  component: function CampaignsRoute() {
    const { tab, callList } = campaignsRoute.useSearch();
    const navigate = campaignsRoute.useNavigate();
    const onTabChange = (next: CampaignsTab) =>
      navigate({ search: next === 'campaigns' ? {} : { tab: next }, replace: true });
    return (
      <CampaignsPage
        tab={tab ?? 'campaigns'}
        onTabChange={onTabChange}
        callList={callList ?? null}
        onCallListDone={() => navigate({ search: {}, replace: true })}
      />
    );
  },
});

export const campaignRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/campaigns/$id',
  component: function CampaignRoute() {
    const { id } = campaignRoute.useParams();
    return <CampaignPage id={id} />;
  },
});
