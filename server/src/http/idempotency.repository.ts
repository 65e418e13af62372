import type { Queryable } from '../db/pool.ts';

export type StoredResponse = {
  requestHash: string;
  statusCode: number | null;
  headers: Record<string, string> | null;
  body: string | null;
};

/**
 * A claim with no response after this long is abandoned: its request died with the process, or the database went
 * away before the key could be freed (no request runs this long), and a retry may run again.
 */
export const ABANDONED_CLAIM_SECONDS = 120;

/**
 * Claims the key for this request; false when the user already used it (the first request is running or answered).
 * An abandoned claim is taken over.
 */
export async function claimKey(
  db: Queryable,
  k: { workspaceId: string; userId: string; key: string; requestHash: string },
): Promise<boolean> {
  const claimed = await db.query(
    `INSERT INTO idempotency_keys (workspace_id, user_id, key, request_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id, key, workspace_id) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = now()
       WHERE idempotency_keys.status_code IS NULL
         AND idempotency_keys.created_at < now() - make_interval(secs => ${ABANDONED_CLAIM_SECONDS})`,
    [k.workspaceId, k.userId, k.key, k.requestHash],
  );
  return claimed.rowCount === 1;
}

/** What the first request under the key stored (status null while it is still running). */
export async function findStored(
  db: Queryable,
  workspaceId: string,
  userId: string,
  key: string,
): Promise<StoredResponse | null> {
  const { rows } = await db.query(
    `SELECT request_hash, status_code, response_headers, response_body FROM idempotency_keys
     WHERE workspace_id = $1 AND user_id = $2 AND key = $3`,
    [workspaceId, userId, key],
  );
  const r = rows[0];
  return r
    ? {
        requestHash: r.request_hash,
        statusCode: r.status_code,
        headers: r.response_headers,
        body: r.response_body,
      }
    : null;
}

/** Frees the key (the first request failed on the server: a retry should run again). */
export async function releaseKey(db: Queryable, workspaceId: string, userId: string, key: string) {
  await db.query('DELETE FROM idempotency_keys WHERE workspace_id = $1 AND user_id = $2 AND key = $3', [
    workspaceId,
    userId,
    key,
  ]);
}

/** Stores the response a retry under the key will replay. */
export async function storeResponse(
  db: Queryable,
  k: { workspaceId: string; userId: string; key: string },
  r: { statusCode: number; headers: Record<string, string>; body: string | null },
) {
  await db.query(
    `UPDATE idempotency_keys SET status_code = $4, response_headers = $5, response_body = $6
     WHERE workspace_id = $1 AND user_id = $2 AND key = $3`,
    [k.workspaceId, k.userId, k.key, r.statusCode, r.headers, r.body],
  );
}
