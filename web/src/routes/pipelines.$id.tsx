import { createRoute } from '@tanstack/react-router';
import { BoardPage } from '../features/board/BoardPage.tsx';
import { parseBoardSearch } from '../features/board/search.ts';
import { appRoute } from './_app.tsx';

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
