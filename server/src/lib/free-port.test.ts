import net from 'node:net';
import { expect, it } from 'vitest';
import { freePort, onFreePort } from './free-port.ts';

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

it('answers a port a server can listen on', async () => {
  const server = await listen(await freePort());
  server.close();
});

it('tries another port when the first is taken between the pick and the bind, and gives up after three', async () => {
  const tried: number[] = [];
  const taken = new Error('could not bind IPv4 address "127.0.0.1": Address already in use');
  const port = await onFreePort(async (p) => {
    tried.push(p);
    if (tried.length < 3) throw taken;
    return p;
  });
  expect(tried).toHaveLength(3);
  expect(port).toBe(tried[2]);
  let attempts = 0;
  await expect(
    onFreePort(async () => {
      attempts++;
      throw taken;
    }),
  ).rejects.toBe(taken);
  expect(attempts).toBe(3);
  attempts = 0;
  await expect(
    onFreePort(async () => {
      attempts++;
      throw new Error('initdb failed');
    }),
  ).rejects.toThrow('initdb failed');
  expect(attempts).toBe(1);
});
