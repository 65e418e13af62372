import { describe, expect, it } from 'vitest';
import { CHATWOOT_SIGNATURE_TOLERANCE_S, chatwootSignature, chatwootWebhooks } from './chatwoot.provider.ts';

const secret = 'segredo-do-webhook';
const body = JSON.stringify({ event: 'contact_created', id: 7, name: 'Ana' });
const now = new Date('2026-12-05T12:00:00Z');
const ts = String(now.getTime() / 1000);
const headers = (signature: string, timestamp = ts) => ({
  'x-chatwoot-signature': signature,
  'x-chatwoot-timestamp': timestamp,
});

describe('Chatwoot webhook signature', () => {
  it('accepts the HMAC-SHA256 of "<timestamp>.<body>" with the secret', () => {
    expect(chatwootWebhooks.verify(body, headers(chatwootSignature(secret, ts, body)), secret, now)).toBe(
      true,
    );
  });

  it('refuses another secret, a changed body, a missing header and an old timestamp', () => {
    const good = chatwootSignature(secret, ts, body);
    expect(chatwootWebhooks.verify(body, headers(chatwootSignature('outro', ts, body)), secret, now)).toBe(
      false,
    );
    expect(chatwootWebhooks.verify(`${body} `, headers(good), secret, now)).toBe(false);
    expect(chatwootWebhooks.verify(body, { 'x-chatwoot-timestamp': ts }, secret, now)).toBe(false);
    const old = String(Number(ts) - CHATWOOT_SIGNATURE_TOLERANCE_S - 1);
    expect(
      chatwootWebhooks.verify(body, headers(chatwootSignature(secret, old, body), old), secret, now),
    ).toBe(false);
  });
});

describe('Chatwoot webhook payloads', () => {
  it('reads a contact, keyed by id (created) or by content (updated)', () => {
    const created = chatwootWebhooks.parse(
      { event: 'contact_created', id: 7, name: ' Ana ', email: '', phone_number: '+5511987650001' },
      {},
    );
    expect(created).toMatchObject({
      type: 'contact',
      key: 'contact_created:7',
      contact: { id: '7', name: 'Ana', email: null, phone: '+5511987650001' },
    });
    const a = chatwootWebhooks.parse({ event: 'contact_updated', id: 7, name: 'Ana' }, {});
    const b = chatwootWebhooks.parse({ event: 'contact_updated', id: 7, name: 'Ana B' }, {});
    expect(a.type === 'contact' && b.type === 'contact' && a.key !== b.key).toBe(true);
  });

  it('reads a message with its conversation and direction (named or numbered), keyed by message id', () => {
    const m = chatwootWebhooks.parse(
      {
        event: 'message_created',
        id: 42,
        content: 'Oi',
        private: true,
        message_type: 1,
        conversation: { id: 9, status: 'open', contact_inbox: { contact_id: 7 } },
      },
      {},
    );
    expect(m).toMatchObject({
      type: 'message',
      key: 'message:42',
      message: { id: '42', private: true, direction: 'outgoing' },
      conversation: { id: '9', contactId: '7' },
    });
  });

  it('ignores events the sync does not use and throws on odd payloads', () => {
    expect(chatwootWebhooks.parse({ event: 'conversation_typing_on', id: 1 }, {})).toEqual({
      type: 'ignored',
      event: 'conversation_typing_on',
    });
    expect(() => chatwootWebhooks.parse([1, 2], {})).toThrow();
    expect(() => chatwootWebhooks.parse({ event: 'message_created', id: 1 }, {})).toThrow();
    expect(() => chatwootWebhooks.parse({ event: 'contact_created', id: { x: 1 } }, {})).toThrow();
  });
});
