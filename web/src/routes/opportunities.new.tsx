import { createRoute } from '@tanstack/react-router';
import { NewOpportunityPage } from '../features/opportunities/NewOpportunityPage.tsx';
import { appRoute } from './_app.tsx';

export const newOpportunityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/opportunities/new',
  component: NewOpportunityPage,
});
