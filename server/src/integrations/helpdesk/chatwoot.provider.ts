import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { safeRequest } from '../../lib/safe-fetch.ts';
import type {
  HelpdeskConnection,
  HelpdeskContact,
  HelpdeskConversationRef,
  HelpdeskProvider,
  HelpdeskWebhookReader,
  InboundHelpdeskEvent,
} from './helpdesk-provider.ts';

/**
 * Chatwoot's REST API (application API, `api_access_token` header): contacts are updated with
 * `PUT /api/v1/accounts/{account}/contacts/{id}` (custom attributes merged into the stored ones) and a private
 * note is `POST /api/v1/accounts/{account}/conversations/{id}/messages` with `private: true`.
 * Webhooks are signed as Chatwoot signs them: `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256(secret,
 * "<X-Chatwoot-Timestamp>.<raw body>")>`, the timestamp in Unix seconds.
 */
export function chatwootProvider(c: HelpdeskConnection): HelpdeskProvider {
  const base = `${c.baseUrl.replace(/\/$/, '')}/api/v1/accounts/${encodeURIComponent(c.accountId)}`;
  const send = (method: 'PUT' | 'POST', path: string, body: unknown) =>
    safeRequest(
      method,
      `${base}${path}`,
      { accept: 'application/json', 'user-agent': 'Funil-Helpdesk/1.0', api_access_token: c.apiToken ?? '' },
      JSON.stringify(body),
      { allowLoopback: c.allowLoopback, timeoutMs: c.timeoutMs },
    );
  return {
    updateContactAttributes: (contactId, attributes) =>
      send('PUT', `/contacts/${encodeURIComponent(contactId)}`, { custom_attributes: attributes }),
    addPrivateNote: (conversationId, content) =>
      send('POST', `/conversations/${encodeURIComponent(conversationId)}/messages`, {
        content,
        message_type: 'outgoing',
        private: true,
      }),
    conversationUrl: (conversationId) =>
      `${c.baseUrl.replace(/\/$/, '')}/app/accounts/${encodeURIComponent(c.accountId)}/conversations/${encodeURIComponent(conversationId)}`,
  };
}

/** How far a webhook's signed timestamp may be from now (replays of an old captured request are refused). */
export const CHATWOOT_SIGNATURE_TOLERANCE_S = 300;

/** Chatwoot's webhook signature of `rawBody` at `timestamp` (Unix seconds) with `secret`. */
export function chatwootSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

const header = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const ZId = z.union([z.number().int().nonnegative(), z.string().trim().min(1).max(200)]).transform(String);
const ZText = z
  .string()
  .nullish()
  .transform((v) => (v?.trim() ? v.trim() : null));

const ZContact = z.looseObject({
  id: ZId,
  name: ZText,
  email: ZText,
  phone_number: ZText,
});

const ZConversation = z.looseObject({
  id: ZId,
  status: z.string().max(40).nullish(),
  contact_inbox: z.looseObject({ contact_id: ZId.nullish() }).nullish(),
  meta: z.looseObject({ sender: ZContact.nullish() }).nullish(),
  updated_at: z.union([z.string().max(60), z.number()]).nullish(),
  timestamp: z.union([z.string().max(60), z.number()]).nullish(),
});

const ZMessage = z.looseObject({
  id: ZId,
  content: z.string().nullish(),
  private: z.boolean().nullish(),
  message_type: z.union([z.string().max(40), z.number().int()]).nullish(),
  conversation: ZConversation,
  sender: z.looseObject({ type: z.string().max(40).nullish() }).nullish(),
});

/** The contact a message is about: the conversation's sender, or the message's sender when it is the contact. */
function messageContact(m: z.infer<typeof ZMessage>): HelpdeskContact | null {
  if (m.conversation.meta?.sender) return contactOf(m.conversation.meta.sender);
  if (m.sender?.type !== 'contact') return null;
  const sender = ZContact.safeParse(m.sender);
  return sender.success ? contactOf(sender.data) : null;
}

const ZEvent = z.looseObject({ event: z.string().min(1).max(80) });

const contactOf = (c: z.infer<typeof ZContact>): HelpdeskContact => ({
  id: c.id,
  name: c.name,
  email: c.email,
  phone: c.phone_number,
});

function conversationOf(c: z.infer<typeof ZConversation>): HelpdeskConversationRef {
  return {
    id: c.id,
    status: c.status ?? null,
    contactId: c.contact_inbox?.contact_id ?? c.meta?.sender?.id ?? null,
  };
}

const digest = (body: unknown) => createHash('sha256').update(canonicalJson(body)).digest('hex').slice(0, 32);

/** Message types: webhooks name them, the REST API numbers them (0 incoming, 1 outgoing). */
function directionOf(t: string | number | null | undefined): 'incoming' | 'outgoing' | 'other' {
  if (t === 'incoming' || t === 0) return 'incoming';
  if (t === 'outgoing' || t === 1) return 'outgoing';
  return 'other';
}

export const chatwootWebhooks: HelpdeskWebhookReader = {
  verify(rawBody, headers, secret, now) {
    const timestamp = header(headers, 'x-chatwoot-timestamp');
    const signature = header(headers, 'x-chatwoot-signature');
    if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
    if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > CHATWOOT_SIGNATURE_TOLERANCE_S) return false;
    const expected = Buffer.from(chatwootSignature(secret, timestamp, rawBody));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  },

  parse(body): InboundHelpdeskEvent {
    const { event } = ZEvent.parse(body);
    switch (event) {
      case 'contact_created':
      case 'contact_updated': {
        const contact = contactOf(ZContact.parse(body));
        // A contact update carries no id of its own: the same content is the same event.
        const key =
          event === 'contact_created' ? `${event}:${contact.id}` : `${event}:${contact.id}:${digest(body)}`;
        return { type: 'contact', event, key, contact, raw: body };
      }
      case 'conversation_created':
      case 'conversation_status_changed': {
        const c = ZConversation.parse(body);
        const conversation = conversationOf(c);
        const key =
          event === 'conversation_created'
            ? `${event}:${c.id}`
            : `${event}:${c.id}:${conversation.status}:${c.updated_at ?? c.timestamp ?? digest(body)}`;
        return {
          type: event,
          event,
          key,
          conversation,
          contact: c.meta?.sender ? contactOf(c.meta.sender) : null,
        };
      }
      case 'message_created': {
        const m = ZMessage.parse(body);
        return {
          type: 'message',
          event,
          key: `message:${m.id}`,
          message: {
            id: m.id,
            content: m.content ?? '',
            private: m.private ?? false,
            direction: directionOf(m.message_type),
          },
          conversation: conversationOf(m.conversation),
          contact: messageContact(m),
        };
      }
      default:
        return { type: 'ignored', event };
    }
  },
};
