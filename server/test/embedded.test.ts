import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { freePort } from '../src/lib/free-port.ts';

it('recovers from a stale postmaster.pid left by a crash and keeps the data across restarts', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'funil-pid-'));
  const port = await freePort();
  try {
    const first = await startEmbeddedPostgres({ dataDir, port });
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query('CREATE TABLE kept (v text)');
    await client.query("INSERT INTO kept VALUES ('ainda aqui')");
    await client.end();
    await first.stop();
    // What a crash leaves behind: a lock file whose pid now belongs to another (live, non-postgres)
    // process, which Postgres alone would take for a running server.
    await writeFile(
      path.join(dataDir, 'pg', 'postmaster.pid'),
      `${process.pid}\n${path.join(dataDir, 'pg')}\n`,
    );
    const second = await startEmbeddedPostgres({ dataDir, port });
    const again = new pg.Client({ connectionString: second.url });
    await again.connect();
    expect((await again.query('SELECT v FROM kept')).rows).toEqual([{ v: 'ainda aqui' }]);
    await again.end();
    await second.stop();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

it('says why when the server stops while starting (here: its port is taken), instead of failing with nothing', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'funil-port-'));
  const blocker = net.createServer();
  const port = await new Promise<number>((resolve) =>
    blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
  );
  try {
    await expect(startEmbeddedPostgres({ dataDir, port })).rejects.toThrow(
      new RegExp(`porta ${port}[\\s\\S]*(Address already in use|could not bind)`),
    );
  } finally {
    blocker.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
