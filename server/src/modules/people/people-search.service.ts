import type { CustomFieldFilter, CustomFieldRule, PeopleFilters, PersonSort } from '@funil/domain';
import { normalizeDocument, normalizePhone, readableCustomValues } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { prefixMatch, searchWords } from '../../lib/name-search.ts';
import { SqlParams } from '../../lib/sql.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { customFieldPredicates, customFiltersOf } from '../custom-fields/custom-field-filters.ts';
import { fieldsOf } from '../custom-fields/custom-fields.service.ts';
import { seesOwnPeople, visiblePeoplePredicate } from './people.policy.ts';
import * as repo from './people.repository.ts';
import type { PersonListItem } from './people.types.ts';

// Finding people: the search box, the list filters, keyset pages with a total, and the CSV export.
// Every query starts from the visibility predicate of people.policy.ts.

/** What the search box text may be: an e-mail, a CPF/CNPJ, a passport or IE, a phone, the words of a name. */
function readSearch(q: string) {
  const text = q.trim();
  const document = normalizeDocument(text);
  const looksLikeNumber = /^[+()\d.\-/\s]+$/.test(text);
  const isDocument =
    (looksLikeNumber || /^[0-9A-Z]{12}\d{2}$/.test(document)) &&
    (document.length === 11 || document.length === 14);
  // A passport or state registration (IE) number, typed without its country or state.
  const isIdentity =
    /\d/.test(document) && document.length >= 6 && document.length <= 20 && !text.includes('@');
  return {
    email: text.includes('@') ? text.toLowerCase() : null,
    document: isDocument ? document : null,
    identity: isIdentity ? document : null,
    phone: looksLikeNumber ? normalizePhone(text) : null,
    words: text.includes('@') ? [] : searchWords(text),
  };
}

/** Turns the search box text into a predicate: any of what it may be. */
function searchPredicate(q: string, actor: Actor, params: SqlParams): string | null {
  if (!q.trim()) return null;
  const { email, document, identity, phone, words } = readSearch(q);
  const alternatives: string[] = [];
  const personIdsWhere = (
    table: 'person_emails' | 'person_phones' | 'person_documents',
    column: string,
    value: string,
  ) =>
    `p.id = ANY(ARRAY(SELECT x.person_id FROM ${table} x WHERE x.workspace_id = ${params.add(actor.workspaceId)} AND x.${column} = ${params.add(value)}))`;
  if (email) alternatives.push(personIdsWhere('person_emails', 'address', email));
  if (document) alternatives.push(`p.document = ${params.add(document)}`);
  if (identity) alternatives.push(personIdsWhere('person_documents', 'number', identity));
  if (phone) alternatives.push(personIdsWhere('person_phones', 'number', phone));
  if (words.length) alternatives.push(prefixMatch('p.search_vector', words, params));
  return alternatives.length ? `(${alternatives.join(' OR ')})` : 'false';
}

/** The words of a search that can only be a name (nothing in it reads as an e-mail, a document or a phone). */
function nameOnlyWords(q: string): string[] {
  const { email, document, identity, phone, words } = readSearch(q);
  return email || document || identity || phone ? [] : words;
}

function filterPredicates(
  actor: Actor,
  f: PeopleFilters,
  params: SqlParams,
  custom: readonly CustomFieldFilter[] = [],
): string[] {
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
  where.push(...customFieldPredicates('p.custom_fields', custom, params, { indexed: !narrowList(actor, f) }));
  return where;
}

/**
 * Whether the list's other conditions already narrow it to a wallet (a broker's scope, or one owner): its custom
 * field filters are then checked on those rows instead of going through their index (custom-field-filters.ts).
 */
const narrowList = (actor: Actor, f: Pick<PeopleFilters, 'ownerId'>) =>
  seesOwnPeople(actor) || Boolean(f.ownerId);

/**
 * The person fields and the list's custom field filters checked against them as the actor's role sees them (422 at
 * `<at>.<key>` otherwise).
 */
async function customFilters(db: Queryable, actor: Actor, f: Pick<PeopleFilters, 'cf'>, at?: string) {
  const fields = await fieldsOf(db, actor.workspaceId, 'person');
  return { fields, filters: customFiltersOf(fields, f.cf, actor.role, at) };
}

/** A list item with only the custom values the actor's role may read. */
const readableItem = (fields: readonly CustomFieldRule[], actor: Actor) => (item: PersonListItem) => ({
  ...item,
  customFields: readableCustomValues(fields, item.customFields, actor.role),
});

/**
 * The people list's filters under the actor's visibility, as SQL predicates on `p` (people): mass sends take their
 * recipients from exactly what the list shows, custom field filter (`cf`, its errors at `<at>.<key>`) included.
 */
export async function peopleFilterPredicates(
  db: Queryable,
  actor: Actor,
  f: PeopleFilters,
  params: SqlParams,
  at: string,
): Promise<string[]> {
  const { filters } = await customFilters(db, actor, f, at);
  return filterPredicates(actor, { ...f, archived: false }, params, filters);
}

/** Checks a custom field filter (`cf`) as the people list would (422 at `<at>.<key>`), e.g. before it is saved. */
export async function assertPeopleCustomFilter(
  db: Queryable,
  actor: Actor,
  cf: string | undefined,
  at: string,
) {
  await customFilters(db, actor, { cf }, at);
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

const longest = (words: string[]): string | undefined =>
  words.reduce<string | undefined>((a, w) => (a === undefined || w.length > a.length ? w : a), undefined);

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
  const custom = await customFilters(db, actor, f);
  // A custom field filter is planned like a text search: as dense as one person in ten (a common choice), its page
  // is found by walking the sort index; rare, by gathering its matches (the GIN index of 0044).
  const textSearch = /\p{L}/u.test(f.q ?? '') || custom.filters.length > 0;
  // Each query gets its own parameters (a page may be tried twice: a walk, then a gather).
  const build = () => {
    const params = new SqlParams();
    const where = filterPredicates(actor, { ...f, q: undefined }, params);
    const search = f.q ? searchPredicate(f.q, actor, params) : null;
    const selective = [
      ...(search ? [search] : []),
      ...customFieldPredicates('p.custom_fields', custom.filters, params, { indexed: !narrowList(actor, f) }),
    ];
    const text = selective.length ? selective.join(' AND ') : null;
    return { params, where, text };
  };
  const pageQuery = (plan?: 'gather' | 'walk' | 'words', gatherAtMost?: number) => {
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
  // A common word: in name order, read its people word by word (the longest word typed drives; the others are
  // conditions) when few words start with it, else walk the name index.
  const denseNamePage = async () => {
    const driver = f.sort.replace('-', '') === 'name' ? longest(nameOnlyWords(f.q ?? '')) : undefined;
    const words = driver ? await repo.nameWordsStartingWith(db, actor.workspaceId, driver) : null;
    if (words?.length) return repo.listPeople(db, { ...pageQuery('words'), words });
    return repo.listPeople(db, pageQuery('walk'));
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
    const walked = counted > PEOPLE_COUNT_CAP ? await denseNamePage() : null;
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
    items: page.items.map(readableItem(custom.fields, actor)),
    total: Math.min(counted, PEOPLE_COUNT_CAP),
    totalCapped: counted > PEOPLE_COUNT_CAP,
    nextCursor: page.next ? encodeCursor(page.next) : null,
  };
}

/**
 * The person an e-mail from `address` belongs to, among those the actor sees: `preferred` when it is one of them (the
 * person a replied-to message went to), else the oldest; null when none (an unknown sender).
 */
export async function visiblePersonByEmail(
  db: Queryable,
  actor: Actor,
  address: string,
  preferred: string | null,
): Promise<string | null> {
  return repo.personIdByEmail(
    db,
    actor.workspaceId,
    address.trim().toLowerCase(),
    (params) => visiblePeoplePredicate(actor, params),
    preferred,
  );
}

/** How many people match the filters under the actor's visibility, exactly (an export's progress total). */
export async function countMatchingPeople(db: Queryable, actor: Actor, f: PeopleFilters): Promise<number> {
  const { filters } = await customFilters(db, actor, f);
  const params = new SqlParams();
  const where = filterPredicates(actor, f, params, filters);
  return repo.countPeople(db, actor.workspaceId, where, params.values, null);
}

/** A person as an export writes it: the list's item and its identity columns (type, passport, IE). */
export type ExportedPerson = PersonListItem & { identity: repo.PersonIdentity | null };

/** Every person matching the filters that the actor may see, for a CSV export. */
export async function* exportPeople(
  db: Queryable,
  actor: Actor,
  f: PeopleFilters,
): AsyncGenerator<ExportedPerson[]> {
  assertCan(actor, 'exportPeople');
  const custom = await customFilters(db, actor, f);
  let cursor: [string, string] | null = null;
  do {
    const params = new SqlParams();
    const where = filterPredicates(actor, f, params, custom.filters);
    const page: { items: PersonListItem[]; next: [string, string] | null } = await repo.listPeople(db, {
      workspaceId: actor.workspaceId,
      where,
      params,
      sort: 'name',
      limit: 500,
      cursor,
    });
    const identities = await repo.identitiesOf(
      db,
      actor.workspaceId,
      page.items.map((p) => p.id),
    );
    yield page.items
      .map(readableItem(custom.fields, actor))
      .map((p) => ({ ...p, identity: identities.get(p.id) ?? null }));
    cursor = page.next;
  } while (cursor);
}
