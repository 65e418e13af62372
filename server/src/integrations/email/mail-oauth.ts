import { createHash, randomBytes } from 'node:crypto';
import type { Env } from '../../config/env.ts';
import { type SafeFetchOptions, safePostForm } from '../../lib/safe-fetch.ts';

// OAuth 2.0 for users' mailboxes at Google and Microsoft 365: the authorization code flow with PKCE (RFC 7636) against
// the deployment's OAuth client, and the refresh of the access token IMAP and SMTP log in with (XOAUTH2). The endpoints
// are settings, so the local simulator (oauth-simulator.ts) stands in for either provider in tests.

export const MAIL_OAUTH_PROVIDERS = ['google', 'microsoft'] as const;
export type MailOAuthProvider = (typeof MAIL_OAUTH_PROVIDERS)[number];

/** A mail server of a provider: host, port, and whether TLS starts with the connection (else STARTTLS). */
export type MailServer = { host: string; port: number; secure: boolean };

export type MailOAuthClient = {
  provider: MailOAuthProvider;
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** OpenID (for the id_token's e-mail), a refresh token, and IMAP + SMTP access. */
  scope: string;
  /** Extra parameters of the authorization request (Google gives a refresh token only with offline access). */
  authorizeParams: Record<string, string>;
  imap: MailServer;
  smtp: MailServer;
};

/** The providers the deployment configured (a client id and secret), with their endpoints and mail servers. */
export type MailOAuthClients = Partial<Record<MailOAuthProvider, MailOAuthClient>>;

type OAuthEnv = Pick<
  Env,
  | 'FUNIL_GOOGLE_CLIENT_ID'
  | 'FUNIL_GOOGLE_CLIENT_SECRET'
  | 'FUNIL_GOOGLE_AUTH_URL'
  | 'FUNIL_GOOGLE_TOKEN_URL'
  | 'FUNIL_GOOGLE_IMAP'
  | 'FUNIL_GOOGLE_SMTP'
  | 'FUNIL_MICROSOFT_CLIENT_ID'
  | 'FUNIL_MICROSOFT_CLIENT_SECRET'
  | 'FUNIL_MICROSOFT_TENANT'
  | 'FUNIL_MICROSOFT_AUTH_URL'
  | 'FUNIL_MICROSOFT_TOKEN_URL'
  | 'FUNIL_MICROSOFT_IMAP'
  | 'FUNIL_MICROSOFT_SMTP'
>;

/** `imaps://host:993` → TLS from the start; `imap://host:143` → STARTTLS (smtp likewise). */
function mailServer(url: string): MailServer {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), secure: parsed.protocol.endsWith('s:') };
}

export function mailOAuthClients(env: OAuthEnv): MailOAuthClients {
  const clients: MailOAuthClients = {};
  if (env.FUNIL_GOOGLE_CLIENT_ID && env.FUNIL_GOOGLE_CLIENT_SECRET) {
    clients.google = {
      provider: 'google',
      clientId: env.FUNIL_GOOGLE_CLIENT_ID,
      clientSecret: env.FUNIL_GOOGLE_CLIENT_SECRET,
      authorizeUrl: env.FUNIL_GOOGLE_AUTH_URL,
      tokenUrl: env.FUNIL_GOOGLE_TOKEN_URL,
      scope: 'openid email https://mail.google.com/',
      authorizeParams: { access_type: 'offline', prompt: 'consent' },
      imap: mailServer(env.FUNIL_GOOGLE_IMAP),
      smtp: mailServer(env.FUNIL_GOOGLE_SMTP),
    };
  }
  if (env.FUNIL_MICROSOFT_CLIENT_ID && env.FUNIL_MICROSOFT_CLIENT_SECRET) {
    const base = `https://login.microsoftonline.com/${env.FUNIL_MICROSOFT_TENANT}/oauth2/v2.0`;
    clients.microsoft = {
      provider: 'microsoft',
      clientId: env.FUNIL_MICROSOFT_CLIENT_ID,
      clientSecret: env.FUNIL_MICROSOFT_CLIENT_SECRET,
      authorizeUrl: env.FUNIL_MICROSOFT_AUTH_URL ?? `${base}/authorize`,
      tokenUrl: env.FUNIL_MICROSOFT_TOKEN_URL ?? `${base}/token`,
      scope:
        'openid email offline_access https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send',
      authorizeParams: { prompt: 'select_account' },
      imap: mailServer(env.FUNIL_MICROSOFT_IMAP),
      smtp: mailServer(env.FUNIL_MICROSOFT_SMTP),
    };
  }
  return clients;
}

/** A PKCE pair: the verifier kept by Funil, the S256 challenge sent with the authorization request. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Where the user's browser goes to grant Funil access to their mailbox. */
export function authorizationUrl(
  client: MailOAuthClient,
  v: { redirectUri: string; state: string; codeChallenge: string },
): string {
  const url = new URL(client.authorizeUrl);
  const params = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: v.redirectUri,
    scope: client.scope,
    state: v.state,
    code_challenge: v.codeChallenge,
    code_challenge_method: 'S256',
    ...client.authorizeParams,
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/** An access token and when it expires; a refresh may also rotate the refresh token (Microsoft does). */
export type AccessGrant = { accessToken: string; expiresAt: Date; refreshToken: string | null };

/** The token endpoint said the grant is no good any more (revoked, expired, password changed): reconnect. */
export class MailOAuthRevokedError extends Error {
  override name = 'MailOAuthRevokedError';
}

/** The token endpoint could not be reached or answered something else than tokens. */
export class MailOAuthError extends Error {
  override name = 'MailOAuthError';
}

async function tokenRequest(
  client: MailOAuthClient,
  form: Record<string, string>,
  fetch: SafeFetchOptions,
): Promise<Record<string, unknown>> {
  const body = new URLSearchParams({
    ...form,
    client_id: client.clientId,
    client_secret: client.clientSecret,
  });
  const res = await safePostForm(client.tokenUrl, body, fetch);
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(res.body);
  } catch {
    // Not JSON: judged by the status below.
  }
  if (res.status === 400 && json.error === 'invalid_grant') {
    throw new MailOAuthRevokedError(String(json.error_description ?? 'invalid_grant'));
  }
  if (res.status !== 200 || typeof json.access_token !== 'string') {
    throw new MailOAuthError(`token endpoint answered ${res.status} ${String(json.error ?? '')}`.trim());
  }
  return json;
}

function grantOf(json: Record<string, unknown>): AccessGrant {
  const seconds = typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in ?? 3600);
  return {
    accessToken: json.access_token as string,
    expiresAt: new Date(Date.now() + (Number.isFinite(seconds) ? seconds : 3600) * 1000),
    refreshToken: typeof json.refresh_token === 'string' ? json.refresh_token : null,
  };
}

/**
 * The mailbox's address from an id_token. Its signature is not checked: it came straight from the token endpoint over
 * the TLS connection Funil opened (OpenID Connect Core 3.1.3.7). Microsoft puts the address in `email` when the
 * account has one, else the sign-in name (`preferred_username`) is it.
 */
function addressOf(idToken: unknown): string | null {
  if (typeof idToken !== 'string') return null;
  try {
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const address = claims.email ?? claims.preferred_username;
    return typeof address === 'string' && address.includes('@') ? address.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** Exchanges the authorization code (with the PKCE verifier) for tokens and the mailbox's address. */
export async function exchangeCode(
  client: MailOAuthClient,
  v: { code: string; redirectUri: string; codeVerifier: string },
  fetch: SafeFetchOptions,
): Promise<AccessGrant & { refreshToken: string; address: string }> {
  const json = await tokenRequest(
    client,
    {
      grant_type: 'authorization_code',
      code: v.code,
      redirect_uri: v.redirectUri,
      code_verifier: v.codeVerifier,
    },
    fetch,
  );
  const grant = grantOf(json);
  const address = addressOf(json.id_token);
  if (!grant.refreshToken)
    throw new MailOAuthError('no refresh token in the answer (offline access not granted)');
  if (!address) throw new MailOAuthError('no e-mail address in the id_token');
  return { ...grant, refreshToken: grant.refreshToken, address };
}

/** A new access token from the refresh token; MailOAuthRevokedError when the provider no longer honours it. */
export async function refreshAccessToken(
  client: MailOAuthClient,
  refreshToken: string,
  fetch: SafeFetchOptions,
): Promise<AccessGrant> {
  return grantOf(
    await tokenRequest(client, { grant_type: 'refresh_token', refresh_token: refreshToken }, fetch),
  );
}
