import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { to: string[]; data: string };
export type TestSmtp = { port: number; received: ReceivedMail[]; close: () => Promise<void> };

/** Whether an OAuth server vouches for a bearer token as `user`'s: RFC 7662 introspection, as Dovecot asks it. */
async function bearerAccepted(introspectionUrl: string, user: string, token: string): Promise<boolean> {
  const res = await fetch(introspectionUrl, { method: 'POST', body: new URLSearchParams({ token }) });
  const answer = (await res.json()) as { active?: boolean; email?: string };
  return res.ok && answer.active === true && answer.email === user;
}

/**
 * A real SMTP server on a free local port, keeping the raw messages it receives. `refuse` turns recipients
 * away at RCPT TO (a bounce), as a real server does for an unknown mailbox; `login` requires AUTH; `oauth` requires
 * AUTH XOAUTH2 with a bearer token the OAuth server at `introspectionUrl` says is active for the login's user.
 */
export function startSmtp(
  opts: {
    refuse?: (address: string) => boolean;
    login?: { user: string; password: string };
    oauth?: { introspectionUrl: string };
  } = {},
): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const { login, oauth } = opts;
  const server = new SMTPServer({
    disabledCommands: login || oauth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    // With `login` or `oauth`, mail is accepted only after AUTH (plain text: a local test server).
    authOptional: !login && !oauth,
    authMethods: oauth ? ['XOAUTH2'] : ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    onAuth(auth, _session, done) {
      if (oauth && auth.method === 'XOAUTH2') {
        bearerAccepted(oauth.introspectionUrl, auth.username ?? '', auth.accessToken ?? '').then(
          (ok) => (ok ? done(null, { user: 1 }) : done(new Error('invalid bearer token'))),
          (error) => done(error),
        );
        return;
      }
      if (login && auth.username === login.user && auth.password === login.password)
        return done(null, { user: 1 });
      done(new Error('invalid credentials'));
    },
    logger: false,
    onData(stream, session, done) {
      let data = '';
      stream.on('data', (chunk: Buffer) => {
        data += chunk.toString('utf8');
      });
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        done();
      });
    },
    onRcptTo(address, _session, done) {
      if (opts.refuse?.(address.address)) return done(new Error('mailbox unavailable'));
      done();
    },
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.server.address() as AddressInfo).port,
        received,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    );
  });
}
