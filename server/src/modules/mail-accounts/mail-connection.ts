import type { MailConnectionCode } from '@funil/domain';
import type { Env } from '../../config/env.ts';
import type { ImapConfig } from '../../integrations/email/imap.ts';
import {
  type MailOAuthClients,
  MailOAuthRevokedError,
  mailOAuthClients,
} from '../../integrations/email/mail-oauth.ts';
import type { SmtpConfig } from '../../integrations/email/mailer.ts';
import { BlockedTargetError, resolveSafeHost, type SafeFetchOptions } from '../../lib/safe-fetch.ts';
import type { MailAccountRow } from './mail-accounts.repository.ts';

/**
 * What reaching users' mail servers takes from the deployment: which addresses a server may have
 * (FUNIL_OUTBOUND_ALLOW_LOOPBACK, FUNIL_MAIL_ALLOW_PRIVATE), and the OAuth clients of Google and Microsoft 365 with how
 * their token endpoints are reached (operator-set addresses: private ones allowed, loopback as configured).
 */
export type MailHostRules = {
  allowLoopback: boolean;
  allowPrivate: boolean;
  oauth: MailOAuthClients;
  oauthFetch: SafeFetchOptions;
};

export const mailHostRules = (
  env: Pick<Env, 'FUNIL_OUTBOUND_ALLOW_LOOPBACK' | 'FUNIL_MAIL_ALLOW_PRIVATE'> &
    Parameters<typeof mailOAuthClients>[0],
): MailHostRules => ({
  allowLoopback: env.FUNIL_OUTBOUND_ALLOW_LOOPBACK,
  allowPrivate: env.FUNIL_MAIL_ALLOW_PRIVATE,
  oauth: mailOAuthClients(env),
  oauthFetch: { allowLoopback: env.FUNIL_OUTBOUND_ALLOW_LOOPBACK, allowPrivate: true, timeoutMs: 10_000 },
});

/** How a mailbox logs in: its password, or an OAuth access token (XOAUTH2). */
export type MailLogin = { password: string } | { accessToken: string };

/**
 * The checked address of a host a user typed: every address it resolves to must be allowed, and the connection goes
 * to the address checked (a DNS answer that changes between check and connect cannot reach the inside).
 */
export async function checkedHost(host: string, rules: MailHostRules): Promise<string> {
  return (await resolveSafeHost(host, rules.allowLoopback, rules.allowPrivate)).address;
}

const credentialsOf = (login: MailLogin) =>
  'accessToken' in login ? { password: null, accessToken: login.accessToken } : { password: login.password };

export async function imapConfigOf(
  account: MailAccountRow,
  login: MailLogin,
  rules: MailHostRules,
): Promise<ImapConfig> {
  return {
    host: await checkedHost(account.imapHost, rules),
    servername: account.imapHost,
    port: account.imapPort,
    secure: account.imapSecure,
    user: account.username,
    ...credentialsOf(login),
  };
}

export async function smtpConfigOf(
  account: MailAccountRow,
  login: MailLogin,
  rules: MailHostRules,
): Promise<SmtpConfig> {
  return {
    host: await checkedHost(account.smtpHost, rules),
    servername: account.smtpHost,
    port: account.smtpPort,
    secure: account.smtpSecure,
    user: account.username,
    ...credentialsOf(login),
    from: account.address,
  };
}

type NetError = { code?: string; responseCode?: number; authenticationFailed?: boolean; message?: string };

/** What a failed login or connection means for the user, as a stable code (the page words it). */
export function connectionFailure(error: unknown): MailConnectionCode {
  const e = (error ?? {}) as NetError;
  const code = e.code ?? '';
  if (error instanceof BlockedTargetError)
    return /does not resolve/.test(e.message ?? '') ? 'not_found' : 'blocked';
  if (error instanceof MailOAuthRevokedError) return 'reconnect';
  if (e.authenticationFailed || code === 'EAUTH' || e.responseCode === 535) return 'auth_failed';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'not_found';
  if (/TIMEOUT|ETIMEDOUT/i.test(code) || /timed? ?out/i.test(e.message ?? '')) return 'timeout';
  if (/^ERR_TLS|^ERR_SSL|CERT|SELF_SIGNED/.test(code) || /TLS|SSL|certificate/i.test(e.message ?? ''))
    return 'tls';
  return 'failed';
}

const SERVER_NAME = { imap: 'IMAP', smtp: 'SMTP' } as const;

/** The pt-BR sentence for a connection result (what "Testar conexão" and the poll's last error say). */
export function connectionMessage(server: 'imap' | 'smtp', code: MailConnectionCode): string {
  const name = SERVER_NAME[server];
  switch (code) {
    case 'ok':
      return `Conectado ao servidor ${name}: acesso aceito.`;
    case 'auth_failed':
      return `O servidor ${name} recusou o usuário ou a senha.`;
    case 'refused':
      return `O servidor ${name} recusou a conexão: confira o servidor e a porta.`;
    case 'not_found':
      return `Servidor ${name} não encontrado: confira o nome.`;
    case 'blocked':
      return `O servidor ${name} está numa rede interna, que o Funil não acessa.`;
    case 'timeout':
      return `O servidor ${name} não respondeu a tempo.`;
    case 'tls':
      return `Falha na conexão segura (TLS) com o servidor ${name}: confira a porta e a opção TLS.`;
    case 'failed':
      return `Não foi possível conectar ao servidor ${name}.`;
    case 'reconnect':
      return 'O Google ou a Microsoft não aceitam mais o acesso do Funil à sua caixa (revogado ou expirado): conecte-a de novo em Minha caixa de e-mail.';
  }
}
