import { createRoute } from '@tanstack/react-router';
import { parseBoardSearch } from '../features/board/search.ts';
import { lazyPage } from '../lib/lazy-page.ts';
import { appRoute } from './_app.tsx';

const BoardPage = lazyPage(() => import('../features/board/BoardPage.tsx').then((m) => m.BoardPage));

export const boardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/pipelines/$id',
  validateSearch: parseBoardSearch,
  component: function Route() {
    const { id } = boardRoute.useParams();
    const search = boardRoute.useSearch();
    const navigate = boardRoute.useNavigate();
    return (
      <BoardPage
        key={id}
        id={id}
        search={search}
        onSearchChange={(next) => navigate({ search: next, replace: true })}
      />
    );
  },
});
