import {
  type CreatePersonRequest,
  type HelpdeskProvider as ProviderName,
  ZCreatePersonRequest,
} from '@funil/domain';
import { ZodError, z } from 'zod';
import { type Db, transaction } from '../../db/pool.ts';
import { chatwootWebhooks } from '../../integrations/helpdesk/chatwoot.provider.ts';
import type {
  HelpdeskContact,
  HelpdeskConversationRef,
  HelpdeskWebhookReader,
  InboundHelpdeskEvent,
} from '../../integrations/helpdesk/helpdesk-provider.ts';
import { DomainError, notFound, validationError } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import { actorForUser } from '../auth/auth.service.ts';
import { contactPerson, linkContactOnce } from '../helpdesk/helpdesk.service.ts';
import {
  findIntegrationById,
  type IntegrationRecord,
  providerCredentials,
} from '../integrations/integrations.service.ts';
import { createPerson, getPerson, updatePerson } from '../people/people.service.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import * as repo from './helpdesk-sync.repository.ts';

export type HelpdeskInboundDeps = { db: Db; secrets: SecretBox };

const READERS: Record<ProviderName, HelpdeskWebhookReader> = { chatwoot: chatwootWebhooks };

/** How much of a message the timeline keeps (the helpdesk has the whole conversation). */
export const MESSAGE_EXCERPT_CHARS = 280;

export type InboundOutcome = {
  status: 'processed' | 'duplicate' | 'ignored';
  event: string;
  personId: string | null;
};

type Context = { db: Db; integration: IntegrationRecord; actor: Actor };

/** A new person from a contact: only values Funil can store (an unreadable phone or odd e-mail is left out). */
function personInput(
  integration: IntegrationRecord,
  contact: HelpdeskContact,
  raw: unknown,
): CreatePersonRequest {
  const base = {
    kind: 'individual' as const,
    name: contact.name ?? contact.phone ?? contact.email ?? `Contato ${contact.id}`,
    integration: { name: integration.name, payload: raw },
  };
  const full = ZCreatePersonRequest.safeParse({
    ...base,
    phones: contact.phone ? [{ number: contact.phone, type: 'whatsapp', primary: true }] : [],
    emails: contact.email ? [{ address: contact.email, primary: true }] : [],
  });
  if (full.success) return full.data;
  // Drop what did not validate (a phone Funil cannot read, an odd e-mail), keep the rest.
  const bad = new Set(full.error.issues.map((i) => String(i.path[0])));
  const retry = ZCreatePersonRequest.safeParse({
    ...base,
    name: base.name.length >= 2 ? base.name : `Contato ${contact.id}`,
    phones:
      contact.phone && !bad.has('phones') ? [{ number: contact.phone, type: 'whatsapp', primary: true }] : [],
    emails: contact.email && !bad.has('emails') ? [{ address: contact.email, primary: true }] : [],
  });
  if (retry.success) return retry.data;
  return ZCreatePersonRequest.parse({
    kind: 'individual',
    name: `Contato ${contact.id}`,
    integration: base.integration,
  });
}

async function recordActivity(
  ctx: Context,
  tx: Parameters<typeof appendEvent>[0],
  personId: string,
  summary: Record<string, unknown>,
  payload: Record<string, unknown>,
) {
  await appendEvent(tx, {
    workspaceId: ctx.integration.workspaceId,
    subjectType: 'person',
    subjectId: personId,
    kind: 'helpdesk_activity',
    actorId: null,
    summary: { integrationId: ctx.integration.id, ...summary },
    // The timeline shows the payload: the facts ride there too (the summary is what the chain keeps).
    payload: { integrationId: ctx.integration.id, integration: ctx.integration.name, ...summary, ...payload },
  });
}

/**
 * The person a helpdesk contact stands for: the linked one; else an existing person with the same phone or
 * e-mail (the duplicate check of people finds them), linked now; else a new person with origin = integration and
 * the payload as received. Done as the integration's creator.
 */
async function personOfContact(ctx: Context, contact: HelpdeskContact, raw: unknown): Promise<string | null> {
  const { integration } = ctx;
  const linked = await contactPerson(ctx.db, integration.workspaceId, integration.id, contact.id);
  if (linked) return linked;
  let personId: string | null = null;
  let created = false;
  try {
    personId = (
      await createPerson(ctx.db, ctx.actor, personInput(integration, contact, raw), { unattended: true })
    ).id;
    created = true;
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'person-duplicate') throw error;
    personId = error.extra.matches?.find((m) => m.personId)?.personId ?? null;
  }
  if (!personId) return null;
  const link = await linkContactOnce(ctx.db, integration.workspaceId, integration.id, contact.id, personId);
  if (link.linkedNow && !created) {
    await transaction(ctx.db, (tx) =>
      recordActivity(
        ctx,
        tx,
        link.personId,
        { action: 'contact_linked', contactId: contact.id },
        { name: contact.name },
      ),
    );
  }
  return link.personId;
}

/** Brings a linked person up to the helpdesk's contact: a new name, an e-mail or phone it does not have yet. */
async function applyContactUpdate(ctx: Context, personId: string, contact: HelpdeskContact) {
  const person = await getPerson(ctx.db, ctx.actor, personId).catch(() => null);
  if (!person) return;
  const patch: Parameters<typeof updatePerson>[4] = {};
  if (contact.name && contact.name.length >= 2 && contact.name !== person.name) patch.name = contact.name;
  const email = z.email().safeParse(contact.email?.toLowerCase());
  if (email.success && !person.emails.some((e) => e.address === email.data)) {
    patch.emails = [
      ...person.emails,
      { address: email.data, type: 'personal', primary: person.emails.length === 0 },
    ];
  }
  if (Object.keys(patch).length === 0) return;
  await updatePerson(ctx.db, ctx.actor, personId, person.version, patch).catch((error) => {
    // Someone else's e-mail, or an edit in between: the helpdesk's value is not forced onto Funil.
    if (!(error instanceof DomainError)) throw error;
  });
}

/** The person of a conversation: the conversation's contact (linked or matched), recorded with the conversation. */
async function personOfConversation(
  ctx: Context,
  conversation: HelpdeskConversationRef,
  contact: HelpdeskContact | null,
): Promise<string | null> {
  const contactId = conversation.contactId ?? contact?.id ?? null;
  let personId: string | null = null;
  if (contact) personId = await personOfContact(ctx, contact, contact);
  else if (contactId) {
    personId = await contactPerson(ctx.db, ctx.integration.workspaceId, ctx.integration.id, contactId);
  }
  await repo.upsertConversation(ctx.db, {
    workspaceId: ctx.integration.workspaceId,
    integrationId: ctx.integration.id,
    conversationId: conversation.id,
    contactId,
    personId,
    status: conversation.status,
  });
  return personId;
}

async function handle(
  ctx: Context,
  e: Exclude<InboundHelpdeskEvent, { type: 'ignored' }>,
): Promise<InboundOutcome> {
  const { integration } = ctx;
  const claimAnd = async (
    personId: string | null,
    write: (tx: Parameters<typeof appendEvent>[0], personId: string) => Promise<void>,
  ) => {
    if (!personId) {
      // Nothing to put on a timeline: remember the event so a redelivery is still recognized.
      const fresh = await repo.claimInboundEvent(
        ctx.db,
        integration.workspaceId,
        integration.id,
        e.key,
        e.event,
      );
      return { status: fresh ? 'processed' : 'duplicate', event: e.event, personId } as const;
    }
    // The key and the timeline event commit together: a redelivery finds the key and writes nothing.
    const fresh = await transaction(ctx.db, async (tx) => {
      if (!(await repo.claimInboundEvent(tx, integration.workspaceId, integration.id, e.key, e.event)))
        return false;
      await write(tx, personId);
      return true;
    });
    return { status: fresh ? 'processed' : 'duplicate', event: e.event, personId } as const;
  };

  switch (e.type) {
    case 'contact': {
      const linked = await contactPerson(ctx.db, integration.workspaceId, integration.id, e.contact.id);
      const personId = linked ?? (await personOfContact(ctx, e.contact, e.raw));
      if (linked && e.event === 'contact_updated') await applyContactUpdate(ctx, linked, e.contact);
      const fresh = await repo.claimInboundEvent(
        ctx.db,
        integration.workspaceId,
        integration.id,
        e.key,
        e.event,
      );
      return { status: fresh ? 'processed' : 'duplicate', event: e.event, personId };
    }
    case 'conversation_created':
    case 'conversation_status_changed': {
      const personId = await personOfConversation(ctx, e.conversation, e.contact);
      return claimAnd(personId, (tx, id) =>
        recordActivity(
          ctx,
          tx,
          id,
          {
            action: e.type === 'conversation_created' ? 'conversation_opened' : 'conversation_status',
            conversationId: e.conversation.id,
            status: e.conversation.status,
          },
          {},
        ),
      );
    }
    case 'message': {
      // Funil's own private note coming back: already on Funil's side, never recorded twice.
      if (
        e.message.private &&
        (await repo.isOwnNote(
          ctx.db,
          integration.workspaceId,
          integration.id,
          e.conversation.id,
          e.message.content,
        ))
      ) {
        return { status: 'ignored', event: e.event, personId: null };
      }
      const personId = await personOfConversation(ctx, e.conversation, e.contact);
      const content = e.message.content;
      return claimAnd(personId, (tx, id) =>
        recordActivity(
          ctx,
          tx,
          id,
          {
            action: 'message',
            conversationId: e.conversation.id,
            messageId: e.message.id,
            direction: e.message.direction,
            private: e.message.private,
          },
          {
            excerpt:
              content.length > MESSAGE_EXCERPT_CHARS
                ? `${content.slice(0, MESSAGE_EXCERPT_CHARS - 1)}…`
                : content,
          },
        ),
      );
    }
  }
}

/**
 * A helpdesk's webhook: the integration must exist and have a provider (404), the request must be signed with its
 * webhook secret pasted from the helpdesk (401, also while none is), the payload must be one the provider sends (422). Contacts create or update the linked
 * person; conversations and messages go on the person's timeline once per event (a redelivery writes nothing).
 */
export async function receiveHelpdeskWebhook(
  deps: HelpdeskInboundDeps,
  integrationId: string,
  request: { rawBody: string; headers: Record<string, string | string[] | undefined>; body: unknown },
): Promise<InboundOutcome> {
  const integration = await findIntegrationById(deps.db, integrationId);
  const credentials = integration && (await providerCredentials(deps, integration));
  if (!integration || !credentials) throw notFound();
  const reader = READERS[credentials.provider];
  if (
    !credentials.webhookSecret ||
    !reader.verify(request.rawBody, request.headers, credentials.webhookSecret, new Date())
  ) {
    throw new DomainError('unauthenticated', 401, { detail: 'invalid webhook signature' });
  }
  let event: InboundHelpdeskEvent;
  try {
    event = reader.parse(request.body, request.headers);
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    throw validationError(
      error.issues.map((i) => ({ field: i.path.join('.') || 'body', code: i.code, message: '' })),
    );
  }
  if (event.type === 'ignored') return { status: 'ignored', event: event.event, personId: null };
  const actor = integration.createdBy
    ? await actorForUser(deps.db, integration.workspaceId, integration.createdBy)
    : null;
  if (!actor)
    throw new DomainError('forbidden', 403, { detail: 'the integration has no active owner to act as' });
  return handle({ db: deps.db, integration, actor }, event);
}
