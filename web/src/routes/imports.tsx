import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const ImportsPage = lazyPage(() => import('../features/imports/ImportsPage.tsx').then((m) => m.ImportsPage));
const ImportWizardPage = lazyPage(() =>
  import('../features/imports/ImportWizardPage.tsx').then((m) => m.ImportWizardPage),
);
const ImportPage = lazyPage(() => import('../features/imports/ImportPage.tsx').then((m) => m.ImportPage));

export const importsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/imports',
  component: ImportsPage,
});

export const newImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/imports/new',
  component: ImportWizardPage,
});

export const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/imports/$id',
  component: function ImportRoute() {
    const { id } = importRoute.useParams();
    return <ImportPage id={id} />;
  },
});
