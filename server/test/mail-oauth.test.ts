import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OAuthSimulator, startOAuthSimulator } from '../src/integrations/email/oauth-simulator.ts';
import { mailHostRules } from '../src/modules/mail-accounts/mail-accounts.service.ts';
import { pollMailAccount } from '../src/modules/mail-replies/mail-replies.service.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, personBody } from './opportunity-fixtures.ts';
import { startDovecot, type TestImap } from './test-dovecot.ts';
import { startSmtp, type TestSmtp } from './test-smtp.ts';

// Minha caixa de e-mail connected with OAuth (Google here; Microsoft is the same flow with other settings): the
// authorization code flow with PKCE against the local OAuth simulator over HTTP, then XOAUTH2 logins that the servers
// check with that simulator — Debian's Dovecot through its oauth2 passdb (token introspection), the test SMTP server
// through the same introspection endpoint.

let ctx: TestContext;
let sim: OAuthSimulator;
let imap: TestImap;
let smtp: TestSmtp;
let broker: TestUser;
let otherBroker: TestUser;
let workspaceId: string;

const MAILBOX = 'carla.corretora@gmail.test';
/** Only for putting messages in the INBOX; Funil never has it. */
const DELIVERY_PASSWORD = 'entrega-local';

beforeAll(async () => {
  sim = await startOAuthSimulator({
    clientId: 'funil-google',
    clientSecret: 'segredo-google',
    email: MAILBOX,
  });
  const introspectionUrl = `${sim.url}/introspect`;
  [imap, smtp] = await Promise.all([
    startDovecot({ oauth2: { introspectionUrl } }),
    startSmtp({ oauth: { introspectionUrl } }),
  ]);
  await imap.addUser(MAILBOX, DELIVERY_PASSWORD);
  ctx = await createTestContext({
    env: {
      FUNIL_OUTBOUND_ALLOW_LOOPBACK: 'true',
      FUNIL_GOOGLE_CLIENT_ID: 'funil-google',
      FUNIL_GOOGLE_CLIENT_SECRET: 'segredo-google',
      FUNIL_GOOGLE_AUTH_URL: `${sim.url}/authorize`,
      FUNIL_GOOGLE_TOKEN_URL: `${sim.url}/token`,
      FUNIL_GOOGLE_IMAP: `imap://127.0.0.1:${imap.port}`,
      FUNIL_GOOGLE_SMTP: `smtp://127.0.0.1:${smtp.port}`,
    },
  });
  ({ workspaceId } = await createWorkspace(ctx.db));
  broker = await createUser(ctx, workspaceId, 'broker', { name: 'Carla Corretora' });
  otherBroker = await createUser(ctx, workspaceId, 'broker', { name: 'Beto Corretor' });
});
afterAll(async () => {
  await ctx?.close();
  await imap?.close();
  await smtp?.close();
  await sim?.close();
});

const simPost = (path: string) => fetch(`${sim.url}${path}`, { method: 'POST' });

/** Starts the flow as `user`: the provider URL it redirects to and the flow cookie it set. */
async function start(user: TestUser, provider = 'google') {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/me/mail-account/oauth/${provider}/start`,
    headers: { cookie: user.cookie },
  });
  const flow = res.cookies.find((c) => c.name === 'funil_mail_oauth');
  return {
    res,
    location: String(res.headers.location ?? ''),
    flowCookie: flow ? `funil_mail_oauth=${flow.value}` : '',
  };
}

/** The browser at the provider: the simulator approves (or denies) and sends it back to Funil's callback. */
async function authorize(location: string): Promise<URL> {
  const res = await fetch(location, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string);
}

async function callback(user: TestUser, back: URL, flowCookie: string) {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `${back.pathname}${back.search}`,
    headers: { cookie: `${user.cookie}; ${flowCookie}` },
  });
  return { status: res.statusCode, location: String(res.headers.location ?? '') };
}

const pollDeps = () => ({ db: ctx.db, secrets: ctx.secrets, hosts: mailHostRules(ctx.env) });
const accountId = async () => (await call(ctx, broker, 'GET', '/me/mail-account')).body.account.id as string;

describe('a mailbox connected with OAuth', () => {
  it('offers only the configured providers; another one answers problem+json', async () => {
    const mine = await call(ctx, broker, 'GET', '/me/mail-account');
    expect(mine.body).toEqual({ account: null, version: 0, oauthProviders: ['google'] });
    const microsoft = await start(broker, 'microsoft');
    expect(microsoft.res.statusCode).toBe(404);
    expect(microsoft.res.headers['content-type']).toContain('application/problem+json');
    expect(microsoft.res.json()).toMatchObject({ code: 'mail-oauth-not-configured' });
    expect(microsoft.flowCookie).toBe('');
  });

  it('connects through the code flow with PKCE, bound to the session that started it; the refresh token is sealed', async () => {
    const { res, location, flowCookie } = await start(broker);
    expect(res.statusCode).toBe(302);
    const authorizeUrl = new URL(location);
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${sim.url}/authorize`);
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('scope')).toContain('https://mail.google.com/');
    expect(flowCookie).not.toBe('');
    const back = await authorize(location);
    expect(back.pathname).toBe('/api/v1/me/mail-account/oauth/google/callback');
    expect(back.searchParams.get('code')).toBeTruthy();

    // Another user's session with this flow (a link planted in their browser) connects nothing.
    expect((await callback(otherBroker, back, flowCookie)).location).toBe(
      '/mail-account?oauth=invalid_state&provider=google',
    );
    // A forged state neither.
    const forged = new URL(back);
    forged.searchParams.set('state', 'outro-state');
    expect((await callback(broker, forged, flowCookie)).location).toContain('oauth=invalid_state');
    expect((await call(ctx, otherBroker, 'GET', '/me/mail-account')).body.account).toBeNull();
    expect((await call(ctx, broker, 'GET', '/me/mail-account')).body.account).toBeNull();

    const done = await callback(broker, back, flowCookie);
    expect(done).toEqual({ status: 302, location: '/mail-account?oauth=connected&provider=google' });
    const mine = await call(ctx, broker, 'GET', '/me/mail-account');
    expect(mine.body.account).toMatchObject({
      authKind: 'google',
      address: MAILBOX,
      username: MAILBOX,
      passwordSet: false,
      imapHost: '127.0.0.1',
      imapPort: imap.port,
      smtpPort: smtp.port,
      version: 1,
    });
    const stored = await ctx.db.query(
      'SELECT password_sealed, refresh_token_sealed, access_token_sealed FROM mail_accounts WHERE workspace_id = $1',
      [workspaceId],
    );
    expect(stored.rows[0].password_sealed).toBeNull();
    expect(stored.rows[0].refresh_token_sealed).toMatch(/^v1:/);
    expect(stored.rows[0].refresh_token_sealed).not.toContain('sim-rt');
    expect(stored.rows[0].access_token_sealed).not.toContain('sim-at');
    // The code was used once: the same callback again fails at the token endpoint and changes nothing.
    expect((await callback(broker, back, flowCookie)).location).toContain('oauth=failed');
    expect((await call(ctx, broker, 'GET', '/me/mail-account')).body.account.version).toBe(1);
  });

  it('logs into Dovecot and the SMTP server with XOAUTH2, sends from the address, and reads the replies', async () => {
    const before = sim.state().introspections;
    const check = await call(ctx, broker, 'POST', '/me/mail-account/test');
    expect(check.body).toMatchObject({ ok: true, imap: { code: 'ok' }, smtp: { code: 'ok' } });
    // Both servers asked the OAuth server about the token (Dovecot's oauth2 passdb and the SMTP server).
    expect(sim.state().introspections).toBeGreaterThanOrEqual(before + 2);

    const person = await call(ctx, broker, 'POST', '/people', personBody({ ownerId: broker.id }));
    const address: string = person.body.emails[0].address;
    const sent = await call(ctx, broker, 'POST', `/people/${person.body.id}/emails`, {
      to: address,
      subject: 'Proposta',
      body: 'Segue a proposta.',
    });
    expect(sent.status).toBe(201);
    expect(smtp.received.at(-1)?.data).toMatch(new RegExp(`^From: ${MAILBOX}`, 'm'));

    await imap.append(
      MAILBOX,
      DELIVERY_PASSWORD,
      [
        `From: Cliente <${address}>`,
        `To: ${MAILBOX}`,
        'Subject: Re: Proposta',
        'Message-ID: <resposta-oauth@cliente.test>',
        `Date: ${new Date().toUTCString()}`,
        '',
        'Gostei, vamos fechar.',
        '',
      ].join('\r\n'),
    );
    const polled = await pollMailAccount(pollDeps(), workspaceId, await accountId());
    expect(polled).toEqual({ received: 1, ignored: 0, duplicates: 0, error: null });
  });

  it('refreshes an expired access token with the refresh token and keeps the new one sealed', async () => {
    const id = await accountId();
    const { refreshes } = sim.state();
    // Time passes: the provider's tokens expire, and so does the one Funil keeps.
    await simPost('/__sim/expire');
    await ctx.db.query('UPDATE mail_accounts SET access_token_expires_at = now() WHERE workspace_id = $1', [
      workspaceId,
    ]);
    const sealedBefore = (
      await ctx.db.query('SELECT access_token_sealed FROM mail_accounts WHERE workspace_id = $1', [
        workspaceId,
      ])
    ).rows[0].access_token_sealed;
    const polled = await pollMailAccount(pollDeps(), workspaceId, id);
    expect(polled?.error).toBeNull();
    expect(sim.state().refreshes).toBe(refreshes + 1);
    const after = await ctx.db.query(
      "SELECT access_token_sealed, access_token_expires_at > now() + interval '30 minutes' AS fresh FROM mail_accounts WHERE workspace_id = $1",
      [workspaceId],
    );
    expect(after.rows[0]).toMatchObject({ fresh: true });
    expect(after.rows[0].access_token_sealed).not.toBe(sealedBefore);
    // The fresh token is used as it is until it expires: no refresh for the next login.
    expect((await call(ctx, broker, 'POST', '/me/mail-account/test')).body.ok).toBe(true);
    expect(sim.state().refreshes).toBe(refreshes + 1);
  });

  it('tells the user to reconnect when the provider revoked the access', async () => {
    await simPost('/__sim/revoke');
    await ctx.db.query('UPDATE mail_accounts SET access_token_expires_at = now() WHERE workspace_id = $1', [
      workspaceId,
    ]);
    const reconnect =
      'O Google ou a Microsoft não aceitam mais o acesso do Funil à sua caixa (revogado ou expirado): conecte-a de novo em Minha caixa de e-mail.';
    const polled = await pollMailAccount(pollDeps(), workspaceId, await accountId());
    expect(polled?.error).toBe(reconnect);
    expect((await call(ctx, broker, 'GET', '/me/mail-account')).body.account.pollError).toBe(reconnect);
    const check = await call(ctx, broker, 'POST', '/me/mail-account/test');
    expect(check.body).toMatchObject({ ok: false, imap: { code: 'reconnect' }, smtp: { code: 'reconnect' } });
    const person = await call(ctx, broker, 'POST', '/people', personBody({ ownerId: broker.id }));
    const send = await call(ctx, broker, 'POST', `/people/${person.body.id}/emails`, {
      to: person.body.emails[0].address,
      subject: 'Oi',
      body: 'Tudo bem?',
    });
    expect(send.status).toBe(409);
    expect(send.body.detail).toBe(reconnect);
  });

  it('switches to a password only with the password, and a refusal at the provider connects nothing', async () => {
    const noPassword = await call(
      ctx,
      broker,
      'PUT',
      '/me/mail-account',
      {
        address: MAILBOX,
        imapHost: '127.0.0.1',
        imapPort: imap.port,
        imapSecure: false,
        smtpHost: '127.0.0.1',
        smtpPort: smtp.port,
        smtpSecure: false,
        username: MAILBOX,
      },
      { 'if-match': '"1"' },
    );
    expect(noPassword.status).toBe(422);
    expect(noPassword.body.errors).toMatchObject([{ field: 'password', code: 'required' }]);

    await simPost('/__sim/deny');
    const { location, flowCookie } = await start(otherBroker);
    const back = await authorize(location);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect((await callback(otherBroker, back, flowCookie)).location).toBe(
      '/mail-account?oauth=denied&provider=google',
    );
    expect((await call(ctx, otherBroker, 'GET', '/me/mail-account')).body.account).toBeNull();
  });
});
