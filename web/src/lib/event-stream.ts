import { apiUrl } from './api.ts';

/** After the browser gave up on a stream (it answered an error), try again this much later. */
const REOPEN_MS = 5_000;

type StreamOptions = {
  /** Query of `GET /events` (`pipelineId`, `only`). */
  params: Record<string, string>;
  /** Handlers by event type; each gets the event's `data`. */
  on: Record<string, (data: string) => void>;
  /** The stream is ready; `reconnected`: after a drop, so what happened meanwhile was not heard. */
  onReady: (reconnected: boolean) => void;
  /** The connection dropped; the browser (or this, after an error answer) tries again. */
  onDrop?: () => void;
};

/**
 * Opens the server's event stream (`GET /api/v1/events`) and keeps it open: the browser retries a dropped
 * connection by itself; after an error answer (it gives up) this reopens it a little later. Answers `close`.
 */
export function openEventStream({ params, on, onReady, onDrop }: StreamOptions): () => void {
  let source: EventSource | null = null;
  let reopen: ReturnType<typeof setTimeout> | null = null;
  let openedBefore = false;
  let closed = false;
  const open = () => {
    if (closed) return;
    source = new EventSource(apiUrl('/events', params));
    source.addEventListener('ready', () => {
      onReady(openedBefore);
      openedBefore = true;
    });
    for (const [type, handler] of Object.entries(on)) {
      source.addEventListener(type, (message) => handler((message as MessageEvent<string>).data));
    }
    source.onerror = () => {
      onDrop?.();
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
}
