import type { Board, RealtimeEvent } from '@funil/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { openEventStream } from '../../lib/event-stream.ts';
import { boardShowsVersion } from './board-cache.ts';
import { boardKeys, pipelinesQuery } from './queries.ts';
import type { RecentMoves } from './recent-moves.ts';

export type RealtimeState = 'connecting' | 'open';

const EVENT_TYPES: RealtimeEvent['type'][] = [
  'opportunity.created',
  'opportunity.moved',
  'opportunity.updated',
  'pipeline.updated',
];

/** Events arriving together (a bulk action) cause one reload. */
const DEBOUNCE_MS = 150;

/**
 * Keeps a funnel's cached board and lists current while the page is open: listens to
 * `GET /events?pipelineId=` and reloads what changed elsewhere. Reloads wait while `isBusy()` (a card
 * is being dragged or a move awaits the server); `refresh()` asks for one from outside.
 */
export function useBoardRealtime(
  pipelineId: string,
  recentMoves: RecentMoves,
  isBusy: () => boolean,
): { state: RealtimeState; refresh: () => void } {
  const queryClient = useQueryClient();
  const [state, setState] = useState<RealtimeState>('connecting');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pipelinesChanged = useRef(false);
  const busy = useRef(isBusy);
  busy.current = isBusy;

  const refresh = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    const run = () => {
      if (busy.current() || recentMoves.busy) {
        timer.current = setTimeout(run, DEBOUNCE_MS);
        return;
      }
      timer.current = null;
      void queryClient.invalidateQueries({ queryKey: boardKeys.pipeline(pipelineId) });
      if (pipelinesChanged.current) {
        pipelinesChanged.current = false;
        void queryClient.invalidateQueries({ queryKey: pipelinesQuery.queryKey });
      }
    };
    timer.current = setTimeout(run, DEBOUNCE_MS);
  }, [queryClient, pipelineId, recentMoves]);

  useEffect(() => {
    const onEvent = (data: string) => {
      let event: RealtimeEvent;
      try {
        event = JSON.parse(data) as RealtimeEvent;
      } catch {
        return;
      }
      if (event.pipelineId !== pipelineId) return;
      if (event.type === 'pipeline.updated') pipelinesChanged.current = true;
      if (recentMoves.covers(event)) return;
      if (event.opportunityId && event.version !== null && event.type !== 'opportunity.created') {
        // Every board of this funnel in the cache (one per set of filters) already shows it: nothing to do.
        const boards = queryClient.getQueriesData<Board>({
          queryKey: [...boardKeys.pipeline(pipelineId), 'columns'],
        });
        const id = event.opportunityId;
        const version = event.version;
        if (boards.length && boards.every(([, board]) => boardShowsVersion(board, id, version))) return;
      }
      refresh();
    };

    setState('connecting');
    return openEventStream({
      params: { pipelineId },
      on: Object.fromEntries(EVENT_TYPES.map((type) => [type, onEvent])),
      onReady: (reconnected) => {
        setState('open');
        if (reconnected) refresh();
      },
      onDrop: () => setState('connecting'),
    });
  }, [pipelineId, queryClient, recentMoves, refresh]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { state, refresh };
}
