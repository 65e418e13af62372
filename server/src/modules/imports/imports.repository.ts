import type { DedupPolicy, ImportKind, ImportMapping, ImportStatus, LegalBasis } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

export type ImportRow = {
  id: string;
  workspace_id: string;
  created_by: string;
  created_by_name: string | null;
  kind: ImportKind;
  file_name: string;
  file_type: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  headers: string[];
  mapping: ImportMapping | null;
  policy: DedupPolicy | null;
  consent_purpose_id: string | null;
  consent_basis: LegalBasis | null;
  status: ImportStatus;
  total_rows: number;
  processed_through: number;
  processed_rows: number;
  created_count: number;
  updated_count: number;
  skipped_count: number;
  rejected_count: number;
  failure: string | null;
  undo_kept: number | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  undone_at: Date | null;
};

const SELECT_IMPORT = `SELECT i.*, u.name AS created_by_name FROM imports i
  LEFT JOIN users u ON u.workspace_id = i.workspace_id AND u.id = i.created_by`;

export async function insertImport(
  db: Queryable,
  i: {
    id: string;
    workspaceId: string;
    createdBy: string;
    kind: ImportKind;
    fileName: string;
    fileType: 'csv' | 'xlsx';
    encoding: string | null;
    delimiter: string | null;
    headers: string[];
    mapping: ImportMapping;
    totalRows: number;
  },
) {
  await db.query(
    `INSERT INTO imports (id, workspace_id, created_by, file_name, file_type, encoding, delimiter, headers, mapping,
       total_rows, kind)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      i.id,
      i.workspaceId,
      i.createdBy,
      i.fileName,
      i.fileType,
      i.encoding,
      i.delimiter,
      JSON.stringify(i.headers),
      JSON.stringify(i.mapping),
      i.totalRows,
      i.kind,
    ],
  );
}

/** The staging rows: the file's data rows in order (row_no = line in the file: the first data row is 2), 5,000 per statement. */
export async function insertImportRows(
  db: Queryable,
  workspaceId: string,
  importId: string,
  rows: string[][],
) {
  const CHUNK = 5000;
  for (let start = 0; start < rows.length; start += CHUNK) {
    await db.query(
      `INSERT INTO import_rows (import_id, workspace_id, row_no, cells)
       SELECT $1, $2, $3 + r.ord::int, r.value FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS r(value, ord)`,
      [importId, workspaceId, start + 1, JSON.stringify(rows.slice(start, start + CHUNK))],
    );
  }
}

/** One import; with `createdBy`, only if that user started it. */
export async function findImport(
  db: Queryable,
  workspaceId: string,
  id: string,
  forUpdate = false,
  createdBy: string | null = null,
) {
  const { rows } = await db.query<ImportRow>(
    forUpdate
      ? `SELECT i.*, NULL AS created_by_name FROM imports i
         WHERE i.workspace_id = $1 AND i.id = $2 AND ($3::uuid IS NULL OR i.created_by = $3) FOR UPDATE`
      : `${SELECT_IMPORT} WHERE i.workspace_id = $1 AND i.id = $2 AND ($3::uuid IS NULL OR i.created_by = $3)`,
    [workspaceId, id, createdBy],
  );
  return rows[0] ?? null;
}

/** The newest imports; with `createdBy`, only those that user started. */
export async function listImports(
  db: Queryable,
  workspaceId: string,
  limit: number,
  createdBy: string | null,
) {
  const { rows } = await db.query<ImportRow>(
    `${SELECT_IMPORT} WHERE i.workspace_id = $1 AND ($3::uuid IS NULL OR i.created_by = $3)
     ORDER BY i.created_at DESC, i.id LIMIT $2`,
    [workspaceId, limit, createdBy],
  );
  return rows;
}

/** Rows of the file from `after` (row_no), in order. */
export async function rowsAfter(
  db: Queryable,
  workspaceId: string,
  importId: string,
  after: number,
  limit: number,
) {
  const { rows } = await db.query<{
    row_no: number;
    cells: string[];
    status: string | null;
    previous: unknown;
  }>(
    `SELECT row_no, cells, status, previous, person_id FROM import_rows
     WHERE workspace_id = $1 AND import_id = $2 AND row_no > $3 ORDER BY row_no LIMIT $4`,
    [workspaceId, importId, after, limit],
  );
  return rows;
}

export async function setMapping(
  db: Queryable,
  workspaceId: string,
  id: string,
  mapping: ImportMapping,
  policy: DedupPolicy,
  consent: { purposeId: string; legalBasis: LegalBasis } | null = null,
) {
  await db.query(
    `UPDATE imports SET mapping = $3, policy = $4, consent_purpose_id = $5, consent_basis = $6
      WHERE workspace_id = $1 AND id = $2 AND status = 'uploaded'`,
    [
      workspaceId,
      id,
      JSON.stringify(mapping),
      policy,
      consent?.purposeId ?? null,
      consent?.legalBasis ?? null,
    ],
  );
}

export async function setStatus(
  db: Queryable,
  workspaceId: string,
  id: string,
  status: ImportStatus,
  extra: { failure?: string | null } = {},
) {
  await db.query(
    `UPDATE imports SET status = $3, failure = $4,
       started_at = CASE WHEN $3 = 'running' THEN coalesce(started_at, now()) ELSE started_at END,
       heartbeat_at = now(),
       finished_at = CASE WHEN $3 IN ('done', 'failed') THEN now() ELSE finished_at END
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, status, extra.failure ?? null],
  );
}

/** The oldest import waiting for the job or left running (by a stopped process). */
export async function nextPendingImport(db: Queryable) {
  const { rows } = await db.query<{ id: string; workspace_id: string }>(
    `/* tenancy: any workspace — the import job serves every workspace, oldest first */
     SELECT id, workspace_id FROM imports WHERE status IN ('queued', 'running') ORDER BY created_at, id LIMIT 1`,
  );
  return rows[0] ?? null;
}

export type RowOutcome = {
  rowNo: number;
  status: 'created' | 'updated' | 'skipped' | 'rejected' | 'updating';
  reason: string | null;
  personId: string | null;
  previous?: unknown;
  /** Opportunities import: the card the row created. */
  opportunityId?: string | null;
};

export async function recordOutcomes(
  db: Queryable,
  workspaceId: string,
  importId: string,
  outcomes: RowOutcome[],
) {
  if (outcomes.length === 0) return;
  const rowNos = outcomes.map((o) => o.rowNo);
  // The batch's rows are one range of the primary key: the range bounds the scan whatever the planner guesses.
  await db.query(
    `UPDATE import_rows r SET status = x.status, reason = x.reason, person_id = x.person_id,
       previous = coalesce(x.previous, r.previous), opportunity_id = x.opportunity_id
     FROM unnest($5::int[], $6::text[], $7::text[], $8::uuid[], $9::jsonb[], $10::uuid[])
       AS x(row_no, status, reason, person_id, previous, opportunity_id)
     WHERE r.workspace_id = $1 AND r.import_id = $2 AND r.row_no BETWEEN $3 AND $4 AND r.row_no = x.row_no`,
    [
      workspaceId,
      importId,
      Math.min(...rowNos),
      Math.max(...rowNos),
      rowNos,
      outcomes.map((o) => o.status),
      outcomes.map((o) => o.reason),
      outcomes.map((o) => o.personId),
      outcomes.map((o) =>
        o.previous === undefined || o.previous === null ? null : JSON.stringify(o.previous),
      ),
      outcomes.map((o) => o.opportunityId ?? null),
    ],
  );
}

/** Moves the checkpoint to `through` and adds the batch's counts (same transaction as the batch's writes). */
export async function advance(
  db: Queryable,
  workspaceId: string,
  id: string,
  through: number,
  counts: { rows: number; created: number; updated: number; skipped: number; rejected: number },
) {
  await db.query(
    `UPDATE imports SET processed_through = $3, processed_rows = processed_rows + $4,
       created_count = created_count + $5, updated_count = updated_count + $6, skipped_count = skipped_count + $7,
       rejected_count = rejected_count + $8, heartbeat_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, through, counts.rows, counts.created, counts.updated, counts.skipped, counts.rejected],
  );
}

/** Rows refused (with their reason) or skipped, for the error report. */
export async function problemRows(db: Queryable, workspaceId: string, importId: string) {
  const { rows } = await db.query<{ row_no: number; cells: string[]; status: string; reason: string }>(
    `SELECT row_no, cells, status, reason FROM import_rows
     WHERE workspace_id = $1 AND import_id = $2 AND status IN ('rejected', 'skipped') ORDER BY row_no`,
    [workspaceId, importId],
  );
  return rows;
}

export async function rowsWithOutcome(
  db: Queryable,
  workspaceId: string,
  importId: string,
  statuses: string[],
) {
  const { rows } = await db.query<{ row_no: number; person_id: string; previous: unknown }>(
    `SELECT row_no, person_id, previous FROM import_rows
     WHERE workspace_id = $1 AND import_id = $2 AND status = ANY($3::text[]) AND person_id IS NOT NULL
     ORDER BY row_no`,
    [workspaceId, importId, statuses],
  );
  return rows;
}

/** The opportunities this import created. */
export async function opportunitiesOf(db: Queryable, workspaceId: string, importId: string) {
  const { rows } = await db.query<{ opportunity_id: string }>(
    `SELECT opportunity_id FROM import_rows
     WHERE workspace_id = $1 AND import_id = $2 AND opportunity_id IS NOT NULL ORDER BY row_no`,
    [workspaceId, importId],
  );
  return rows.map((r) => r.opportunity_id);
}

/** Rows of this import that created or updated one of these people (a later row holding their values repeats it). */
export async function rowsOfPeople(
  db: Queryable,
  workspaceId: string,
  importId: string,
  personIds: string[],
) {
  if (personIds.length === 0) return [];
  const { rows } = await db.query<{ row_no: number; person_id: string }>(
    `SELECT row_no, person_id FROM import_rows
     WHERE workspace_id = $1 AND import_id = $2 AND person_id = ANY($3::uuid[]) AND status IN ('created', 'updated')`,
    [workspaceId, importId, personIds],
  );
  return rows;
}

export async function markUndone(
  db: Queryable,
  workspaceId: string,
  id: string,
  userId: string,
  kept: number,
) {
  await db.query(
    `UPDATE imports SET status = 'undone', undone_at = now(), undone_by = $3, undo_kept = $4
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, userId, kept],
  );
}

export async function saveMapping(
  db: Queryable,
  m: { workspaceId: string; name: string; headersKey: string; mapping: ImportMapping; createdBy: string },
) {
  await db.query(
    `INSERT INTO import_mappings (workspace_id, name, headers_key, mapping, created_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (workspace_id, name) DO UPDATE SET headers_key = EXCLUDED.headers_key, mapping = EXCLUDED.mapping`,
    [m.workspaceId, m.name, m.headersKey, JSON.stringify(m.mapping), m.createdBy],
  );
}

export async function mappingsFor(db: Queryable, workspaceId: string, headersKey: string) {
  const { rows } = await db.query<{ name: string; mapping: ImportMapping }>(
    `SELECT name, mapping FROM import_mappings WHERE workspace_id = $1 AND headers_key = $2 ORDER BY created_at DESC`,
    [workspaceId, headersKey],
  );
  return rows;
}
