import type { Queryable } from '../../db/pool.ts';
import type { SqlParams } from '../../lib/sql.ts';

/** The workspace's suppression salt, made on first use (two concurrent first uses agree on the stored one). */
export async function ensureSalt(db: Queryable, workspaceId: string, fresh: string): Promise<string> {
  await db.query(
    'INSERT INTO suppression_salts (workspace_id, salt) VALUES ($1, $2) ON CONFLICT (workspace_id) DO NOTHING',
    [workspaceId, fresh],
  );
  const { rows } = await db.query<{ salt: string }>(
    'SELECT salt FROM suppression_salts WHERE workspace_id = $1',
    [workspaceId],
  );
  return (rows[0] as { salt: string }).salt;
}

/** The salt, or null while nobody of the workspace was ever suppressed. */
export async function findSalt(db: Queryable, workspaceId: string): Promise<string | null> {
  const { rows } = await db.query<{ salt: string }>(
    'SELECT salt FROM suppression_salts WHERE workspace_id = $1',
    [workspaceId],
  );
  return rows[0]?.salt ?? null;
}

export async function insertHashes(
  db: Queryable,
  workspaceId: string,
  entries: { hash: string; kind: string }[],
): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO suppression_hashes (workspace_id, hash, kind)
     SELECT $1, x.hash, x.kind FROM unnest($2::text[], $3::text[]) AS x(hash, kind)
     ON CONFLICT (workspace_id, hash) DO NOTHING`,
    [workspaceId, entries.map((e) => e.hash), entries.map((e) => e.kind)],
  );
}

/** Which of these hashes are on the list. */
export async function matchingHashes(
  db: Queryable,
  workspaceId: string,
  hashes: string[],
): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const { rows } = await db.query<{ hash: string }>(
    'SELECT hash FROM suppression_hashes WHERE workspace_id = $1 AND hash = ANY($2::text[])',
    [workspaceId, hashes],
  );
  return new Set(rows.map((r) => r.hash));
}

export async function countHashes(db: Queryable, workspaceId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM suppression_hashes WHERE workspace_id = $1',
    [workspaceId],
  );
  return rows[0]?.n ?? 0;
}

/**
 * A condition for another module's statement: none of `hashes` is listed, or (`hashes` null: the salt is not known
 * yet) the workspace has no salt at all, so nobody of it was ever suppressed.
 */
export function notSuppressedSql(params: SqlParams, workspaceId: string, hashes: string[] | null): string {
  return hashes === null
    ? `NOT EXISTS (SELECT 1 FROM suppression_salts WHERE workspace_id = ${params.add(workspaceId)})`
    : `NOT EXISTS (SELECT 1 FROM suppression_hashes WHERE workspace_id = ${params.add(workspaceId)}
         AND hash = ANY(${params.add(hashes)}::text[]))`;
}
