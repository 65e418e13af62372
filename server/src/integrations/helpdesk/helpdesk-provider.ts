/**
 * What Funil needs from a helpdesk, whatever it is: write back (a contact's custom attributes, a private note on a
 * conversation) and read its webhooks (verify, then turn them into the few events the sync understands). Chatwoot
 * is the one implementation (chatwoot.provider.ts); the simulator (chatwoot-simulator.ts) speaks the same API.
 */

/** One call's outcome as the delivery log keeps it. */
export type ProviderCallResult = { status: number; body: string; ms: number };

/** A helpdesk contact as a webhook carries it (values as received, trimmed; empty means absent). */
export type HelpdeskContact = {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
};

export type HelpdeskConversationRef = {
  id: string;
  status: string | null;
  contactId: string | null;
};

/** A webhook reduced to what the sync acts on; `key` identifies the event, so a redelivery is recognized. */
export type InboundHelpdeskEvent =
  | { type: 'contact'; event: string; key: string; contact: HelpdeskContact; raw: unknown }
  | {
      type: 'conversation_created' | 'conversation_status_changed';
      event: string;
      key: string;
      conversation: HelpdeskConversationRef;
      contact: HelpdeskContact | null;
    }
  | {
      type: 'message';
      event: string;
      key: string;
      message: {
        id: string;
        content: string;
        private: boolean;
        direction: 'incoming' | 'outgoing' | 'other';
      };
      conversation: HelpdeskConversationRef;
      contact: HelpdeskContact | null;
    }
  | { type: 'ignored'; event: string };

export type HelpdeskConnection = {
  baseUrl: string;
  accountId: string;
  apiToken: string | null;
  allowLoopback: boolean;
  timeoutMs: number;
};

/** Writing back to a helpdesk: each call answers the response (any status) or throws on a network failure. */
export type HelpdeskProvider = {
  /** Merges `attributes` into the contact's custom attributes. */
  updateContactAttributes(
    contactId: string,
    attributes: Record<string, string | number | null>,
  ): Promise<ProviderCallResult>;
  /** Adds a note only agents see (a private message) to a conversation. */
  addPrivateNote(conversationId: string, content: string): Promise<ProviderCallResult>;
  /** The page an agent opens for a conversation (what the delivery log names as the target). */
  conversationUrl(conversationId: string): string;
};

/** Reading a helpdesk's webhooks: the signature check and the parsing (which throws a ZodError on odd payloads). */
export type HelpdeskWebhookReader = {
  /** True when the request was signed with `secret` (recently enough). */
  verify(
    rawBody: string,
    headers: Record<string, string | string[] | undefined>,
    secret: string,
    now: Date,
  ): boolean;
  parse(body: unknown, headers: Record<string, string | string[] | undefined>): InboundHelpdeskEvent;
};
