import { createRoute } from '@tanstack/react-router';
import { PipelinesIndexPage } from '../features/board/PipelinesIndexPage.tsx';
import { appRoute } from './_app.tsx';

export const pipelinesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/pipelines',
  component: PipelinesIndexPage,
});
