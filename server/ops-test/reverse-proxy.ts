import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small balancer, as nginx or a cloud load balancer would sit in front of several app instances: round robin over
 * the instances whose /api/ready answers 200 (checked every `checkMs`), a request whose connection is refused tried
 * once on another instance, bodies and event streams passed through, X-Forwarded-For added. Each answer says which
 * upstream served it (`x-upstream`: its index).
 */
export type ReverseProxy = { url: string; close: () => Promise<void> };

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
]);

export async function startReverseProxy(upstreams: string[], checkMs = 100): Promise<ReverseProxy> {
  const ready = upstreams.map(() => false);
  let next = 0;
  let closed = false;
  const check = async () => {
    await Promise.all(
      upstreams.map(async (base, i) => {
        ready[i] = await fetch(`${base}/api/ready`, { signal: AbortSignal.timeout(1000) })
          .then((r) => r.status === 200)
          .catch(() => false);
      }),
    );
  };
  const checker = setInterval(() => void check(), checkMs);
  await check();

  /** Upstreams in the order to try: the ready ones round robin first, the others after (all may be starting). */
  const order = () => {
    const start = next++;
    const all = upstreams.map((_, k) => (start + k) % upstreams.length);
    return [...all.filter((i) => ready[i]), ...all.filter((i) => !ready[i])];
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name)) headers[name] = value;
    }
    const client = req.socket.remoteAddress ?? '';
    headers['x-forwarded-for'] = req.headers['x-forwarded-for']
      ? `${req.headers['x-forwarded-for']}, ${client}`
      : client;
    headers['content-length'] = String(body.length);
    const tries = order().slice(0, 2);
    const attempt = (k: number) => {
      const i = tries[k] as number;
      const target = new URL(upstreams[i] as string);
      // A connection per request (no pool), so a draining instance's closed listener is seen at once.
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers,
          agent: false,
        },
        (answer) => {
          const out: http.OutgoingHttpHeaders = { 'x-upstream': String(i) };
          for (const [name, value] of Object.entries(answer.headers)) {
            if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
          }
          res.writeHead(answer.statusCode ?? 502, out);
          // Event streams go through as they come.
          res.flushHeaders();
          answer.pipe(res);
          res.on('close', () => answer.destroy());
        },
      );
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        // Refused: the request never reached that instance, so another may take it (even a POST).
        if (error.code === 'ECONNREFUSED' && k + 1 < tries.length) return attempt(k + 1);
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`proxy: ${error.code ?? error.message}`);
        } else {
          res.destroy();
        }
      });
      upstream.end(body);
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(checker);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
