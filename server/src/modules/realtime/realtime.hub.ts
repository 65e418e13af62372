import type { RealtimeEvent, UserRealtimeEvent } from '@funil/domain';
import pg from 'pg';
import type { Queryable } from '../../db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { type ConversionData, canSeeOpportunity } from '../opportunities/opportunities.policy.ts';

const CHANNEL = 'funil_events';

/** What travels through Postgres: the event plus what decides who may receive it. */
type Envelope =
  | { workspaceId: string; access: ConversionData | null; event: RealtimeEvent; userId?: undefined }
  /** Addressed to one user (their inbox): only that user's streams receive it. */
  | { workspaceId: string; access: null; event: UserRealtimeEvent; userId: string };

/**
 * Queues a realtime event inside the transaction of the change: Postgres delivers NOTIFY at commit (and
 * drops it on rollback), to every app instance listening on the same database.
 */
export async function publish(
  tx: Queryable,
  workspaceId: string,
  access: ConversionData | null,
  event: RealtimeEvent,
) {
  const envelope: Envelope = { workspaceId, access, event };
  await tx.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(envelope)]);
}

/**
 * Queues an event for one user's streams (a reminder in their inbox), delivered at commit like `publish`.
 */
export async function publishToUser(
  tx: Queryable,
  workspaceId: string,
  userId: string,
  event: UserRealtimeEvent,
) {
  const envelope: Envelope = { workspaceId, access: null, event, userId };
  await tx.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(envelope)]);
}

export type Subscriber = {
  actor: Actor;
  pipelineId: string | null;
  /** Only events addressed to this user (the notification bell's stream). */
  userOnly?: boolean;
  send: (event: RealtimeEvent | UserRealtimeEvent) => void;
  /** Ends the stream (the app is shutting down). */
  end: () => void;
};

/**
 * One LISTEN connection per app instance, fanned out to its SSE subscribers: an event reaches a
 * subscriber of the same workspace (and pipeline, when it chose one) that the opportunity policy lets see it.
 * The connection opens with the first subscriber and reconnects after a failure.
 */
export class RealtimeHub {
  private readonly subscribers = new Set<Subscriber>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly databaseUrl: string) {}

  async subscribe(s: Subscriber): Promise<() => void> {
    // Shutting down: a stream opened now (a browser reconnecting) ends at once.
    if (this.closed) {
      s.end();
      return () => {};
    }
    this.subscribers.add(s);
    await this.connect();
    return () => this.subscribers.delete(s);
  }

  get size() {
    return this.subscribers.size;
  }

  private connect(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.databaseUrl, options: '-c role=funil_app' });
      client.on('notification', (n) => n.payload && this.dispatch(n.payload));
      client.on('error', () => this.reconnectLater(client));
      client.on('end', () => this.reconnectLater(client));
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
        this.client = client;
      } catch {
        this.reconnectLater(client);
      } finally {
        this.connecting = null;
      }
    })();
    return this.connecting;
  }

  private reconnectLater(client: pg.Client) {
    if (this.client === client) this.client = null;
    client.end().catch(() => undefined);
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.subscribers.size) void this.connect();
    }, 1000);
    this.retry.unref();
  }

  private dispatch(payload: string) {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload);
    } catch {
      return;
    }
    for (const s of this.subscribers) {
      if (s.actor.workspaceId !== envelope.workspaceId) continue;
      if (envelope.userId !== undefined) {
        if (envelope.userId === s.actor.userId) s.send(envelope.event);
        continue;
      }
      if (s.userOnly) continue;
      if (s.pipelineId && envelope.event.pipelineId !== s.pipelineId) continue;
      if (envelope.access && !canSeeOpportunity(s.actor, envelope.access)) continue;
      s.send(envelope.event);
    }
  }

  async close() {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    for (const s of this.subscribers) s.end();
    this.subscribers.clear();
    await this.connecting;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
