import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatwootSignature } from './chatwoot.provider.ts';

/**
 * A local Chatwoot for tests and the demo: the routes and payloads Funil uses (contacts with custom attributes,
 * conversation messages, private notes), kept in memory and open for assertions, and Chatwoot-shaped webhooks sent
 * to Funil signed as Chatwoot signs them. It can be told to fail the next N API calls.
 */
export type SimContact = {
  id: number;
  name: string | null;
  email: string | null;
  phone_number: string | null;
  identifier: string | null;
  custom_attributes: Record<string, unknown>;
  additional_attributes: Record<string, unknown>;
};
export type SimConversation = {
  id: number;
  inbox_id: number;
  status: string;
  contact_id: number;
  updated_at: number;
};
export type SimMessage = {
  id: number;
  conversation_id: number;
  content: string;
  message_type: 'incoming' | 'outgoing' | 'activity';
  private: boolean;
  sender: { id: number; type: 'contact' | 'user'; name: string | null };
  created_at: number;
};
export type SimRequest = { method: string; path: string; body: unknown; status: number };

export type ChatwootSimulatorOptions = {
  port?: number;
  host?: string;
  accountId?: number;
  /** The token Funil must send in `api_access_token`. */
  apiToken: string;
  /** Where webhooks go and the secret they are signed with (settable later with `setWebhook`). */
  webhook?: { url: string; secret: string } | null;
};

export type ChatwootSimulator = Awaited<ReturnType<typeof startChatwootSimulator>>;

const now = () => Math.floor(Date.now() / 1000);

/** Starts the simulator; answers its URL, its state and the actions that play a helpdesk's part. */
export async function startChatwootSimulator(opts: ChatwootSimulatorOptions) {
  const accountId = opts.accountId ?? 1;
  const account = { id: accountId, name: 'Simulador Chatwoot' };
  const agent = { id: 1, name: 'Agente Simulado', email: 'agente@simulador.local', type: 'user' as const };
  const contacts = new Map<number, SimContact>();
  const conversations = new Map<number, SimConversation>();
  const messages: SimMessage[] = [];
  const requests: SimRequest[] = [];
  const webhooksSent: { event: string; status: number | null; body: string }[] = [];
  let webhook = opts.webhook ?? null;
  let failures: { remaining: number; status: number } = { remaining: 0, status: 500 };
  let nextId = 1;

  const contactPayload = (c: SimContact) => ({ ...c, type: 'contact', account });
  const conversationPayload = (c: SimConversation) => {
    const contact = contacts.get(c.contact_id);
    return {
      id: c.id,
      inbox_id: c.inbox_id,
      status: c.status,
      channel: 'Channel::Api',
      contact_inbox: { contact_id: c.contact_id, inbox_id: c.inbox_id, source_id: `sim-${c.contact_id}` },
      meta: { sender: contact ? contactPayload(contact) : null, assignee: agent },
      messages: messages.filter((m) => m.conversation_id === c.id).slice(-1),
      updated_at: c.updated_at,
      timestamp: c.updated_at,
      account,
    };
  };
  const messagePayload = (m: SimMessage) => {
    const conversation = conversations.get(m.conversation_id);
    return {
      id: m.id,
      content: m.content,
      content_type: 'text',
      content_attributes: {},
      message_type: m.message_type,
      private: m.private,
      created_at: new Date(m.created_at * 1000).toISOString(),
      sender: m.sender,
      conversation: conversation ? conversationPayload(conversation) : { id: m.conversation_id },
      inbox: { id: conversation?.inbox_id ?? 1, name: 'WhatsApp' },
      account,
    };
  };

  /** Sends one Chatwoot-shaped webhook, signed; answers Funil's status (null when it could not be reached). */
  async function sendWebhook(
    event: string,
    payload: Record<string, unknown>,
    o: { secret?: string; timestamp?: number } = {},
  ): Promise<{ status: number | null; body: string }> {
    if (!webhook) return { status: null, body: '' };
    const body = JSON.stringify({ event, ...payload });
    const timestamp = String(o.timestamp ?? now());
    const res = await fetch(webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-chatwoot-timestamp': timestamp,
        'x-chatwoot-signature': chatwootSignature(o.secret ?? webhook.secret, timestamp, body),
        'x-chatwoot-delivery': randomUUID(),
      },
      body,
    }).catch(() => null);
    const answer = { status: res?.status ?? null, body: res ? await res.text() : '' };
    webhooksSent.push({ event, status: answer.status, body });
    return answer;
  }

  function addMessage(conversationId: number, m: Omit<SimMessage, 'id' | 'conversation_id' | 'created_at'>) {
    const message: SimMessage = { ...m, id: nextId++, conversation_id: conversationId, created_at: now() };
    messages.push(message);
    const c = conversations.get(conversationId);
    if (c) c.updated_at = now();
    return message;
  }

  const readBody = (req: http.IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c) => {
        data += c;
      });
      req.on('end', () => resolve(data));
    });

  /**
   * The simulator's own routes (not Chatwoot's), for a demo or a browser test driving it over HTTP: read the state,
   * play the helpdesk's part (a contact writes, an agent resolves), make the API fail.
   */
  async function control(
    method: string,
    path: string,
    body: unknown,
    reply: (status: number, json: unknown) => void,
  ) {
    const b = (body ?? {}) as Record<string, unknown>;
    try {
      if (method === 'GET' && path === '/__sim/state') {
        return reply(200, {
          contacts: [...contacts.values()],
          conversations: [...conversations.values()],
          messages,
          webhooksSent: webhooksSent.map((h) => ({ event: h.event, status: h.status })),
        });
      }
      if (method === 'PUT' && path === '/__sim/webhook') {
        sim.setWebhook(
          typeof b.url === 'string' && typeof b.secret === 'string' ? { url: b.url, secret: b.secret } : null,
        );
        return reply(200, { ok: true });
      }
      if (method === 'POST' && path === '/__sim/fail') {
        sim.failNext(Number(b.count ?? 1), Number(b.status ?? 500));
        return reply(200, { ok: true });
      }
      if (method === 'POST' && path === '/__sim/contacts') {
        const { contact, answer } = await sim.createContact({
          name: String(b.name ?? 'Contato'),
          email: typeof b.email === 'string' ? b.email : null,
          phone: typeof b.phone === 'string' ? b.phone : null,
        });
        return reply(201, { contact, webhook: answer });
      }
      if (method === 'POST' && path === '/__sim/conversations') {
        const { conversation, answer } = await sim.createConversation(Number(b.contactId));
        return reply(201, { conversation, webhook: answer });
      }
      const incoming = /^\/__sim\/conversations\/(\d+)\/(incoming|status)$/.exec(path);
      if (method === 'POST' && incoming) {
        const id = Number(incoming[1]);
        const result =
          incoming[2] === 'incoming'
            ? await sim.receiveMessage(id, String(b.content ?? ''))
            : await sim.setConversationStatus(
                id,
                (b.status as 'open' | 'resolved' | 'pending' | 'snoozed') ?? 'resolved',
              );
        return reply(200, { webhook: result.answer });
      }
      return reply(404, { error: 'Not found' });
    } catch (error) {
      return reply(422, { error: (error as Error).message });
    }
  }

  const server = http.createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const path = (req.url ?? '/').split('?')[0] as string;
    const reply = (status: number, json: unknown) => {
      requests.push({ method: req.method ?? '', path, body, status });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(json));
    };
    if (path.startsWith('/__sim/')) return control(req.method ?? 'GET', path, body, reply);
    if (req.headers.api_access_token !== opts.apiToken) {
      return reply(401, { errors: ['You need to sign in or sign up before continuing.'] });
    }
    if (failures.remaining > 0) {
      failures.remaining -= 1;
      return reply(failures.status, { error: 'simulated failure' });
    }
    const prefix = `/api/v1/accounts/${accountId}`;
    const contactMatch = new RegExp(`^${prefix}/contacts/(\\d+)$`).exec(path);
    const messagesMatch = new RegExp(`^${prefix}/conversations/(\\d+)/messages$`).exec(path);
    if (contactMatch) {
      const contact = contacts.get(Number(contactMatch[1]));
      if (!contact) return reply(404, { error: 'Resource could not be found' });
      if (req.method === 'GET') return reply(200, { payload: contactPayload(contact) });
      if (req.method === 'PUT' || req.method === 'PATCH') {
        const b = (body ?? {}) as Partial<SimContact>;
        if (b.name !== undefined) contact.name = b.name;
        if (b.email !== undefined) contact.email = b.email;
        if (b.phone_number !== undefined) contact.phone_number = b.phone_number;
        // Chatwoot merges the custom attributes sent into the stored ones.
        if (b.custom_attributes && typeof b.custom_attributes === 'object') {
          contact.custom_attributes = { ...contact.custom_attributes, ...b.custom_attributes };
        }
        reply(200, { payload: contactPayload(contact) });
        void sendWebhook('contact_updated', contactPayload(contact));
        return;
      }
    }
    if (messagesMatch) {
      const conversationId = Number(messagesMatch[1]);
      if (!conversations.has(conversationId)) return reply(404, { error: 'Resource could not be found' });
      if (req.method === 'GET') {
        return reply(200, {
          payload: messages.filter((m) => m.conversation_id === conversationId).map(messagePayload),
        });
      }
      if (req.method === 'POST') {
        const b = (body ?? {}) as { content?: unknown; private?: unknown; message_type?: unknown };
        if (typeof b.content !== 'string' || !b.content) return reply(422, { error: 'content is required' });
        const message = addMessage(conversationId, {
          content: b.content,
          message_type: b.message_type === 'incoming' ? 'incoming' : 'outgoing',
          private: b.private === true,
          sender: { id: agent.id, type: 'user', name: agent.name },
        });
        reply(200, { ...messagePayload(message), message_type: 1 });
        // Like Chatwoot: the new message (a private note too) goes out as message_created.
        void sendWebhook('message_created', messagePayload(message));
        return;
      }
    }
    reply(404, { error: 'Not found' });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${opts.host ?? '127.0.0.1'}:${address.port}`;

  const sim = {
    url,
    accountId,
    contacts,
    conversations,
    messages,
    requests,
    webhooksSent,
    setWebhook(w: { url: string; secret: string } | null) {
      webhook = w;
    },
    /** The next `n` API calls answer `status` (500 by default). */
    failNext(n: number, status = 500) {
      failures = { remaining: n, status };
    },
    /** A contact shows up (a first WhatsApp message): stored and announced with contact_created. */
    async createContact(c: { name: string; email?: string | null; phone?: string | null }) {
      const contact: SimContact = {
        id: nextId++,
        name: c.name,
        email: c.email ?? null,
        phone_number: c.phone ?? null,
        identifier: null,
        custom_attributes: {},
        additional_attributes: {},
      };
      contacts.set(contact.id, contact);
      const answer = await sendWebhook('contact_created', contactPayload(contact));
      return { contact, answer };
    },
    /** An agent edits a contact in the helpdesk: contact_updated. */
    async updateContact(id: number, patch: { name?: string; email?: string | null; phone?: string | null }) {
      const contact = contacts.get(id);
      if (!contact) throw new Error(`no contact ${id}`);
      if (patch.name !== undefined) contact.name = patch.name;
      if (patch.email !== undefined) contact.email = patch.email;
      if (patch.phone !== undefined) contact.phone_number = patch.phone;
      const answer = await sendWebhook('contact_updated', contactPayload(contact));
      return { contact, answer };
    },
    /** A conversation opens for a contact: conversation_created. */
    async createConversation(contactId: number) {
      const conversation: SimConversation = {
        id: nextId++,
        inbox_id: 1,
        status: 'open',
        contact_id: contactId,
        updated_at: now(),
      };
      conversations.set(conversation.id, conversation);
      const answer = await sendWebhook('conversation_created', conversationPayload(conversation));
      return { conversation, answer };
    },
    /** The contact writes: message_created (incoming). */
    async receiveMessage(conversationId: number, content: string) {
      const conversation = conversations.get(conversationId);
      if (!conversation) throw new Error(`no conversation ${conversationId}`);
      const contact = contacts.get(conversation.contact_id);
      const message = addMessage(conversationId, {
        content,
        message_type: 'incoming',
        private: false,
        sender: { id: conversation.contact_id, type: 'contact', name: contact?.name ?? null },
      });
      const answer = await sendWebhook('message_created', messagePayload(message));
      return { message, answer, payload: messagePayload(message) };
    },
    /** An agent resolves, reopens or snoozes: conversation_status_changed. */
    async setConversationStatus(conversationId: number, status: 'open' | 'resolved' | 'pending' | 'snoozed') {
      const conversation = conversations.get(conversationId);
      if (!conversation) throw new Error(`no conversation ${conversationId}`);
      conversation.status = status;
      conversation.updated_at = now();
      const payload = {
        ...conversationPayload(conversation),
        changed_attributes: [{ status: { current_value: status } }],
      };
      const answer = await sendWebhook('conversation_status_changed', payload);
      return { answer, payload };
    },
    sendWebhook,
    messagePayload,
    conversationPayload,
    contactPayload,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return sim;
}
