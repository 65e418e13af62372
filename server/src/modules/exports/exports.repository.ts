import type { ExportFilters, ExportFormat, ExportList, ExportStatus } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

// The only SQL over `exports` (the audit record of every export; finished rows are immutable, see 0028_exports.sql).

export type ExportRow = {
  id: string;
  workspace_id: string;
  user_id: string;
  list: ExportList;
  format: ExportFormat;
  filters: ExportFilters;
  status: ExportStatus;
  rows_total: number | null;
  rows_done: number;
  file_key: string | null;
  file_size: string | null;
  error: string | null;
  created_at: Date;
  created_at_key: string;
  finished_at: Date | null;
  expires_at: Date | null;
  expired_at: Date | null;
  withdrawn_at: Date | null;
};

const COLUMNS = `id, workspace_id, user_id, list, format, filters, status, rows_total, rows_done, file_key, file_size,
  error, created_at, created_at::text AS created_at_key, finished_at, expires_at, expired_at, withdrawn_at`;

export async function insertExport(
  db: Queryable,
  v: { workspaceId: string; userId: string; list: ExportList; format: ExportFormat; filters: ExportFilters },
): Promise<ExportRow> {
  const { rows } = await db.query<ExportRow>(
    `INSERT INTO exports (workspace_id, user_id, list, format, filters) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${COLUMNS}`,
    [v.workspaceId, v.userId, v.list, v.format, JSON.stringify(v.filters)],
  );
  return rows[0] as ExportRow;
}

/** One export of the workspace (`userId`: only when that user made it). */
export async function findExport(
  db: Queryable,
  workspaceId: string,
  id: string,
  userId?: string,
): Promise<ExportRow | null> {
  const { rows } = await db.query<ExportRow>(
    `SELECT ${COLUMNS} FROM exports WHERE workspace_id = $1 AND id = $2 AND ($3::uuid IS NULL OR user_id = $3)`,
    [workspaceId, id, userId ?? null],
  );
  return rows[0] ?? null;
}

/** A user's exports, newest first, after the keyset `before` (created_at as text, keeping microseconds, and id). */
export async function listExports(
  db: Queryable,
  workspaceId: string,
  userId: string,
  page: { limit: number; before: { createdAt: string; id: string } | null },
): Promise<ExportRow[]> {
  const { rows } = await db.query<ExportRow>(
    `SELECT ${COLUMNS} FROM exports
     WHERE workspace_id = $1 AND user_id = $2
       AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $5`,
    [workspaceId, userId, page.before?.createdAt ?? null, page.before?.id ?? null, page.limit],
  );
  return rows;
}

/** Claims exports not yet queued (the relay): marks them queued and answers their ids. */
export async function claimUnqueued(
  db: Queryable,
  limit: number,
): Promise<{ id: string; workspace_id: string }[]> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — the relay queues every workspace's new exports */
     UPDATE exports SET queued_at = now()
     WHERE id IN (SELECT id FROM exports WHERE queued_at IS NULL ORDER BY created_at LIMIT $1
                  FOR UPDATE SKIP LOCKED)
     RETURNING id, workspace_id`,
    [limit],
  );
  return rows;
}

/** Puts an export back in line for the relay (its job could not be queued). */
export async function unqueue(db: Queryable, workspaceId: string, id: string): Promise<void> {
  await db.query(
    "UPDATE exports SET queued_at = NULL WHERE workspace_id = $1 AND id = $2 AND status = 'queued'",
    [workspaceId, id],
  );
}

/** Starts (or restarts, after a crash) writing an export: answers false when it has already finished. */
export async function startRun(
  db: Queryable,
  workspaceId: string,
  id: string,
  rowsTotal: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE exports SET status = 'running', rows_total = $3, rows_done = 0, started_at = now()
     WHERE workspace_id = $1 AND id = $2 AND status IN ('queued', 'running')`,
    [workspaceId, id, rowsTotal],
  );
  return rowCount === 1;
}

export async function recordProgress(
  db: Queryable,
  workspaceId: string,
  id: string,
  rowsDone: number,
): Promise<void> {
  await db.query(
    "UPDATE exports SET rows_done = $3 WHERE workspace_id = $1 AND id = $2 AND status = 'running'",
    [workspaceId, id, rowsDone],
  );
}

export async function finishRun(
  db: Queryable,
  workspaceId: string,
  id: string,
  v: { rowsDone: number; fileKey: string; fileSize: number; keepDays: number },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE exports SET status = 'done', rows_done = $3, rows_total = $3, file_key = $4, file_size = $5,
       finished_at = now(), expires_at = now() + make_interval(days => $6)
     WHERE workspace_id = $1 AND id = $2 AND status = 'running'`,
    [workspaceId, id, v.rowsDone, v.fileKey, v.fileSize, v.keepDays],
  );
  return rowCount === 1;
}

export async function failRun(db: Queryable, workspaceId: string, id: string, error: string): Promise<void> {
  await db.query(
    `UPDATE exports SET status = 'failed', error = $3, finished_at = now()
     WHERE workspace_id = $1 AND id = $2 AND status IN ('queued', 'running')`,
    [workspaceId, id, error],
  );
}

/** Expires the done exports past their day (clears the file key); answers the keys that were cleared. */
export async function expireDue(db: Queryable, now: Date, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ key: string }>(
    `/* tenancy: any workspace — the expiry sweep goes over every workspace's exports */
     WITH due AS (
       SELECT id, file_key FROM exports
       WHERE status = 'done' AND expired_at IS NULL AND file_key IS NOT NULL AND expires_at <= $1
       ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
     )
     UPDATE exports e SET file_key = NULL, expired_at = $1 FROM due WHERE e.id = due.id
     RETURNING due.file_key AS key`,
    [now, limit],
  );
  return rows.map((r) => r.key);
}

/** Whether a live export still points at a file (identical exports share one: the store is by content). */
export async function fileInUse(db: Queryable, key: string): Promise<boolean> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — the export file section is shared by content across workspaces */
     SELECT 1 FROM exports WHERE file_key = $1 LIMIT 1`,
    [key],
  );
  return rows.length > 0;
}
