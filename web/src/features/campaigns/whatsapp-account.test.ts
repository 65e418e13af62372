import { describe, expect, it } from 'vitest';
import { webhookUrlOf, whatsAppFormErrors, whatsAppFormOf, whatsAppRequest } from './whatsapp-account.ts';

const unconfigured = {
  configured: false,
  apiUrl: null,
  apiVersion: null,
  phoneNumberId: null,
  webhookPath: '/api/v1/whatsapp/webhook',
  updatedAt: null,
  version: 0,
};

describe('the WhatsApp number form', () => {
  it('asks for every secret before the first save, and for none afterwards', () => {
    const form = { ...whatsAppFormOf(unconfigured), phoneNumberId: '100000000000001' };
    expect(whatsAppFormErrors(form, false)).toEqual({
      accessToken: 'required',
      appSecret: 'required',
      verifyToken: 'required',
    });
    expect(whatsAppFormErrors(form, true)).toEqual({});
  });

  it('checks the version, the number id, the URL and the secrets’ lengths like the server', () => {
    const form = {
      apiUrl: 'graph.facebook.com',
      apiVersion: '21',
      phoneNumberId: '12a45',
      accessToken: 'curto',
      appSecret: 'segredo-ok',
      verifyToken: '',
    };
    expect(whatsAppFormErrors(form, true)).toEqual({
      apiUrl: 'invalid',
      apiVersion: 'invalid',
      phoneNumberId: 'invalid',
      accessToken: 'invalid',
    });
  });

  it('sends a secret only when typed, everything trimmed', () => {
    expect(
      whatsAppRequest({
        apiUrl: ' https://graph.facebook.com ',
        apiVersion: 'v21.0',
        phoneNumberId: ' 100000000000001',
        accessToken: '',
        appSecret: ' novo-segredo ',
        verifyToken: '',
      }),
    ).toEqual({
      apiUrl: 'https://graph.facebook.com',
      apiVersion: 'v21.0',
      phoneNumberId: '100000000000001',
      appSecret: 'novo-segredo',
    });
  });

  it('builds the webhook URL from the origin', () => {
    expect(webhookUrlOf('https://crm.exemplo.com.br/', '/api/v1/whatsapp/webhook')).toBe(
      'https://crm.exemplo.com.br/api/v1/whatsapp/webhook',
    );
  });
});
