import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * WhatsApp Business messaging behind one interface (the Cloud API today). What Funil sends: a free-text message
 * (only inside the 24-hour customer-service window) or an approved template with body parameters (any time). What it
 * reads back from the webhook: message statuses (sent / delivered / read / failed, late and in any order) and inbound
 * text messages (a "SAIR" reply).
 */
export type WhatsAppAccount = {
  apiUrl: string;
  apiVersion: string;
  phoneNumberId: string;
  accessToken: string;
};

export type WhatsAppOutgoing =
  | { type: 'text'; to: string; body: string; callbackData: string }
  | {
      type: 'template';
      to: string;
      name: string;
      language: string;
      params: string[];
      callbackData: string;
    };

export type WhatsAppSendResult =
  | { ok: true; messageId: string }
  /** The API refused it: `retryable` false for a refusal that sending again cannot fix (bad number, no window). */
  | { ok: false; retryable: boolean; code: number | null; error: string };

export type WhatsAppProvider = {
  send(account: WhatsAppAccount, message: WhatsAppOutgoing): Promise<WhatsAppSendResult>;
};

export type WhatsAppStatus = 'sent' | 'delivered' | 'read' | 'failed';

export type WhatsAppEvent =
  | {
      kind: 'status';
      phoneNumberId: string;
      messageId: string;
      status: WhatsAppStatus;
      at: Date;
      recipient: string;
      /** What we put in `biz_opaque_callback_data` when sending: the campaign recipient id. */
      callbackData: string | null;
      error: string | null;
    }
  | { kind: 'message'; phoneNumberId: string; messageId: string; from: string; text: string; at: Date };

/** Meta's X-Hub-Signature-256: `sha256=` + HMAC-SHA256 of the raw body with the app secret (constant-time). */
export function validHubSignature(rawBody: string, header: string | undefined, appSecret: string): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', appSecret).update(rawBody).digest('hex'));
  const given = Buffer.from(header.slice(7).toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const hubSignature = (rawBody: string, appSecret: string) =>
  `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;

const STATUSES = new Set<string>(['sent', 'delivered', 'read', 'failed']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const epoch = (v: unknown) => {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000) : new Date();
};

/**
 * Reads a Cloud API webhook body (`object: whatsapp_business_account`, `entry[].changes[].value`) into statuses and
 * inbound text messages; anything else (other fields, media messages, malformed parts) is left out, never thrown.
 */
export function parseWhatsAppWebhook(body: unknown): WhatsAppEvent[] {
  if (!isObj(body) || body.object !== 'whatsapp_business_account') return [];
  const events: WhatsAppEvent[] = [];
  for (const entry of arr(body.entry)) {
    if (!isObj(entry)) continue;
    for (const change of arr(entry.changes)) {
      if (!isObj(change) || change.field !== 'messages' || !isObj(change.value)) continue;
      const value = change.value;
      const phoneNumberId = isObj(value.metadata) ? str(value.metadata.phone_number_id) : null;
      if (!phoneNumberId) continue;
      for (const s of arr(value.statuses)) {
        if (!isObj(s)) continue;
        const messageId = str(s.id);
        const status = str(s.status);
        if (!messageId || !status || !STATUSES.has(status)) continue;
        const firstError = arr(s.errors).find(isObj);
        events.push({
          kind: 'status',
          phoneNumberId,
          messageId,
          status: status as WhatsAppStatus,
          at: epoch(s.timestamp),
          recipient: str(s.recipient_id) ?? '',
          callbackData: str(s.biz_opaque_callback_data),
          error: firstError
            ? `${firstError.code ?? ''} ${str(firstError.title) ?? str(firstError.message) ?? ''}`.trim()
            : null,
        });
      }
      for (const m of arr(value.messages)) {
        if (!isObj(m)) continue;
        const from = str(m.from);
        const messageId = str(m.id);
        // A text message, or a quick-reply button's text (a template's "SAIR" button).
        const text =
          (isObj(m.text) ? str(m.text.body) : null) ?? (isObj(m.button) ? str(m.button.text) : null);
        if (!from || !messageId || text === null) continue;
        events.push({ kind: 'message', phoneNumberId, messageId, from, text, at: epoch(m.timestamp) });
      }
    }
  }
  return events;
}

/** The Cloud API's `to`: the number's digits without `+` (what it also answers as `wa_id` / `recipient_id`). */
export const waNumber = (e164: string) => e164.replace(/\D/g, '');
