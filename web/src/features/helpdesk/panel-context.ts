import type { PanelContext, PanelSessionRequest } from '@funil/domain';

// How the panel learns who is attending and which conversation is open (pure; unit-tested).

/** Chatwoot's request for the conversation context (dashboard-app protocol). */
export const CHATWOOT_FETCH_INFO = 'chatwoot-dashboard-app:fetch-info';

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose | null => (v && typeof v === 'object' ? (v as Loose) : null);
const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null;

/**
 * The context of a Chatwoot `appContext` message (`{ event: 'appContext', data: { conversation, contact,
 * currentAgent } }`, sent as a JSON string or an object); null for any other message.
 */
export function contextFromChatwoot(message: unknown): PanelContext | null {
  let parsed: unknown = message;
  if (typeof message === 'string') {
    try {
      parsed = JSON.parse(message);
    } catch {
      return null;
    }
  }
  const envelope = obj(parsed);
  if (envelope?.event !== 'appContext') return null;
  const data = obj(envelope.data);
  const agent = obj(data?.currentAgent);
  const agentId = str(agent?.id);
  if (!data || !agentId) return null;
  const conversation = obj(data.conversation);
  // The contact comes on its own, or as the conversation's sender.
  const contact = obj(data.contact) ?? obj(obj(conversation?.meta)?.sender);
  const attributes = obj(contact?.custom_attributes);
  return {
    agent: { id: agentId, name: str(agent?.name), email: str(agent?.email) },
    conversation: str(conversation?.id) ? { id: str(conversation?.id) as string } : null,
    contact: contact
      ? {
          id: str(contact.id),
          name: str(contact.name),
          phone: str(contact.phone_number),
          email: str(contact.email),
          document: str(attributes?.cpf) ?? str(attributes?.cnpj) ?? str(attributes?.cpf_cnpj),
        }
      : null,
  };
}

/** How the page was opened: a signed URL, Chatwoot's dashboard-app URL (key), or neither. */
export type PanelEntry =
  | { mode: 'signed'; integrationId: string; query: string }
  | { mode: 'dashboard-app'; integrationId: string; key: string }
  | { mode: 'invalid' };

/** Reads the panel URL's query string. */
export function panelEntry(search: string): PanelEntry {
  const params = new URLSearchParams(search);
  const integrationId = params.get('integration');
  if (!integrationId) return { mode: 'invalid' };
  if (params.has('sig')) return { mode: 'signed', integrationId, query: params.toString() };
  const key = params.get('key');
  return key ? { mode: 'dashboard-app', integrationId, key } : { mode: 'invalid' };
}

/** The session request for an entry (and, for a dashboard app, the context Chatwoot posted). */
export function sessionRequest(entry: PanelEntry, context: PanelContext | null): PanelSessionRequest | null {
  if (entry.mode === 'signed') return entry;
  if (entry.mode === 'dashboard-app' && context) {
    return { mode: 'dashboard-app', integrationId: entry.integrationId, key: entry.key, context };
  }
  return null;
}

/** The origins allowed to frame this page, as the server wrote them (`<meta name="funil-frame-origins">`). */
export function frameOriginsOf(doc: Pick<Document, 'querySelector'>): string[] {
  const content = doc.querySelector('meta[name="funil-frame-origins"]')?.getAttribute('content') ?? '';
  return content.split(' ').filter(Boolean);
}
