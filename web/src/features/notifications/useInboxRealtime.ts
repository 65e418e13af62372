import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { openEventStream } from '../../lib/event-stream.ts';
import { notificationsKey } from './queries.ts';

/**
 * Keeps the bell live: listens to the user's own events (`GET /events?only=user`) and reloads the inbox
 * when a notification arrives (a reminder), and after a reconnection (what came meanwhile was not heard).
 */
export function useInboxRealtime() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const reload = () => void queryClient.invalidateQueries({ queryKey: notificationsKey });
    return openEventStream({
      params: { only: 'user' },
      on: { 'notification.created': reload },
      onReady: (reconnected) => reconnected && reload(),
    });
  }, [queryClient]);
}
