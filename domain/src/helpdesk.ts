import { z } from 'zod';
import { ZCreateOpportunityRequest } from './opportunities.ts';
import { ZCreatePersonRequest } from './people.ts';

// The helpdesk side panel (/embed/helpdesk): how it authenticates and what it sends.

/** The header a panel session travels in (third-party iframes get no cookies); never a cookie. */
export const PANEL_SESSION_HEADER = 'x-funil-panel-session';

/** How long a panel session lasts, in minutes (the helpdesk opens the panel again with fresh proof). */
export const PANEL_SESSION_MINUTES = 120;

/** How old (or how far in the future) a signed panel URL may be, in seconds. */
export const PANEL_SIGNATURE_MAX_AGE_SECONDS = 300;

/**
 * The query parameters a helpdesk that only opens a URL signs (HMAC-SHA256 with the integration's panel secret,
 * hex, in `sig`); `ts` is the Unix time in seconds. Besides these, the URL carries `integration` (the id).
 */
export const PANEL_SIGNED_PARAMS = [
  'integration',
  'agent_id',
  'agent_name',
  'agent_email',
  'conversation_id',
  'contact_id',
  'contact_name',
  'contact_phone',
  'contact_email',
  'contact_document',
  'ts',
] as const;

/**
 * The string a panel URL's signature covers: every parameter but `sig`, sorted by name, `name=value` with both
 * percent-encoded (encodeURIComponent), joined by `&`. Repeated or unknown parameters make the URL invalid.
 */
export function panelSigningString(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sig')
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(params[k] ?? '')}`)
    .join('&');
}

/** A helpdesk's id for an agent, contact or conversation: Chatwoot sends integers, others strings. */
export const ZExternalId = z
  .union([z.string().trim().min(1, 'required').max(200, 'too_long'), z.number().int().nonnegative()])
  .transform((v) => String(v));

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'too_long')
    .nullish()
    .transform((v) => v || null);

/** What the helpdesk says about the conversation the panel sits beside. */
export const ZPanelContext = z.object({
  agent: z.object({ id: ZExternalId, name: optional(200), email: optional(200) }),
  conversation: z.object({ id: ZExternalId }).nullish(),
  contact: z
    .object({
      id: ZExternalId.nullish(),
      name: optional(200),
      phone: optional(40),
      email: optional(200),
      document: optional(40),
    })
    .nullish(),
});
export type PanelContext = z.output<typeof ZPanelContext>;

/**
 * Exchanging what the helpdesk gave the panel for a panel session: either the signed query string of the panel
 * URL (`signed`), or, for Chatwoot's dashboard-app protocol, the panel key of the configured URL with the context
 * received by postMessage (`dashboard-app`).
 */
export const ZPanelSessionRequest = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('signed'),
    integrationId: z.uuid(),
    /** The panel URL's query string as received (`integration=…&agent_id=…&ts=…&sig=…`). */
    query: z.string().max(4000, 'too_long'),
  }),
  z.object({
    mode: z.literal('dashboard-app'),
    integrationId: z.uuid(),
    key: z.string().min(1, 'required').max(200, 'too_long'),
    context: ZPanelContext,
  }),
]);
export type PanelSessionRequest = z.input<typeof ZPanelSessionRequest>;

export type PanelSession = {
  token: string;
  expiresAt: string;
  user: { id: string; name: string };
  integration: { id: string; name: string };
  context: PanelContext;
  /** Whether the user may link or create contacts (belongs to one of the integration's linking teams). */
  mayLink: boolean;
};

/** Vincular existente: the conversation (and its contact) now belong to this person. */
export const ZLinkConversationRequest = z.object({
  personId: z.uuid(),
  contactId: ZExternalId.nullish(),
});

/** Criar novo: a person registered from the conversation, then linked to it. */
export const ZCreateConversationPersonRequest = z.object({
  contactId: ZExternalId.nullish(),
  person: ZCreatePersonRequest,
});

/** Adicionar negociação: a negotiation held by the conversation's person, linked to the conversation. */
export const ZCreateConversationOpportunityRequest = ZCreateOpportunityRequest.omit({ holderId: true });

/**
 * The conversation as the panel shows it: the person linked to it (or to its contact) when the user may see them,
 * their open negotiations the user may see, the negotiation the conversation is about, and the last events.
 * `linked` is `hidden` when a person is linked that the user may not see: nothing of them is shown.
 */
export type HelpdeskConversationState<Person = unknown, Card = unknown, Event = unknown> = {
  conversationId: string;
  contactId: string | null;
  linked: 'none' | 'visible' | 'hidden';
  person: Person | null;
  opportunityId: string | null;
  opportunities: Card[];
  events: Event[];
  mayLink: boolean;
};

/** What an admin configures in the helpdesk: the dashboard-app URL (with its key), and how to sign URLs. */
export type HelpdeskPanelSetup = {
  dashboardAppUrl: string;
  panelUrl: string;
  panelSecret: string;
  signedParams: string[];
};
