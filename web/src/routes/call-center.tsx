import { Anchor, Group } from '@mantine/core';
import { createRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const CallCenterPage = lazyPage(() =>
  import('../features/callcenter/CallCenterPage.tsx').then((m) => m.CallCenterPage),
);

/** The desk, with the way to the dialer's dashboard above its header. */
function CallCenterWithDashboardLink() {
  const { t } = useTranslation();
  return (
    <>
      <Group justify="flex-end" mb={-8}>
        <Anchor
          size="sm"
          renderRoot={(props) => <Link to="/call-center/dashboard" {...props} />}
          data-testid="dialer-dashboard-link"
        >
          {t('dialer.dashboard.link')}
        </Anchor>
      </Group>
      <CallCenterPage />
    </>
  );
}

export const callCenterRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/call-center',
  component: CallCenterWithDashboardLink,
});
