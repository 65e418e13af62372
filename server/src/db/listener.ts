import pg from 'pg';

export type Listener = { close: () => Promise<void> };

/**
 * A dedicated connection LISTENing on one channel (NOTIFY needs a session of its own, outside the pool).
 * `onLost` is called when the connection fails or ends after it was opened; a failed open throws.
 */
export async function listen(
  databaseUrl: string,
  channel: string,
  onPayload: (payload: string) => void,
  onLost: () => void,
): Promise<Listener> {
  // Bounded connect and TCP keep-alive: a server that vanished is noticed, and a reconnect never hangs.
  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: 'funil-realtime',
    options: '-c role=funil_app',
    connectionTimeoutMillis: 5000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  let open = false;
  let lost = false;
  const lose = () => {
    if (lost) return;
    lost = true;
    client.end().catch(() => undefined);
    if (open) onLost();
  };
  client.on('notification', (n) => n.payload && onPayload(n.payload));
  client.on('error', lose);
  client.on('end', lose);
  try {
    await client.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
  } catch (error) {
    lose();
    throw error;
  }
  open = true;
  if (lost) onLost();
  return {
    close: async () => {
      lost = true;
      await client.end().catch(() => undefined);
    },
  };
}
