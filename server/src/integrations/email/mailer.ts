import nodemailer from 'nodemailer';

export type SmtpConfig = {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  password: string | null;
  /** XOAUTH2 instead of the password (a user's Google or Microsoft 365 mailbox). */
  accessToken?: string | undefined;
  from: string;
  /** The server's name for TLS when `host` is the address it was resolved to (a user's mailbox). */
  servername?: string | undefined;
};

export type MailAttachment = { filename: string; content: Buffer; contentType: string };

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  replyTo?: string | undefined;
  /** Extra headers (a mass send's List-Unsubscribe). */
  headers?: Record<string, string> | undefined;
  /** Files sent along (a generated document). */
  attachments?: MailAttachment[] | undefined;
};

/**
 * Sends one message through the workspace's SMTP server. Bounded: a server that does not answer fails in
 * seconds instead of holding the request. Throws on refusal.
 */
export async function sendMail(config: SmtpConfig, mail: OutgoingMail): Promise<{ messageId: string }> {
  const transport = transportOf(config);
  try {
    const info = await transport.sendMail({ from: config.from, ...mail });
    return { messageId: info.messageId };
  } finally {
    transport.close();
  }
}

/** Connects and, when the config has a user, logs in; throws what the server or the network answered. */
export async function verifySmtp(config: SmtpConfig): Promise<void> {
  const transport = transportOf(config);
  try {
    await transport.verify();
  } finally {
    transport.close();
  }
}

function transportOf(config: SmtpConfig) {
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.servername ? { tls: { servername: config.servername } } : {}),
    ...(config.user
      ? {
          auth: config.accessToken
            ? { type: 'OAuth2' as const, user: config.user, accessToken: config.accessToken }
            : { user: config.user, pass: config.password ?? '' },
        }
      : {}),
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 10000,
  });
}
