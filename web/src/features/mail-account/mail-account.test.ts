import { describe, expect, it } from 'vitest';
import { oauthStartUrl, parseMailAccountSearch } from './mail-account.ts';

describe('the OAuth callback’s return to /mail-account', () => {
  it('keeps a known outcome of a known provider', () => {
    expect(parseMailAccountSearch({ oauth: 'connected', provider: 'google' })).toEqual({
      oauth: 'connected',
      provider: 'google',
    });
    expect(parseMailAccountSearch({ oauth: 'denied', provider: 'microsoft' })).toEqual({
      oauth: 'denied',
      provider: 'microsoft',
    });
  });

  it('drops anything else (a hand-edited URL shows no message)', () => {
    expect(parseMailAccountSearch({})).toEqual({});
    expect(parseMailAccountSearch({ oauth: 'connected' })).toEqual({});
    expect(parseMailAccountSearch({ oauth: 'hacked', provider: 'google' })).toEqual({});
    expect(parseMailAccountSearch({ oauth: 'connected', provider: 'yahoo' })).toEqual({});
  });

  it('starts the flow on the server', () => {
    expect(oauthStartUrl('microsoft')).toBe('/api/v1/me/mail-account/oauth/microsoft/start');
  });
});
