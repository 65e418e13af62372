import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

/**
 * A real IMAP server: Debian's Dovecot (`apt-get install -y dovecot-imapd`; .ci/run installs it), started for a test as
 * an unprivileged process with a config of its own in a temp folder — passwd-file logins, Maildir in the folder,
 * plain IMAP on a free loopback port. As root it runs as the package's `dovecot` user.
 */
export type TestImap = {
  port: number;
  /** Adds a mailbox user (Dovecot reads the passwd file on each login). */
  addUser: (user: string, password: string) => Promise<void>;
  /** IMAP APPEND of a raw RFC 5322 message to the user's INBOX, as a mail server delivering it would leave it. */
  /** Puts a message in the user's INBOX; `internalDate` is when the server says it arrived (default: now). */
  append: (user: string, password: string, raw: string, internalDate?: Date) => Promise<void>;
  close: () => Promise<void>;
};

const DOVECOT = '/usr/sbin/dovecot';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function osUser(): { name: string; uid: number; gid: number } {
  if (process.getuid?.() !== 0) {
    const me = userInfo();
    return { name: me.username, uid: me.uid, gid: me.gid };
  }
  const id = (flag: string) => Number(execFileSync('id', [flag, 'dovecot'], { encoding: 'utf8' }).trim());
  return { name: 'dovecot', uid: id('-u'), gid: id('-g') };
}

/** Waits until the server greets on its port (it forks its login and auth processes first). */
async function greeted(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`dovecot did not answer on ${port}: ${log()}`);
}

/**
 * `oauth2`: XOAUTH2 / OAUTHBEARER logins are accepted too, their bearer token checked by Dovecot's oauth2 passdb at
 * the introspection URL of an OAuth server (RFC 7662, form POST; the `email` it answers must be the login's user).
 */
export async function startDovecot(opts: { oauth2?: { introspectionUrl: string } } = {}): Promise<TestImap> {
  if (!existsSync(DOVECOT)) {
    throw new Error("Debian's Dovecot is missing: apt-get install -y dovecot-imapd (.ci/run installs it)");
  }
  const user = osUser();
  const base = await mkdtemp(path.join(tmpdir(), 'funil-dovecot-'));
  const port = await freePort();
  const passwd = path.join(base, 'passwd');
  const logFile = path.join(base, 'dovecot.log');
  await mkdir(path.join(base, 'mail'));
  await writeFile(passwd, '');
  const oauth2Conf = path.join(base, 'dovecot-oauth2.conf.ext');
  if (opts.oauth2) {
    await writeFile(
      oauth2Conf,
      `introspection_mode = post
introspection_url = ${opts.oauth2.introspectionUrl}
username_attribute = email
active_attribute = active
active_value = true
`,
    );
  }
  await writeFile(
    path.join(base, 'dovecot.conf'),
    `# A throwaway IMAP server for one test file (server/test/test-dovecot.ts)
base_dir = ${base}/run
state_dir = ${base}/state
log_path = ${logFile}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login${opts.oauth2 ? ' xoauth2 oauthbearer' : ''}
# A refused login answers at once (the default waits 2 s, against guessing).
auth_failure_delay = 0
first_valid_uid = 1
first_valid_gid = 1
default_internal_user = ${user.name}
default_internal_group = ${user.name}
default_login_user = ${user.name}
mail_location = maildir:${base}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${passwd}
}
${
  opts.oauth2
    ? `passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${oauth2Conf}
}`
    : ''
}
userdb {
  driver = static
  args = uid=${user.uid} gid=${user.gid} home=${base}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
`,
  );
  if (process.getuid?.() === 0) {
    for (const p of [base, passwd, path.join(base, 'mail'), path.join(base, 'dovecot.conf')].concat(
      opts.oauth2 ? [oauth2Conf] : [],
    )) {
      await chown(p, user.uid, user.gid);
    }
  }
  const args = ['-F', '-c', path.join(base, 'dovecot.conf')];
  const child =
    process.getuid?.() === 0
      ? spawn('runuser', ['-u', user.name, '--', DOVECOT, ...args], { stdio: 'pipe' })
      : spawn(DOVECOT, args, { stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  await greeted(port, child, () => output);
  const users: string[] = [];
  return {
    port,
    addUser: async (name, password) => {
      users.push(`${name}:{PLAIN}${password}`);
      await writeFile(passwd, `${users.join('\n')}\n`);
    },
    append: async (name, password, raw, internalDate) => {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port,
        secure: false,
        auth: { user: name, pass: password },
        logger: false,
      });
      await client.connect();
      try {
        await client.append('INBOX', raw, [], internalDate);
      } finally {
        await client.logout();
      }
    },
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(base, { recursive: true, force: true });
    },
  };
}
