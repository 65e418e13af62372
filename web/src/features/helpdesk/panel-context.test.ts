import { describe, expect, it } from 'vitest';
import { contextFromChatwoot, panelEntry, sessionRequest } from './panel-context.ts';

const appContext = {
  event: 'appContext',
  data: {
    conversation: { id: 42, meta: { sender: { id: 7, name: 'Outro' } } },
    contact: {
      id: 9,
      name: 'Maria Lima',
      phone_number: '+5511987654321',
      email: '',
      custom_attributes: { cpf: '123' },
    },
    currentAgent: { id: 3, name: 'Ana', email: 'ana@exemplo.com.br' },
  },
};

describe('Chatwoot appContext', () => {
  it('reads the agent, the conversation and the contact, from a JSON string or an object', () => {
    const expected = {
      agent: { id: '3', name: 'Ana', email: 'ana@exemplo.com.br' },
      conversation: { id: '42' },
      contact: { id: '9', name: 'Maria Lima', phone: '+5511987654321', email: null, document: '123' },
    };
    expect(contextFromChatwoot(JSON.stringify(appContext))).toEqual(expected);
    expect(contextFromChatwoot(appContext)).toEqual(expected);
  });

  it('falls back to the conversation sender, and ignores other messages', () => {
    const { contact: _, ...data } = appContext.data;
    expect(contextFromChatwoot({ event: 'appContext', data })?.contact).toMatchObject({
      id: '7',
      name: 'Outro',
    });
    expect(contextFromChatwoot('chatwoot-dashboard-app:fetch-info')).toBeNull();
    expect(contextFromChatwoot({ event: 'other', data: appContext.data })).toBeNull();
    expect(contextFromChatwoot({ event: 'appContext', data: { conversation: { id: 1 } } })).toBeNull();
  });
});

describe('panel entry', () => {
  it('tells a signed URL from a dashboard-app URL', () => {
    expect(panelEntry('?integration=i&agent_id=1&ts=2&sig=ab')).toEqual({
      mode: 'signed',
      integrationId: 'i',
      query: 'integration=i&agent_id=1&ts=2&sig=ab',
    });
    const app = panelEntry('?integration=i&key=k');
    expect(app).toEqual({ mode: 'dashboard-app', integrationId: 'i', key: 'k' });
    expect(panelEntry('?key=k')).toEqual({ mode: 'invalid' });
    expect(sessionRequest(app, null)).toBeNull();
  });
});
