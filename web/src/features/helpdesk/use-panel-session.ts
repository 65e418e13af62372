import type { PanelContext, PanelSession } from '@funil/domain';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, setPanelSessionSource } from '../../lib/api.ts';
import {
  CHATWOOT_FETCH_INFO,
  contextFromChatwoot,
  frameOriginsOf,
  type PanelEntry,
  panelEntry,
  sessionRequest,
} from './panel-context.ts';

export type PanelSessionState =
  | { status: 'invalid' }
  | { status: 'waiting' }
  | { status: 'connecting' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; session: PanelSession };

let token: string | null = null;
// The token lives in memory (and sessionStorage, for a reload of the same tab); never in a cookie.
setPanelSessionSource(() => token);

const storageKey = (integrationId: string) => `funil-panel:${integrationId}`;

/**
 * The panel's session: from the signed URL at once, or, inside Chatwoot, from the `appContext` the helpdesk posts
 * (asked for with `chatwoot-dashboard-app:fetch-info`), accepted only from the integration's frame origins. A new
 * context (the agent opened another conversation) opens a new session.
 */
export function usePanelSession(search: string): { state: PanelSessionState; retry: () => void } {
  const [entry] = useState<PanelEntry>(() => panelEntry(search));
  const [context, setContext] = useState<PanelContext | null>(null);
  const [state, setState] = useState<PanelSessionState>(() =>
    entry.mode === 'invalid'
      ? { status: 'invalid' }
      : { status: entry.mode === 'signed' ? 'connecting' : 'waiting' },
  );
  const [attempt, setAttempt] = useState(0);
  const origins = useRef<string[]>(frameOriginsOf(document));

  useEffect(() => {
    if (entry.mode !== 'dashboard-app') return;
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent || !origins.current.includes(event.origin)) return;
      const next = contextFromChatwoot(event.data);
      if (next) setContext(next);
    };
    window.addEventListener('message', onMessage);
    // Only the allowed origins can receive the request (it carries nothing secret anyway).
    for (const origin of origins.current) window.parent.postMessage(CHATWOOT_FETCH_INFO, origin);
    return () => window.removeEventListener('message', onMessage);
  }, [entry]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is how retry runs the same exchange again
  useEffect(() => {
    const request = sessionRequest(entry, context);
    if (!request || entry.mode === 'invalid') return;
    let cancelled = false;
    setState({ status: 'connecting' });
    api
      .post<PanelSession>('/helpdesk/sessions', request)
      .then((session) => {
        if (cancelled) return;
        token = session.token;
        sessionStorage.setItem(storageKey(entry.integrationId), JSON.stringify(session));
        setState({ status: 'ready', session });
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        // A reload of a signed URL older than its five minutes: the session it opened may still be valid.
        const stored = sessionStorage.getItem(storageKey(entry.integrationId));
        const session = stored ? (JSON.parse(stored) as PanelSession) : null;
        if (entry.mode === 'signed' && session && new Date(session.expiresAt) > new Date()) {
          token = session.token;
          setState({ status: 'ready', session });
          return;
        }
        setState({ status: 'error', error });
      });
    return () => {
      cancelled = true;
    };
  }, [entry, context, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
