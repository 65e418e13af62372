import type { CustomField, CustomFieldEntity } from '@funil/domain';
import { NotifiedCache } from '../../db/notified-cache.ts';
import type { Queryable } from '../../db/pool.ts';
import * as repo from './custom-fields.repository.ts';

/** With every change announced, a definition may stay for a minute (only a lost LISTEN would need it shorter). */
const TTL_MS = 60_000;

/**
 * A workspace's field definitions per entity, kept by this app instance: every write of a record with custom values
 * checks them, and they were half of a create-person's statements (bench/RESULTS.md, people). Migration 0047's
 * trigger on custom_fields NOTIFY `funil_custom_fields` at commit; see NotifiedCache for the rest.
 */
export class CustomFieldCache extends NotifiedCache<CustomField[]> {
  constructor(databaseUrl: string) {
    super(databaseUrl, 'funil_custom_fields', TTL_MS);
  }
}

/** The cache the app keeps for its pool; transactions (another Queryable) always read the table. */
const byPool = new WeakMap<Queryable, CustomFieldCache>();

export function keepFieldDefinitions(pool: Queryable, cache: CustomFieldCache): void {
  byPool.set(pool, cache);
}

/** The entity's fields in form order, archived ones last: kept ones when `db` is the app's pool. */
export async function fieldDefinitions(
  db: Queryable,
  workspaceId: string,
  entity: CustomFieldEntity,
): Promise<CustomField[]> {
  const cache = byPool.get(db);
  if (!cache) return repo.listFields(db, workspaceId, entity);
  // Frozen: every request shares the list (a caller sorting it in place would throw, not corrupt the others').
  const fields = await cache.get(
    `${workspaceId}:${entity}`,
    async () => Object.freeze(await repo.listFields(db, workspaceId, entity)) as CustomField[],
  );
  return fields ?? [];
}
