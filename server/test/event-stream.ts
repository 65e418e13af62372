import { expect } from 'vitest';

export type StreamEvent = { event: string; data: unknown };

/**
 * Reads the SSE messages of `GET /api/v1/events` over a real socket, signed in with `cookie`; answers once the
 * stream said `ready`. `ended` resolves true when the server ends the stream (false when the client aborts it).
 */
export async function openEventStream(baseUrl: string, cookie: string, query = '') {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/api/v1/events${query}`, {
    headers: { cookie },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: StreamEvent[] = [];
  let buffer = '';
  const ended = (async () => {
    for (;;) {
      const read = await reader.read().catch(() => null);
      if (!read) return false;
      if (read.done) return true;
      buffer += decoder.decode(read.value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  })();
  // `ms` is a ceiling for a stream that never delivers, not a latency bound: bench/ measures delivery time.
  const waitFor = async (predicate: (e: StreamEvent) => boolean, ms = 15_000) => {
    const start = Date.now();
    while (Date.now() - start < ms) {
      const found = events.find(predicate);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    return null;
  };
  expect(await waitFor((e) => e.event === 'ready')).not.toBeNull();
  return {
    events,
    waitFor,
    ended,
    close: () => {
      controller.abort();
      return ended;
    },
  };
}
