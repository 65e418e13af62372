import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const WorkspaceSettingsPage = lazyPage(() =>
  import('../features/workspace-settings/WorkspaceSettingsPage.tsx').then((m) => m.WorkspaceSettingsPage),
);

export const adminSettingsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/settings',
  component: WorkspaceSettingsPage,
});
