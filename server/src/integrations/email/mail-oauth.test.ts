import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../config/env.ts';
import { authorizationUrl, mailOAuthClients, pkcePair } from './mail-oauth.ts';

describe('the mailbox OAuth clients', () => {
  it('exist only for the providers with a client id, with the tenant in Microsoft’s endpoints', () => {
    expect(mailOAuthClients(loadEnv({}))).toEqual({});
    const clients = mailOAuthClients(
      loadEnv({
        FUNIL_MICROSOFT_CLIENT_ID: 'app-id',
        FUNIL_MICROSOFT_CLIENT_SECRET: 'app-secret',
        FUNIL_MICROSOFT_TENANT: 'contoso.onmicrosoft.com',
      }),
    );
    expect(clients.google).toBeUndefined();
    expect(clients.microsoft).toMatchObject({
      authorizeUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize',
      tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
      imap: { host: 'outlook.office365.com', port: 993, secure: true },
      smtp: { host: 'smtp.office365.com', port: 587, secure: false },
    });
  });

  it('asks Google for offline access with PKCE S256', () => {
    const { google } = mailOAuthClients(
      loadEnv({ FUNIL_GOOGLE_CLIENT_ID: 'gid', FUNIL_GOOGLE_CLIENT_SECRET: 'gsecret' }),
    );
    const { verifier, challenge } = pkcePair();
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(challenge);
    const url = new URL(
      authorizationUrl(google as NonNullable<typeof google>, {
        redirectUri: 'https://crm.example.com/api/v1/me/mail-account/oauth/google/callback',
        state: 'st',
        codeChallenge: challenge,
      }),
    );
    expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'gid',
      state: 'st',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      access_type: 'offline',
      scope: 'openid email https://mail.google.com/',
    });
    expect(url.searchParams.has('client_secret')).toBe(false);
  });
});
