import {
  type CreditLimitInput,
  type ErpSyncResult,
  type FieldError,
  normalizeDocument,
  type ReceivableInput,
  type SalesOrderInput,
  type SalesOrdersSyncResult,
} from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { notFound, validationError } from '../../lib/errors.ts';
import type { ApiTokenPrincipal } from '../api-tokens/api-token.principal.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import * as repo from './erp.repository.ts';

// What the ERP pushes about people (issue 5 §6). Each call is one transaction; a person's timeline gets one
// compact `erp_synced` event per call with counts (not one per title), and only when something changed, so
// sending the same data again writes nothing.

type Entity = 'receivables' | 'creditLimits' | 'salesOrders';

async function recordSync(
  tx: Queryable,
  token: ApiTokenPrincipal,
  personId: string,
  entity: Entity,
  counts: { created: number; updated: number; removed: number },
) {
  if (counts.created + counts.updated + counts.removed === 0) return;
  const facts = { entity, ...counts, token: { id: token.tokenId, name: token.name, prefix: token.prefix } };
  await appendEvent(tx, {
    workspaceId: token.workspaceId,
    subjectType: 'person',
    subjectId: personId,
    kind: 'erp_synced',
    actorId: null,
    summary: facts,
    payload: facts,
  });
}

async function replaceSet<T>(
  db: Db,
  token: ApiTokenPrincipal,
  personId: string,
  items: T[],
  entity: Entity,
  replace: (tx: Queryable, workspaceId: string, personId: string, items: T[]) => Promise<repo.ReplaceCounts>,
): Promise<ErpSyncResult> {
  return transaction(db, async (tx) => {
    if (!(await repo.lockPerson(tx, token.workspaceId, personId))) throw notFound();
    const counts = await replace(tx, token.workspaceId, personId, items);
    await recordSync(tx, token, personId, entity, counts);
    return {
      personId,
      received: items.length,
      ...counts,
      unchanged: items.length - counts.created - counts.updated,
    };
  });
}

/** Replaces a person's financial titles with the ERP's full set (absent titles are removed). */
export function replaceReceivables(
  db: Db,
  token: ApiTokenPrincipal,
  personId: string,
  items: ReceivableInput[],
): Promise<ErpSyncResult> {
  return replaceSet(db, token, personId, items, 'receivables', repo.replaceReceivables);
}

/** Replaces a person's credit limits with the ERP's full set (absent limits are removed). */
export function replaceCreditLimits(
  db: Db,
  token: ApiTokenPrincipal,
  personId: string,
  items: CreditLimitInput[],
): Promise<ErpSyncResult> {
  return replaceSet(db, token, personId, items, 'creditLimits', repo.replaceCreditLimits);
}

/**
 * Upserts a batch of ERP sales orders by external id, all or nothing: every order's person (by id or CPF/CNPJ,
 * within the token's workspace) is resolved first, and any that is not found fails the whole batch with
 * per-order errors. Idempotent: the same batch again (even concurrently) creates and changes nothing.
 */
export async function upsertSalesOrders(
  db: Db,
  token: ApiTokenPrincipal,
  orders: SalesOrderInput[],
): Promise<SalesOrdersSyncResult> {
  const ws = token.workspaceId;
  const ids = orders.flatMap((o) => (o.personId ? [o.personId] : []));
  const documents = orders.flatMap((o) => (!o.personId && o.document ? [normalizeDocument(o.document)] : []));
  const people = await repo.resolvePeople(db, ws, ids, documents);
  const errors: FieldError[] = [];
  const resolved = orders.map((o, i) => {
    const personId = o.personId
      ? people.ids.has(o.personId)
        ? o.personId
        : null
      : (people.byDocument.get(normalizeDocument(o.document ?? '')) ?? null);
    if (!personId) {
      errors.push({
        field: `orders.${i}.${o.personId ? 'personId' : 'document'}`,
        code: 'unknown_person',
        message: '',
      });
    }
    return { ...o, resolvedPersonId: personId ?? '' };
  });
  if (errors.length > 0) throw validationError(errors);

  const sorted = [...resolved].sort((a, b) =>
    a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0,
  );
  const externalIds = sorted.map((o) => o.externalId);
  return transaction(db, async (tx) => {
    const before = await repo.currentOrderPeople(tx, ws, externalIds);
    const written = new Map((await repo.upsertSalesOrders(tx, ws, sorted)).map((r) => [r.external_id, r]));
    const after = await repo.currentOrderPeople(tx, ws, externalIds);

    const perPerson = new Map<string, { created: number; updated: number; removed: number }>();
    const bump = (personId: string, key: 'created' | 'updated' | 'removed') => {
      const c = perPerson.get(personId) ?? { created: 0, updated: 0, removed: 0 };
      c[key]++;
      perPerson.set(personId, c);
    };
    const results = sorted.map((o) => {
      const w = written.get(o.externalId);
      const result: 'created' | 'updated' | 'unchanged' = !w
        ? 'unchanged'
        : w.inserted
          ? 'created'
          : 'updated';
      if (w) {
        bump(o.resolvedPersonId, w.inserted ? 'created' : 'updated');
        // An order the ERP moved to another person leaves the first one's orders.
        const previous = before.get(o.externalId)?.personId;
        if (!w.inserted && previous && previous !== o.resolvedPersonId) bump(previous, 'removed');
      }
      const id = w?.id ?? after.get(o.externalId)?.id ?? '';
      return { externalId: o.externalId, id, personId: o.resolvedPersonId, result };
    });
    // One chain lock at a time, always in the same order: concurrent batches never wait on each other in a circle.
    for (const personId of [...perPerson.keys()].sort()) {
      await recordSync(tx, token, personId, 'salesOrders', perPerson.get(personId) as repo.ReplaceCounts);
    }
    const byInput = new Map(results.map((r) => [r.externalId, r]));
    const ordered = orders.map((o) => byInput.get(o.externalId) as SalesOrdersSyncResult['orders'][number]);
    return {
      received: orders.length,
      created: results.filter((r) => r.result === 'created').length,
      updated: results.filter((r) => r.result === 'updated').length,
      unchanged: results.filter((r) => r.result === 'unchanged').length,
      orders: ordered,
    };
  });
}
