import type { Queryable } from '../../db/pool.ts';

export type DeliveryTargetKind = 'webhook' | 'helpdesk';

export type SubscriptionRow = {
  id: string;
  workspace_id: string;
  url: string;
  event_types: string[];
  active: boolean;
  secret_sealed: string;
  consecutive_failures: number;
  disabled_reason: 'gone' | 'failures' | null;
  disabled_at: Date | null;
  created_by: string | null;
  /** The creator's name, for the admin list (null once the creator is gone). */
  created_by_name: string | null;
  created_at: Date;
  updated_at: Date;
};

const SUBSCRIPTION_COLUMNS = `id, workspace_id, url, event_types, active, secret_sealed, consecutive_failures,
  disabled_reason, disabled_at, created_by, created_at, updated_at,
  (SELECT u.name FROM users u
   WHERE u.workspace_id = webhook_subscriptions.workspace_id AND u.id = webhook_subscriptions.created_by)
   AS created_by_name`;

/** Stores a new subscription; answers its row. */
export async function insertSubscription(
  db: Queryable,
  s: {
    workspaceId: string;
    url: string;
    eventTypes: string[];
    active: boolean;
    secretSealed: string;
    createdBy: string;
  },
): Promise<SubscriptionRow> {
  const { rows } = await db.query(
    `INSERT INTO webhook_subscriptions (workspace_id, url, event_types, active, secret_sealed, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${SUBSCRIPTION_COLUMNS}`,
    [s.workspaceId, s.url, s.eventTypes, s.active, s.secretSealed, s.createdBy],
  );
  return rows[0];
}

/** The workspace's subscriptions (deleted ones left out), newest first. */
export async function listSubscriptions(db: Queryable, workspaceId: string): Promise<SubscriptionRow[]> {
  const { rows } = await db.query(
    `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions
     WHERE workspace_id = $1 AND deleted_at IS NULL ORDER BY created_at DESC, id`,
    [workspaceId],
  );
  return rows;
}

export async function findSubscription(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<SubscriptionRow | null> {
  const { rows } = await db.query(
    `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions
     WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

/** Changes what was given; switching a subscription on clears why it was off and its failure count. */
export async function updateSubscription(
  db: Queryable,
  workspaceId: string,
  id: string,
  patch: { url?: string | undefined; eventTypes?: string[] | undefined; active?: boolean | undefined },
): Promise<SubscriptionRow | null> {
  const { rows } = await db.query(
    `UPDATE webhook_subscriptions SET
       url = coalesce($3, url),
       event_types = coalesce($4, event_types),
       active = coalesce($5, active),
       consecutive_failures = CASE WHEN $5 THEN 0 ELSE consecutive_failures END,
       disabled_reason = CASE WHEN $5 IS NOT NULL THEN NULL ELSE disabled_reason END,
       disabled_at = CASE WHEN $5 IS NOT NULL THEN NULL ELSE disabled_at END,
       updated_at = now()
     WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${SUBSCRIPTION_COLUMNS}`,
    [workspaceId, id, patch.url ?? null, patch.eventTypes ?? null, patch.active ?? null],
  );
  return rows[0] ?? null;
}

/** Deletes a subscription (kept for its deliveries' history, never sent to again); false when there is none. */
export async function deleteSubscription(db: Queryable, workspaceId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE webhook_subscriptions SET deleted_at = now(), active = false, updated_at = now()
     WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [workspaceId, id],
  );
  return (rowCount ?? 0) > 0;
}

export type OutboxEvent = {
  event_id: number;
  workspace_id: string;
  subject_type: string;
  subject_id: string;
  kind: string;
  actor_id: string | null;
  occurred_at: Date;
  summary: Record<string, unknown>;
  payload: Record<string, unknown> | null;
};

/** Locks the oldest outbox events for this relay run (another instance skips them). */
export async function claimOutbox(tx: Queryable, limit: number): Promise<OutboxEvent[]> {
  const { rows } = await tx.query(
    `/* tenancy: any workspace — the relay drains every workspace's outbox */
     SELECT o.event_id, o.workspace_id, e.subject_type, e.subject_id, e.kind, e.actor_id, e.occurred_at, e.summary,
            p.payload
     FROM webhook_outbox o
     JOIN timeline_events e ON e.id = o.event_id AND e.workspace_id = o.workspace_id
     LEFT JOIN timeline_payloads p ON p.event_id = e.id AND p.workspace_id = e.workspace_id
     ORDER BY o.event_id LIMIT $1 FOR UPDATE OF o SKIP LOCKED`,
    [limit],
  );
  return rows;
}

export async function deleteOutboxEvent(tx: Queryable, workspaceId: string, eventId: number): Promise<void> {
  await tx.query('DELETE FROM webhook_outbox WHERE workspace_id = $1 AND event_id = $2', [
    workspaceId,
    eventId,
  ]);
}

/** The workspace's subscriptions that are on, with what they listen to. */
export async function activeSubscriptions(
  tx: Queryable,
  workspaceId: string,
): Promise<{ id: string; url: string; event_types: string[]; created_at: Date }[]> {
  const { rows } = await tx.query(
    `SELECT id, url, event_types, created_at FROM webhook_subscriptions
     WHERE workspace_id = $1 AND active AND deleted_at IS NULL`,
    [workspaceId],
  );
  return rows;
}

/** A message for one subscription; an event already turned into a delivery for it adds nothing. */
export async function insertDelivery(
  tx: Queryable,
  d: {
    workspaceId: string;
    subscriptionId: string;
    eventId: number;
    eventType: string;
    targetUrl: string;
    body: unknown;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO webhook_deliveries (workspace_id, subscription_id, event_id, event_type, target_url, body)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (subscription_id, event_id, workspace_id) DO NOTHING`,
    [d.workspaceId, d.subscriptionId, d.eventId, d.eventType, d.targetUrl, JSON.stringify(d.body)],
  );
}

/** Pending deliveries whose current send is not queued yet (new ones, resends, or a relay that crashed). */
export async function unqueuedDeliveries(
  db: Queryable,
  kind: DeliveryTargetKind,
  limit: number,
): Promise<{ id: string; workspace_id: string; sends: number }[]> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — the relay queues every workspace's deliveries */
     SELECT id, workspace_id, sends FROM webhook_deliveries
     WHERE status = 'pending' AND enqueued_at IS NULL AND target_kind = $1 ORDER BY created_at LIMIT $2`,
    [kind, limit],
  );
  return rows;
}

export async function markEnqueued(
  db: Queryable,
  workspaceId: string,
  id: string,
  sends: number,
): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET enqueued_at = now()
     WHERE workspace_id = $1 AND id = $2 AND sends = $3 AND enqueued_at IS NULL`,
    [workspaceId, id, sends],
  );
}

export type DeliveryToSend = {
  id: string;
  workspace_id: string;
  subscription_id: string;
  event_type: string;
  status: string;
  created_at: Date;
  body: unknown;
  url: string;
  secret_sealed: string;
  active: boolean;
};

/** A delivery with what sending it needs from its subscription (its current URL and secret). */
export async function findDeliveryToSend(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<DeliveryToSend | null> {
  const { rows } = await db.query(
    `SELECT d.id, d.workspace_id, d.subscription_id, d.event_type, d.status, d.created_at, d.body,
            s.url, s.secret_sealed, (s.active AND s.deleted_at IS NULL) AS active
     FROM webhook_deliveries d
     JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.workspace_id = d.workspace_id
     WHERE d.workspace_id = $1 AND d.id = $2`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

/** Records one attempt's outcome on the delivery (the log shows the last one). */
export async function recordAttempt(
  db: Queryable,
  workspaceId: string,
  id: string,
  a: {
    status: 'pending' | 'delivered' | 'failed';
    /** Where this attempt went when it may differ from the row's (a subscription's URL edited since). */
    targetUrl?: string;
    responseStatus: number | null;
    responseMs: number | null;
    excerpt: string | null;
    error: string | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET status = $3, target_url = coalesce($4, target_url), attempts = attempts + 1, last_attempt_at = now(),
       response_status = $5, response_ms = $6, response_excerpt = $7, error = $8,
       delivered_at = CASE WHEN $3 = 'delivered' THEN now() ELSE delivered_at END
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, a.status, a.targetUrl ?? null, a.responseStatus, a.responseMs, a.excerpt, a.error],
  );
}

/** Marks a delivery failed without an attempt (its subscription was switched off, its integration lost its connection). */
export async function failDelivery(
  db: Queryable,
  workspaceId: string,
  id: string,
  error: string,
): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET status = 'failed', error = $3 WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, error],
  );
}

export async function resetFailures(
  db: Queryable,
  workspaceId: string,
  subscriptionId: string,
): Promise<void> {
  await db.query(
    `UPDATE webhook_subscriptions SET consecutive_failures = 0
     WHERE workspace_id = $1 AND id = $2 AND consecutive_failures <> 0`,
    [workspaceId, subscriptionId],
  );
}

/** Counts one more failure in a row; answers the new count. */
export async function countFailure(
  db: Queryable,
  workspaceId: string,
  subscriptionId: string,
): Promise<number> {
  const { rows } = await db.query(
    `UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1
     WHERE workspace_id = $1 AND id = $2 RETURNING consecutive_failures`,
    [workspaceId, subscriptionId],
  );
  return rows[0]?.consecutive_failures ?? 0;
}

/** Switches a subscription off for `reason`; answers its creator when this call switched it off, else null. */
export async function disableSubscription(
  db: Queryable,
  workspaceId: string,
  subscriptionId: string,
  reason: 'gone' | 'failures',
): Promise<{ url: string; created_by: string | null } | null> {
  const { rows } = await db.query(
    `UPDATE webhook_subscriptions SET active = false, disabled_reason = $3, disabled_at = now(), updated_at = now()
     WHERE workspace_id = $1 AND id = $2 AND active RETURNING url, created_by`,
    [workspaceId, subscriptionId, reason],
  );
  return rows[0] ?? null;
}

export type DeliveryRow = {
  id: string;
  /** Null for a helpdesk delivery (then `integration_id` is set). */
  subscription_id: string | null;
  target_kind: 'webhook' | 'helpdesk';
  integration_id: string | null;
  event_type: string;
  target_url: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  response_status: number | null;
  response_ms: number | null;
  response_excerpt: string | null;
  error: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
};

/**
 * The delivery log (webhooks and helpdesk syncs), newest first, optionally of one subscription, integration or
 * status; `before` continues after the row with that key (its `created_at` as Postgres text, which keeps the
 * microseconds a JS Date would drop, and id).
 */
export async function listDeliveries(
  db: Queryable,
  workspaceId: string,
  q: {
    subscriptionId: string | null;
    integrationId: string | null;
    status: string | null;
    limit: number;
    before: { createdAt: string; id: string } | null;
  },
): Promise<(DeliveryRow & { created_at_key: string })[]> {
  const { rows } = await db.query(
    `SELECT id, subscription_id, target_kind, integration_id, event_type, target_url, status, attempts,
            response_status, response_ms, response_excerpt, error, created_at, last_attempt_at, delivered_at,
            created_at::text AS created_at_key
     FROM webhook_deliveries
     WHERE workspace_id = $1 AND ($2::uuid IS NULL OR subscription_id = $2) AND ($3::text IS NULL OR status = $3)
       AND ($5::timestamptz IS NULL OR (created_at, id) < ($5::timestamptz, $6::uuid))
       AND ($7::uuid IS NULL OR integration_id = $7)
     ORDER BY created_at DESC, id DESC LIMIT $4`,
    [
      workspaceId,
      q.subscriptionId,
      q.status,
      q.limit,
      q.before?.createdAt ?? null,
      q.before?.id ?? null,
      q.integrationId,
    ],
  );
  return rows;
}

/** Puts a delivery back in line for one more send (Reenviar); false when there is none. */
export async function requeueDelivery(db: Queryable, workspaceId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE webhook_deliveries SET status = 'pending', enqueued_at = NULL, sends = sends + 1, error = NULL
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
  return (rowCount ?? 0) > 0;
}

export async function findDelivery(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<DeliveryRow | null> {
  const { rows } = await db.query(
    `SELECT id, subscription_id, target_kind, integration_id, event_type, target_url, status, attempts,
            response_status, response_ms,
            response_excerpt, error, created_at, last_attempt_at, delivered_at
     FROM webhook_deliveries WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}
