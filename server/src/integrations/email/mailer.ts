import nodemailer from 'nodemailer';

export type SmtpConfig = {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
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
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 10000,
  });
  try {
    const info = await transport.sendMail({ from: config.from, ...mail });
    return { messageId: info.messageId };
  } finally {
    transport.close();
  }
}
