import type { Queryable } from '../../db/pool.ts';
import type { SqlParams } from '../../lib/sql.ts';
import { SqlParams as Params } from '../../lib/sql.ts';

/** What identifies a person (and the people merged into them), read before it is removed. */
export type Identity = {
  id: string;
  name: string;
  tradeName: string | null;
  document: string | null;
  createdAt: Date;
  anonymizedAt: Date | null;
  phones: string[];
  emails: string[];
};

/**
 * Locks and reads the person (if `visible` allows) and every person merged into them (recursively): one human.
 * Null when not found.
 */
export async function lockIdentity(
  tx: Queryable,
  workspaceId: string,
  id: string,
  visible: ((params: SqlParams) => string) | null,
): Promise<{ person: Identity; merged: Identity[] } | null> {
  const params = new Params();
  const ws = params.add(workspaceId);
  const where = `p.id = ${params.add(id)}${visible ? ` AND ${visible(params)}` : ''}`;
  const locked = await tx.query<{ id: string }>(
    `SELECT p.id FROM people p WHERE p.workspace_id = ${ws} AND ${where} FOR UPDATE OF p`,
    params.values,
  );
  if (locked.rowCount === 0) return null;
  const { rows } = await tx.query<{
    id: string;
    name: string;
    trade_name: string | null;
    document: string | null;
    created_at: Date;
    anonymized_at: Date | null;
    phones: string[];
    emails: string[];
  }>(
    `WITH RECURSIVE human(id) AS (
       SELECT $2::uuid
       UNION SELECT m.id FROM people m JOIN human h ON m.merged_into_id = h.id WHERE m.workspace_id = $1
     )
     SELECT p.id, p.name, p.trade_name, p.document, p.created_at, p.anonymized_at,
       ARRAY(SELECT number FROM person_phones ph WHERE ph.workspace_id = $1 AND ph.person_id = p.id) AS phones,
       ARRAY(SELECT address FROM person_emails pe WHERE pe.workspace_id = $1 AND pe.person_id = p.id) AS emails
     FROM people p JOIN human h ON h.id = p.id WHERE p.workspace_id = $1`,
    [workspaceId, id],
  );
  const toIdentity = (r: (typeof rows)[number]): Identity => ({
    id: r.id,
    name: r.name,
    tradeName: r.trade_name,
    document: r.document,
    createdAt: r.created_at,
    anonymizedAt: r.anonymized_at,
    phones: r.phones,
    emails: r.emails,
  });
  const person = rows.find((r) => r.id === id);
  if (!person) return null;
  return { person: toIdentity(person), merged: rows.filter((r) => r.id !== id).map(toIdentity) };
}

/** Counts of what one anonymization removed (kept on its record; no personal data). */
export type Removed = Record<string, number>;

/**
 * Removes identity from every table that holds it for these people (one human); statistics stay: opportunities
 * with values, stages, dates and owners; activities with their dates and status. Answers the file keys no row
 * references any more (their bytes may go once the transaction commits) and the counts.
 */
export async function scrubPeople(
  tx: Queryable,
  workspaceId: string,
  ids: string[],
  names: string[],
): Promise<{ removed: Removed; fileKeys: string[] }> {
  const removed: Removed = {};
  const count = async (label: string, sql: string, values: unknown[]) => {
    const r = await tx.query(sql, values);
    removed[label] = (removed[label] ?? 0) + (r.rowCount ?? 0);
    return r;
  };
  const w = [workspaceId, ids];
  const photos = await tx.query<{ photo_key: string }>(
    'SELECT photo_key FROM people WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND photo_key IS NOT NULL',
    w,
  );
  removed.photos = photos.rowCount ?? 0;
  await count(
    'phones',
    'DELETE FROM person_phones WHERE workspace_id = $1 AND person_id = ANY($2::uuid[])',
    w,
  );
  await count(
    'emails',
    'DELETE FROM person_emails WHERE workspace_id = $1 AND person_id = ANY($2::uuid[])',
    w,
  );
  await count(
    'addresses',
    'DELETE FROM person_addresses WHERE workspace_id = $1 AND person_id = ANY($2::uuid[])',
    w,
  );
  const attachments = await count(
    'attachments',
    'DELETE FROM attachments WHERE workspace_id = $1 AND person_id = ANY($2::uuid[]) RETURNING file_key',
    w,
  );
  const documents = await count(
    'documents',
    'DELETE FROM documents WHERE workspace_id = $1 AND person_id = ANY($2::uuid[]) RETURNING file_key',
    w,
  );
  // Free text of opportunities and activities that may name the person; values, stages and dates stay.
  const patterns = names
    .filter((n) => n.length >= 3)
    .map((n) => `%${n.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  await count(
    'opportunityTexts',
    `UPDATE opportunities o SET
       title = CASE WHEN o.title ILIKE ANY($3::text[]) THEN 'Negociação de titular anonimizado' ELSE o.title END,
       description = NULL, origin_payload = NULL, version = o.version + 1, updated_at = now()
     FROM opportunity_people op
     WHERE o.workspace_id = $1 AND op.workspace_id = $1 AND op.opportunity_id = o.id
       AND op.person_id = ANY($2::uuid[]) AND op.role = 'holder'
       AND (o.title ILIKE ANY($3::text[]) OR o.description IS NOT NULL OR o.origin_payload IS NOT NULL)`,
    [workspaceId, ids, patterns],
  );
  await count(
    'activityTexts',
    `UPDATE activities SET description = NULL,
       title = CASE WHEN title ILIKE ANY($3::text[]) THEN 'Atividade com titular anonimizado' ELSE title END
     WHERE workspace_id = $1 AND person_id = ANY($2::uuid[])
       AND (description IS NOT NULL OR title ILIKE ANY($3::text[]))`,
    [workspaceId, ids, patterns],
  );
  await count(
    'intakeLeads',
    `UPDATE intake_leads SET raw_body = '', lead = '{}'::jsonb, consent = NULL, content_type = NULL
     WHERE workspace_id = $1 AND person_id = ANY($2::uuid[])`,
    w,
  );
  await count(
    'importRows',
    `UPDATE import_rows SET cells = '{}'::jsonb, previous = NULL
     WHERE workspace_id = $1 AND person_id = ANY($2::uuid[])`,
    w,
  );
  await count(
    'campaignRecipients',
    `UPDATE campaign_recipients SET address = NULL, error = NULL
     WHERE workspace_id = $1 AND person_id = ANY($2::uuid[]) AND (address IS NOT NULL OR error IS NOT NULL)`,
    w,
  );
  await count(
    'dialerCalls',
    `UPDATE dialer_calls SET phone = '', detail = NULL WHERE workspace_id = $1 AND person_id = ANY($2::uuid[])`,
    w,
  );
  // Bell notifications that name the person (activity reminders, reclaimed leads) go: they are only a pointer.
  await count(
    'notifications',
    `DELETE FROM notifications WHERE workspace_id = $1
       AND (data::text ILIKE ANY($3::text[]) OR data::text LIKE ANY(ARRAY(SELECT '%' || x || '%' FROM unnest($2::text[]) x)))`,
    [workspaceId, ids, patterns],
  );
  // ERP and assets: amounts, dates and statuses stay; their free text may describe the person.
  await count(
    'erpTexts',
    `UPDATE receivables SET description = NULL
     WHERE workspace_id = $1 AND person_id = ANY($2::uuid[]) AND description IS NOT NULL`,
    w,
  );
  await count(
    'erpTexts',
    `UPDATE credit_limits SET description = NULL
     WHERE workspace_id = $1 AND person_id = ANY($2::uuid[]) AND description IS NOT NULL`,
    w,
  );
  await count(
    'assetNotes',
    `UPDATE assets SET notes = NULL WHERE workspace_id = $1 AND person_id = ANY($2::uuid[]) AND notes IS NOT NULL`,
    w,
  );
  await count(
    'helpdeskLinks',
    'DELETE FROM helpdesk_contacts WHERE workspace_id = $1 AND person_id = ANY($2::uuid[])',
    w,
  );
  await count(
    'helpdeskLinks',
    `UPDATE helpdesk_conversations SET person_id = NULL, contact_id = NULL
     WHERE workspace_id = $1 AND person_id = ANY($2::uuid[])`,
    w,
  );
  await count(
    'duplicatePairs',
    `DELETE FROM duplicate_candidates
     WHERE workspace_id = $1 AND (person_a_id = ANY($2::uuid[]) OR person_b_id = ANY($2::uuid[]))`,
    w,
  );
  await count(
    'mergeSnapshots',
    `UPDATE person_merges SET changes = '{}'::jsonb, merged_before = '{}'::jsonb
     WHERE workspace_id = $1 AND (survivor_id = ANY($2::uuid[]) OR merged_id = ANY($2::uuid[]))`,
    w,
  );
  await count(
    'identityDocuments',
    'DELETE FROM person_documents WHERE workspace_id = $1 AND person_id = ANY($2::uuid[])',
    w,
  );
  await tx.query(
    `UPDATE people SET
       name = 'Titular anonimizado ' || left(id::text, 8), trade_name = NULL, document = NULL, rg = NULL,
       state_registration = NULL, birth_date = NULL, photo_key = NULL, tags = '{}', social = '{}',
       origin_payload = NULL, disinterest_note = NULL, non_client_note = NULL, cnae_code = NULL,
       cnae_description = NULL, registration_status = NULL,
       anonymized_at = coalesce(anonymized_at, now()), version = version + 1, updated_at = now()
     WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
    w,
  );
  const keys = [
    ...photos.rows.map((r) => r.photo_key),
    ...attachments.rows.map((r: { file_key: string }) => r.file_key),
    ...documents.rows.map((r: { file_key: string }) => r.file_key),
  ];
  return { removed, fileKeys: await unreferencedKeys(tx, workspaceId, [...new Set(keys)]) };
}

/** Of these content-addressed keys, those no attachment, document or photo of any workspace still uses. */
async function unreferencedKeys(tx: Queryable, workspaceId: string, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const { rows } = await tx.query<{ key: string }>(
    `/* tenancy: any workspace — the file store is shared by content, so a key may be another workspace's too */
     SELECT k AS key FROM unnest($2::text[]) AS k
     WHERE $1::uuid IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.file_key = k)
       AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.file_key = k)
       AND NOT EXISTS (SELECT 1 FROM people p WHERE p.photo_key = k)`,
    [workspaceId, keys],
  );
  return rows.map((r) => r.key);
}

/** The opportunities these people are involved in (their events may name them). */
export async function opportunitiesOf(tx: Queryable, workspaceId: string, ids: string[]): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT DISTINCT opportunity_id AS id FROM opportunity_people
     WHERE workspace_id = $1 AND person_id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
  return rows.map((r) => r.id);
}

/** The other side of every merge these people took part in (their `merged` events name them). */
export async function mergePartnersOf(tx: Queryable, workspaceId: string, ids: string[]): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT survivor_id AS id FROM person_merges WHERE workspace_id = $1 AND merged_id = ANY($2::uuid[])
     UNION SELECT merged_id FROM person_merges WHERE workspace_id = $1 AND survivor_id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
  return rows.map((r) => r.id).filter((id) => !ids.includes(id));
}

/** The finished, live exports of the workspace made since `since` (they may list the person). */
/**
 * Serializes, per workspace, anonymizations against exports finishing (transaction-scoped): an export that read a
 * person before their anonymization committed is either done before the anonymization scans the files, or sees the
 * anonymization when it finishes and writes its file again.
 */
export async function lockExportFinishing(tx: Queryable, workspaceId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('lgpd-exports:' || $1, 0))`, [workspaceId]);
}

/** How many anonymizations the workspace has seen (they are never removed: a count that only grows). */
export async function countAnonymizations(db: Queryable, workspaceId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM anonymizations WHERE workspace_id = $1',
    [workspaceId],
  );
  return rows[0]?.n ?? 0;
}

export async function liveExportsSince(
  db: Queryable,
  workspaceId: string,
  since: Date,
): Promise<{ id: string; file_key: string; format: string }[]> {
  const { rows } = await db.query<{ id: string; file_key: string; format: string }>(
    `SELECT id, file_key, format FROM exports
     WHERE workspace_id = $1 AND status = 'done' AND file_key IS NOT NULL AND finished_at >= $2`,
    [workspaceId, since],
  );
  return rows;
}

/**
 * Withdraws these exports (LGPD): the record stays with `withdrawn_at`, the file key is cleared. Answers the keys
 * no live export shares any more (their bytes may go).
 */
export async function withdrawExports(tx: Queryable, workspaceId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.query<{ file_key: string }>(
    `UPDATE exports e SET withdrawn_at = now(), file_key = NULL
     FROM (SELECT id, file_key FROM exports WHERE workspace_id = $1 AND id = ANY($2::uuid[])
           AND file_key IS NOT NULL FOR UPDATE) old
     WHERE e.workspace_id = $1 AND e.id = old.id
     RETURNING old.file_key`,
    [workspaceId, ids],
  );
  const keys = [...new Set(rows.map((r) => r.file_key))];
  if (keys.length === 0) return [];
  const shared = await tx.query<{ file_key: string }>(
    `/* tenancy: any workspace — the export file section is shared by content across workspaces */
     SELECT DISTINCT file_key FROM exports WHERE file_key = ANY($1::text[])`,
    [keys],
  );
  const still = new Set(shared.rows.map((r) => r.file_key));
  return keys.filter((k) => !still.has(k));
}

export async function insertAnonymization(
  tx: Queryable,
  a: {
    workspaceId: string;
    personId: string;
    actorId: string | null;
    reason: string;
    requestId: string | null;
    retentionRunId: string | null;
    removed: Removed;
  },
): Promise<{ id: string; createdAt: Date }> {
  const { rows } = await tx.query<{ id: string; created_at: Date }>(
    `INSERT INTO anonymizations (workspace_id, person_id, actor_id, reason, request_id, retention_run_id, removed)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at`,
    [
      a.workspaceId,
      a.personId,
      a.actorId,
      a.reason,
      a.requestId,
      a.retentionRunId,
      JSON.stringify(a.removed),
    ],
  );
  const r = rows[0] as { id: string; created_at: Date };
  return { id: r.id, createdAt: r.created_at };
}

export type AnonymizationRow = {
  id: string;
  person_id: string;
  actor_id: string | null;
  actor_name: string | null;
  reason: string;
  request_id: string | null;
  retention_run_id: string | null;
  removed: Removed;
  created_at: Date;
};

const SELECT_ANONYMIZATION = `SELECT a.id, a.person_id, a.actor_id, u.name AS actor_name, a.reason, a.request_id,
    a.retention_run_id, a.removed, a.created_at
  FROM anonymizations a LEFT JOIN users u ON u.workspace_id = a.workspace_id AND u.id = a.actor_id`;

export async function findAnonymizationOf(
  db: Queryable,
  workspaceId: string,
  personId: string,
): Promise<AnonymizationRow | null> {
  const { rows } = await db.query<AnonymizationRow>(
    `${SELECT_ANONYMIZATION} WHERE a.workspace_id = $1 AND a.person_id = $2`,
    [workspaceId, personId],
  );
  return rows[0] ?? null;
}

export async function listAnonymizations(
  db: Queryable,
  workspaceId: string,
  limit: number,
  offset: number,
): Promise<{ rows: AnonymizationRow[]; total: number }> {
  const { rows } = await db.query<AnonymizationRow>(
    `${SELECT_ANONYMIZATION} WHERE a.workspace_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT $2 OFFSET $3`,
    [workspaceId, limit, offset],
  );
  const total = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM anonymizations WHERE workspace_id = $1',
    [workspaceId],
  );
  return { rows, total: total.rows[0]?.n ?? 0 };
}
