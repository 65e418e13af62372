import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../lib/lazy-page.ts';
import { adminRoute } from './admin.tsx';

const DocumentTemplatePage = lazyPage(() =>
  import('../features/documents/DocumentTemplatePage.tsx').then((m) => m.DocumentTemplatePage),
);

export const adminDocumentsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/documents',
  component: DocumentTemplatePage,
});
