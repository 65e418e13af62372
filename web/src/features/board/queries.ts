import type { Board, Opportunity, OpportunityCard, OpportunityPage, OpportunitySort } from '@funil/domain';
import {
  hashKey,
  keepPreviousData,
  type QueryKey,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api.ts';
import { pipelinesQuery } from '../funnels/queries.ts';
import { opportunityKeys } from '../opportunities/queries.ts';
import {
  appendColumnPage,
  applyMoveResult,
  findCard,
  locateCard,
  type MoveResult,
  moveCardInBoard,
  removeCardFromBoard,
  restoreCardInBoard,
  setCardStatusInBoard,
} from './board-cache.ts';
import type { Outcome } from './drag.ts';
import type { RecentMoves } from './recent-moves.ts';
import { type BoardFilters, filtersShowStatus, filtersToQuery } from './search.ts';

/** Cards per board column on the first load, and per further page of a column. */
export const COLUMN_PAGE_SIZE = 50;
/** Rows per page of the list view. */
export const LIST_PAGE_SIZE = 50;

// Everything of one funnel sits under ['board', pipelineId]: realtime events reload it as a whole.
export const boardKeys = {
  pipeline: (pipelineId: string) => ['board', pipelineId] as const,
  columns: (pipelineId: string, filters: BoardFilters) => ['board', pipelineId, 'columns', filters] as const,
  lists: (pipelineId: string) => ['board', pipelineId, 'list'] as const,
  list: (pipelineId: string, filters: BoardFilters, sort: OpportunitySort) =>
    ['board', pipelineId, 'list', filters, sort] as const,
};

// Funnels and the workspace lists: one cached copy for the whole app (the funnel admin's queries).
export { pipelinesQuery, useOpportunitySettings, usePipelines } from '../funnels/queries.ts';

const columnPageQuery = (pipelineId: string, filters: BoardFilters, stageId: string, cursor: string) => ({
  ...filtersToQuery(filters),
  pipelineId,
  stageId,
  sort: 'rank',
  cursor,
});

/**
 * The board; a reload also brings back as many cards per column as were loaded before (the further
 * pages the user scrolled to), so a realtime refresh does not cut columns short under the user's eyes.
 */
async function fetchBoard(
  pipelineId: string,
  filters: BoardFilters,
  previous: Board | undefined,
  signal: AbortSignal,
): Promise<Board> {
  const board = await api.get<Board>(`/pipelines/${pipelineId}/board`, {
    query: { ...filtersToQuery(filters), limit: COLUMN_PAGE_SIZE },
    signal,
  });
  const loadedBefore = new Map(previous?.columns.map((c) => [c.stage.id, c.cards.length]));
  const refilled = await Promise.all(
    board.columns.map(async (column) => {
      const wanted = loadedBefore.get(column.stage.id) ?? 0;
      let current = column;
      while (current.nextCursor && current.cards.length < wanted) {
        const cursor = current.nextCursor;
        const page = await api.get<OpportunityPage>('/opportunities', {
          query: { ...columnPageQuery(pipelineId, filters, column.stage.id, cursor), limit: 100 },
          signal,
        });
        const next = appendColumnPage({ ...board, columns: [current] }, column.stage.id, cursor, page)
          .columns[0];
        if (!next || next === current) break;
        current = next;
      }
      return current;
    }),
  );
  return { ...board, columns: refilled };
}

export function useBoard(pipelineId: string, filters: BoardFilters, enabled = true) {
  return useQuery({
    enabled,
    queryKey: boardKeys.columns(pipelineId, filters),
    queryFn: ({ signal, client, queryKey }) =>
      fetchBoard(pipelineId, filters, client.getQueryData<Board>(queryKey), signal),
    // Changing a filter keeps the current columns (dimmed) until the new ones arrive; another funnel does not.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === pipelineId ? previous : undefined,
    staleTime: 15_000,
  });
}

/**
 * Loads the next page of a column when the user scrolls near its end, appending it to the cached board.
 * At most one request per column at a time; a failure is remembered so the column can offer a retry.
 */
export function useColumnPages(pipelineId: string, filters: BoardFilters) {
  const queryClient = useQueryClient();
  const [loading, setLoading] = useState<ReadonlySet<string>>(() => new Set());
  const [failed, setFailed] = useState<ReadonlySet<string>>(() => new Set());
  const inFlight = useRef(new Set<string>());
  const key = boardKeys.columns(pipelineId, filters);
  const keyText = JSON.stringify(key);

  // Another funnel or other filters: nothing of the old columns is still loading or failed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: resets when the board changes
  useEffect(() => {
    inFlight.current.clear();
    setLoading(new Set());
    setFailed(new Set());
  }, [keyText]);

  const loadMore = useCallback(
    async (stageId: string) => {
      const queryKey = JSON.parse(keyText) as QueryKey;
      const column = queryClient.getQueryData<Board>(queryKey)?.columns.find((c) => c.stage.id === stageId);
      const cursor = column?.nextCursor;
      if (!cursor || inFlight.current.has(stageId)) return;
      const toggle = (set: ReadonlySet<string>, on: boolean) => {
        const next = new Set(set);
        if (on) next.add(stageId);
        else next.delete(stageId);
        return next;
      };
      inFlight.current.add(stageId);
      setLoading((s) => toggle(s, true));
      setFailed((s) => toggle(s, false));
      try {
        const page = await api.get<OpportunityPage>('/opportunities', {
          query: { ...columnPageQuery(pipelineId, filters, stageId, cursor), limit: COLUMN_PAGE_SIZE },
        });
        queryClient.setQueryData<Board>(queryKey, (board) =>
          board ? appendColumnPage(board, stageId, cursor, page) : board,
        );
      } catch {
        setFailed((s) => toggle(s, true));
      } finally {
        inFlight.current.delete(stageId);
        setLoading((s) => toggle(s, false));
      }
    },
    [queryClient, keyText, pipelineId, filters],
  );

  return { loadMore, loading, failed };
}

export type MoveInput = {
  cardId: string;
  /** Where the card was, to put it back if the server refuses. */
  from: { stageId: string; index: number };
  to: { stageId: string; position: number; afterId: string | null };
};

/**
 * Moves a card: the cached board changes at once (card, counts, sums), the server is asked, and a refusal
 * puts the card back where it was. `onRefused` receives the error; `onStale` is called when the board
 * should be reloaded because someone else changed the card meanwhile.
 */
export function useMoveCard(
  pipelineId: string,
  filters: BoardFilters,
  recentMoves: RecentMoves,
  callbacks: { onRefused: (error: unknown, input: MoveInput) => void; onStale: () => void },
) {
  const queryClient = useQueryClient();
  const key = boardKeys.columns(pipelineId, filters);
  const latest = useRef(callbacks);
  latest.current = callbacks;

  const mutation = useMutation({
    mutationFn: ({ cardId, to }: MoveInput & { key: QueryKey }) =>
      api.post<MoveResult>(`/opportunities/${cardId}/move`, {
        stageId: to.stageId,
        position: to.position,
        afterId: to.afterId,
      }),
    onSuccess: (result, input) => {
      queryClient.setQueryData<Board>(input.key, (board) => (board ? applyMoveResult(board, result) : board));
      void queryClient.invalidateQueries({ queryKey: boardKeys.lists(pipelineId), refetchType: 'none' });
      // A moved card is no longer stalled: with "Somente parados" on it must leave the board.
      if (recentMoves.finish(input.cardId, result.version) || filters.rotting) latest.current.onStale();
    },
    onError: (error, input) => {
      queryClient.setQueryData<Board>(input.key, (board) =>
        board ? moveCardInBoard(board, input.cardId, input.from.stageId, input.from.index) : board,
      );
      recentMoves.finish(input.cardId, null);
      latest.current.onRefused(error, input);
      latest.current.onStale();
    },
  });

  /** Applies the move to the cache right away (in the same render as the drop), then asks the server. */
  const move = useCallback(
    (input: MoveInput) => {
      const board = queryClient.getQueryData<Board>(key);
      if (!board || !findCard(board, input.cardId)) return;
      void queryClient.cancelQueries({ queryKey: key });
      queryClient.setQueryData<Board>(
        key,
        moveCardInBoard(board, input.cardId, input.to.stageId, input.to.position),
      );
      recentMoves.start(input.cardId);
      mutation.mutate({ ...input, key });
    },
    [queryClient, key, recentMoves, mutation.mutate],
  );

  return move;
}

export type StatusChangeInput = {
  cardId: string;
  status: Outcome;
  /** Required for `lost` / `discarded`: an item of `loss_reason` / `discard_reason`. */
  reasonId?: string;
  note?: string | null;
};

/** A status change as the callbacks see it: with the card's title, for the messages. */
export type StatusChange = StatusChangeInput & { title: string | null };

/** What the optimistic edit changed, to undo it when the server refuses. */
type StatusUndo = {
  key: QueryKey;
  card: OpportunityCard | null;
  from: { stageId: string; index: number } | null;
  /** The card stayed on the board with its new status (the filters show that status too). */
  kept: boolean;
};

/**
 * Wins, loses or discards a card from the board (`POST /opportunities/{id}/status`): the card leaves the
 * cached board at once (or, when the filters show the new status, stays with it), the server is asked, and
 * a refusal puts it back where it was. `onChanged` and `onRefused` receive the change; `onStale` is called
 * when the board should be reloaded because someone else changed the card meanwhile.
 */
export function useChangeCardStatus(
  pipelineId: string,
  filters: BoardFilters,
  recentMoves: RecentMoves,
  callbacks: {
    onChanged: (change: StatusChange) => void;
    onRefused: (error: unknown, change: StatusChange) => void;
    onStale: () => void;
  },
) {
  const queryClient = useQueryClient();
  const key = boardKeys.columns(pipelineId, filters);
  const latest = useRef(callbacks);
  latest.current = callbacks;

  const mutation = useMutation({
    mutationFn: ({ cardId, status, reasonId, note }: StatusChange & { undo: StatusUndo }) =>
      api.post<Opportunity>(`/opportunities/${cardId}/status`, {
        status,
        ...(reasonId ? { reasonId } : {}),
        ...(note ? { note } : {}),
      }),
    onSuccess: (opportunity, { undo, ...change }) => {
      // The funnel's other boards and lists, the stage counts and the opportunity's own page are stale.
      void queryClient.invalidateQueries({
        queryKey: boardKeys.pipeline(pipelineId),
        refetchType: 'none',
        predicate: (q) => q.queryHash !== hashKey(undo.key),
      });
      void queryClient.invalidateQueries({ queryKey: pipelinesQuery.queryKey, refetchType: 'none' });
      void queryClient.invalidateQueries({ queryKey: opportunityKeys.detail(change.cardId) });
      void queryClient.invalidateQueries({ queryKey: opportunityKeys.lists(), refetchType: 'none' });
      // A card kept on the board (its new status is shown) takes the server's version on a reload.
      if (recentMoves.finish(change.cardId, opportunity.version) || undo.kept) latest.current.onStale();
      latest.current.onChanged(change);
    },
    onError: (error, { undo, ...change }) => {
      const { card, from } = undo;
      if (card && from) {
        queryClient.setQueryData<Board>(undo.key, (board) => {
          if (!board) return board;
          return undo.kept
            ? setCardStatusInBoard(board, card.id, card.status, card.rotting)
            : restoreCardInBoard(board, card, from.stageId, from.index);
        });
      }
      recentMoves.finish(change.cardId, null);
      latest.current.onRefused(error, change);
      latest.current.onStale();
    },
  });

  /** Applies the change to the cache right away, then asks the server. */
  const change = useCallback(
    (input: StatusChangeInput) => {
      const board = queryClient.getQueryData<Board>(key);
      const card = board ? findCard(board, input.cardId) : null;
      const from = board ? locateCard(board, input.cardId) : null;
      const kept = filtersShowStatus(filters, input.status);
      if (board && card) {
        void queryClient.cancelQueries({ queryKey: key });
        queryClient.setQueryData<Board>(
          key,
          kept ? setCardStatusInBoard(board, card.id, input.status) : removeCardFromBoard(board, card.id),
        );
      }
      recentMoves.start(input.cardId);
      mutation.mutate({ ...input, title: card?.title ?? null, undo: { key, card, from, kept } });
    },
    [queryClient, key, filters, recentMoves, mutation.mutate],
  );

  return change;
}

/** The list view: pages of `GET /opportunities` of the funnel, with the filters and a sort. */
export function useOpportunityList(pipelineId: string, filters: BoardFilters, sort: OpportunitySort) {
  return useInfiniteQuery({
    queryKey: boardKeys.list(pipelineId, filters, sort),
    queryFn: ({ pageParam, signal }) =>
      api.get<OpportunityPage>('/opportunities', {
        query: { ...filtersToQuery(filters), pipelineId, sort, limit: LIST_PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
}

export type BulkRequest =
  | { action: 'move'; ids: string[]; stageId: string }
  | { action: 'owner'; ids: string[]; ownerId: string }
  | { action: 'lose'; ids: string[]; reasonId: string };

export type BulkResult = { done: string[]; failed: { id: string; code: string; detail: string | null }[] };

const BULK_MAX = 500;

/** A bulk action; afterwards the funnel's board and lists are reloaded. */
export function useBulkAction(pipelineId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: BulkRequest) => {
      // The API takes up to BULK_MAX ids per request; bigger selections go in turns.
      const result: BulkResult = { done: [], failed: [] };
      for (let i = 0; i < body.ids.length; i += BULK_MAX) {
        const part = await api.post<BulkResult>('/opportunities/bulk', {
          ...body,
          ids: body.ids.slice(i, i + BULK_MAX),
        });
        result.done.push(...part.done);
        result.failed.push(...part.failed);
      }
      return result;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: boardKeys.pipeline(pipelineId) }),
  });
}
