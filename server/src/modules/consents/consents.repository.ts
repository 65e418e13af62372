import type { ConsentAction, ConsentSource, LegalBasis } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

export type PurposeRow = {
  id: string;
  name: string;
  description: string;
  text: string;
  text_version: number;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const PURPOSE_COLUMNS = `p.id, p.name, p.description, t.text, p.text_version, p.archived_at, p.created_at, p.updated_at
  FROM consent_purposes p
  JOIN consent_purpose_texts t ON t.purpose_id = p.id AND t.version = p.text_version`;

export async function listPurposes(db: Queryable, workspaceId: string, includeArchived: boolean) {
  const { rows } = await db.query<PurposeRow>(
    `SELECT ${PURPOSE_COLUMNS}
      WHERE p.workspace_id = $1 AND ($2 OR p.archived_at IS NULL)
      ORDER BY p.archived_at IS NOT NULL, lower(p.name), p.id`,
    [workspaceId, includeArchived],
  );
  return rows;
}

export async function findPurpose(db: Queryable, workspaceId: string, id: string, forUpdate = false) {
  const { rows } = await db.query<PurposeRow>(
    `SELECT ${PURPOSE_COLUMNS} WHERE p.workspace_id = $1 AND p.id = $2${forUpdate ? ' FOR UPDATE OF p' : ''}`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

/** Whether another purpose of the workspace already has this name (case-insensitive). */
export async function purposeNameTaken(
  db: Queryable,
  workspaceId: string,
  name: string,
  exceptId: string | null,
) {
  const { rowCount } = await db.query(
    `SELECT 1 FROM consent_purposes WHERE workspace_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3`,
    [workspaceId, name, exceptId],
  );
  return (rowCount ?? 0) > 0;
}

export async function insertPurpose(
  db: Queryable,
  v: { workspaceId: string; name: string; description: string; text: string; createdBy: string },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `WITH p AS (
       INSERT INTO consent_purposes (workspace_id, name, description) VALUES ($1, $2, $3) RETURNING id, workspace_id
     )
     INSERT INTO consent_purpose_texts (workspace_id, purpose_id, version, text, created_by)
     SELECT p.workspace_id, p.id, 1, $4, $5 FROM p
     RETURNING purpose_id AS id`,
    [v.workspaceId, v.name, v.description, v.text, v.createdBy],
  );
  return (rows[0] as { id: string }).id;
}

export async function updatePurpose(
  db: Queryable,
  workspaceId: string,
  id: string,
  v: { name: string; description: string; textVersion: number; archived: boolean },
): Promise<void> {
  await db.query(
    `UPDATE consent_purposes
        SET name = $3, description = $4, text_version = $5,
            archived_at = CASE WHEN $6 THEN coalesce(archived_at, now()) ELSE NULL END, updated_at = now()
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, v.name, v.description, v.textVersion, v.archived],
  );
}

export async function insertPurposeText(
  db: Queryable,
  v: { workspaceId: string; purposeId: string; version: number; text: string; createdBy: string },
): Promise<void> {
  await db.query(
    `INSERT INTO consent_purpose_texts (workspace_id, purpose_id, version, text, created_by)
     VALUES ($1, $2, $3, $4, $5)`,
    [v.workspaceId, v.purposeId, v.version, v.text, v.createdBy],
  );
}

export type PurposeTextRow = {
  version: number;
  text: string;
  created_at: Date;
  created_by: string | null;
  created_by_name: string | null;
};

export async function purposeTexts(db: Queryable, workspaceId: string, purposeId: string) {
  const { rows } = await db.query<PurposeTextRow>(
    `SELECT t.version, t.text, t.created_at, t.created_by, u.name AS created_by_name
       FROM consent_purpose_texts t LEFT JOIN users u ON u.id = t.created_by
      WHERE t.workspace_id = $1 AND t.purpose_id = $2
      ORDER BY t.version DESC`,
    [workspaceId, purposeId],
  );
  return rows;
}

export type ConsentRecordRow = {
  id: string;
  purpose_id: string;
  purpose_name: string;
  legal_basis: LegalBasis;
  action: ConsentAction;
  source: ConsentSource;
  text_version: number;
  evidence: string;
  recorded_by: string | null;
  recorded_by_name: string | null;
  recorded_at: Date;
};

const RECORD_COLUMNS = `r.id, r.purpose_id, p.name AS purpose_name, r.legal_basis, r.action, r.source, r.text_version,
  r.evidence, r.recorded_by, u.name AS recorded_by_name, r.recorded_at
  FROM consent_records r
  JOIN consent_purposes p ON p.id = r.purpose_id
  LEFT JOIN users u ON u.id = r.recorded_by`;

/** A person's whole consent log, newest first. */
export async function recordsOfPerson(db: Queryable, workspaceId: string, personId: string) {
  const { rows } = await db.query<ConsentRecordRow>(
    `SELECT ${RECORD_COLUMNS}
      WHERE r.workspace_id = $1 AND r.person_id = $2
      ORDER BY r.recorded_at DESC, r.id DESC`,
    [workspaceId, personId],
  );
  return rows;
}

/** The latest record of each purpose for a person (the current state). */
export async function latestRecordsOfPerson(db: Queryable, workspaceId: string, personId: string) {
  const { rows } = await db.query<ConsentRecordRow>(
    `SELECT DISTINCT ON (r.purpose_id) ${RECORD_COLUMNS}
      WHERE r.workspace_id = $1 AND r.person_id = $2
      ORDER BY r.purpose_id, r.recorded_at DESC, r.id DESC`,
    [workspaceId, personId],
  );
  return rows;
}

export type NewConsentRecord = {
  workspaceId: string;
  purposeId: string;
  legalBasis: LegalBasis;
  action: ConsentAction;
  source: ConsentSource;
  textVersion: number;
  evidence: string;
  recordedBy: string | null;
};

/** Appends one record per person (one statement); answers the ids with their person. */
export async function insertRecords(db: Queryable, personIds: string[], r: NewConsentRecord) {
  const { rows } = await db.query<{ id: string; person_id: string; recorded_at: Date }>(
    `INSERT INTO consent_records (workspace_id, person_id, purpose_id, legal_basis, action, source, text_version,
       evidence, recorded_by)
     SELECT $1, person_id, $3, $4, $5, $6, $7, $8, $9 FROM unnest($2::uuid[]) AS person_id
     RETURNING id, person_id, recorded_at`,
    [
      r.workspaceId,
      personIds,
      r.purposeId,
      r.legalBasis,
      r.action,
      r.source,
      r.textVersion,
      r.evidence,
      r.recordedBy,
    ],
  );
  return rows;
}

/** Serializes writers of one person's consents (current state read, then a record appended). */
export async function lockPersonConsents(db: Queryable, workspaceId: string, personId: string) {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('consents:' || $1 || ':' || $2, 0))`, [
    workspaceId,
    personId,
  ]);
}

/** Erases the evidence of every record of these people (LGPD anonymization); answers how many were erased. */
export async function eraseEvidence(
  db: Queryable,
  workspaceId: string,
  personIds: string[],
): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE consent_records SET evidence = '', evidence_erased_at = now()
      WHERE workspace_id = $1 AND person_id = ANY($2::uuid[]) AND evidence_erased_at IS NULL`,
    [workspaceId, personIds],
  );
  return rowCount ?? 0;
}
