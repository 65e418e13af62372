import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/pool.ts';
import {
  authorizationUrl,
  exchangeCode,
  type MailOAuthClient,
  type MailOAuthProvider,
  pkcePair,
} from '../../integrations/email/mail-oauth.ts';
import { DomainError } from '../../lib/errors.ts';
import { randomToken, sha256 } from '../../lib/hashing.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import * as repo from './mail-accounts.repository.ts';
import type { MailHostRules } from './mail-connection.ts';

// "Conectar com Google / Microsoft 365": the authorization code flow with PKCE. The flow's state (the `state` value,
// the PKCE verifier, who started it and in which session) rides in a cookie sealed with the server key, so any
// instance can finish it and nothing is stored until the provider granted access.

/** How long the user may take at the provider's consent page. */
const FLOW_MS = 10 * 60_000;

type Flow = {
  provider: MailOAuthProvider;
  state: string;
  verifier: string;
  user: string;
  session: string;
  until: number;
};

/** How the connection ended, for the page (`/mail-account?oauth=…`). */
export type MailOAuthOutcome = 'connected' | 'denied' | 'invalid_state' | 'failed';

/** The deployment's OAuth client of a provider; 404 `mail-oauth-not-configured` when it has none. */
export function oauthClientOf(rules: MailHostRules, provider: MailOAuthProvider): MailOAuthClient {
  const client = rules.oauth[provider];
  if (!client) {
    throw new DomainError('mail-oauth-not-configured', 404, {
      detail: `O login com ${provider === 'google' ? 'Google' : 'Microsoft 365'} não está configurado neste servidor: conecte sua caixa com usuário e senha.`,
    });
  }
  return client;
}

/** The session a flow is bound to, by digest (the session token itself never goes into the cookie). */
const sessionOf = (sessionToken: string) => sha256(`mail-oauth:${sessionToken}`);

/**
 * Starts connecting the user's mailbox with a provider: the provider's authorization URL to send the browser to, and the
 * sealed flow to keep in a short-lived cookie until the callback.
 */
export function startMailOAuth(
  secrets: SecretBox,
  rules: MailHostRules,
  actor: Actor,
  sessionToken: string,
  provider: MailOAuthProvider,
  redirectUri: string,
): { location: string; sealedFlow: string; maxAgeSeconds: number } {
  const client = oauthClientOf(rules, provider);
  const { verifier, challenge } = pkcePair();
  const flow: Flow = {
    provider,
    state: randomToken(24),
    verifier,
    user: `${actor.workspaceId}:${actor.userId}`,
    session: sessionOf(sessionToken),
    until: Date.now() + FLOW_MS,
  };
  return {
    location: authorizationUrl(client, { redirectUri, state: flow.state, codeChallenge: challenge }),
    sealedFlow: secrets.seal(JSON.stringify(flow)),
    maxAgeSeconds: FLOW_MS / 1000,
  };
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function openFlow(secrets: SecretBox, sealed: string | undefined): Flow | null {
  if (!sealed) return null;
  try {
    return JSON.parse(secrets.open(sealed)) as Flow;
  } catch {
    return null;
  }
}

/**
 * Finishes the flow at the callback: the `state` must be the one of the flow this same user started in this same
 * session, for this provider, minutes ago. Then the code is exchanged (with the PKCE verifier) and the mailbox is
 * connected with the address the provider vouched for, its refresh token sealed. A user who refused at the provider
 * is `denied`; a token endpoint that fails is `failed`; nothing is stored then.
 */
export async function finishMailOAuth(
  db: Db,
  secrets: SecretBox,
  rules: MailHostRules,
  actor: Actor,
  sessionToken: string,
  provider: MailOAuthProvider,
  sealedFlow: string | undefined,
  query: { code?: string | undefined; state?: string | undefined; error?: string | undefined },
  redirectUri: string,
): Promise<MailOAuthOutcome> {
  const client = oauthClientOf(rules, provider);
  const flow = openFlow(secrets, sealedFlow);
  if (
    !flow ||
    flow.until < Date.now() ||
    flow.provider !== provider ||
    flow.user !== `${actor.workspaceId}:${actor.userId}` ||
    !sameText(flow.session, sessionOf(sessionToken)) ||
    !sameText(flow.state, query.state ?? '')
  ) {
    return 'invalid_state';
  }
  if (query.error || !query.code) return query.error === 'access_denied' ? 'denied' : 'failed';
  let grant: Awaited<ReturnType<typeof exchangeCode>>;
  try {
    grant = await exchangeCode(
      client,
      { code: query.code, redirectUri, codeVerifier: flow.verifier },
      rules.oauthFetch,
    );
  } catch {
    return 'failed';
  }
  await repo.upsertOAuthAccount(db, actor.workspaceId, actor.userId, {
    authKind: provider,
    address: grant.address,
    imapHost: client.imap.host,
    imapPort: client.imap.port,
    imapSecure: client.imap.secure,
    smtpHost: client.smtp.host,
    smtpPort: client.smtp.port,
    smtpSecure: client.smtp.secure,
    refreshTokenSealed: secrets.seal(grant.refreshToken),
    accessTokenSealed: secrets.seal(grant.accessToken),
    accessTokenExpiresAt: grant.expiresAt,
  });
  return 'connected';
}
