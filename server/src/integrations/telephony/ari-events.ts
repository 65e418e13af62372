import WebSocket from 'ws';
import { resolveSafeTarget } from '../../lib/safe-fetch.ts';

/**
 * ARI's event stream (`GET /ari/events?app=…&api_key=user:password` upgraded to a WebSocket), kept open: each JSON
 * message is handed over in order, and a dropped connection is opened again with a growing pause (0.5 s doubling up to
 * 30 s, back to 0.5 s once connected) until `close()`. The address is checked like safe-fetch's (loopback only when
 * allowed; private ranges allowed, as the PBX sits on the office network and its URL comes from the environment).
 */
export type AriEventStreamOptions = {
  ariUrl: string;
  app: string;
  user: string;
  password: string;
  allowLoopback: boolean;
  /** Most time to open the connection. */
  timeoutMs: number;
  onMessage: (event: Record<string, unknown>) => Promise<void>;
  /** Told when the stream opens, drops or cannot be opened (for the log; never with the password). */
  onStatus?: (status: 'open' | 'closed' | 'error', detail: string) => void;
  minDelayMs?: number;
  maxDelayMs?: number;
};

/** The WebSocket URL of ARI's events for an app (http → ws, https → wss). */
export function ariEventsUrl(ariUrl: string, app: string, user: string, password: string): string {
  const url = new URL(`${ariUrl.replace(/\/+$/, '')}/ari/events`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('app', app);
  url.searchParams.set('api_key', `${user}:${password}`);
  return url.toString();
}

/** A message without the ARI password (raw or URL-encoded) or the api_key query. */
function redact(message: string, password: string): string {
  const out = message.replace(/api_key=[^&\s]*/g, 'api_key=***');
  return password ? out.split(password).join('***').split(encodeURIComponent(password)).join('***') : out;
}

export function openAriEventStream(opts: AriEventStreamOptions): { close(): Promise<void> } {
  const minDelay = opts.minDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 30_000;
  let delay = minDelay;
  let closed = false;
  let socket: WebSocket | null = null;
  let timer: NodeJS.Timeout | null = null;
  /** Messages are handled one after the other, so a call's events keep their order. */
  let chain: Promise<void> = Promise.resolve();

  const retry = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    delay = Math.min(maxDelay, delay * 2);
  };

  async function connect() {
    if (closed) return;
    const url = ariEventsUrl(opts.ariUrl, opts.app, opts.user, opts.password);
    let target: { address: string; family: number };
    try {
      target = await resolveSafeTarget(new URL(opts.ariUrl), opts.allowLoopback, true);
    } catch (error) {
      opts.onStatus?.('error', (error as Error).message);
      retry();
      return;
    }
    if (closed) return;
    const ws = new WebSocket(url, {
      handshakeTimeout: opts.timeoutMs,
      // Connect to the checked address, whatever the name resolves to now.
      lookup: ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
        if (options?.all) callback(null, [target]);
        else callback(null, target.address, target.family);
      }) as never,
    });
    socket = ws;
    ws.on('open', () => {
      delay = minDelay;
      opts.onStatus?.('open', opts.ariUrl);
    });
    ws.on('message', (data) => {
      let event: unknown;
      try {
        event = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (typeof event !== 'object' || event === null || Array.isArray(event)) return;
      chain = chain.then(() => opts.onMessage(event as Record<string, unknown>)).catch(() => undefined);
    });
    ws.on('error', (error) => opts.onStatus?.('error', redact(error.message, opts.password)));
    ws.on('close', () => {
      if (socket === ws) socket = null;
      if (closed) return;
      opts.onStatus?.('closed', opts.ariUrl);
      retry();
    });
  }

  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const ws = socket;
      if (ws && ws.readyState !== WebSocket.CLOSED) {
        await new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.terminate();
        });
      }
      await chain;
    },
  };
}
