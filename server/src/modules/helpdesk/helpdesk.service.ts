import {
  type CreatePersonRequest,
  type HelpdeskPanelSetup,
  PANEL_SIGNED_PARAMS,
  type ZCreateConversationOpportunityRequest,
} from '@funil/domain';
import type { z } from 'zod';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import {
  findIntegrationRecord,
  type IntegrationRecord,
  type IntegrationsDeps,
  panelSecret,
} from '../integrations/integrations.service.ts';
import { createOpportunity } from '../opportunities/opportunities.service.ts';
import { listOpportunities } from '../opportunities/opportunities-board.service.ts';
import { presentPerson } from '../people/people.presenter.ts';
import { createPerson, getPerson, getPersonTimeline, viewPerson } from '../people/people.service.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import { assertMayLinkContacts, assertPanelOf, mayLinkContacts } from './helpdesk.policy.ts';
import * as repo from './helpdesk.repository.ts';
import { dashboardAppKey } from './panel-proof.ts';

/** How many of the person's latest events the panel shows. */
const LAST_EVENTS = 10;

/** The helpdesk integration a request names, reachable by this actor (a panel session: only its own); 404 otherwise. */
async function helpdeskOf(db: Db, actor: Actor, integrationId: string): Promise<IntegrationRecord> {
  assertPanelOf(actor, integrationId);
  const integration = await findIntegrationRecord(db, actor.workspaceId, integrationId);
  if (integration?.kind !== 'helpdesk') throw notFound();
  return integration;
}

/** The person of a conversation: linked to it, or else to its contact. */
async function personOf(
  db: Queryable,
  actor: Actor,
  integrationId: string,
  conversationId: string,
  contactId: string | null,
) {
  const conversation = await repo.findConversation(db, actor.workspaceId, integrationId, conversationId);
  const contact = contactId ?? conversation?.contact_id ?? null;
  const personId =
    conversation?.person_id ??
    (contact ? await repo.findContactPerson(db, actor.workspaceId, integrationId, contact) : null);
  return { conversation, contactId: contact, personId };
}

/**
 * The panel's view of a conversation (GET): the linked person if the user may see them (never a hidden one's
 * data), their open negotiations under the opportunities policy, and the latest events of their timeline. The person
 * shown is recorded in the LGPD access log (as seen through this integration).
 */
export async function getConversationState(
  db: Db,
  actor: Actor,
  integrationId: string,
  conversationId: string,
  contactId: string | null,
  context: { requestId?: string; ip?: string } = {},
) {
  const integration = await helpdeskOf(db, actor, integrationId);
  const found = await personOf(db, actor, integrationId, conversationId, contactId);
  const base = {
    conversationId,
    contactId: found.contactId,
    mayLink: mayLinkContacts(actor, integration),
  };
  const empty = { person: null, opportunityId: null, opportunities: [], events: [] };
  if (!found.personId) return { ...base, linked: 'none' as const, ...empty };
  const person = await viewPerson(db, actor, found.personId, context).catch((error: unknown) => {
    if (error instanceof DomainError && error.status === 404) return null;
    throw error;
  });
  if (!person) return { ...base, linked: 'hidden' as const, ...empty };
  const [opportunities, timeline] = await Promise.all([
    listOpportunities(db, actor, { personId: person.id, status: 'open', sort: 'rank', limit: 20 }),
    getPersonTimeline(db, actor, person.id, 'all', null),
  ]);
  const linkedOpportunity = found.conversation?.opportunity_id ?? null;
  return {
    ...base,
    linked: 'visible' as const,
    person: presentPerson(person),
    opportunityId: opportunities.items.some((o) => o.id === linkedOpportunity) ? linkedOpportunity : null,
    opportunities: opportunities.items,
    events: timeline.items.slice(0, LAST_EVENTS),
  };
}

/** Links the conversation and its contact to a person the user may edit, with a `helpdesk_linked` event. */
async function link(
  db: Db,
  actor: Actor,
  integration: IntegrationRecord,
  conversationId: string,
  contactId: string | null,
  personId: string,
) {
  await transaction(db, async (tx) => {
    await getPerson(tx, actor, personId, 'write');
    if (contactId) {
      await repo.upsertContactLink(tx, {
        workspaceId: actor.workspaceId,
        integrationId: integration.id,
        contactId,
        personId,
        userId: actor.userId,
      });
    }
    await repo.upsertConversationPerson(tx, {
      workspaceId: actor.workspaceId,
      integrationId: integration.id,
      conversationId,
      contactId,
      personId,
    });
    await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      subjectType: 'person',
      subjectId: personId,
      kind: 'helpdesk_linked',
      actorId: actor.userId,
      summary: { integrationId: integration.id, via: actor.panel ? 'panel' : 'api' },
      payload: { integration: integration.name, conversationId, contactId },
    });
  });
}

/**
 * Vincular existente: links the conversation (and its contact) to a person the user may see; only members of the
 * integration's linking teams may (403 otherwise). Answers the conversation's new state.
 */
export async function linkConversation(
  db: Db,
  actor: Actor,
  integrationId: string,
  conversationId: string,
  input: { personId: string; contactId?: string | null | undefined },
) {
  const integration = await helpdeskOf(db, actor, integrationId);
  assertMayLinkContacts(actor, integration);
  await link(db, actor, integration, conversationId, input.contactId ?? null, input.personId);
  return getConversationState(db, actor, integrationId, conversationId, input.contactId ?? null);
}

/**
 * Criar novo: registers the person (the people rules apply: a CPF/CNPJ, e-mail or phone already registered is a 409
 * naming the record, or only its owner when the user may not see it — never a duplicate) and links it.
 */
export async function createConversationPerson(
  db: Db,
  actor: Actor,
  integrationId: string,
  conversationId: string,
  input: { contactId?: string | null | undefined; person: CreatePersonRequest },
) {
  const integration = await helpdeskOf(db, actor, integrationId);
  assertMayLinkContacts(actor, integration);
  const person = await createPerson(db, actor, input.person, { unattended: true });
  await link(db, actor, integration, conversationId, input.contactId ?? null, person.id);
  return getConversationState(db, actor, integrationId, conversationId, input.contactId ?? null);
}

/**
 * Adicionar negociação: a negotiation held by the conversation's person (409 while none is linked), which becomes
 * the one the conversation is about (what the sync reports back to the helpdesk).
 */
export async function createConversationOpportunity(
  db: Db,
  actor: Actor,
  integrationId: string,
  conversationId: string,
  input: z.output<typeof ZCreateConversationOpportunityRequest>,
) {
  await helpdeskOf(db, actor, integrationId);
  const conversation = await repo.findConversation(db, actor.workspaceId, integrationId, conversationId);
  if (!conversation?.person_id) {
    throw new DomainError('conflict', 409, {
      detail: 'Vincule um contato à conversa antes de adicionar uma negociação.',
    });
  }
  const opportunity = await createOpportunity(db, actor, { ...input, holderId: conversation.person_id });
  await repo.setConversationOpportunity(db, actor.workspaceId, integrationId, conversationId, opportunity.id);
  return opportunity;
}

/**
 * What an admin pastes into the helpdesk (`manageIntegrations`): the dashboard-app URL with its key, and for
 * helpdesks that sign URLs, the panel address, the secret and the parameters to sign.
 */
export async function getPanelSetup(
  deps: IntegrationsDeps,
  actor: Actor,
  integrationId: string,
  baseUrl: string,
): Promise<HelpdeskPanelSetup> {
  assertCan(actor, 'manageIntegrations');
  const integration = await helpdeskOf(deps.db, actor, integrationId);
  const secret = await panelSecret(deps, integration);
  const panelUrl = `${baseUrl.replace(/\/$/, '')}/embed/helpdesk`;
  const key = dashboardAppKey(secret, integration.id);
  return {
    dashboardAppUrl: `${panelUrl}?integration=${integration.id}&key=${key}`,
    panelUrl,
    panelSecret: secret,
    signedParams: [...PANEL_SIGNED_PARAMS],
  };
}

// ---------- For the sync (contacts it learns about from the helpdesk's webhooks) ----------

/** The person a helpdesk contact is linked to, or null. */
export function contactPerson(db: Queryable, workspaceId: string, integrationId: string, contactId: string) {
  return repo.findContactPerson(db, workspaceId, integrationId, contactId);
}

/** Links a contact to a person unless it is already linked; answers the person it is linked to. */
export function linkContactOnce(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
  contactId: string,
  personId: string,
) {
  return repo.linkContact(db, workspaceId, integrationId, contactId, personId);
}
