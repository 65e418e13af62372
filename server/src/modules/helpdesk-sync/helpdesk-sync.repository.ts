import type { Queryable } from '../../db/pool.ts';

// The sync's SQL: the outbox its trigger fills, its rows of the shared delivery log (target_kind 'helpdesk'),
// the helpdesk links it reads and writes (helpdesk_contacts / helpdesk_conversations, shared with the panel),
// and the keys of the inbound webhooks already handled.

export type SyncOutboxEvent = {
  event_id: number;
  workspace_id: string;
  subject_id: string;
  kind: 'stage_changed' | 'status_changed';
  occurred_at: Date;
  summary: Record<string, unknown>;
  payload: Record<string, unknown> | null;
};

/** Locks the oldest captured negotiation changes for this relay run (another instance skips them). */
export async function claimSyncOutbox(tx: Queryable, limit: number): Promise<SyncOutboxEvent[]> {
  const { rows } = await tx.query(
    `/* tenancy: any workspace — the relay drains every workspace's outbox */
     SELECT o.event_id, o.workspace_id, e.subject_id, e.kind, e.occurred_at, e.summary, p.payload
     FROM helpdesk_sync_outbox o
     JOIN timeline_events e ON e.id = o.event_id AND e.workspace_id = o.workspace_id
     LEFT JOIN timeline_payloads p ON p.event_id = e.id AND p.workspace_id = e.workspace_id
     ORDER BY o.event_id LIMIT $1 FOR UPDATE OF o SKIP LOCKED`,
    [limit],
  );
  return rows;
}

export async function deleteSyncOutboxEvent(
  tx: Queryable,
  workspaceId: string,
  eventId: number,
): Promise<void> {
  await tx.query('DELETE FROM helpdesk_sync_outbox WHERE workspace_id = $1 AND event_id = $2', [
    workspaceId,
    eventId,
  ]);
}

/** The helpdesk conversations a negotiation is linked to, with their contact. */
export async function conversationsOfOpportunity(
  db: Queryable,
  workspaceId: string,
  opportunityId: string,
): Promise<{ integration_id: string; conversation_id: string; contact_id: string | null }[]> {
  const { rows } = await db.query(
    `SELECT integration_id, conversation_id, contact_id FROM helpdesk_conversations
     WHERE workspace_id = $1 AND opportunity_id = $2 ORDER BY created_at, conversation_id`,
    [workspaceId, opportunityId],
  );
  return rows;
}

/** One helpdesk delivery (an event for one conversation); made once per event, integration and conversation. */
export async function insertHelpdeskDelivery(
  tx: Queryable,
  d: {
    workspaceId: string;
    integrationId: string;
    eventId: number;
    eventType: string;
    targetUrl: string;
    body: unknown;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO webhook_deliveries (workspace_id, target_kind, integration_id, event_id, event_type, target_url, body)
     VALUES ($1, 'helpdesk', $2, $3, $4, $5, $6)
     ON CONFLICT (integration_id, event_id, target_url, workspace_id) WHERE integration_id IS NOT NULL DO NOTHING`,
    [d.workspaceId, d.integrationId, d.eventId, d.eventType, d.targetUrl, JSON.stringify(d.body)],
  );
}

export type HelpdeskDeliveryRow = {
  id: string;
  workspace_id: string;
  integration_id: string;
  status: 'pending' | 'delivered' | 'failed';
  target_url: string;
  body: unknown;
};

export async function findHelpdeskDelivery(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<HelpdeskDeliveryRow | null> {
  const { rows } = await db.query(
    `SELECT id, workspace_id, integration_id, status, target_url, body FROM webhook_deliveries
     WHERE workspace_id = $1 AND id = $2 AND target_kind = 'helpdesk'`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

/** True when Funil itself wrote `content` as a note on this conversation (its echo comes back as a webhook). */
export async function isOwnNote(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
  conversationId: string,
  content: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM webhook_deliveries
     WHERE workspace_id = $1 AND integration_id = $2 AND target_kind = 'helpdesk'
       AND body ->> 'conversationId' = $3 AND body ->> 'note' = $4
     LIMIT 1`,
    [workspaceId, integrationId, conversationId, content],
  );
  return rows.length > 0;
}

/** Records a conversation (its contact, person and status), keeping a negotiation the panel linked to it. */
export async function upsertConversation(
  db: Queryable,
  c: {
    workspaceId: string;
    integrationId: string;
    conversationId: string;
    contactId: string | null;
    personId: string | null;
    status: string | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO helpdesk_conversations (workspace_id, integration_id, conversation_id, contact_id, person_id, status)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (integration_id, conversation_id, workspace_id) DO UPDATE SET
       contact_id = coalesce(helpdesk_conversations.contact_id, EXCLUDED.contact_id),
       person_id = coalesce(helpdesk_conversations.person_id, EXCLUDED.person_id),
       status = coalesce(EXCLUDED.status, helpdesk_conversations.status),
       updated_at = now()
     WHERE helpdesk_conversations.workspace_id = EXCLUDED.workspace_id`,
    [c.workspaceId, c.integrationId, c.conversationId, c.contactId, c.personId, c.status],
  );
}

/** Records an inbound webhook's key; false when it was handled before (a redelivery). */
export async function claimInboundEvent(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
  key: string,
  event: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO helpdesk_inbound_events (workspace_id, integration_id, event_key, event)
     VALUES ($1, $2, $3, $4) ON CONFLICT (integration_id, event_key, workspace_id) DO NOTHING`,
    [workspaceId, integrationId, key, event],
  );
  return (rowCount ?? 0) > 0;
}
