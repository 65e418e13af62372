import { safePost } from '../../lib/safe-fetch.ts';
import type {
  WhatsAppAccount,
  WhatsAppOutgoing,
  WhatsAppProvider,
  WhatsAppSendResult,
} from './whatsapp-provider.ts';
import { waNumber } from './whatsapp-provider.ts';

/** Error codes of the Cloud API that sending the same message again cannot fix. */
const FINAL_CODES = new Set([
  // Re-engagement message: more than 24 hours since the customer last replied (free text outside the window).
  131047,
  // Recipient not a WhatsApp user / cannot receive this message.
  131026,
  // Template does not exist / parameters mismatch / paused.
  132000, 132001, 132005, 132007, 132012, 132015, 132016,
  // Invalid parameter (e.g. a malformed number).
  100,
  // Marketing message limits per user.
  131049,
]);

/** The Cloud API request body of one message (`messaging_product: whatsapp`, text or template). */
export function cloudApiBody(m: WhatsAppOutgoing): Record<string, unknown> {
  const base = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: waNumber(m.to),
    biz_opaque_callback_data: m.callbackData,
  };
  if (m.type === 'text') return { ...base, type: 'text', text: { preview_url: false, body: m.body } };
  return {
    ...base,
    type: 'template',
    template: {
      name: m.name,
      language: { code: m.language },
      components: m.params.length
        ? [{ type: 'body', parameters: m.params.map((text) => ({ type: 'text', text })) }]
        : [],
    },
  };
}

/** Reads the API's answer: `messages[0].id` on 2xx, else the `error` object's code and message. */
export function readSendAnswer(status: number, body: string): WhatsAppSendResult {
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    json = null;
  }
  if (status >= 200 && status < 300) {
    const messages = Array.isArray(json?.messages) ? (json.messages as { id?: unknown }[]) : [];
    const id = messages[0]?.id;
    if (typeof id === 'string') return { ok: true, messageId: id };
    return { ok: false, retryable: false, code: null, error: 'answer without a message id' };
  }
  const error = (json?.error ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof error.code === 'number' ? error.code : null;
  const retryable =
    status === 429 || status >= 500 || (code !== null && !FINAL_CODES.has(code) && status !== 400);
  return {
    ok: false,
    retryable,
    code,
    error: `${status} ${code ?? ''} ${typeof error.message === 'string' ? error.message : ''}`
      .trim()
      .slice(0, 300),
  };
}

/**
 * The WhatsApp Cloud API: `POST {apiUrl}/{version}/{phone-number-id}/messages` with the access token as Bearer,
 * through safe-fetch (the simulator on loopback only with FUNIL_OUTBOUND_ALLOW_LOOPBACK).
 */
export function cloudApiProvider(opts: { allowLoopback: boolean; timeoutMs: number }): WhatsAppProvider {
  return {
    async send(account: WhatsAppAccount, message: WhatsAppOutgoing) {
      const url = `${account.apiUrl.replace(/\/$/, '')}/${account.apiVersion}/${account.phoneNumberId}/messages`;
      const response = await safePost(
        url,
        { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json' },
        JSON.stringify(cloudApiBody(message)),
        opts,
      );
      return readSendAnswer(response.status, response.body);
    },
  };
}
