import type { Board, RealtimeEvent } from '@funil/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { apiUrl } from '../../lib/api.ts';
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
/** After the browser gave up on the stream (it answered an error), try again this much later. */
const REOPEN_MS = 5_000;

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
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | null = null;
    let openedBefore = false;
    let closed = false;

    const onEvent = (message: MessageEvent<string>) => {
      let event: RealtimeEvent;
      try {
        event = JSON.parse(message.data) as RealtimeEvent;
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

    const open = () => {
      if (closed) return;
      setState('connecting');
      source = new EventSource(apiUrl('/events', { pipelineId }));
      source.addEventListener('ready', () => {
        setState('open');
        // Back after a drop: what happened meanwhile was not heard.
        if (openedBefore) refresh();
        openedBefore = true;
      });
      for (const type of EVENT_TYPES) source.addEventListener(type, onEvent);
      source.onerror = () => {
        setState('connecting');
        // CONNECTING: the browser retries by itself. CLOSED: it gave up (an error answer); we retry later.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          reopen = setTimeout(open, REOPEN_MS);
        }
      };
    };

    open();
    return () => {
      closed = true;
      if (reopen) clearTimeout(reopen);
      source?.close();
    };
  }, [pipelineId, queryClient, recentMoves, refresh]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { state, refresh };
}
