import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { apiUrl } from '../../lib/api.ts';
import { notificationsKey } from './queries.ts';

/** After the browser gave up on the stream (it answered an error), try again this much later. */
const REOPEN_MS = 5_000;

/**
 * Keeps the bell live: listens to the user's own events (`GET /events?only=user`) and reloads the inbox
 * when a notification arrives (a reminder), and after a reconnection (what came meanwhile was not heard).
 */
export function useInboxRealtime() {
  const queryClient = useQueryClient();
  useEffect(() => {
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | null = null;
    let openedBefore = false;
    let closed = false;
    const reload = () => void queryClient.invalidateQueries({ queryKey: notificationsKey });
    const open = () => {
      if (closed) return;
      source = new EventSource(apiUrl('/events', { only: 'user' }));
      source.addEventListener('ready', () => {
        if (openedBefore) reload();
        openedBefore = true;
      });
      source.addEventListener('notification.created', reload);
      source.onerror = () => {
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
  }, [queryClient]);
}
