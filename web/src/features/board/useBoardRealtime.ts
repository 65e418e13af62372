import type { Board, RealtimeEvent } from '@funil/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { openEventStream } from '../../lib/event-stream.ts';
import { announce } from '../../ui/LiveRegion.tsx';
import { useSession } from '../auth/queries.ts';
import { usersQuery } from '../directory/queries.ts';
import { boardChangeSentence, type HeardChange } from './board-announcements.ts';
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

/** Changes other people make that a screen reader user is told about (edits of a card's fields are not). */
const ANNOUNCED: RealtimeEvent['type'][] = ['opportunity.created', 'opportunity.moved'];

/** Events arriving together (a bulk action) cause one reload. */
const DEBOUNCE_MS = 150;

/**
 * Keeps a funnel's cached board and lists current while the page is open: listens to
 * `GET /events?pipelineId=` and reloads what changed elsewhere. Reloads wait while `isBusy()` (a card
 * is being dragged or a move awaits the server); `refresh()` asks for one from outside. Once a reload shows
 * cards another user moved or created, the shell's live region says so.
 */
export function useBoardRealtime(
  pipelineId: string,
  recentMoves: RecentMoves,
  isBusy: () => boolean,
): { state: RealtimeState; refresh: () => void } {
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const me = useSession().user.id;
  const [state, setState] = useState<RealtimeState>('connecting');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pipelinesChanged = useRef(false);
  const busy = useRef(isBusy);
  busy.current = isBusy;
  /** Other people's changes heard since the last reload, said once the board shows them. */
  const heard = useRef<HeardChange[]>([]);
  const translate = useRef(t);
  translate.current = t;

  const announceHeard = useCallback(async () => {
    const changes = heard.current;
    heard.current = [];
    if (changes.length === 0) return;
    const users = await queryClient.ensureQueryData(usersQuery).catch(() => []);
    const names = new Map(users.map((u) => [u.id, u.name]));
    const boards = queryClient
      .getQueriesData<Board>({ queryKey: [...boardKeys.pipeline(pipelineId), 'columns'] })
      .flatMap(([, board]) => (board ? [board] : []));
    const sentence = boardChangeSentence(
      changes,
      boards,
      (id) => (id ? (names.get(id) ?? null) : null),
      translate.current,
    );
    if (sentence) announce(sentence);
  }, [queryClient, pipelineId]);

  const refresh = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    const run = () => {
      if (busy.current() || recentMoves.busy) {
        timer.current = setTimeout(run, DEBOUNCE_MS);
        return;
      }
      timer.current = null;
      void queryClient.invalidateQueries({ queryKey: boardKeys.pipeline(pipelineId) }).then(announceHeard);
      if (pipelinesChanged.current) {
        pipelinesChanged.current = false;
        void queryClient.invalidateQueries({ queryKey: pipelinesQuery.queryKey });
      }
    };
    timer.current = setTimeout(run, DEBOUNCE_MS);
  }, [queryClient, pipelineId, recentMoves, announceHeard]);

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
      if (ANNOUNCED.includes(event.type) && event.actorId !== me) heard.current.push(event);
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
  }, [pipelineId, queryClient, recentMoves, refresh, me]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { state, refresh };
}
