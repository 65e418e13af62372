import { createRoute } from '@tanstack/react-router';
import { BoardPage } from '../features/board/BoardPage.tsx';
import { appRoute } from './_app.tsx';

export const boardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/pipelines/$id',
  component: function Route() {
    const { id } = boardRoute.useParams();
    return <BoardPage id={id} />;
  },
});
