import type { CallListFilter, DialerSession, DialerWrapUpRequest } from '@funil/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../lib/api.ts';
import { openEventStream } from '../../lib/event-stream.ts';
import { callCenterKeys } from './queries.ts';

const sessionKey = ['dialer', 'session'] as const;

/**
 * The attendant's dialer session, live: reloaded on every `dialer.changed` event of the user's own stream (a call
 * rang, was answered, ended) and, while it runs, every few seconds in case an event was missed.
 */
export function useDialerSession() {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      openEventStream({
        params: { only: 'user' },
        on: {
          'dialer.changed': () => {
            void queryClient.invalidateQueries({ queryKey: sessionKey });
            void queryClient.invalidateQueries({ queryKey: callCenterKeys.all });
          },
        },
        onReady: (reconnected) => {
          if (reconnected) void queryClient.invalidateQueries({ queryKey: sessionKey });
        },
      }),
    [queryClient],
  );
  return useQuery({
    queryKey: sessionKey,
    queryFn: ({ signal }) =>
      api
        .get<{ session: DialerSession | null }>('/dialer/sessions/current', { signal })
        .then((r) => r.session),
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 3000 : false),
  });
}

function useSessionMutation<V>(run: (v: V) => Promise<DialerSession>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (session) => queryClient.setQueryData(sessionKey, session),
  });
}

export const useStartDialer = () =>
  useSessionMutation((filter: CallListFilter) => api.post<DialerSession>('/dialer/sessions', { filter }));

export const useDialerAction = () =>
  useSessionMutation(({ id, action }: { id: string; action: 'pause' | 'resume' | 'stop' }) =>
    api.post<DialerSession>(`/dialer/sessions/${id}/${action}`),
  );

export function useWrapUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ sessionId, body }: { sessionId: string; body: DialerWrapUpRequest }) =>
      api.post<DialerSession>(`/dialer/sessions/${sessionId}/wrap-up`, body),
    onSuccess: (session) => {
      queryClient.setQueryData(sessionKey, session);
      return queryClient.invalidateQueries({ queryKey: callCenterKeys.all });
    },
  });
}
