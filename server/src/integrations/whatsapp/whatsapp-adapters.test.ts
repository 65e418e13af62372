import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cloudApiBody, readSendAnswer } from './cloud-api.provider.ts';
import { hubSignature, parseWhatsAppWebhook, validHubSignature } from './whatsapp-provider.ts';

// The Cloud API adapter on payloads shaped as Meta's webhook reference and messages endpoint document them.

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('parseWhatsAppWebhook', () => {
  it('reads a status with the callback data we sent', () => {
    expect(parseWhatsAppWebhook(fixture('status-read.json'))).toEqual([
      {
        kind: 'status',
        phoneNumberId: '106540352242922',
        messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDRkIxRkE0QTcyMjc5ODA2MEYA',
        status: 'read',
        at: new Date(1750263773 * 1000),
        recipient: '16505551234',
        callbackData: '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        error: null,
      },
    ]);
  });

  it('reads a failed status with its error code and title', () => {
    const [e] = parseWhatsAppWebhook(fixture('status-failed.json'));
    expect(e).toMatchObject({ kind: 'status', status: 'failed', error: '131026 Message undeliverable' });
  });

  it('reads an inbound text message', () => {
    expect(parseWhatsAppWebhook(fixture('message-text.json'))).toEqual([
      {
        kind: 'message',
        phoneNumberId: '106540352242922',
        messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
        from: '5511987654321',
        text: 'SAIR',
        at: new Date(1749416383 * 1000),
      },
    ]);
  });

  it('leaves out what it does not read instead of throwing', () => {
    expect(parseWhatsAppWebhook(null)).toEqual([]);
    expect(parseWhatsAppWebhook({ object: 'page', entry: [] })).toEqual([]);
    expect(
      parseWhatsAppWebhook({
        object: 'whatsapp_business_account',
        entry: [{ changes: [{ field: 'messages', value: { metadata: {}, statuses: [{ id: 'x' }] } }] }],
      }),
    ).toEqual([]);
    expect(
      parseWhatsAppWebhook({
        object: 'whatsapp_business_account',
        entry: [
          {
            changes: [
              {
                field: 'messages',
                value: {
                  metadata: { phone_number_id: '1' },
                  statuses: [{ id: 'x', status: 'deleted' }],
                  messages: [{ from: '55', id: 'm', type: 'image', image: {} }],
                },
              },
            ],
          },
        ],
      }),
    ).toEqual([]);
  });
});

describe('X-Hub-Signature-256', () => {
  it('accepts the HMAC of the raw body and refuses anything else', () => {
    const raw = JSON.stringify(fixture('message-text.json'));
    const sig = hubSignature(raw, 'app-secret');
    expect(validHubSignature(raw, sig, 'app-secret')).toBe(true);
    expect(validHubSignature(raw, sig.toUpperCase().replace('SHA256=', 'sha256='), 'app-secret')).toBe(true);
    expect(validHubSignature(`${raw} `, sig, 'app-secret')).toBe(false);
    expect(validHubSignature(raw, sig, 'other-secret')).toBe(false);
    expect(validHubSignature(raw, undefined, 'app-secret')).toBe(false);
    expect(validHubSignature(raw, 'sha1=abc', 'app-secret')).toBe(false);
  });
});

describe('the messages endpoint', () => {
  it('builds a text message and a template with body parameters', () => {
    expect(cloudApiBody({ type: 'text', to: '+55 11 98765-4321', body: 'Oi', callbackData: 'r1' })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '5511987654321',
      biz_opaque_callback_data: 'r1',
      type: 'text',
      text: { preview_url: false, body: 'Oi' },
    });
    expect(
      cloudApiBody({
        type: 'template',
        to: '+5511987654321',
        name: 'oferta',
        language: 'pt_BR',
        params: ['Maria', 'Bruno'],
        callbackData: 'r2',
      }),
    ).toMatchObject({
      type: 'template',
      template: {
        name: 'oferta',
        language: { code: 'pt_BR' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Maria' },
              { type: 'text', text: 'Bruno' },
            ],
          },
        ],
      },
    });
  });

  it('reads the message id, and tells final refusals from ones worth retrying', () => {
    expect(
      readSendAnswer(
        200,
        JSON.stringify({
          messaging_product: 'whatsapp',
          contacts: [{ input: '5511987654321', wa_id: '5511987654321' }],
          messages: [{ id: 'wamid.ABC' }],
        }),
      ),
    ).toEqual({ ok: true, messageId: 'wamid.ABC' });
    const outsideWindow = readSendAnswer(
      400,
      JSON.stringify({ error: { message: 'Re-engagement message', type: 'OAuthException', code: 131047 } }),
    );
    expect(outsideWindow).toMatchObject({ ok: false, retryable: false, code: 131047 });
    expect(
      readSendAnswer(429, JSON.stringify({ error: { code: 130429, message: 'Rate limit hit' } })),
    ).toMatchObject({
      ok: false,
      retryable: true,
    });
    expect(readSendAnswer(502, '<html>bad gateway</html>')).toMatchObject({
      ok: false,
      retryable: true,
      code: null,
    });
    expect(readSendAnswer(200, '{}')).toMatchObject({ ok: false, retryable: false });
  });
});
