import type { Queryable } from '../../db/pool.ts';

export type ConversationRow = {
  conversation_id: string;
  contact_id: string | null;
  person_id: string | null;
  opportunity_id: string | null;
};

/** A conversation of an integration as the panel and the sync recorded it. */
export async function findConversation(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
  conversationId: string,
): Promise<ConversationRow | null> {
  const { rows } = await db.query(
    `SELECT conversation_id, contact_id, person_id, opportunity_id FROM helpdesk_conversations
     WHERE workspace_id = $1 AND integration_id = $2 AND conversation_id = $3`,
    [workspaceId, integrationId, conversationId],
  );
  return rows[0] ?? null;
}

/** The person a helpdesk contact is linked to, if any. */
export async function findContactPerson(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
  contactId: string,
): Promise<string | null> {
  const { rows } = await db.query(
    `SELECT person_id FROM helpdesk_contacts WHERE workspace_id = $1 AND integration_id = $2 AND contact_id = $3`,
    [workspaceId, integrationId, contactId],
  );
  return rows[0]?.person_id ?? null;
}

/** Links a contact to a person unless it is already linked; answers the person it is linked to. */
export async function linkContact(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
  contactId: string,
  personId: string,
): Promise<{ personId: string; linkedNow: boolean }> {
  const inserted = await db.query(
    `INSERT INTO helpdesk_contacts (workspace_id, integration_id, contact_id, person_id)
     VALUES ($1, $2, $3, $4) ON CONFLICT (integration_id, contact_id, workspace_id) DO NOTHING RETURNING person_id`,
    [workspaceId, integrationId, contactId, personId],
  );
  if (inserted.rows[0]) return { personId, linkedNow: true };
  return {
    personId: (await findContactPerson(db, workspaceId, integrationId, contactId)) ?? personId,
    linkedNow: false,
  };
}

/** Links a helpdesk contact to a person (a later link replaces the earlier one). */
export async function upsertContactLink(
  db: Queryable,
  l: { workspaceId: string; integrationId: string; contactId: string; personId: string; userId: string },
) {
  await db.query(
    `INSERT INTO helpdesk_contacts AS c (workspace_id, integration_id, contact_id, person_id, linked_by)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (integration_id, contact_id, workspace_id) DO UPDATE
       SET person_id = EXCLUDED.person_id, linked_by = EXCLUDED.linked_by, linked_at = now()
       WHERE c.workspace_id = EXCLUDED.workspace_id`,
    [l.workspaceId, l.integrationId, l.contactId, l.personId, l.userId],
  );
}

/**
 * Records that a conversation is about a person (and its contact). Linking it to another person forgets the
 * negotiation it was about, which belonged to the earlier person.
 */
export async function upsertConversationPerson(
  db: Queryable,
  c: {
    workspaceId: string;
    integrationId: string;
    conversationId: string;
    contactId: string | null;
    personId: string;
  },
) {
  await db.query(
    `INSERT INTO helpdesk_conversations AS h (workspace_id, integration_id, conversation_id, contact_id, person_id)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (integration_id, conversation_id, workspace_id) DO UPDATE
       SET contact_id = coalesce(EXCLUDED.contact_id, h.contact_id),
           opportunity_id = CASE WHEN h.person_id IS DISTINCT FROM EXCLUDED.person_id THEN NULL ELSE h.opportunity_id END,
           person_id = EXCLUDED.person_id,
           updated_at = now()
       WHERE h.workspace_id = EXCLUDED.workspace_id`,
    [c.workspaceId, c.integrationId, c.conversationId, c.contactId, c.personId],
  );
}

/** The negotiation a conversation is about: what the sync writes back to when it moves, wins or loses. */
export async function setConversationOpportunity(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
  conversationId: string,
  opportunityId: string,
) {
  await db.query(
    `UPDATE helpdesk_conversations SET opportunity_id = $4, updated_at = now()
     WHERE workspace_id = $1 AND integration_id = $2 AND conversation_id = $3`,
    [workspaceId, integrationId, conversationId, opportunityId],
  );
}
