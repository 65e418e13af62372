import type { CampaignChannel, CampaignStatus, RecipientStatus, SkipReason } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import type { SqlParams } from '../../lib/sql.ts';

export type CampaignRow = {
  id: string;
  workspace_id: string;
  name: string;
  channel: CampaignChannel;
  status: CampaignStatus;
  subject: string | null;
  body: string;
  template_name: string | null;
  template_language: string | null;
  template_params: string[];
  filter: Record<string, unknown>;
  throttle_per_minute: number;
  batch_seq: number;
  next_batch_at: Date | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  version: number;
};

const CAMPAIGN_COLUMNS = `c.id, c.workspace_id, c.name, c.channel, c.status, c.subject, c.body, c.template_name,
  c.template_language, c.template_params, c.filter, c.throttle_per_minute, c.batch_seq, c.next_batch_at,
  c.created_by, (SELECT u.name FROM users u WHERE u.workspace_id = c.workspace_id AND u.id = c.created_by)
  AS created_by_name, c.created_at, c.started_at, c.finished_at, c.version`;

export async function insertCampaign(
  db: Queryable,
  c: {
    workspaceId: string;
    name: string;
    channel: CampaignChannel;
    subject: string | null;
    body: string;
    templateName: string | null;
    templateLanguage: string | null;
    templateParams: string[];
    filter: object;
    throttlePerMinute: number;
    createdBy: string;
  },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO campaigns (workspace_id, name, channel, subject, body, template_name, template_language,
       template_params, filter, throttle_per_minute, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      c.workspaceId,
      c.name,
      c.channel,
      c.subject,
      c.body,
      c.templateName,
      c.templateLanguage,
      c.templateParams,
      JSON.stringify(c.filter),
      c.throttlePerMinute,
      c.createdBy,
    ],
  );
  return rows[0].id;
}

export async function findCampaign(
  db: Queryable,
  workspaceId: string,
  id: string,
  forUpdate = false,
): Promise<CampaignRow | null> {
  const { rows } = await db.query(
    `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns c WHERE c.workspace_id = $1 AND c.id = $2
     ${forUpdate ? 'FOR UPDATE OF c' : ''}`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

/** A page of the workspace's campaigns, newest first (keyset on created_at as text, id). */
export async function listCampaigns(
  db: Queryable,
  workspaceId: string,
  limit: number,
  cursor: [string, string] | null,
): Promise<CampaignRow[]> {
  const { rows } = await db.query(
    `SELECT ${CAMPAIGN_COLUMNS}, c.created_at::text AS created_at_text FROM campaigns c
     WHERE c.workspace_id = $1 AND ($2::timestamptz IS NULL OR (c.created_at, c.id) < ($2::timestamptz, $3::uuid))
     ORDER BY c.created_at DESC, c.id DESC LIMIT $4`,
    [workspaceId, cursor?.[0] ?? null, cursor?.[1] ?? null, limit + 1],
  );
  return rows;
}

/** How many recipients of each campaign are in each status. */
export async function countByStatus(
  db: Queryable,
  workspaceId: string,
  campaignIds: string[],
): Promise<Map<string, Partial<Record<RecipientStatus, number>>>> {
  const { rows } = await db.query(
    `SELECT campaign_id, status, count(*)::int AS n FROM campaign_recipients
     WHERE workspace_id = $1 AND campaign_id = ANY($2::uuid[]) GROUP BY campaign_id, status`,
    [workspaceId, campaignIds],
  );
  const out = new Map<string, Partial<Record<RecipientStatus, number>>>();
  for (const r of rows as { campaign_id: string; status: RecipientStatus; n: number }[]) {
    const m = out.get(r.campaign_id) ?? {};
    m[r.status] = r.n;
    out.set(r.campaign_id, m);
  }
  return out;
}

/** Moves a campaign to `status` (with the side columns given); bumps its version. */
export async function setCampaignStatus(
  db: Queryable,
  workspaceId: string,
  id: string,
  status: CampaignStatus,
  opts: { started?: boolean; finished?: boolean; nextBatchNow?: boolean } = {},
): Promise<void> {
  await db.query(
    `UPDATE campaigns SET status = $3, version = version + 1,
       started_at = CASE WHEN $4 THEN COALESCE(started_at, now()) ELSE started_at END,
       finished_at = CASE WHEN $5 THEN now() ELSE finished_at END,
       next_batch_at = CASE WHEN $6 THEN now() WHEN $3 = 'running' THEN next_batch_at ELSE NULL END
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, status, opts.started ?? false, opts.finished ?? false, opts.nextBatchNow ?? false],
  );
}

/**
 * Takes a campaign's recipients from the people the predicates let through (the people list's filters under the
 * actor's visibility, `p` = people), in one statement: the address of the channel (primary e-mail; a mobile or
 * WhatsApp phone), or skipped with the reason (deny list first). Answers how many rows were made.
 */
export async function insertRecipients(
  db: Queryable,
  q: {
    workspaceId: string;
    campaignId: string;
    channel: CampaignChannel;
    where: string[];
    params: SqlParams;
  },
): Promise<number> {
  const { params } = q;
  const ws = params.add(q.workspaceId);
  const campaign = params.add(q.campaignId);
  const address =
    q.channel === 'email'
      ? `SELECT e.address FROM person_emails e WHERE e.workspace_id = p.workspace_id AND e.person_id = p.id
         ORDER BY e.is_primary DESC, e.position LIMIT 1`
      : `SELECT f.number FROM person_phones f WHERE f.workspace_id = p.workspace_id AND f.person_id = p.id
           AND f.type IN ('mobile', 'whatsapp')
         ORDER BY (f.type = 'whatsapp') DESC, f.is_primary DESC, f.position LIMIT 1`;
  const noAddress = q.channel === 'email' ? 'no_email' : 'no_phone';
  const { rowCount } = await db.query(
    `INSERT INTO campaign_recipients (workspace_id, campaign_id, person_id, address, status, skip_reason)
     SELECT p.workspace_id, ${campaign}::uuid, p.id, a.address,
       CASE WHEN p.do_not_contact OR a.address IS NULL THEN 'skipped' ELSE 'queued' END,
       CASE WHEN p.do_not_contact THEN 'do_not_contact' WHEN a.address IS NULL THEN '${noAddress}' END
     FROM people p LEFT JOIN LATERAL (${address}) a(address) ON true
     WHERE p.workspace_id = ${ws} AND ${q.where.join(' AND ')}
     ON CONFLICT (campaign_id, person_id, workspace_id) DO NOTHING`,
    params.values,
  );
  return rowCount ?? 0;
}

export type PreviewRow = {
  person_id: string;
  name: string;
  owner_name: string | null;
  do_not_contact: boolean;
  address: string | null;
};

/** The count of the people the predicates let through, and the first few with their channel's address. */
export async function previewRecipients(
  db: Queryable,
  q: { workspaceId: string; channel: CampaignChannel; where: string[]; params: SqlParams; sample: number },
): Promise<{ total: number; sample: PreviewRow[] }> {
  const { params } = q;
  const ws = params.add(q.workspaceId);
  const address =
    q.channel === 'email'
      ? `SELECT e.address FROM person_emails e WHERE e.workspace_id = p.workspace_id AND e.person_id = p.id
         ORDER BY e.is_primary DESC, e.position LIMIT 1`
      : `SELECT f.number FROM person_phones f WHERE f.workspace_id = p.workspace_id AND f.person_id = p.id
           AND f.type IN ('mobile', 'whatsapp')
         ORDER BY (f.type = 'whatsapp') DESC, f.is_primary DESC, f.position LIMIT 1`;
  const where = q.where.join(' AND ');
  const count = await db.query(
    `SELECT count(*)::int AS n FROM people p WHERE p.workspace_id = ${ws} AND ${where}`,
    params.values,
  );
  const sample = params.add(q.sample);
  const { rows } = await db.query(
    `SELECT p.id AS person_id, p.name, p.do_not_contact, a.address,
       (SELECT u.name FROM users u WHERE u.workspace_id = p.workspace_id AND u.id = p.owner_id) AS owner_name
     FROM people p LEFT JOIN LATERAL (${address}) a(address) ON true
     WHERE p.workspace_id = ${ws} AND ${where} ORDER BY p.name, p.id LIMIT ${sample}`,
    params.values,
  );
  return { total: count.rows[0].n, sample: rows };
}

export type RecipientRow = {
  id: string;
  person_id: string;
  person_name: string;
  status: RecipientStatus;
  skip_reason: SkipReason | null;
  error: string | null;
  sent_at: Date | null;
  delivered_at: Date | null;
  read_at: Date | null;
};

/** A page of a campaign's recipients (keyset on id), optionally of one status. */
export async function listRecipients(
  db: Queryable,
  workspaceId: string,
  campaignId: string,
  q: { status?: RecipientStatus | undefined; limit: number; after: string | null },
): Promise<RecipientRow[]> {
  const { rows } = await db.query(
    `SELECT r.id, r.person_id, p.name AS person_name, r.status, r.skip_reason, r.error, r.sent_at, r.delivered_at,
       r.read_at
     FROM campaign_recipients r JOIN people p ON p.workspace_id = r.workspace_id AND p.id = r.person_id
     WHERE r.workspace_id = $1 AND r.campaign_id = $2 AND ($3::text IS NULL OR r.status = $3)
       AND ($4::uuid IS NULL OR r.id > $4) ORDER BY r.id LIMIT $5`,
    [workspaceId, campaignId, q.status ?? null, q.after, q.limit + 1],
  );
  return rows;
}

/**
 * Running campaigns whose next batch is due: the tick is advanced in the same statement, so two relays never queue
 * the same batch (the job id is derived from the returned batch_seq).
 * tenancy: any workspace — the relay serves every workspace; each row keeps its own.
 */
export async function claimDueBatches(
  db: Queryable,
  tickMs: number,
  limit: number,
): Promise<{ id: string; workspace_id: string; batch_seq: number }[]> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — the relay serves every workspace */ UPDATE campaigns c SET batch_seq = batch_seq + 1,
       next_batch_at = now() + make_interval(secs => $1::double precision / 1000)
     WHERE c.id IN (SELECT id FROM campaigns WHERE status = 'running' AND next_batch_at <= now()
                    ORDER BY next_batch_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING c.id, c.workspace_id, c.batch_seq`,
    [tickMs, limit],
  );
  return rows;
}

export type ClaimedRecipient = {
  id: string;
  /** The claim's `claimed_at` as Postgres prints it (microseconds kept): the token `markDispatched` checks. */
  claim: string;
  person_id: string;
  address: string;
  name: string;
  owner_name: string | null;
  do_not_contact: boolean;
};

/**
 * Claims up to `limit` queued recipients of a running campaign: queued → sending, in the caller's transaction, before
 * anything is sent. A row left `sending` is never claimed again (at most one message per person).
 */
export async function claimRecipients(
  db: Queryable,
  workspaceId: string,
  campaignId: string,
  limit: number,
): Promise<ClaimedRecipient[]> {
  const { rows } = await db.query(
    `WITH picked AS (
       SELECT r.id FROM campaign_recipients r
       WHERE r.workspace_id = $1 AND r.campaign_id = $2 AND r.status = 'queued'
       ORDER BY r.created_at, r.id LIMIT $3 FOR UPDATE SKIP LOCKED)
     UPDATE campaign_recipients r SET status = 'sending', claimed_at = now()
     FROM picked, people p
     WHERE r.workspace_id = $1 AND r.id = picked.id AND p.workspace_id = r.workspace_id AND p.id = r.person_id
     RETURNING r.id, r.claimed_at::text AS claim, r.person_id, r.address, p.name, p.do_not_contact,
       (SELECT u.name FROM users u WHERE u.workspace_id = p.workspace_id AND u.id = p.owner_id) AS owner_name`,
    [workspaceId, campaignId, limit],
  );
  return rows;
}

/** Whether any recipient of the campaign is still queued. */
export async function hasQueued(db: Queryable, workspaceId: string, campaignId: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT EXISTS (SELECT 1 FROM campaign_recipients WHERE workspace_id = $1 AND campaign_id = $2
       AND status = 'queued') AS any`,
    [workspaceId, campaignId],
  );
  return rows[0].any;
}

/**
 * Applies a status report to one recipient, forward only (see RECIPIENT_STATUS_RANK): the status changes only when
 * it advances; the report's time is kept in its column anyway (a late `delivered` after `read`). Answers the row's
 * status before and after, or null when no row matched.
 */
export async function reportStatus(
  db: Queryable,
  workspaceId: string,
  match: { recipientId: string } | { messageId: string },
  report: { status: RecipientStatus; at: Date; error?: string | null; messageId?: string | null },
): Promise<{ id: string; before: RecipientStatus; after: RecipientStatus; person_id: string } | null> {
  const byId = 'recipientId' in match;
  const { rows } = await db.query(
    `WITH target AS (
       SELECT id, status FROM campaign_recipients
       WHERE workspace_id = $1 AND ${byId ? 'id = $2::uuid' : 'provider_message_id = $2'} FOR UPDATE)
     UPDATE campaign_recipients r SET
       status = CASE WHEN r.status = 'skipped' THEN r.status
                     WHEN campaign_status_rank($3) > campaign_status_rank(r.status) THEN $3 ELSE r.status END,
       provider_message_id = COALESCE(r.provider_message_id, $6),
       sent_at = CASE WHEN $3 IN ('sent', 'delivered', 'read') THEN COALESCE(r.sent_at, $4) ELSE r.sent_at END,
       delivered_at = CASE WHEN $3 IN ('delivered', 'read') THEN COALESCE(r.delivered_at, $4) ELSE r.delivered_at END,
       read_at = CASE WHEN $3 = 'read' THEN COALESCE(r.read_at, $4) ELSE r.read_at END,
       failed_at = CASE WHEN $3 IN ('failed', 'bounced') AND campaign_status_rank(r.status) < 3
                        THEN COALESCE(r.failed_at, $4) ELSE r.failed_at END,
       error = CASE WHEN $3 IN ('failed', 'bounced') AND campaign_status_rank(r.status) < 3 THEN $5 ELSE r.error END
     FROM target WHERE r.workspace_id = $1 AND r.id = target.id
     RETURNING r.id, target.status AS before, r.status AS after, r.person_id`,
    [
      workspaceId,
      byId ? match.recipientId : match.messageId,
      report.status,
      report.at,
      report.error?.slice(0, 500) ?? null,
      report.messageId ?? null,
    ],
  );
  return rows[0] ?? null;
}

/**
 * Recipients left `sending` longer than `olderThanMs` (their worker died between claiming and recording): marked
 * failed `interrupted`, never sent again. A late status webhook of a message that did go out still advances them
 * (by the recipient id it carries). tenancy: any workspace — a sweep over every campaign; each row keeps its own.
 */
/**
 * Recipients a dead worker left `sending` longer than `olderThanMs`: those it never dispatched go back to the queue
 * (certainly never sent); the one it had dispatched (the request may have gone out) is failed, never sent again.
 */
export async function recoverInterrupted(
  db: Queryable,
  olderThanMs: number,
): Promise<{ requeued: number; failed: number }> {
  const requeued = await db.query(
    `/* tenancy: any workspace — the sweep serves every workspace */ UPDATE campaign_recipients SET status = 'queued', claimed_at = NULL
     WHERE status = 'sending' AND dispatched_at IS NULL
       AND claimed_at < now() - make_interval(secs => $1::double precision / 1000)`,
    [olderThanMs],
  );
  const failed = await db.query(
    `/* tenancy: any workspace — the sweep serves every workspace */ UPDATE campaign_recipients SET status = 'failed', failed_at = now(),
       error = 'interrupted: the worker stopped while sending; not sent again'
     WHERE status = 'sending' AND dispatched_at IS NOT NULL
       AND claimed_at < now() - make_interval(secs => $1::double precision / 1000)`,
    [olderThanMs],
  );
  return { requeued: requeued.rowCount ?? 0, failed: failed.rowCount ?? 0 };
}

/**
 * Marks a claimed recipient as about to be sent, committed before the provider is called; false when the claim is
 * no longer this worker's (the relay queued it again after the worker stalled): then it must not be sent.
 */
export async function markDispatched(
  db: Queryable,
  workspaceId: string,
  id: string,
  claim: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE campaign_recipients SET dispatched_at = now()
     WHERE workspace_id = $1 AND id = $2 AND status = 'sending' AND claimed_at = $3::timestamptz AND dispatched_at IS NULL`,
    [workspaceId, id, claim],
  );
  return rowCount === 1;
}

/** Running campaigns with nothing queued or sending: completed. tenancy: any workspace — a sweep. */
export async function completeFinished(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(
    `/* tenancy: any workspace — the sweep serves every workspace */ UPDATE campaigns c SET status = 'completed', finished_at = now(), next_batch_at = NULL, version = version + 1
     WHERE c.status = 'running' AND NOT EXISTS (
       SELECT 1 FROM campaign_recipients r WHERE r.workspace_id = c.workspace_id AND r.campaign_id = c.id
         AND r.status IN ('queued', 'sending'))`,
  );
  return rowCount ?? 0;
}

export type WhatsAppAccountRow = {
  workspace_id: string;
  api_url: string;
  api_version: string;
  phone_number_id: string;
  access_token_sealed: string;
  app_secret_sealed: string;
  verify_token: string;
  updated_at: Date;
  version: number;
};

export async function findWhatsAppAccount(
  db: Queryable,
  workspaceId: string,
): Promise<WhatsAppAccountRow | null> {
  const { rows } = await db.query('SELECT * FROM whatsapp_accounts WHERE workspace_id = $1', [workspaceId]);
  return rows[0] ?? null;
}

/** The account a webhook is for. tenancy: any workspace — the public webhook finds its workspace by the number. */
export async function findWhatsAppAccountByNumber(
  db: Queryable,
  phoneNumberId: string,
): Promise<WhatsAppAccountRow | null> {
  const { rows } = await db.query(
    '/* tenancy: any workspace — the public webhook finds its workspace by the number */ SELECT * FROM whatsapp_accounts WHERE phone_number_id = $1',
    [phoneNumberId],
  );
  return rows[0] ?? null;
}

/** Whether a verify token belongs to some account. tenancy: any workspace — Meta's handshake names none. */
export async function verifyTokenExists(db: Queryable, verifyToken: string): Promise<boolean> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — Meta's handshake names none */ SELECT EXISTS (SELECT 1 FROM whatsapp_accounts WHERE verify_token = $1) AS any`,
    [verifyToken],
  );
  return rows[0].any;
}

/** The account under a row lock (a save reads it, checks the version and writes in one transaction). */
export async function lockWhatsAppAccount(
  db: Queryable,
  workspaceId: string,
): Promise<WhatsAppAccountRow | null> {
  const { rows } = await db.query('SELECT * FROM whatsapp_accounts WHERE workspace_id = $1 FOR UPDATE', [
    workspaceId,
  ]);
  return rows[0] ?? null;
}

export type WhatsAppAccountWrite = {
  workspaceId: string;
  apiUrl: string;
  apiVersion: string;
  phoneNumberId: string;
  accessTokenSealed: string;
  appSecretSealed: string;
  verifyToken: string;
};

/** The workspace's first account (version 1). */
export async function insertWhatsAppAccount(db: Queryable, a: WhatsAppAccountWrite): Promise<void> {
  await db.query(
    `INSERT INTO whatsapp_accounts (workspace_id, api_url, api_version, phone_number_id, access_token_sealed,
       app_secret_sealed, verify_token)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      a.workspaceId,
      a.apiUrl,
      a.apiVersion,
      a.phoneNumberId,
      a.accessTokenSealed,
      a.appSecretSealed,
      a.verifyToken,
    ],
  );
}

/** Rewrites the account and bumps its version; a null secret keeps the stored one. */
export async function updateWhatsAppAccount(
  db: Queryable,
  a: Omit<WhatsAppAccountWrite, 'accessTokenSealed' | 'appSecretSealed' | 'verifyToken'> & {
    accessTokenSealed: string | null;
    appSecretSealed: string | null;
    verifyToken: string | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE whatsapp_accounts SET api_url = $2, api_version = $3, phone_number_id = $4,
       access_token_sealed = coalesce($5, access_token_sealed), app_secret_sealed = coalesce($6, app_secret_sealed),
       verify_token = coalesce($7, verify_token), version = version + 1, updated_at = now()
     WHERE workspace_id = $1`,
    [
      a.workspaceId,
      a.apiUrl,
      a.apiVersion,
      a.phoneNumberId,
      a.accessTokenSealed,
      a.appSecretSealed,
      a.verifyToken,
    ],
  );
}

/** Records an inbound WhatsApp message's time (opens the 24-hour window for that number). */
export async function touchWhatsAppContact(db: Queryable, workspaceId: string, phone: string, at: Date) {
  await db.query(
    `INSERT INTO whatsapp_contacts (workspace_id, phone, last_inbound_at) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id, phone) DO UPDATE SET last_inbound_at = GREATEST(whatsapp_contacts.last_inbound_at, $3)
     WHERE whatsapp_contacts.workspace_id = $1`,
    [workspaceId, phone, at],
  );
}

/** Whether the number wrote to the workspace in the last 24 hours (free text allowed). */
export async function insideServiceWindow(
  db: Queryable,
  workspaceId: string,
  phone: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT EXISTS (SELECT 1 FROM whatsapp_contacts WHERE workspace_id = $1 AND phone = $2
       AND last_inbound_at > now() - interval '24 hours') AS inside`,
    [workspaceId, phone],
  );
  return rows[0].inside;
}

/** The people of the workspace with this phone (E.164). */
export async function peopleWithPhone(db: Queryable, workspaceId: string, phone: string): Promise<string[]> {
  const { rows } = await db.query(
    'SELECT DISTINCT person_id FROM person_phones WHERE workspace_id = $1 AND number = $2',
    [workspaceId, phone],
  );
  return rows.map((r: { person_id: string }) => r.person_id);
}

/** The workspace's name (the `{{empresa}}` variable). */
export async function workspaceName(db: Queryable, workspaceId: string): Promise<string> {
  const { rows } = await db.query('SELECT name FROM workspaces WHERE id = $1', [workspaceId]);
  return rows[0]?.name ?? '';
}

/** A claimed recipient not sent after all (put on the deny list meanwhile): skipped with the reason. */
export async function skipClaimed(db: Queryable, workspaceId: string, id: string, reason: SkipReason) {
  await db.query(
    `UPDATE campaign_recipients SET status = 'skipped', skip_reason = $3
     WHERE workspace_id = $1 AND id = $2 AND status = 'sending'`,
    [workspaceId, id, reason],
  );
}

/** A claimed recipient the provider did not take (rate limited): queued again for a later batch. */
export async function requeueClaimed(db: Queryable, workspaceId: string, id: string) {
  await db.query(
    `UPDATE campaign_recipients SET status = 'queued', claimed_at = NULL, dispatched_at = NULL
     WHERE workspace_id = $1 AND id = $2 AND status = 'sending'`,
    [workspaceId, id],
  );
}

/** The recipient an unsubscribe link names (its person and workspace). tenancy: any workspace — the link names none. */
export async function findRecipientForUnsubscribe(
  db: Queryable,
  id: string,
): Promise<{ workspace_id: string; person_id: string; campaign_id: string } | null> {
  const { rows } = await db.query(
    '/* tenancy: any workspace — a public signed link names only the recipient */ SELECT workspace_id, person_id, campaign_id FROM campaign_recipients WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
}
