import { describe, expect, it } from 'vitest';
import {
  dashboardAppKey,
  isDashboardAppKey,
  signedPanelQuery,
  verifySignedPanelQuery,
} from './panel-proof.ts';

const secret = 'segredo-do-painel';
const integration = '7c1e4a52-3d4b-4c1e-9a8f-0b6f3c2d1e00';
const now = new Date('2026-12-05T12:00:00Z');
const ts = String(now.getTime() / 1000);
const params = {
  integration,
  agent_id: '12',
  agent_name: 'Ana Atendente',
  agent_email: 'ana@exemplo.com.br',
  conversation_id: '345',
  contact_id: '99',
  contact_name: 'João da Silva',
  contact_phone: '+55 11 98765-4321',
  ts,
};

describe('signed panel URL', () => {
  it('accepts the URL as signed and reads the context from it', () => {
    const check = verifySignedPanelQuery(secret, integration, signedPanelQuery(secret, params), now);
    expect(check).toEqual({
      ok: true,
      context: {
        agent: { id: '12', name: 'Ana Atendente', email: 'ana@exemplo.com.br' },
        conversation: { id: '345' },
        contact: { id: '99', name: 'João da Silva', phone: '+55 11 98765-4321', email: null, document: null },
      },
    });
  });

  it('refuses an altered value, another secret, an added or repeated parameter', () => {
    const query = signedPanelQuery(secret, params);
    const altered = query.replace('agent_id=12', 'agent_id=13');
    expect(verifySignedPanelQuery(secret, integration, altered, now)).toMatchObject({
      reason: 'bad-signature',
    });
    expect(verifySignedPanelQuery('outro', integration, query, now)).toMatchObject({
      reason: 'bad-signature',
    });
    expect(verifySignedPanelQuery(secret, integration, `${query}&x=1`, now)).toMatchObject({ ok: false });
    expect(verifySignedPanelQuery(secret, integration, `${query}&agent_id=13`, now)).toMatchObject({
      reason: 'malformed',
    });
    expect(
      verifySignedPanelQuery(secret, integration, query.replace(/sig=\w+/, 'sig=zz'), now),
    ).toMatchObject({
      reason: 'malformed',
    });
  });

  it('refuses a URL older than five minutes, or signed for another integration', () => {
    const query = signedPanelQuery(secret, params);
    const later = new Date(now.getTime() + 301_000);
    expect(verifySignedPanelQuery(secret, integration, query, later)).toMatchObject({ reason: 'expired' });
    expect(verifySignedPanelQuery(secret, integration, query, new Date(now.getTime() + 299_000)).ok).toBe(
      true,
    );
    const other = signedPanelQuery(secret, { ...params, integration: 'outra' });
    expect(verifySignedPanelQuery(secret, integration, other, now)).toMatchObject({
      reason: 'other-integration',
    });
  });

  it('refuses a URL without an agent', () => {
    const { agent_id: _, ...noAgent } = params;
    expect(verifySignedPanelQuery(secret, integration, signedPanelQuery(secret, noAgent), now)).toMatchObject(
      {
        reason: 'malformed',
      },
    );
  });
});

describe('dashboard-app key', () => {
  it('is bound to the secret and the integration', () => {
    const key = dashboardAppKey(secret, integration);
    expect(isDashboardAppKey(secret, integration, key)).toBe(true);
    expect(isDashboardAppKey('outro', integration, key)).toBe(false);
    expect(isDashboardAppKey(secret, 'outra', key)).toBe(false);
    expect(isDashboardAppKey(secret, integration, `${key}x`)).toBe(false);
    expect(key).not.toContain(secret);
  });
});
