import type { Queryable } from '../../db/pool.ts';

/**
 * Queues a notification inside the caller's transaction: Postgres delivers it at commit (and drops it on
 * rollback) to every connection LISTENing on the channel.
 */
export async function notify(tx: Queryable, channel: string, payload: string): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [channel, payload]);
}
