import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { to: string[]; data: string };
export type TestSmtp = { port: number; received: ReceivedMail[]; close: () => Promise<void> };

/**
 * A real SMTP server on a free local port, keeping the raw messages it receives. `refuse` turns recipients
 * away at RCPT TO (a bounce), as a real server does for an unknown mailbox; `login` requires AUTH.
 */
export function startSmtp(
  opts: { refuse?: (address: string) => boolean; login?: { user: string; password: string } } = {},
): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const { login } = opts;
  const server = new SMTPServer({
    disabledCommands: login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    // With `login`, mail is accepted only after AUTH with those credentials (plain text: a local test server).
    authOptional: !login,
    allowInsecureAuth: true,
    onAuth(auth, _session, done) {
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
