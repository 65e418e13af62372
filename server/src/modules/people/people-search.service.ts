import type { PeopleFilters, PersonSort } from '@funil/domain';
import { normalizeDocument, normalizePhone } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { prefixMatch, searchWords } from '../../lib/name-search.ts';
import { SqlParams } from '../../lib/sql.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { visiblePeoplePredicate } from './people.policy.ts';
import * as repo from './people.repository.ts';
import type { PersonListItem } from './people.types.ts';

// Finding people: the search box, the list filters, keyset pages with a total, and the CSV export.
// Every query starts from the visibility predicate of people.policy.ts.

/** Turns the search box text into what it may be: a name, a CPF/CNPJ, a passport or IE, a phone, an e-mail. */
function searchPredicate(q: string, actor: Actor, params: SqlParams): string | null {
  const text = q.trim();
  if (!text) return null;
  const alternatives: string[] = [];
  const personIdsWhere = (
    table: 'person_emails' | 'person_phones' | 'person_documents',
    column: string,
    value: string,
  ) =>
    `p.id = ANY(ARRAY(SELECT x.person_id FROM ${table} x WHERE x.workspace_id = ${params.add(actor.workspaceId)} AND x.${column} = ${params.add(value)}))`;
  if (text.includes('@')) alternatives.push(personIdsWhere('person_emails', 'address', text.toLowerCase()));
  const document = normalizeDocument(text);
  const looksLikeNumber = /^[+()\d.\-/\s]+$/.test(text);
  if (
    (looksLikeNumber || /^[0-9A-Z]{12}\d{2}$/.test(document)) &&
    (document.length === 11 || document.length === 14)
  ) {
    alternatives.push(`p.document = ${params.add(document)}`);
  }
  // A passport or state registration (IE) number, typed without its country or state.
  if (/\d/.test(document) && document.length >= 6 && document.length <= 20 && !text.includes('@')) {
    alternatives.push(personIdsWhere('person_documents', 'number', document));
  }
  const phone = looksLikeNumber ? normalizePhone(text) : null;
  if (phone) alternatives.push(personIdsWhere('person_phones', 'number', phone));
  const words = searchWords(text);
  if (!text.includes('@') && words.length) alternatives.push(prefixMatch('p.search_vector', words, params));
  return alternatives.length ? `(${alternatives.join(' OR ')})` : 'false';
}

function filterPredicates(actor: Actor, f: PeopleFilters, params: SqlParams): string[] {
  const where = [visiblePeoplePredicate(actor, params, f.archived ? 'archived' : 'list')];
  const search = f.q ? searchPredicate(f.q, actor, params) : null;
  if (search) where.push(search);
  if (f.stage) where.push(`p.stage = ANY(${params.add(f.stage.split(','))}::text[])`);
  if (f.ownerId) where.push(`p.owner_id = ${params.add(f.ownerId)}`);
  if (f.teamId) {
    where.push(
      `p.owner_id = ANY(ARRAY(SELECT user_id FROM team_members WHERE team_id = ${params.add(f.teamId)}))`,
    );
  }
  if (f.branchId) where.push(`p.branch_id = ${params.add(f.branchId)}`);
  if (f.tag) where.push(`p.tags @> ARRAY[${params.add(f.tag)}]::text[]`);
  if (f.media) where.push(`p.source_media = ${params.add(f.media)}`);
  if (f.channel) where.push(`p.source_channel = ${params.add(f.channel)}`);
  if (f.createdFrom) {
    where.push(
      `p.created_at >= (${params.add(f.createdFrom)}::date::timestamp AT TIME ZONE 'America/Sao_Paulo')`,
    );
  }
  if (f.createdTo) {
    where.push(
      `p.created_at < ((${params.add(f.createdTo)}::date + 1)::timestamp AT TIME ZONE 'America/Sao_Paulo')`,
    );
  }
  return where;
}

/**
 * The people list's filters under the actor's visibility, as SQL predicates on `p` (people): mass sends take their
 * recipients from exactly what the list shows.
 */
export function peopleFilterPredicates(actor: Actor, f: PeopleFilters, params: SqlParams): string[] {
  return filterPredicates(actor, { ...f, archived: false }, params);
}

/** Past this many matches the list's total is answered as "10.000+" (`totalCapped`), not counted exactly. */
export const PEOPLE_COUNT_CAP = 10_000;

/** How long a count past the cap is remembered (the same filters answer "10.000+" without counting again). */
export const CAPPED_COUNT_TTL_MS = 60_000;
const cappedCounts = new Map<string, number>();

/**
 * The capped count of people matching `where`. Reaching the cap costs reading 10,001 matches (thousands of heap
 * pages for a common word): one that reached it is remembered for CAPPED_COUNT_TTL_MS per process, so many people
 * searching "silva" pay it once a minute. Only "more than 10,000" is remembered, never an exact total: it stays true
 * unless more people than the excess leave the filter within the minute.
 */
async function countCapped(db: Queryable, workspaceId: string, where: string[], values: unknown[]) {
  const key = cappedKey(workspaceId, where, values);
  const counted = await repo.countPeople(db, workspaceId, where, values, PEOPLE_COUNT_CAP);
  if (counted > PEOPLE_COUNT_CAP) {
    if (cappedCounts.size >= 1_000) cappedCounts.clear();
    cappedCounts.set(key, Date.now() + CAPPED_COUNT_TTL_MS);
  } else cappedCounts.delete(key);
  return counted;
}

const cappedKey = (workspaceId: string, where: string[], values: unknown[]) =>
  JSON.stringify([workspaceId, where, values]);

/** Whether the count `count` would run went past the cap less than CAPPED_COUNT_TTL_MS ago. */
function isKnownDense(workspaceId: string, count: { where: string[]; values: unknown[] }): boolean {
  const until = cappedCounts.get(cappedKey(workspaceId, count.where, count.values));
  return until !== undefined && until > Date.now();
}

/**
 * A page of the people the actor may see, the total that match (exact up to PEOPLE_COUNT_CAP; beyond it the cap
 * with `totalCapped`), and the next cursor.
 */
export async function listPeople(
  db: Queryable,
  actor: Actor,
  f: PeopleFilters & { sort: PersonSort; limit: number; cursor?: string | undefined },
): Promise<{ items: PersonListItem[]; total: number; totalCapped: boolean; nextCursor: string | null }> {
  const cursor = decodeCursor(f.cursor);
  const textSearch = /\p{L}/u.test(f.q ?? '');
  // Each query gets its own parameters (a page may be tried twice: a walk, then a gather).
  const build = () => {
    const params = new SqlParams();
    const where = filterPredicates(actor, { ...f, q: undefined }, params);
    const text = f.q ? searchPredicate(f.q, actor, params) : null;
    return { params, where, text };
  };
  const pageQuery = (plan?: 'gather' | 'walk', gatherAtMost?: number) => {
    const { params, where, text } = build();
    return {
      workspaceId: actor.workspaceId,
      where,
      params,
      sort: f.sort,
      limit: f.limit,
      cursor,
      ...(plan ? { plan } : {}),
      ...(gatherAtMost === undefined ? {} : { gatherAtMost }),
      ...(text ? { textWhere: text } : {}),
    };
  };
  const countQuery = () => {
    const { params, where, text } = build();
    return { where: text ? [...where, text] : where, values: params.values };
  };
  const count = () => {
    const { where, values } = countQuery();
    return countCapped(db, actor.workspaceId, where, values);
  };
  let page: Awaited<ReturnType<typeof repo.listPeople>>;
  let counted: number;
  if (textSearch) {
    // The capped count beside a gather of at most as many matches (two connections at once). Up to the cap the
    // gather saw every match and its page is right. Past it (a common word) the page is found by walking the sort
    // index — a few hundred rows — rather than by reading and sorting every match; a count past the cap is
    // remembered a minute, so the next searches of that word only walk.
    const dense = isKnownDense(actor.workspaceId, countQuery());
    let gathered: Awaited<ReturnType<typeof repo.listPeople>> | null = null;
    if (dense) counted = PEOPLE_COUNT_CAP + 1;
    else
      [counted, gathered] = await Promise.all([
        count(),
        repo.listPeople(db, pageQuery('gather', PEOPLE_COUNT_CAP)),
      ]);
    const walked = counted > PEOPLE_COUNT_CAP ? await repo.listPeople(db, pageQuery('walk')) : null;
    page =
      walked ??
      (counted > PEOPLE_COUNT_CAP ? null : gathered) ??
      (await repo.listPeople(db, pageQuery('gather')));
  } else {
    page = await repo.listPeople(db, pageQuery());
    // A first page that is not full is already the whole result (lookups by CPF, phone…): no count.
    counted =
      !cursor && !page.next
        ? page.items.length
        : isKnownDense(actor.workspaceId, countQuery())
          ? PEOPLE_COUNT_CAP + 1
          : await count();
  }
  return {
    items: page.items,
    total: Math.min(counted, PEOPLE_COUNT_CAP),
    totalCapped: counted > PEOPLE_COUNT_CAP,
    nextCursor: page.next ? encodeCursor(page.next) : null,
  };
}

/** How many people match the filters under the actor's visibility, exactly (an export's progress total). */
export async function countMatchingPeople(db: Queryable, actor: Actor, f: PeopleFilters): Promise<number> {
  const params = new SqlParams();
  const where = filterPredicates(actor, f, params);
  return repo.countPeople(db, actor.workspaceId, where, params.values, null);
}

/** Every person matching the filters that the actor may see, for a CSV export. */
export async function* exportPeople(
  db: Queryable,
  actor: Actor,
  f: PeopleFilters,
): AsyncGenerator<PersonListItem[]> {
  assertCan(actor, 'exportPeople');
  let cursor: [string, string] | null = null;
  do {
    const params = new SqlParams();
    const where = filterPredicates(actor, f, params);
    const page: { items: PersonListItem[]; next: [string, string] | null } = await repo.listPeople(db, {
      workspaceId: actor.workspaceId,
      where,
      params,
      sort: 'name',
      limit: 500,
      cursor,
    });
    yield page.items;
    cursor = page.next;
  } while (cursor);
}
