import type { MailAccount, MailAccountRequest } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

/** A mailbox with what sending and polling need (the sealed secrets and the cursor); never answered as such. */
export type MailAccountRow = MailAccount & {
  workspaceId: string;
  userId: string;
  /** Set for `password` mailboxes; the refresh token (and the current access token) for OAuth ones. */
  passwordSealed: string | null;
  refreshTokenSealed: string | null;
  accessTokenSealed: string | null;
  accessTokenExpiresAt: Date | null;
  uidValidity: string | null;
  lastUid: number;
  readSince: Date;
};

const ACCOUNT_COLUMNS = `a.id, a.workspace_id AS "workspaceId", a.user_id AS "userId", a.address,
  a.imap_host AS "imapHost", a.imap_port AS "imapPort", a.imap_secure AS "imapSecure",
  a.smtp_host AS "smtpHost", a.smtp_port AS "smtpPort", a.smtp_secure AS "smtpSecure", a.username,
  a.auth_kind AS "authKind", a.password_sealed IS NOT NULL AS "passwordSet", a.password_sealed AS "passwordSealed",
  a.refresh_token_sealed AS "refreshTokenSealed", a.access_token_sealed AS "accessTokenSealed",
  a.access_token_expires_at AS "accessTokenExpiresAt", a.uid_validity::text AS "uidValidity",
  a.last_uid::int AS "lastUid", a.read_since AS "readSince", to_char(a.polled_at AT TIME ZONE 'UTC',
  'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "polledAt", a.poll_error AS "pollError", a.received_count AS "receivedCount",
  a.ignored_count AS "ignoredCount", a.version`;

export async function findAccountOfUser(
  db: Queryable,
  workspaceId: string,
  userId: string,
  forUpdate = false,
): Promise<MailAccountRow | null> {
  const { rows } = await db.query<MailAccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM mail_accounts a WHERE a.workspace_id = $1 AND a.user_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [workspaceId, userId],
  );
  return rows[0] ?? null;
}

export async function findAccount(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<MailAccountRow | null> {
  const { rows } = await db.query<MailAccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM mail_accounts a WHERE a.workspace_id = $1 AND a.id = $2`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

type AccountValues = Omit<MailAccountRequest, 'password'> & { passwordSealed: string };

/** A user's first mailbox (version 1); the unique key makes a concurrent second one fail instead of doubling. */
export async function insertAccount(
  db: Queryable,
  workspaceId: string,
  userId: string,
  v: AccountValues,
): Promise<void> {
  await db.query(
    `INSERT INTO mail_accounts (workspace_id, user_id, address, imap_host, imap_port, imap_secure, smtp_host, smtp_port,
       smtp_secure, username, password_sealed)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      workspaceId,
      userId,
      v.address,
      v.imapHost,
      v.imapPort,
      v.imapSecure,
      v.smtpHost,
      v.smtpPort,
      v.smtpSecure,
      v.username,
      v.passwordSealed,
    ],
  );
}

const SAME_MAILBOX = 'imap_host = $4 AND imap_port = $5 AND username = $10';

/**
 * New settings for a user's mailbox, one version up. Another IMAP server or login is another mailbox: its cursor
 * starts over from now (the message ledger keeps replies already recorded from being recorded again).
 */
export async function updateAccount(
  db: Queryable,
  workspaceId: string,
  userId: string,
  v: AccountValues,
): Promise<void> {
  await db.query(
    `UPDATE mail_accounts SET
       uid_validity = CASE WHEN ${SAME_MAILBOX} THEN uid_validity END,
       last_uid = CASE WHEN ${SAME_MAILBOX} THEN last_uid ELSE 0 END,
       read_since = CASE WHEN ${SAME_MAILBOX} THEN read_since ELSE now() END,
       address = $3, imap_host = $4, imap_port = $5, imap_secure = $6, smtp_host = $7, smtp_port = $8,
       smtp_secure = $9, username = $10, password_sealed = $11, auth_kind = 'password', refresh_token_sealed = NULL,
       access_token_sealed = NULL, access_token_expires_at = NULL, poll_error = NULL, version = version + 1,
       updated_at = now()
     WHERE workspace_id = $1 AND user_id = $2`,
    [
      workspaceId,
      userId,
      v.address,
      v.imapHost,
      v.imapPort,
      v.imapSecure,
      v.smtpHost,
      v.smtpPort,
      v.smtpSecure,
      v.username,
      v.passwordSealed,
    ],
  );
}

/** A mailbox connected with OAuth: its servers (the provider's), the address it granted, the sealed tokens. */
export type OAuthAccountValues = {
  authKind: 'google' | 'microsoft';
  address: string;
  imapHost: string;
  imapPort: number;
  imapSecure: boolean;
  smtpHost: string;
  smtpPort: number;
  smtpSecure: boolean;
  refreshTokenSealed: string;
  accessTokenSealed: string;
  accessTokenExpiresAt: Date;
};

/**
 * Connects (or reconnects) the user's mailbox with OAuth, replacing whatever was there, one version up. The same
 * mailbox (server and login) keeps its cursor; another one starts reading from now, as a settings change does.
 */
export async function upsertOAuthAccount(
  db: Queryable,
  workspaceId: string,
  userId: string,
  v: OAuthAccountValues,
): Promise<void> {
  const same =
    'mail_accounts.imap_host = EXCLUDED.imap_host AND mail_accounts.imap_port = EXCLUDED.imap_port AND mail_accounts.username = EXCLUDED.username';
  await db.query(
    `INSERT INTO mail_accounts (workspace_id, user_id, auth_kind, address, imap_host, imap_port, imap_secure, smtp_host,
       smtp_port, smtp_secure, username, refresh_token_sealed, access_token_sealed, access_token_expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $4, $11, $12, $13)
     ON CONFLICT (user_id, workspace_id) DO UPDATE SET
       uid_validity = CASE WHEN ${same} THEN mail_accounts.uid_validity END,
       last_uid = CASE WHEN ${same} THEN mail_accounts.last_uid ELSE 0 END,
       read_since = CASE WHEN ${same} THEN mail_accounts.read_since ELSE now() END,
       auth_kind = EXCLUDED.auth_kind, address = EXCLUDED.address, imap_host = EXCLUDED.imap_host,
       imap_port = EXCLUDED.imap_port, imap_secure = EXCLUDED.imap_secure, smtp_host = EXCLUDED.smtp_host,
       smtp_port = EXCLUDED.smtp_port, smtp_secure = EXCLUDED.smtp_secure, username = EXCLUDED.username,
       password_sealed = NULL, refresh_token_sealed = EXCLUDED.refresh_token_sealed,
       access_token_sealed = EXCLUDED.access_token_sealed, access_token_expires_at = EXCLUDED.access_token_expires_at,
       poll_error = NULL, version = mail_accounts.version + 1, updated_at = now()`,
    [
      workspaceId,
      userId,
      v.authKind,
      v.address,
      v.imapHost,
      v.imapPort,
      v.imapSecure,
      v.smtpHost,
      v.smtpPort,
      v.smtpSecure,
      v.refreshTokenSealed,
      v.accessTokenSealed,
      v.accessTokenExpiresAt,
    ],
  );
}

/**
 * Keeps a refreshed access token (and the refresh token when the provider rotated it) of an OAuth mailbox, unless the
 * mailbox was reconnected or turned into a password one meanwhile (its refresh token is no longer the one used).
 */
export async function storeAccessToken(
  db: Queryable,
  workspaceId: string,
  accountId: string,
  v: { usedRefreshSealed: string; refreshTokenSealed: string; accessTokenSealed: string; expiresAt: Date },
): Promise<void> {
  await db.query(
    `UPDATE mail_accounts SET refresh_token_sealed = $4, access_token_sealed = $5, access_token_expires_at = $6
     WHERE workspace_id = $1 AND id = $2 AND refresh_token_sealed = $3`,
    [workspaceId, accountId, v.usedRefreshSealed, v.refreshTokenSealed, v.accessTokenSealed, v.expiresAt],
  );
}

export async function deleteAccount(db: Queryable, workspaceId: string, userId: string): Promise<void> {
  await db.query('DELETE FROM mail_accounts WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId]);
}

/** Every mailbox whose user is active, for the poll relay. */
export async function listPollableAccounts(db: Queryable): Promise<{ id: string; workspaceId: string }[]> {
  const { rows } = await db.query<{ id: string; workspaceId: string }>(
    `/* tenancy: any workspace — the poll relay visits every connected mailbox */
     SELECT a.id, a.workspace_id AS "workspaceId"
     FROM mail_accounts a JOIN users u ON u.workspace_id = a.workspace_id AND u.id = a.user_id AND u.active
     ORDER BY a.polled_at NULLS FIRST, a.id`,
  );
  return rows;
}

/** An e-mail sent to a person, by its Message-ID (a retried record adds nothing). */
export async function insertSentMessage(
  db: Queryable,
  v: { workspaceId: string; messageId: string; accountId: string | null; personId: string; eventId: number },
): Promise<void> {
  await db.query(
    `INSERT INTO mail_messages (workspace_id, message_id, direction, account_id, person_id, event_id)
     VALUES ($1, $2, 'sent', $3, $4, $5) ON CONFLICT (message_id, workspace_id) DO NOTHING`,
    [v.workspaceId, v.messageId, v.accountId, v.personId, v.eventId],
  );
}

/** Claims a received message for a person; false when its Message-ID is already in the workspace's ledger. */
export async function claimReceivedMessage(
  db: Queryable,
  v: { workspaceId: string; messageId: string; accountId: string; personId: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO mail_messages (workspace_id, message_id, direction, account_id, person_id)
     VALUES ($1, $2, 'received', $3, $4) ON CONFLICT (message_id, workspace_id) DO NOTHING`,
    [v.workspaceId, v.messageId, v.accountId, v.personId],
  );
  return rowCount === 1;
}

export async function setMessageEvent(
  db: Queryable,
  workspaceId: string,
  messageId: string,
  eventId: number,
): Promise<void> {
  await db.query('UPDATE mail_messages SET event_id = $3 WHERE workspace_id = $1 AND message_id = $2', [
    workspaceId,
    messageId,
    eventId,
  ]);
}

/** The message sent from Funil that has this Message-ID: whom it went to and its timeline event. */
export async function findSentMessage(
  db: Queryable,
  workspaceId: string,
  messageId: string,
): Promise<{ personId: string; eventId: number | null } | null> {
  const { rows } = await db.query<{ personId: string; eventId: string | null }>(
    `SELECT person_id AS "personId", event_id AS "eventId" FROM mail_messages
     WHERE workspace_id = $1 AND message_id = $2 AND direction = 'sent'`,
    [workspaceId, messageId],
  );
  const row = rows[0];
  return row ? { personId: row.personId, eventId: row.eventId === null ? null : Number(row.eventId) } : null;
}

/**
 * Moves a mailbox's cursor forward (never back within the same UIDVALIDITY) and counts what was recorded or ignored.
 */
export async function advanceCursor(
  db: Queryable,
  workspaceId: string,
  accountId: string,
  v: { uidValidity: string; lastUid: number; received: number; ignored: number },
): Promise<void> {
  await db.query(
    `UPDATE mail_accounts SET
       last_uid = CASE WHEN uid_validity = $3::bigint THEN greatest(last_uid, $4) ELSE $4 END,
       uid_validity = $3::bigint, received_count = received_count + $5, ignored_count = ignored_count + $6,
       polled_at = now(), poll_error = NULL
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, accountId, v.uidValidity, v.lastUid, v.received, v.ignored],
  );
}

export async function recordPollError(
  db: Queryable,
  workspaceId: string,
  accountId: string,
  error: string,
): Promise<void> {
  await db.query(
    'UPDATE mail_accounts SET polled_at = now(), poll_error = $3 WHERE workspace_id = $1 AND id = $2',
    [workspaceId, accountId, error],
  );
}
