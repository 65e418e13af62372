import net from 'node:net';

/**
 * A TCP port nothing uses on `host` now, as the kernel hands it out, for the servers tests and benches start
 * (embedded Postgres, app instances). A random pick in the ephemeral range (32768–60999 on Linux) can meet a port one
 * of the run's own outgoing connections holds: the e2e run once failed with "Address already in use" that way.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server on a free port, and on another one should something take the port between the pick and the bind
 * (the kernel may hand it to an outgoing connection in that moment): three tries.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (attempt === 3 || !/address already in use/i.test(String(error))) throw error;
    }
  }
}
