import { createRoute } from '@tanstack/react-router';
import { parseMailAccountSearch } from '../features/mail-account/mail-account.ts';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const MailAccountPage = lazyPage(() =>
  import('../features/mail-account/MailAccountPage.tsx').then((m) => m.MailAccountPage),
);

export const mailAccountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/mail-account',
  validateSearch: parseMailAccountSearch,
  component: function MailAccountRoute() {
    return <MailAccountPage search={mailAccountRoute.useSearch()} />;
  },
});
