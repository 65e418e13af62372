import { createHmac } from 'node:crypto';
import { normalizeDocument, normalizePhone } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { DomainError } from '../../lib/errors.ts';
import { randomToken } from '../../lib/hashing.ts';
import type { SqlParams } from '../../lib/sql.ts';
import * as repo from './suppression.repository.ts';

/**
 * The suppression list (LGPD): keyed hashes of the CPF/CNPJ, e-mails and phones of anonymized people, so intake,
 * imports and the person form do not bring them back. Values are normalized as the people module stores them
 * (document: digits/uppercase; e-mail: lowercase; phone: E.164), then HMAC-SHA256 with the workspace's random salt:
 * the list holds no value, and a copy of it without the salt cannot be checked against a phone book.
 */
export type Identifiers = {
  document?: string | null;
  emails?: readonly string[];
  phones?: readonly string[];
};

type Keyed = { value: string; kind: 'document' | 'email' | 'phone' };

function keyed(ids: Identifiers): Keyed[] {
  const out: Keyed[] = [];
  const doc = ids.document ? normalizeDocument(ids.document) : '';
  if (doc) out.push({ value: doc, kind: 'document' });
  for (const e of ids.emails ?? []) {
    const v = e.trim().toLowerCase();
    if (v) out.push({ value: v, kind: 'email' });
  }
  for (const p of ids.phones ?? []) {
    const v = normalizePhone(p) ?? p.trim();
    if (v) out.push({ value: v, kind: 'phone' });
  }
  return out;
}

const hmac = (salt: string, k: Keyed) =>
  createHmac('sha256', salt).update(`${k.kind}:${k.value}`).digest('hex');

/** A workspace's salt never changes once made (the app may only insert one): this process keeps those it read. */
const knownSalts = new Map<string, string>();

async function findSalt(db: Queryable, workspaceId: string): Promise<string | null> {
  const known = knownSalts.get(workspaceId);
  if (known) return known;
  const salt = await repo.findSalt(db, workspaceId);
  if (salt) knownSalts.set(workspaceId, salt);
  return salt;
}

/**
 * The SQL condition, for the statement that registers `ids`, that none of them is suppressed — checked by that
 * statement rather than by a query of its own (the create-person path saves a round trip). With the salt known, none
 * of their hashes is listed; with no salt read yet, the workspace has none. When the statement finds the condition
 * false, the caller runs `assertNotSuppressed` (which also learns the salt) and tries once more.
 */
export function notSuppressedCondition(workspaceId: string, ids: Identifiers, params: SqlParams): string {
  const items = keyed(ids);
  if (items.length === 0) return 'true';
  const salt = knownSalts.get(workspaceId);
  return repo.notSuppressedSql(params, workspaceId, salt ? items.map((k) => hmac(salt, k)) : null);
}

/** Puts a person's identifiers on the workspace's suppression list; answers how many entries it gave. */
export async function suppressIdentifiers(
  db: Queryable,
  workspaceId: string,
  ids: Identifiers,
): Promise<number> {
  const items = keyed(ids);
  if (items.length === 0) return 0;
  const salt = await repo.ensureSalt(db, workspaceId, randomToken(32));
  await repo.insertHashes(
    db,
    workspaceId,
    items.map((k) => ({ hash: hmac(salt, k), kind: k.kind })),
  );
  return items.length;
}

/** Which kinds of identifier of these are suppressed (empty: none). */
export async function suppressedKinds(
  db: Queryable,
  workspaceId: string,
  ids: Identifiers,
): Promise<('document' | 'email' | 'phone')[]> {
  const items = keyed(ids);
  if (items.length === 0) return [];
  const salt = await findSalt(db, workspaceId);
  if (!salt) return [];
  const hashes = items.map((k) => hmac(salt, k));
  const found = await repo.matchingHashes(db, workspaceId, hashes);
  return [...new Set(items.filter((_, i) => found.has(hashes[i] as string)).map((k) => k.kind))];
}

/** For each of many people (an import's batch), whether any of their identifiers is suppressed; one query. */
export async function suppressedFlags(
  db: Queryable,
  workspaceId: string,
  list: Identifiers[],
): Promise<boolean[]> {
  const salt = list.length > 0 ? await findSalt(db, workspaceId) : null;
  if (!salt) return list.map(() => false);
  const hashed = list.map((ids) => keyed(ids).map((k) => hmac(salt, k)));
  const found = await repo.matchingHashes(db, workspaceId, [...new Set(hashed.flat())]);
  return hashed.map((hs) => hs.some((h) => found.has(h)));
}

/** The reason an import row of a suppressed person is skipped with (pt-BR, as the import's other reasons). */
export const SUPPRESSED_IMPORT_REASON = 'Titular anonimizado a pedido (LGPD)';

/** Refuses (422 `suppressed`) identifiers of a person anonymized at their request. */
export async function assertNotSuppressed(
  db: Queryable,
  workspaceId: string,
  ids: Identifiers,
): Promise<void> {
  const kinds = await suppressedKinds(db, workspaceId, ids);
  if (kinds.length > 0) {
    throw new DomainError('suppressed', 422, {
      detail: 'Titular anonimizado a pedido (LGPD): estes dados não podem ser cadastrados de novo.',
      errors: kinds.map((k) => ({
        field: k === 'document' ? 'document' : k === 'email' ? 'emails' : 'phones',
        code: 'suppressed',
        message: 'Titular anonimizado a pedido (LGPD)',
      })),
    });
  }
}

/** Size of the workspace's list (the privacy page shows it). */
export const suppressionListSize = (db: Queryable, workspaceId: string) => repo.countHashes(db, workspaceId);
