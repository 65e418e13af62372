import { z } from 'zod';

/** A mail server's host name or IP address, as typed (no scheme, port or path). */
const ZMailHost = z
  .string()
  .trim()
  .min(1, 'required')
  .max(253, 'too_long')
  .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[?[0-9A-Fa-f:.]+\]?)$/, 'invalid_host');
const ZMailPort = z.number().int().min(1, 'invalid_value').max(65535, 'invalid_value');

/**
 * Minha caixa de e-mail: the user's own mailbox. IMAP reads the replies, SMTP sends from `address`. `secure`: TLS from
 * the connection (993 / 465); otherwise STARTTLS when the server offers it. The password is absent to keep the stored
 * one (required the first time).
 */
export const ZMailAccountRequest = z.object({
  address: z.email({ message: 'invalid_email' }).max(254, 'too_long'),
  imapHost: ZMailHost,
  imapPort: ZMailPort,
  imapSecure: z.boolean(),
  smtpHost: ZMailHost,
  smtpPort: ZMailPort,
  smtpSecure: z.boolean(),
  username: z.string().trim().min(1, 'required').max(254, 'too_long'),
  password: z.string().min(1, 'required').max(500, 'too_long').optional(),
});
export type MailAccountRequest = z.output<typeof ZMailAccountRequest>;

/**
 * How the mailbox logs in: its password, or OAuth (XOAUTH2) with the access Google or Microsoft 365 granted (the
 * "Conectar com…" buttons, shown for the providers the deployment configured).
 */
export const MAIL_AUTH_KINDS = ['password', 'google', 'microsoft'] as const;
export type MailAuthKind = (typeof MAIL_AUTH_KINDS)[number];
export type MailOAuthProviderName = Exclude<MailAuthKind, 'password'>;

/** The user's mailbox as the API answers it: never the password or a token, only whether a password is stored. */
export type MailAccount = Omit<MailAccountRequest, 'password'> & {
  id: string;
  authKind: MailAuthKind;
  passwordSet: boolean;
  /** The last poll of its INBOX: when, what it found, and the error of the last failed one (pt-BR). */
  polledAt: string | null;
  pollError: string | null;
  receivedCount: number;
  ignoredCount: number;
  version: number;
};

/** The outcome of logging into a mail server: `ok`, or why not. */
export const MAIL_CONNECTION_CODES = [
  'ok',
  'auth_failed',
  'refused',
  'not_found',
  'blocked',
  'timeout',
  'tls',
  'failed',
  /** Google or Microsoft no longer honours the access the user granted (revoked, expired): connect again. */
  'reconnect',
] as const;
export type MailConnectionCode = (typeof MAIL_CONNECTION_CODES)[number];

/** "Testar conexão": each server's login result, with a pt-BR sentence for the page. */
export type MailConnectionCheck = {
  ok: boolean;
  imap: { code: MailConnectionCode; message: string };
  smtp: { code: MailConnectionCode; message: string };
};
