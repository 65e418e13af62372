import type { MailConnectionCode } from '@funil/domain';
import type { Env } from '../../config/env.ts';
import type { ImapConfig } from '../../integrations/email/imap.ts';
import type { SmtpConfig } from '../../integrations/email/mailer.ts';
import { BlockedTargetError, resolveSafeHost } from '../../lib/safe-fetch.ts';
import type { MailAccountRow } from './mail-accounts.repository.ts';

/** Which addresses a user's mail server may have (FUNIL_OUTBOUND_ALLOW_LOOPBACK, FUNIL_MAIL_ALLOW_PRIVATE). */
export type MailHostRules = { allowLoopback: boolean; allowPrivate: boolean };

export const mailHostRules = (
  env: Pick<Env, 'FUNIL_OUTBOUND_ALLOW_LOOPBACK' | 'FUNIL_MAIL_ALLOW_PRIVATE'>,
): MailHostRules => ({
  allowLoopback: env.FUNIL_OUTBOUND_ALLOW_LOOPBACK,
  allowPrivate: env.FUNIL_MAIL_ALLOW_PRIVATE,
});

/**
 * The checked address of a host a user typed: every address it resolves to must be allowed, and the connection goes
 * to the address checked (a DNS answer that changes between check and connect cannot reach the inside).
 */
export async function checkedHost(host: string, rules: MailHostRules): Promise<string> {
  return (await resolveSafeHost(host, rules.allowLoopback, rules.allowPrivate)).address;
}

export async function imapConfigOf(
  account: MailAccountRow,
  password: string,
  rules: MailHostRules,
): Promise<ImapConfig> {
  return {
    host: await checkedHost(account.imapHost, rules),
    servername: account.imapHost,
    port: account.imapPort,
    secure: account.imapSecure,
    user: account.username,
    password,
  };
}

export async function smtpConfigOf(
  account: MailAccountRow,
  password: string,
  rules: MailHostRules,
): Promise<SmtpConfig> {
  return {
    host: await checkedHost(account.smtpHost, rules),
    servername: account.smtpHost,
    port: account.smtpPort,
    secure: account.smtpSecure,
    user: account.username,
    password,
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
      return `Conectado ao servidor ${name}: usuário e senha aceitos.`;
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
  }
}
