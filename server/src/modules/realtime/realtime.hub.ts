import { type Listener, listen } from '../../db/listener.ts';
import type { Queryable } from '../../db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { notify } from './realtime.repository.ts';

// The hub knows no feature: each feature registers who may receive its events (`registerVisibility`), and an
// event no registered rule covers reaches no one.

const CHANNEL = 'funil_events';
/** Reconnecting the LISTEN connection after a failure: first pause, and the longest once the database stays away. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 4000;

/** What a stream carries: `type` names the event (`opportunity.moved`); the rest is the feature's. */
export type HubEvent = { type: string };

/** Whether a stream's user may receive an event, given what its publisher said about its audience. */
export type Visibility = (actor: Actor, audience: unknown, event: HubEvent) => boolean;

/** What travels through Postgres: the event plus what decides who may receive it. */
type Envelope =
  | { workspaceId: string; topic: string | null; audience: unknown; event: HubEvent; userId?: undefined }
  /** Addressed to one user (their inbox): only that user's streams receive it. */
  | { workspaceId: string; topic: null; audience: null; event: HubEvent; userId: string };

/**
 * Queues a realtime event inside the transaction of the change: Postgres delivers NOTIFY at commit (and
 * drops it on rollback), to every app instance listening on the same database. `topic` is what a stream
 * may narrow to (a funnel); `audience` is handed to the visibility rule registered for the event's type.
 */
export async function publish<E extends HubEvent>(
  tx: Queryable,
  message: { workspaceId: string; topic: string | null; audience: unknown; event: E },
) {
  const envelope: Envelope = { ...message, audience: message.audience ?? null };
  await notify(tx, CHANNEL, JSON.stringify(envelope));
}

/**
 * Queues an event for one user's streams (a reminder in their inbox), delivered at commit like `publish`.
 */
export async function publishToUser<E extends HubEvent>(
  tx: Queryable,
  workspaceId: string,
  userId: string,
  event: E,
) {
  const envelope: Envelope = { workspaceId, topic: null, audience: null, event, userId };
  await notify(tx, CHANNEL, JSON.stringify(envelope));
}

export type Subscriber = {
  actor: Actor;
  /** Only events published under this topic (a funnel's board); null: every topic. */
  topic: string | null;
  /** Only events addressed to this user (the notification bell's stream). */
  userOnly?: boolean;
  send: (event: HubEvent) => void;
  /** Ends the stream (the app is shutting down). */
  end: () => void;
};

/**
 * One LISTEN connection per app instance, fanned out to its SSE subscribers: an event reaches a
 * subscriber of the same workspace (and topic, when it chose one) that the event type's registered
 * visibility rule lets see it. The connection opens with the first subscriber and reconnects after a failure.
 */
export class RealtimeHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly rules: { typePrefix: string; visible: Visibility }[] = [];
  private listener: Listener | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  /** Pause before the next reconnect attempt: doubles while the database stays away, back to the first on success. */
  private retryDelayMs = FIRST_RETRY_MS;

  constructor(private readonly databaseUrl: string) {}

  /**
   * Lets events whose type starts with `typePrefix` reach the streams `visible` approves (features call it
   * at startup). The first matching rule decides; an event no rule matches is dropped.
   */
  registerVisibility(typePrefix: string, visible: Visibility): void {
    this.rules.push({ typePrefix, visible });
  }

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
    if (this.listener || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      try {
        const listener = await listen(
          this.databaseUrl,
          CHANNEL,
          (payload) => this.dispatch(payload),
          () => {
            if (this.listener === listener) this.listener = null;
            this.reconnectLater();
          },
        );
        if (this.closed) await listener.close();
        else {
          this.listener = listener;
          this.retryDelayMs = FIRST_RETRY_MS;
        }
      } catch {
        this.reconnectLater();
      } finally {
        this.connecting = null;
      }
    })();
    return this.connecting;
  }

  private reconnectLater() {
    if (this.closed || this.retry) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, MAX_RETRY_MS);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.subscribers.size) void this.connect();
    }, delay);
    this.retry.unref();
  }

  private visible(actor: Actor, envelope: Envelope): boolean {
    const rule = this.rules.find((r) => envelope.event.type.startsWith(r.typePrefix));
    return rule ? rule.visible(actor, envelope.audience, envelope.event) : false;
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
      if (s.topic && envelope.topic !== s.topic) continue;
      if (!this.visible(s.actor, envelope)) continue;
      s.send(envelope.event);
    }
  }

  async close() {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    for (const s of this.subscribers) s.end();
    this.subscribers.clear();
    await this.connecting;
    await this.listener?.close();
    this.listener = null;
  }
}
