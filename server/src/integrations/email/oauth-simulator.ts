import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OAuth 2.0 / OpenID Connect identity provider for tests and the demo, standing in for Google's and Microsoft's
 * (same protocol: Funil points FUNIL_GOOGLE_AUTH_URL / FUNIL_GOOGLE_TOKEN_URL, or the Microsoft pair, at it):
 *
 * - `GET /authorize`: the authorization endpoint. It approves the one configured test user at once (no login page) and
 *   redirects to `redirect_uri` with `code` and `state`, or with `error=access_denied` in the `deny` mode. Requires
 *   the configured `client_id` and a PKCE `code_challenge` (S256).
 * - `POST /token` (form-encoded): `authorization_code` (checks client secret, redirect URI and the PKCE verifier;
 *   answers an access token, a refresh token and an id_token with the user's `email`) and `refresh_token` (a new
 *   access token; `invalid_grant` once the refresh token was revoked).
 * - `POST /introspect` (form `token=`, RFC 7662) or `GET /introspect?token=`: `{active, email, username, exp}` of an
 *   access token — what a mail server (Dovecot's oauth2 passdb, the test SMTP server) asks to accept an XOAUTH2 login.
 *
 * Control routes: `GET /__sim/state` (counts), `POST /__sim/expire` (every access token expires: the next use must
 * refresh), `POST /__sim/revoke` (every token, refresh ones too, is revoked, as when the user removes the app's access),
 * `POST /__sim/deny` (the next authorizations are refused by the "user").
 */
export type OAuthSimulator = {
  url: string;
  /** What the simulator served so far. */
  state: () => { authorizations: number; codeExchanges: number; refreshes: number; introspections: number };
  close: () => Promise<void>;
};

export type OAuthSimulatorOptions = {
  port?: number;
  clientId: string;
  clientSecret: string;
  /** The mailbox the simulated user has (the id_token's `email`). */
  email: string;
  /** Lifetime of an access token, in seconds. */
  expiresIn?: number;
};

type PendingCode = { redirectUri: string; challenge: string; scope: string; expires: number };
type AccessToken = { email: string; expires: number };

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const token = (prefix: string) => `${prefix}.${randomBytes(24).toString('base64url')}`;

/** An id_token as a provider's token endpoint answers it (its signature is not checked: it came over the TLS call). */
function idToken(clientId: string, email: string): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: 'funil-oauth-sim', aud: clientId, sub: b64url(email), email, email_verified: true };
  return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify({ ...claims, iat: now, exp: now + 3600 }))}.`;
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function startOAuthSimulator(opts: OAuthSimulatorOptions): Promise<OAuthSimulator> {
  const expiresIn = opts.expiresIn ?? 3600;
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, AccessToken>();
  const refreshTokens = new Set<string>();
  const counts = { authorizations: 0, codeExchanges: 0, refreshes: 0, introspections: 0 };
  let deny = false;

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const oauthError = (res: http.ServerResponse, status: number, error: string, description: string) =>
    json(res, status, { error, error_description: description });

  const introspect = (value: string) => {
    const found = accessTokens.get(value);
    if (!found || found.expires <= Date.now()) return { active: false };
    return { active: true, email: found.email };
  };

  /** Client authentication: form fields (client_secret_post) or HTTP Basic (client_secret_basic). */
  const clientOk = (req: http.IncomingMessage, form: URLSearchParams) => {
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic
      ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent)
      : [form.get('client_id'), form.get('client_secret')];
    return id === opts.clientId && sameText(secret ?? '', opts.clientSecret);
  };

  const issue = () => {
    const access = token('sim-at');
    accessTokens.set(access, { email: opts.email, expires: Date.now() + expiresIn * 1000 });
    return access;
  };

  const authorize = (url: URL, res: http.ServerResponse) => {
    const p = url.searchParams;
    const redirectUri = p.get('redirect_uri');
    if (p.get('client_id') !== opts.clientId || !redirectUri) {
      return oauthError(res, 400, 'invalid_request', 'unknown client_id or missing redirect_uri');
    }
    const back = new URL(redirectUri);
    const state = p.get('state');
    if (state) back.searchParams.set('state', state);
    const challenge = p.get('code_challenge');
    if (deny) back.searchParams.set('error', 'access_denied');
    else if (p.get('response_type') !== 'code' || !challenge || p.get('code_challenge_method') !== 'S256') {
      back.searchParams.set('error', 'invalid_request');
    } else {
      counts.authorizations++;
      const code = token('sim-code');
      codes.set(code, { redirectUri, challenge, scope: p.get('scope') ?? '', expires: Date.now() + 60_000 });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { location: back.toString() });
    res.end();
  };

  const tokenEndpoint = (req: http.IncomingMessage, form: URLSearchParams, res: http.ServerResponse) => {
    if (!clientOk(req, form)) return oauthError(res, 401, 'invalid_client', 'client authentication failed');
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (!code || code.expires <= Date.now() || code.redirectUri !== form.get('redirect_uri')) {
        return oauthError(
          res,
          400,
          'invalid_grant',
          'unknown, used or expired code, or another redirect_uri',
        );
      }
      if (b64url(createHash('sha256').update(verifier).digest()) !== code.challenge) {
        return oauthError(res, 400, 'invalid_grant', 'PKCE verification failed');
      }
      counts.codeExchanges++;
      const refresh = token('sim-rt');
      refreshTokens.add(refresh);
      return json(res, 200, {
        access_token: issue(),
        token_type: 'Bearer',
        expires_in: expiresIn,
        refresh_token: refresh,
        scope: code.scope,
        id_token: idToken(opts.clientId, opts.email),
      });
    }
    if (grant === 'refresh_token') {
      if (!refreshTokens.has(form.get('refresh_token') ?? '')) {
        return oauthError(res, 400, 'invalid_grant', 'Token has been expired or revoked.');
      }
      counts.refreshes++;
      return json(res, 200, { access_token: issue(), token_type: 'Bearer', expires_in: expiresIn });
    }
    return oauthError(res, 400, 'unsupported_grant_type', `grant_type ${grant} is not supported`);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    req.on('end', () => {
      const form = new URLSearchParams(raw);
      const route = `${req.method} ${url.pathname}`;
      if (route === 'GET /authorize') return authorize(url, res);
      if (route === 'POST /token') return tokenEndpoint(req, form, res);
      if (route === 'POST /introspect' || route === 'GET /introspect') {
        counts.introspections++;
        const value = form.get('token') ?? url.searchParams.get('token') ?? '';
        const result = introspect(value);
        return json(res, 200, result.active ? { ...result, username: result.email } : result);
      }
      if (route === 'GET /__sim/state') return json(res, 200, { ...counts, deny });
      if (route === 'POST /__sim/expire') {
        for (const t of accessTokens.values()) t.expires = 0;
        return json(res, 200, { ok: true });
      }
      if (route === 'POST /__sim/revoke') {
        accessTokens.clear();
        refreshTokens.clear();
        return json(res, 200, { ok: true });
      }
      if (route === 'POST /__sim/deny') {
        deny = true;
        return json(res, 200, { ok: true });
      }
      json(res, 404, { error: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state: () => ({ ...counts }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
