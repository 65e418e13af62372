import type { Queryable } from '../../db/pool.ts';

export type LookupKind = 'cnpj' | 'cep';
export type CachedLookup = { found: boolean; data: unknown; provider: string; fetchedAt: Date };

/** The cached answer for a number while it is fresh (null: never asked, or expired). */
export async function findFresh(db: Queryable, kind: LookupKind, key: string): Promise<CachedLookup | null> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — public registry data, one cache for every workspace (no workspace_id) */
     SELECT found, data, provider, fetched_at FROM lookup_cache
      WHERE kind = $1 AND key = $2 AND expires_at > now()`,
    [kind, key],
  );
  const row = rows[0];
  return row ? { found: row.found, data: row.data, provider: row.provider, fetchedAt: row.fetched_at } : null;
}

/** Stores (or refreshes) a provider's answer for `ttlSeconds`. */
export async function save(
  db: Queryable,
  entry: {
    kind: LookupKind;
    key: string;
    found: boolean;
    data: unknown;
    provider: string;
    ttlSeconds: number;
  },
) {
  await db.query(
    `/* tenancy: any workspace — public registry data, one cache for every workspace (no workspace_id) */
     INSERT INTO lookup_cache (kind, key, found, data, provider, fetched_at, expires_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, now(), now() + make_interval(secs => $6))
     ON CONFLICT (kind, key) DO UPDATE
       SET found = EXCLUDED.found, data = EXCLUDED.data, provider = EXCLUDED.provider,
           fetched_at = EXCLUDED.fetched_at, expires_at = EXCLUDED.expires_at`,
    [
      entry.kind,
      entry.key,
      entry.found,
      entry.found ? JSON.stringify(entry.data) : null,
      entry.provider,
      entry.ttlSeconds,
    ],
  );
}
