import {
  Anchor,
  AppShell,
  Burger,
  Button,
  Group,
  Menu,
  NavLink,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ColorSchemeToggle } from '../../ui/ColorSchemeToggle.tsx';
import { LanguageSwitch } from '../../ui/LanguageSwitch.tsx';
import { LiveRegion } from '../../ui/LiveRegion.tsx';
import { SkipLink } from '../../ui/SkipLink.tsx';
import { can } from '../auth/can.ts';
import { useLogout, useSession } from '../auth/queries.ts';
import { DutySwitch } from '../distribution/DutySwitch.tsx';
import { NotificationsBell } from '../notifications/NotificationsBell.tsx';
import { adminPagesFor } from './admin-pages.ts';
import { useFocusMainAfterNavigation } from './use-focus-main-after-navigation.ts';

/** Header (logo, navigation, language, user menu) around every signed-in page; a burger menu on phones. */
export function AppLayout() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const pathname = useLocation({ select: (l) => l.pathname });
  const logout = useLogout();
  const adminLinks = adminPagesFor(user);
  const showsDistribution = can(user, 'manageDistribution');
  const showsCampaigns = can(user, 'sendCampaigns');
  const showsDuplicates = can(user, 'mergePeople');
  // Funnels and the opportunities opened from them are one area of the menu.
  const isPipelinesArea = pathname.startsWith('/pipelines') || pathname.startsWith('/opportunities');

  // The burger menu closes once a link took the user somewhere.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation
  useEffect(() => close(), [pathname, close]);
  useFocusMainAfterNavigation('main-content');

  const signOut = () => logout.mutate();

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { desktop: true, mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <SkipLink targetId="main-content" label={t('nav.skipToContent')} />
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('nav.openMenu')}
            />
            <Anchor
              renderRoot={(props) => <Link to="/people" {...props} />}
              fw={800}
              fz="xl"
              underline="never"
              c="blue"
            >
              {t('common.appName')}
            </Anchor>
            <Group gap={4} visibleFrom="sm" component="nav" aria-label={t('nav.mainNav')}>
              <Button
                variant={pathname.startsWith('/people') ? 'light' : 'subtle'}
                renderRoot={(props) => <Link to="/people" {...props} />}
              >
                {t('nav.people')}
              </Button>
              <Button
                variant={isPipelinesArea ? 'light' : 'subtle'}
                renderRoot={(props) => <Link to="/pipelines" {...props} />}
              >
                {t('nav.pipelines')}
              </Button>
              <Button
                variant={pathname.startsWith('/activities') ? 'light' : 'subtle'}
                renderRoot={(props) => <Link to="/activities" {...props} />}
                data-testid="nav-activities"
              >
                {t('activities.nav')}
              </Button>
              <Button
                variant={pathname.startsWith('/call-center') ? 'light' : 'subtle'}
                renderRoot={(props) => <Link to="/call-center" {...props} />}
                data-testid="nav-call-center"
              >
                {t('callcenter.nav')}
              </Button>
              <Button
                variant={pathname.startsWith('/dashboards') ? 'light' : 'subtle'}
                renderRoot={(props) => <Link to="/dashboards" {...props} />}
                data-testid="nav-dashboards"
              >
                {t('dashboards.nav')}
              </Button>
              <Button
                variant={pathname.startsWith('/reports') ? 'light' : 'subtle'}
                renderRoot={(props) => <Link to="/reports/funnel" {...props} />}
              >
                {t('nav.reports')}
              </Button>
              {showsDistribution && (
                <Button
                  variant={pathname.startsWith('/distribution') ? 'light' : 'subtle'}
                  renderRoot={(props) => <Link to="/distribution" {...props} />}
                  data-testid="nav-distribution"
                >
                  {t('distribution.nav')}
                </Button>
              )}
              {showsCampaigns && (
                <Button
                  variant={pathname.startsWith('/campaigns') ? 'light' : 'subtle'}
                  renderRoot={(props) => <Link to="/campaigns" {...props} />}
                  data-testid="nav-campaigns"
                >
                  {t('campaigns.nav')}
                </Button>
              )}
              {showsDuplicates && (
                <Button
                  variant={pathname.startsWith('/duplicates') ? 'light' : 'subtle'}
                  renderRoot={(props) => <Link to="/duplicates" {...props} />}
                  data-testid="nav-duplicates"
                >
                  {t('merges.nav')}
                </Button>
              )}
              {adminLinks.length > 0 && (
                <Menu position="bottom-start">
                  <Menu.Target>
                    <Button
                      variant={pathname.startsWith('/admin') ? 'light' : 'subtle'}
                      data-testid="nav-admin"
                    >
                      {t('nav.admin')}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {adminLinks.map((link) => (
                      <Menu.Item
                        key={link.to}
                        data-testid="nav-admin-link"
                        data-to={link.to}
                        renderRoot={(props) => <Link to={link.to} {...props} />}
                      >
                        {t(link.label)}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
              )}
            </Group>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Group visibleFrom="sm" gap="xs" wrap="nowrap">
              <LanguageSwitch />
              <ColorSchemeToggle />
            </Group>
            <DutySwitch />
            <NotificationsBell />
            <Menu position="bottom-end">
              <Menu.Target>
                {/* The name it is read by includes what it shows (WCAG 2.5.3): "Menu do usuário: Carla Mendes Corretora". */}
                <UnstyledButton data-testid="user-menu">
                  <VisuallyHidden>{t('nav.userMenu')}: </VisuallyHidden>
                  <Stack gap={0} align="flex-end">
                    <Text size="sm" fw={600} lh={1.2} maw={{ base: 140, sm: 240 }} truncate="end">
                      {user.name}
                    </Text>
                    <Text size="xs" c="dimmed" lh={1.2}>
                      {t(`roles.${user.role}`)}
                    </Text>
                  </Stack>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{user.email}</Menu.Label>
                <Menu.Item
                  renderRoot={(props) => <Link to="/exports" {...props} />}
                  data-testid="nav-exports"
                >
                  {t('exports.nav')}
                </Menu.Item>
                <Menu.Item
                  renderRoot={(props) => <Link to="/mail-account" {...props} />}
                  data-testid="nav-mail-account"
                >
                  {t('mailAccount.nav')}
                </Menu.Item>
                <Menu.Item color="red" onClick={signOut}>
                  {t('nav.logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      {/* Collapsed, the navbar only slides off-screen: inert keeps its links out of the tab order until opened.
          It scrolls on its own, so on a short screen every link and "Sair" can still be reached and seen. */}
      <AppShell.Navbar p="md" aria-label={t('nav.mainNav')} inert={!opened} style={{ overflowY: 'auto' }}>
        <NavLink
          label={t('nav.people')}
          active={pathname.startsWith('/people')}
          renderRoot={(props) => <Link to="/people" {...props} />}
        />
        <NavLink
          label={t('nav.pipelines')}
          active={isPipelinesArea}
          renderRoot={(props) => <Link to="/pipelines" {...props} />}
        />
        <NavLink
          label={t('activities.nav')}
          active={pathname.startsWith('/activities')}
          renderRoot={(props) => <Link to="/activities" {...props} />}
        />
        <NavLink
          label={t('callcenter.nav')}
          active={pathname.startsWith('/call-center')}
          renderRoot={(props) => <Link to="/call-center" {...props} />}
        />
        <NavLink
          label={t('dashboards.nav')}
          active={pathname.startsWith('/dashboards')}
          renderRoot={(props) => <Link to="/dashboards" {...props} />}
        />
        <NavLink
          label={t('nav.reports')}
          active={pathname.startsWith('/reports')}
          renderRoot={(props) => <Link to="/reports/funnel" {...props} />}
        />
        {showsDistribution && (
          <NavLink
            label={t('distribution.nav')}
            active={pathname.startsWith('/distribution')}
            renderRoot={(props) => <Link to="/distribution" {...props} />}
          />
        )}
        {showsCampaigns && (
          <NavLink
            label={t('campaigns.nav')}
            active={pathname.startsWith('/campaigns')}
            renderRoot={(props) => <Link to="/campaigns" {...props} />}
          />
        )}
        {showsDuplicates && (
          <NavLink
            label={t('merges.nav')}
            active={pathname.startsWith('/duplicates')}
            renderRoot={(props) => <Link to="/duplicates" {...props} />}
          />
        )}
        {adminLinks.length > 0 && (
          <>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm">
              {t('nav.admin')}
            </Text>
            {adminLinks.map((link) => (
              <NavLink
                key={link.to}
                label={t(link.label)}
                active={pathname === link.to}
                renderRoot={(props) => <Link to={link.to} {...props} />}
              />
            ))}
          </>
        )}
        <NavLink
          label={t('exports.nav')}
          active={pathname.startsWith('/exports')}
          renderRoot={(props) => <Link to="/exports" {...props} />}
        />
        <Stack mt="lg" gap="xs">
          <LanguageSwitch size="sm" />
          <ColorSchemeToggle size="sm" />
          <Button variant="light" color="red" onClick={signOut}>
            {t('nav.logout')}
          </Button>
        </Stack>
      </AppShell.Navbar>

      {/* The skip link's target: focusable by script only, without a ring of its own around the whole page. */}
      <AppShell.Main id="main-content" tabIndex={-1} style={{ outline: 'none' }}>
        <Outlet />
      </AppShell.Main>
      {/* What changes on screen by others' hand (the board, a timeline) is said here (ui/LiveRegion `announce`). */}
      <LiveRegion />
    </AppShell>
  );
}
