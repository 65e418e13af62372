import type { MailAccount, MailAccountRequest, MailConnectionCheck, MailConnectionCode } from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { type ImapConfig, verifyImapLogin } from '../../integrations/email/imap.ts';
import {
  MAIL_OAUTH_PROVIDERS,
  MailOAuthError,
  type MailOAuthProvider,
  MailOAuthRevokedError,
  refreshAccessToken,
} from '../../integrations/email/mail-oauth.ts';
import { type SmtpConfig, verifySmtp } from '../../integrations/email/mailer.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import { BlockedTargetError } from '../../lib/safe-fetch.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import * as repo from './mail-accounts.repository.ts';
import {
  checkedHost,
  connectionFailure,
  connectionMessage,
  imapConfigOf,
  type MailHostRules,
  type MailLogin,
  smtpConfigOf,
} from './mail-connection.ts';

export type { MailHostRules } from './mail-connection.ts';
export { connectionFailure, connectionMessage, mailHostRules } from './mail-connection.ts';

/** What the API shows of a mailbox: never the password or the cursor. */
function present(row: repo.MailAccountRow): MailAccount {
  const {
    workspaceId: _w,
    userId: _u,
    passwordSealed: _p,
    refreshTokenSealed: _rt,
    accessTokenSealed: _at,
    accessTokenExpiresAt: _ae,
    uidValidity: _v,
    lastUid: _l,
    readSince: _r,
    ...account
  } = row;
  return account;
}

export type MyMailAccount = {
  account: MailAccount | null;
  version: number;
  /** The providers whose "Conectar com…" the page offers (the deployment configured their OAuth client). */
  oauthProviders: MailOAuthProvider[];
};

/** The signed-in user's mailbox (null: none connected) and the version an edit must name (0 before the first). */
export async function getMyMailAccount(
  db: Queryable,
  rules: MailHostRules,
  actor: Actor,
): Promise<MyMailAccount> {
  const row = await repo.findAccountOfUser(db, actor.workspaceId, actor.userId);
  return {
    account: row ? present(row) : null,
    version: row?.version ?? 0,
    oauthProviders: MAIL_OAUTH_PROVIDERS.filter((p) => rules.oauth[p]),
  };
}

/**
 * Connects the user's own mailbox or changes it (If-Match: 0 for the first time). The password is sealed with the
 * server key; absent, the stored one stays (required the first time). A host that does not resolve or that points
 * inside is refused (422), before anything is stored.
 */
export async function saveMyMailAccount(
  db: Db,
  secrets: SecretBox,
  rules: MailHostRules,
  actor: Actor,
  expectedVersion: number,
  input: MailAccountRequest,
): Promise<MyMailAccount> {
  await assertHostsAllowed(input, rules);
  const { password, ...settings } = input;
  try {
    await transaction(db, async (tx) => {
      const current = await repo.findAccountOfUser(tx, actor.workspaceId, actor.userId, true);
      if ((current?.version ?? 0) !== expectedVersion) throw versionMismatch(current?.version ?? 0);
      // A new mailbox, or one connected with OAuth until now, has no password to keep.
      if (!current?.passwordSealed && !password) {
        throw validationError([{ field: 'password', code: 'required', message: '' }]);
      }
      const values = {
        ...settings,
        passwordSealed: password ? secrets.seal(password) : (current?.passwordSealed as string),
      };
      if (current) await repo.updateAccount(tx, actor.workspaceId, actor.userId, values);
      else await repo.insertAccount(tx, actor.workspaceId, actor.userId, values);
    });
  } catch (error) {
    // Two first connections at once: the second lost the race on the unique key, as a stale edit would.
    if ((error as { code?: string }).code === '23505') throw versionMismatch(1);
    throw error;
  }
  return getMyMailAccount(db, rules, actor);
}

async function assertHostsAllowed(input: MailAccountRequest, rules: MailHostRules): Promise<void> {
  const errors = [];
  for (const field of ['imapHost', 'smtpHost'] as const) {
    try {
      await checkedHost(input[field], rules);
    } catch (error) {
      if (!(error instanceof BlockedTargetError)) throw error;
      const code = connectionFailure(error) === 'not_found' ? 'host_not_found' : 'host_not_allowed';
      errors.push({ field, code, message: '' });
    }
  }
  if (errors.length) throw validationError(errors);
}

/** Disconnects the user's mailbox (If-Match): mail goes out through the workspace SMTP again; the ledger stays. */
export async function deleteMyMailAccount(db: Db, actor: Actor, expectedVersion: number): Promise<void> {
  await transaction(db, async (tx) => {
    const current = await repo.findAccountOfUser(tx, actor.workspaceId, actor.userId, true);
    if (!current) throw notFound();
    if (current.version !== expectedVersion) throw versionMismatch(current.version);
    await repo.deleteAccount(tx, actor.workspaceId, actor.userId);
  });
}

function openSecret(secrets: SecretBox, sealed: string | null): string {
  try {
    return secrets.open(sealed ?? '');
  } catch {
    throw new DomainError('email-not-configured', 409, {
      detail:
        'A senha ou o acesso da sua caixa de e-mail não pôde ser lido com a chave deste servidor; conecte-a de novo.',
    });
  }
}

/** Access tokens this close to their expiry are refreshed before use (a login takes a few seconds). */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * How the mailbox logs in now: its password, or an OAuth access token, refreshed with the refresh token (and kept
 * sealed) when the stored one expired. A refresh token the provider no longer honours throws MailOAuthRevokedError.
 */
async function loginOf(
  db: Queryable,
  secrets: SecretBox,
  rules: MailHostRules,
  row: repo.MailAccountRow,
): Promise<MailLogin> {
  if (row.authKind === 'password') return { password: openSecret(secrets, row.passwordSealed) };
  if (row.accessTokenSealed && (row.accessTokenExpiresAt?.getTime() ?? 0) > Date.now() + EXPIRY_MARGIN_MS) {
    return { accessToken: openSecret(secrets, row.accessTokenSealed) };
  }
  const client = rules.oauth[row.authKind];
  if (!client) {
    throw new DomainError('mail-oauth-not-configured', 409, {
      detail:
        'O login com este provedor não está mais configurado neste servidor: conecte sua caixa com senha.',
    });
  }
  const grant = await refreshAccessToken(
    client,
    openSecret(secrets, row.refreshTokenSealed),
    rules.oauthFetch,
  );
  await repo.storeAccessToken(db, row.workspaceId, row.id, {
    usedRefreshSealed: row.refreshTokenSealed as string,
    refreshTokenSealed: grant.refreshToken
      ? secrets.seal(grant.refreshToken)
      : (row.refreshTokenSealed as string),
    accessTokenSealed: secrets.seal(grant.accessToken),
    expiresAt: grant.expiresAt,
  });
  return { accessToken: grant.accessToken };
}

/** "Testar conexão": logs into the user's IMAP and SMTP servers with the stored settings; answers each result in pt-BR. */
export async function testMyMailAccount(
  db: Queryable,
  secrets: SecretBox,
  rules: MailHostRules,
  actor: Actor,
): Promise<MailConnectionCheck> {
  const row = await repo.findAccountOfUser(db, actor.workspaceId, actor.userId);
  if (!row) throw notFound();
  // A revoked OAuth grant, or a token endpoint that does not answer, is each server's result; an unreadable secret is not.
  const login = loginOf(db, secrets, rules, row);
  const attempt = async (work: () => Promise<void>): Promise<MailConnectionCode> =>
    work().then(
      () => 'ok' as const,
      (error) => {
        if (error instanceof DomainError) throw error;
        return connectionFailure(error);
      },
    );
  const [imap, smtp] = await Promise.all([
    attempt(async () => verifyImapLogin(await imapConfigOf(row, await login, rules))),
    attempt(async () => verifySmtp(await smtpConfigOf(row, await login, rules))),
  ]);
  return {
    ok: imap === 'ok' && smtp === 'ok',
    imap: { code: imap, message: connectionMessage('imap', imap) },
    smtp: { code: smtp, message: connectionMessage('smtp', smtp) },
  };
}

/**
 * The SMTP a user's mail to a person leaves through: their own mailbox's (From: its address), or null when they have
 * none (the workspace SMTP then). A host that now resolves inside is refused like a server that is not there.
 */
export async function userMailSender(
  db: Queryable,
  secrets: SecretBox,
  rules: MailHostRules,
  actor: Actor,
): Promise<{ accountId: string; smtp: SmtpConfig } | null> {
  const row = await repo.findAccountOfUser(db, actor.workspaceId, actor.userId);
  if (!row) return null;
  const login = await loginOf(db, secrets, rules, row).catch((error) => {
    if (error instanceof MailOAuthRevokedError) {
      throw new DomainError('email-not-configured', 409, { detail: connectionMessage('smtp', 'reconnect') });
    }
    if (error instanceof MailOAuthError) throw new DomainError('email-failed', 502);
    throw error;
  });
  const smtp = await smtpConfigOf(row, login, rules).catch((error) => {
    if (error instanceof BlockedTargetError) throw new DomainError('email-failed', 502);
    throw error;
  });
  return { accountId: row.id, smtp };
}

/** Puts a message sent to a person in the ledger (inside the transaction of its `email_sent` event). */
export function recordSentMail(
  tx: Queryable,
  v: { workspaceId: string; messageId: string; accountId: string | null; personId: string; eventId: number },
): Promise<void> {
  return repo.insertSentMessage(tx, v);
}

/** The mailboxes to poll (their users active). */
export function pollableMailAccounts(db: Queryable): Promise<{ id: string; workspaceId: string }[]> {
  return repo.listPollableAccounts(db);
}

/** A mailbox ready to be read: its row (owner, cursor) and its IMAP server; null when it was disconnected. */
export async function mailboxToPoll(
  db: Queryable,
  secrets: SecretBox,
  rules: MailHostRules,
  workspaceId: string,
  accountId: string,
): Promise<{ account: repo.MailAccountRow; imap: ImapConfig } | null> {
  const account = await repo.findAccount(db, workspaceId, accountId);
  if (!account) return null;
  return { account, imap: await imapConfigOf(account, await loginOf(db, secrets, rules, account), rules) };
}

/** Claims a received message for a person by its Message-ID; false when the workspace already recorded it. */
export function claimReceivedMail(
  tx: Queryable,
  v: { workspaceId: string; messageId: string; accountId: string; personId: string },
): Promise<boolean> {
  return repo.claimReceivedMessage(tx, v);
}

/** Links a claimed message to the timeline event that shows it. */
export function linkMailEvent(tx: Queryable, workspaceId: string, messageId: string, eventId: number) {
  return repo.setMessageEvent(tx, workspaceId, messageId, eventId);
}

/** The message Funil sent with this Message-ID (whom to, which event), or null. */
export function sentMailByMessageId(db: Queryable, workspaceId: string, messageId: string) {
  return repo.findSentMessage(db, workspaceId, messageId);
}

/** Moves a mailbox's poll cursor and its counts (in the transaction that recorded the message, if any). */
export function advanceMailCursor(
  tx: Queryable,
  workspaceId: string,
  accountId: string,
  v: { uidValidity: string; lastUid: number; received: number; ignored: number },
): Promise<void> {
  return repo.advanceCursor(tx, workspaceId, accountId, v);
}

/** A failed poll: its pt-BR reason shown on the user's page until a poll succeeds. */
export function recordMailPollError(db: Queryable, workspaceId: string, accountId: string, message: string) {
  return repo.recordPollError(db, workspaceId, accountId, message);
}
