import type { DuplicateMatch, IdentityDocument, PersonSort } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { prepared, SqlParams } from '../../lib/sql.ts';
import type { Address, Email, Person, PersonListItem, PersonRowValues, Phone } from './people.types.ts';

const photoUrl = (id: string, key: string | null) =>
  key ? `/api/v1/people/${id}/photo?v=${key.slice(0, 12)}` : null;

type PersonRow = {
  id: string;
  kind: Person['kind'];
  type_id: string;
  documents: IdentityDocument[];
  name: string;
  trade_name: string | null;
  document: string | null;
  rg: string | null;
  state_registration: string | null;
  cnae_code: string | null;
  cnae_description: string | null;
  registration_status: string | null;
  birth_date: string | null;
  stage: Person['stage'];
  owner_id: string | null;
  owner_name: string | null;
  branch_id: string | null;
  tags: string[];
  source_media: string | null;
  source_channel: string | null;
  origin: Person['origin'];
  origin_integration: string | null;
  origin_payload: unknown;
  created_by: string | null;
  created_by_name: string | null;
  social: Person['social'];
  custom_fields: Person['customFields'];
  photo_key: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  phones: Phone[];
  emails: Email[];
  addresses: Address[];
  shared_user_ids: string[];
  shared_team_ids: string[];
};

/** A person's type over `people p`: the one it was given, else the built-in type of its kind. */
const PERSON_TYPE_ID = `coalesce(p.person_type_id, (SELECT t.id FROM person_types t
      WHERE t.workspace_id = p.workspace_id AND t.builtin = p.kind))`;

const PERSON_SELECT = `
  SELECT p.*, o.name AS owner_name, c.name AS created_by_name,
    ${PERSON_TYPE_ID} AS type_id,
    coalesce((SELECT json_agg(CASE d.kind WHEN 'passport'
        THEN json_build_object('kind', d.kind, 'country', d.issuer, 'number', d.number)
        ELSE json_build_object('kind', d.kind, 'state', d.issuer, 'number', d.number) END ORDER BY d.kind)
      FROM person_documents d WHERE d.workspace_id = p.workspace_id AND d.person_id = p.id), '[]') AS documents,
    coalesce((SELECT json_agg(json_build_object('number', x.number, 'type', x.type, 'primary', x.is_primary)
      ORDER BY x.position) FROM person_phones x WHERE x.workspace_id = p.workspace_id AND x.person_id = p.id), '[]') AS phones,
    coalesce((SELECT json_agg(json_build_object('address', x.address, 'type', x.type, 'primary', x.is_primary)
      ORDER BY x.position) FROM person_emails x WHERE x.workspace_id = p.workspace_id AND x.person_id = p.id), '[]') AS emails,
    coalesce((SELECT json_agg(json_build_object('type', x.type, 'cep', x.cep, 'street', x.street,
      'number', x.number, 'complement', x.complement, 'district', x.district, 'city', x.city,
      'state', x.state, 'primary', x.is_primary) ORDER BY x.position)
      FROM person_addresses x WHERE x.workspace_id = p.workspace_id AND x.person_id = p.id), '[]') AS addresses,
    coalesce((SELECT array_agg(s.user_id) FROM person_shares s WHERE s.workspace_id = p.workspace_id AND s.person_id = p.id AND s.user_id IS NOT NULL),
      '{}') AS shared_user_ids,
    coalesce((SELECT array_agg(s.team_id) FROM person_shares s WHERE s.workspace_id = p.workspace_id AND s.person_id = p.id AND s.team_id IS NOT NULL),
      '{}') AS shared_team_ids
  FROM people p
  LEFT JOIN users o ON o.workspace_id = p.workspace_id AND o.id = p.owner_id
  LEFT JOIN users c ON c.workspace_id = p.workspace_id AND c.id = p.created_by`;

function toPerson(r: PersonRow): Person {
  return {
    id: r.id,
    kind: r.kind,
    typeId: r.type_id,
    documents: r.documents,
    name: r.name,
    tradeName: r.trade_name,
    document: r.document,
    rg: r.rg,
    stateRegistration: r.state_registration,
    cnaeCode: r.cnae_code,
    cnaeDescription: r.cnae_description,
    registrationStatus: r.registration_status,
    birthDate: r.birth_date,
    stage: r.stage,
    ownerId: r.owner_id,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
    branchId: r.branch_id,
    tags: r.tags,
    source: { media: r.source_media, channel: r.source_channel },
    origin: r.origin,
    originIntegration: r.origin_integration,
    originPayload: r.origin_payload,
    createdBy: r.created_by ? { id: r.created_by, name: r.created_by_name ?? '' } : null,
    phones: r.phones,
    emails: r.emails,
    addresses: r.addresses,
    social: r.social,
    sharedWith: { userIds: r.shared_user_ids, teamIds: r.shared_team_ids },
    // As stored: people.service narrows it to what the reader's role sees.
    customFields: r.custom_fields,
    photoUrl: photoUrl(r.id, r.photo_key),
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * One person, if `visible` (a predicate from people.policy.ts) allows it.
 * `forUpdate` locks the row for the rest of the transaction.
 */
export async function findPerson(
  db: Queryable,
  workspaceId: string,
  id: string,
  visible: (params: SqlParams) => string,
  forUpdate = false,
): Promise<Person | null> {
  const params = new SqlParams();
  const where = `p.id = ${params.add(id)} AND ${visible(params)}`;
  const workspace = params.add(workspaceId);
  if (forUpdate) {
    const locked = await db.query(
      `SELECT p.id FROM people p WHERE p.workspace_id = ${workspace} AND ${where} FOR UPDATE OF p`,
      params.values,
    );
    if (locked.rowCount === 0) return null;
  }
  const { rows } = await db.query<PersonRow>(
    prepared(`${PERSON_SELECT} WHERE p.workspace_id = ${workspace} AND ${where}`, params.values),
  );
  return rows[0] ? toPerson(rows[0]) : null;
}

/** How each contact list is stored: its table and the columns taken from the JSON sent (with `position`). */
const CONTACT_LISTS = {
  phones: { table: 'person_phones', columns: ['number', 'type'] },
  emails: { table: 'person_emails', columns: ['address', 'type'] },
  addresses: {
    table: 'person_addresses',
    columns: ['type', 'cep', 'street', 'number', 'complement', 'district', 'city', 'state'],
  },
} as const;
type ContactList = keyof typeof CONTACT_LISTS;

/** `INSERT INTO <list table> … SELECT … FROM <from>, jsonb_to_recordset(<items>)`: one list of one person. */
function insertContactsSql(
  list: ContactList,
  workspace: string,
  personId: string,
  from: string,
  items: string,
) {
  const { table, columns } = CONTACT_LISTS[list];
  return `INSERT INTO ${table} (workspace_id, person_id, ${columns.join(', ')}, is_primary, position)
      SELECT ${workspace}, ${personId}, ${columns.map((c) => `x.${c}`).join(', ')}, x."primary", x.position
      FROM ${from}jsonb_to_recordset(${items}::jsonb)
        AS x(${columns.map((c) => `${c} text`).join(', ')}, "primary" boolean, position int)`;
}

const withPositions = (items: readonly object[]) =>
  JSON.stringify(items.map((item, position) => ({ ...item, position })));

/**
 * Inserts a person with its phones, e-mails, addresses, shares and (through `eventCte`) its first
 * timeline event in ONE statement: atomic without a transaction, and one round trip.
 */
export async function insertPersonGraph(
  db: Queryable,
  p: PersonRowValues & {
    id: string;
    workspaceId: string;
    origin: Person['origin'];
    originIntegration: string | null;
    originPayload: unknown;
    createdBy: string | null;
    phones: Phone[];
    emails: Email[];
    addresses: Address[];
    documents: IdentityDocument[];
    sharedWith: { userIds: string[]; teamIds: string[] };
  },
  eventCte: (params: SqlParams, onlyWith: string) => string,
  /** A condition the statement checks first (the suppression list): false → nothing written, null answered. */
  condition: (params: SqlParams) => string,
): Promise<{ createdAt: Date; typeId: string } | null> {
  const params = new SqlParams();
  const id = params.add(p.id);
  const ws = params.add(p.workspaceId);
  const kind = params.add(p.kind);
  const sql = `WITH person AS (
      INSERT INTO people (id, workspace_id, kind, person_type_id, name, trade_name, document, rg, state_registration,
        birth_date, stage, owner_id, branch_id, tags, source_media, source_channel, origin, origin_integration,
        origin_payload, social, created_by, cnae_code, cnae_description, registration_status, custom_fields)
      SELECT ${id}::uuid, ${ws}::uuid, ${kind}, ${typeIdSql(ws, kind, params.add(p.typeId))},
        ${params.add(p.name)}, ${params.add(p.tradeName)},
        ${params.add(p.document)}, ${params.add(p.rg)}, ${params.add(p.stateRegistration)}, ${params.add(p.birthDate)},
        ${params.add(p.stage)}, ${params.add(p.ownerId)}, ${params.add(p.branchId)}, ${params.add(p.tags)},
        ${params.add(p.source.media)}, ${params.add(p.source.channel)}, ${params.add(p.origin)},
        ${params.add(p.originIntegration)},
        ${params.add(p.originPayload === null || p.originPayload === undefined ? null : JSON.stringify(p.originPayload))},
        ${params.add(JSON.stringify(p.social))}, ${params.add(p.createdBy)}, ${params.add(p.cnaeCode)},
        ${params.add(p.cnaeDescription)}, ${params.add(p.registrationStatus)}, ${params.add(JSON.stringify(p.customFields))}
      WHERE ${condition(params)}
      RETURNING id, person_type_id, created_at),
    ${(['phones', 'emails', 'addresses'] as const)
      // Lists left empty get no CTE at all: less for the executor on the commonest shapes.
      .filter((list) => p[list].length > 0)
      .map(
        (list) =>
          `${list} AS (${insertContactsSql(list, ws, 'person.id', 'person, ', params.add(withPositions(p[list])))}),`,
      )
      .join('\n')}
    ${
      p.sharedWith.userIds.length + p.sharedWith.teamIds.length > 0
        ? `shares AS (
      INSERT INTO person_shares (workspace_id, person_id, user_id, team_id)
      SELECT ${ws}, person.id, u, NULL::uuid FROM person, unnest(${params.add(p.sharedWith.userIds)}::uuid[]) u
      UNION ALL
      SELECT ${ws}, person.id, NULL::uuid, t FROM person, unnest(${params.add(p.sharedWith.teamIds)}::uuid[]) t),`
        : ''
    }
    ${p.documents.length > 0 ? `documents AS (${insertDocumentsSql(ws, 'person.id', 'person, ', params.add(JSON.stringify(p.documents)))}),` : ''}
    ${eventCte(params, 'person')}
    SELECT person.created_at, person.person_type_id FROM person, ev`;
  // Prepared once per connection and shape (which lists are present): this is the hottest write.
  const { rows } = await db.query(prepared(sql, params.values));
  return rows[0] ? { createdAt: rows[0].created_at, typeId: rows[0].person_type_id } : null;
}

/** The person type to store: the one given, else the built-in type of the kind (no round trip to find it). */
const typeIdSql = (workspace: string, kind: string, typeId: string) =>
  `coalesce(${typeId}::uuid, (SELECT t.id FROM person_types t WHERE t.workspace_id = ${workspace}::uuid AND t.builtin = ${kind}::text))`;

/** `INSERT INTO person_documents … FROM <from>jsonb_to_recordset(<items>)`: a person's passport, IE… */
function insertDocumentsSql(workspace: string, personId: string, from: string, items: string) {
  return `INSERT INTO person_documents (workspace_id, person_id, kind, issuer, number)
      SELECT ${workspace}, ${personId}, x.kind, coalesce(x.country, x.state), x.number
      FROM ${from}jsonb_to_recordset(${items}::jsonb) AS x(kind text, country text, state text, number text)`;
}

/** Replaces a person's documents beside the CPF/CNPJ (passport, IE) with the given list. */
export async function replaceDocuments(
  db: Queryable,
  workspaceId: string,
  personId: string,
  documents: IdentityDocument[],
) {
  await db.query('DELETE FROM person_documents WHERE workspace_id = $1 AND person_id = $2', [
    workspaceId,
    personId,
  ]);
  if (documents.length) {
    await db.query(insertDocumentsSql('$1', '$2', '', '$3'), [
      workspaceId,
      personId,
      JSON.stringify(documents),
    ]);
  }
}

/** Writes the row's own fields and bumps the version. */
export async function updatePersonRow(db: Queryable, workspaceId: string, id: string, p: PersonRowValues) {
  await db.query(
    `UPDATE people SET kind = $3, name = $4, trade_name = $5, document = $6, rg = $7, state_registration = $8,
       birth_date = $9, stage = $10, owner_id = $11, branch_id = $12, tags = $13, source_media = $14,
       source_channel = $15, social = $16, cnae_code = $17, cnae_description = $18, registration_status = $19,
       custom_fields = $20, person_type_id = ${typeIdSql('$1', '$3', '$21')}, version = version + 1, updated_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [
      workspaceId,
      id,
      p.kind,
      p.name,
      p.tradeName,
      p.document,
      p.rg,
      p.stateRegistration,
      p.birthDate,
      p.stage,
      p.ownerId,
      p.branchId,
      p.tags,
      p.source.media,
      p.source.channel,
      JSON.stringify(p.social),
      p.cnaeCode,
      p.cnaeDescription,
      p.registrationStatus,
      JSON.stringify(p.customFields),
      p.typeId,
    ],
  );
}

export async function setPhoto(db: Queryable, workspaceId: string, id: string, key: string | null) {
  await db.query(
    'UPDATE people SET photo_key = $3, version = version + 1, updated_at = now() WHERE workspace_id = $1 AND id = $2',
    [workspaceId, id, key],
  );
}

export async function findPhotoKey(
  db: Queryable,
  workspaceId: string,
  id: string,
  visible: (params: SqlParams) => string,
) {
  const params = new SqlParams();
  const { rows } = await db.query(
    `SELECT p.photo_key FROM people p
     WHERE p.workspace_id = ${params.add(workspaceId)} AND p.id = ${params.add(id)} AND ${visible(params)}`,
    params.values,
  );
  return (rows[0]?.photo_key as string | null | undefined) ?? null;
}

/** Replaces a person's phones, e-mails and addresses with the given lists (lists not given stay). */
export async function replaceContacts(
  db: Queryable,
  workspaceId: string,
  personId: string,
  c: { phones?: Phone[] | undefined; emails?: Email[] | undefined; addresses?: Address[] | undefined },
) {
  for (const list of ['phones', 'emails', 'addresses'] as const) {
    const items = c[list];
    if (!items) continue;
    await db.query(`DELETE FROM ${CONTACT_LISTS[list].table} WHERE workspace_id = $1 AND person_id = $2`, [
      workspaceId,
      personId,
    ]);
    if (items.length) {
      await db.query(insertContactsSql(list, '$1', '$2', '', '$3'), [
        workspaceId,
        personId,
        withPositions(items),
      ]);
    }
  }
}

export async function replaceShares(
  db: Queryable,
  workspaceId: string,
  personId: string,
  shares: { userIds: string[]; teamIds: string[] },
) {
  await db.query('DELETE FROM person_shares WHERE workspace_id = $1 AND person_id = $2', [
    workspaceId,
    personId,
  ]);
  if (shares.userIds.length || shares.teamIds.length) {
    await db.query(
      `INSERT INTO person_shares (workspace_id, person_id, user_id, team_id)
       SELECT $1::uuid, $2::uuid, u, NULL::uuid FROM unnest($3::uuid[]) u
       UNION ALL SELECT $1::uuid, $2::uuid, NULL::uuid, t FROM unnest($4::uuid[]) t`,
      [workspaceId, personId, shares.userIds, shares.teamIds],
    );
  }
}

/**
 * Other people of the workspace that already hold one of these identifiers, with whether the actor may
 * see each (so the caller can offer to open it, or only say who to ask).
 */
export async function findDuplicates(
  db: Queryable,
  q: {
    workspaceId: string;
    excludeId: string | null;
    document: string | null;
    phones: string[];
    emails: string[];
    documents: IdentityDocument[];
  },
  visible: (params: SqlParams) => string,
): Promise<DuplicateMatch[]> {
  const params = new SqlParams();
  const ws = params.add(q.workspaceId);
  const exclude = params.add(q.excludeId);
  const { rows } = await db.query(
    `WITH hits AS (
       SELECT 'document' AS field, p.document AS value, p.id FROM people p
         WHERE p.workspace_id = ${ws} AND p.document = ${params.add(q.document)}
       UNION ALL
       SELECT 'phone', x.number, x.person_id FROM person_phones x
         WHERE x.workspace_id = ${ws} AND x.number = ANY(${params.add(q.phones)}::text[])
       UNION ALL
       SELECT 'email', x.address, x.person_id FROM person_emails x
         WHERE x.workspace_id = ${ws} AND x.address = ANY(${params.add(q.emails)}::text[])
       UNION ALL
       SELECT d.kind, d.issuer || ' ' || d.number, d.person_id
         FROM jsonb_to_recordset(${params.add(JSON.stringify(q.documents))}::jsonb)
           AS x(kind text, country text, state text, number text)
         JOIN person_documents d ON d.workspace_id = ${ws} AND d.kind = x.kind
           AND d.issuer = coalesce(x.country, x.state) AND d.number = x.number
         WHERE x.number <> 'ISENTO'
     )
     SELECT h.field, h.value, p.id, p.name, o.name AS owner_name, (${visible(params)}) AS visible
     FROM hits h JOIN people p ON p.id = h.id LEFT JOIN users o ON o.id = p.owner_id
     WHERE ${exclude}::uuid IS NULL OR p.id <> ${exclude}::uuid`,
    params.values,
  );
  return rows.map((r) => ({
    field: r.field,
    value: r.value,
    personId: r.visible ? r.id : null,
    visible: r.visible,
    name: r.visible ? r.name : null,
    ownerName: r.owner_name,
  }));
}

export type ListQuery = {
  workspaceId: string;
  /** The policy's predicate and the filters, over `people p`. */
  where: string[];
  params: SqlParams;
  sort: PersonSort;
  limit: number;
  cursor: [string, string] | null;
  /**
   * How to reach the page of a text search (`textWhere`: its predicate over `p`, kept apart from `where`):
   * - `gather`: find every match first (GIN), then sort: otherwise the planner may walk the whole name index
   *   looking for rare matches, which on a million rows takes seconds;
   * - `walk`: walk the sort index and keep the matches, examining at most WALK_ROWS rows: right when matches are
   *   dense (one person in ten: a page is found after ~250 rows, where gathering would read and sort 100,000).
   *   A walk that does not fill the page within its rows answers null (the caller gathers instead).
   * - `words`: read in name order the people having one of `words` (whole name words: person_name_words, one
   *   ordered index range per word, merged), at most WALK_ROWS of them, and keep the matches: right for a common
   *   word whose matches sit far from the start of the name order ("maria" begins half-way), where a walk finds
   *   none and a gather reads 50,000. Name order only; null when the page is not filled (the caller gathers).
   */
  plan?: 'gather' | 'walk' | 'words';
  /** For `words`: the stored words (nameWordsStartingWith) whose people are read. */
  words?: string[];
  textWhere?: string;
  /**
   * A gather reads at most this many matches + 1 (in no order): its page is right only when the matches are no
   * more than that, which the caller checks with the count run beside it.
   */
  gatherAtMost?: number;
};

/** The rows a `walk` examines in sort order before giving up (matches that dense fill a page long before). */
export const WALK_ROWS = 3_000;

const SORT_COLUMNS: Record<string, string> = {
  name: 'p.name',
  createdAt: 'p.created_at',
  updatedAt: 'p.updated_at',
};

/** A keyset page in the requested order plus the cursor to the next one. */
export async function listPeople(
  db: Queryable,
  q: ListQuery & { plan: 'walk' | 'words' },
): Promise<{ items: PersonListItem[]; next: [string, string] | null } | null>;
export async function listPeople(
  db: Queryable,
  q: ListQuery,
): Promise<{ items: PersonListItem[]; next: [string, string] | null }>;
export async function listPeople(
  db: Queryable,
  q: ListQuery,
): Promise<{ items: PersonListItem[]; next: [string, string] | null } | null> {
  const desc = q.sort.startsWith('-');
  const column = SORT_COLUMNS[q.sort.replace('-', '')] ?? 'p.name';
  const params = q.params;
  const where = [`p.workspace_id = ${params.add(q.workspaceId)}`, ...q.where];
  if (q.cursor) {
    const cast = column === 'p.name' ? 'text' : 'timestamptz';
    where.push(
      `(${column}, p.id) ${desc ? '<' : '>'} (${params.add(q.cursor[0])}::${cast}, ${params.add(q.cursor[1])}::uuid)`,
    );
  }
  const dir = desc ? 'DESC' : 'ASC';
  const order = `${column} ${dir}, p.id ${dir}`;
  const pageRows = Math.trunc(q.limit) + 1;
  const text = q.textWhere ? [q.textWhere] : [];
  // The people the page is read from, and the conditions left for the outer query. A text search picks the page's
  // rows in a subquery first (its order and limit inside), so the joins below run for those rows only.
  let from = 'people p';
  let outerWhere = [...where, ...text];
  if (q.plan === 'gather') {
    // `gatherAtMost`: a search that turns out to have more matches than that is answered by a walk instead.
    const bound = q.gatherAtMost === undefined ? 'OFFSET 0' : `LIMIT ${Math.trunc(q.gatherAtMost) + 1}`;
    from = `(SELECT * FROM (SELECT p.* FROM people p WHERE ${[...where, ...text].join(' AND ')} ${bound}) p
      ORDER BY ${order} LIMIT ${pageRows}) p`;
    outerWhere = [];
  } else if (q.plan === 'walk') {
    // Only the workspace and the cursor inside (an ordered range of the sort index); every other condition on the
    // rows it yields, in order, stopping at the page's last row.
    const [workspace, ...rest] = where;
    const inner = [workspace, ...(q.cursor ? [where[where.length - 1]] : [])];
    const filters = [...(q.cursor ? rest.slice(0, -1) : rest), ...text];
    from = `(SELECT * FROM (SELECT p.* FROM people p WHERE ${inner.join(' AND ')} ORDER BY ${order} LIMIT ${WALK_ROWS}) p
      WHERE ${filters.join(' AND ')} ORDER BY ${order} LIMIT ${pageRows}) p`;
    outerWhere = [];
  } else if (q.plan === 'words') {
    // Each word's people in name order (an index-only range; ordered inside, so the ranges are merged, not
    // sorted), each person once (a person with two such words comes twice in a row), then the conditions on the
    // rows that come out, in order, stopping at the page's last row.
    const workspace = params.add(q.workspaceId);
    const stream = `w.name ${dir}, w.person_id ${dir}`;
    const after = q.cursor
      ? `AND (w.name, w.person_id) ${desc ? '<' : '>'} (${params.add(q.cursor[0])}::text, ${params.add(q.cursor[1])}::uuid)`
      : '';
    const ranges = (q.words ?? []).map(
      (word) => `(SELECT w.name, w.person_id FROM person_name_words w
        WHERE w.workspace_id = ${workspace} AND w.word = ${params.add(word)} ${after} ORDER BY ${stream})`,
    );
    const once =
      ranges.length === 1
        ? ranges[0]
        : `SELECT w.name, w.person_id FROM (SELECT w.*, lag(w.person_id) OVER (ORDER BY ${stream}) AS previous
             FROM (${ranges.join(' UNION ALL ')}) w) w WHERE w.previous IS DISTINCT FROM w.person_id`;
    // Each person of the stream is looked up by its key (a lateral subquery the planner cannot flatten): with the
    // statement's generic plan it would otherwise hash-join every person matching the filters.
    from = `(SELECT p.* FROM (SELECT w.name, w.person_id FROM (${once}) w ORDER BY ${stream} LIMIT ${WALK_ROWS}) w,
      LATERAL (SELECT p.* FROM people p WHERE p.id = w.person_id AND ${[...where, ...text].join(' AND ')} OFFSET 0) p
      ORDER BY ${stream} LIMIT ${pageRows}) p`;
    outerWhere = [];
  }
  // The limit is written in (a validated integer) so a reused plan knows how many rows are wanted.
  const { rows } = await db.query(
    prepared(
      `SELECT p.id, p.kind, p.name, p.trade_name, p.document, p.stage, p.owner_id, o.name AS owner_name, p.branch_id,
       p.tags, p.source_media, p.source_channel, p.photo_key, p.created_at, p.updated_at, p.custom_fields,
       (SELECT number FROM person_phones x WHERE x.workspace_id = p.workspace_id AND x.person_id = p.id ORDER BY x.is_primary DESC, x.position LIMIT 1)
         AS primary_phone,
       (SELECT address FROM person_emails x WHERE x.workspace_id = p.workspace_id AND x.person_id = p.id ORDER BY x.is_primary DESC, x.position LIMIT 1)
         AS primary_email,
       a.city, a.state
     FROM ${from}
     LEFT JOIN users o ON o.workspace_id = p.workspace_id AND o.id = p.owner_id
     LEFT JOIN LATERAL (SELECT city, state FROM person_addresses x
       WHERE x.workspace_id = p.workspace_id AND x.person_id = p.id
       ORDER BY x.is_primary DESC, x.position LIMIT 1) a ON true
     ${outerWhere.length ? `WHERE ${outerWhere.join(' AND ')}` : ''}
     ORDER BY ${order}
     LIMIT ${pageRows}`,
      params.values,
    ),
  );
  // A walk that ran out of rows before filling the page proves nothing about the rows past it.
  if ((q.plan === 'walk' || q.plan === 'words') && rows.length <= q.limit) return null;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const lastValue = last
    ? column === 'p.name'
      ? last.name
      : (column === 'p.created_at' ? last.created_at : last.updated_at).toISOString()
    : null;
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      tradeName: r.trade_name,
      document: r.document,
      stage: r.stage,
      owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
      branchId: r.branch_id,
      tags: r.tags,
      source: { media: r.source_media, channel: r.source_channel },
      photoUrl: photoUrl(r.id, r.photo_key),
      primaryPhone: r.primary_phone,
      primaryEmail: r.primary_email,
      city: r.city ?? null,
      state: r.state ?? null,
      customFields: r.custom_fields,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    })),
    next: rows.length > q.limit && last ? [lastValue as string, last.id] : null,
  };
}

/** The range of words starting with $2 (folded like search_text), in the column's byte order (COLLATE "C"). */
const LOW = 'left(search_text($2::text), 20)';
const HIGH = `${LOW} || U&'\\+10FFFF'`;

/** More words than this under one prefix ("ma": marcos, maria, martins…) and a `words` read is not tried. */
export const MAX_PREFIX_WORDS = 32;

/**
 * The whole name words of the workspace that start with `prefix` (folded like search_text, cut at 20), one index
 * probe per word; null when there are more than MAX_PREFIX_WORDS.
 */
export async function nameWordsStartingWith(
  db: Queryable,
  workspaceId: string,
  prefix: string,
): Promise<string[] | null> {
  const { rows } = await db.query(
    prepared(
      // The bounds are written as expressions of the parameter (not a joined CTE) so they bound the index range.
      `WITH RECURSIVE words(word) AS (
         (SELECT w.word FROM person_name_words w
          WHERE w.workspace_id = $1 AND w.word >= ${LOW} AND w.word < ${HIGH} ORDER BY w.word LIMIT 1)
         UNION ALL
         SELECT (SELECT w.word FROM person_name_words w
                 WHERE w.workspace_id = $1 AND w.word > words.word AND w.word < ${HIGH} ORDER BY w.word LIMIT 1)
         FROM words WHERE words.word IS NOT NULL)
       SELECT word FROM words WHERE word IS NOT NULL LIMIT ${MAX_PREFIX_WORDS + 1}`,
      [workspaceId, prefix],
    ),
  );
  return rows.length > MAX_PREFIX_WORDS ? null : rows.map((r) => r.word as string);
}

/**
 * How many people match, with the same predicate as the list (cursor excluded), counting no further than
 * `cap + 1` (more than `cap` answers `cap + 1`: reading every one of 100,000 matches costs more than the page);
 * `cap` null counts them all (an export's progress).
 */
export async function countPeople(
  db: Queryable,
  workspaceId: string,
  where: string[],
  values: unknown[],
  cap: number | null,
): Promise<number> {
  const { rows } = await db.query(
    prepared(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM people p
         WHERE p.workspace_id = $${values.length + 1} AND ${where.join(' AND ')}
         ${cap === null ? '' : `LIMIT ${Math.trunc(cap) + 1}`}) x`,
      [...values, workspaceId],
    ),
  );
  return rows[0].n;
}

/** Whether the person is on the deny list (do not contact), read without the visibility predicate. */
/** The person with this e-mail address inside `visible`: `preferred` when it is one, else the oldest. */
export async function personIdByEmail(
  db: Queryable,
  workspaceId: string,
  address: string,
  visible: (params: SqlParams) => string,
  preferred: string | null,
): Promise<string | null> {
  const params = new SqlParams();
  const workspace = params.add(workspaceId);
  const where = `x.address = ${params.add(address)} AND ${visible(params)}`;
  const { rows } = await db.query<{ id: string }>(
    `SELECT p.id FROM person_emails x
     JOIN people p ON p.workspace_id = x.workspace_id AND p.id = x.person_id
     WHERE x.workspace_id = ${workspace} AND ${where}
     ORDER BY p.id = ${params.add(preferred)} DESC NULLS LAST, p.created_at, p.id
     LIMIT 1`,
    params.values,
  );
  return rows[0]?.id ?? null;
}

export async function isDoNotContact(db: Queryable, workspaceId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT do_not_contact FROM people WHERE workspace_id = $1 AND id = $2', [
    workspaceId,
    id,
  ]);
  return rows[0]?.do_not_contact === true;
}

/** Puts a person under `ownerId` (the roleta handing a new lead out); answers the previous owner, or undefined if none. */
export async function setOwner(
  db: Queryable,
  workspaceId: string,
  id: string,
  ownerId: string,
): Promise<{ previous: string | null } | undefined> {
  const { rows } = await db.query(
    `UPDATE people p SET owner_id = $3, version = p.version + 1, updated_at = now()
     FROM (SELECT owner_id FROM people WHERE workspace_id = $1 AND id = $2 FOR UPDATE) old
     WHERE p.workspace_id = $1 AND p.id = $2 AND p.owner_id IS DISTINCT FROM $3
     RETURNING old.owner_id AS previous`,
    [workspaceId, id, ownerId],
  );
  return rows[0] ? { previous: rows[0].previous } : undefined;
}

/** A person registered by a spreadsheet import (people-bulk.service.ts). */
export type BulkPerson = {
  id: string;
  kind: Person['kind'];
  name: string;
  tradeName: string | null;
  document: string | null;
  rg: string | null;
  birthDate: string | null;
  tags: string[];
  phones: { number: string; type: string }[];
  emails: string[];
  /** Checked custom values (absent: none). */
  customFields?: Record<string, unknown> | undefined;
  /** The person type (absent or null: the built-in type of `kind`). */
  typeId?: string | null | undefined;
  /** Passport / IE beside the CPF/CNPJ (absent: none). */
  documents?: IdentityDocument[] | undefined;
};

/**
 * Inserts many people with their phones and e-mails in ONE statement (set-based: the input as a JSON recordset),
 * all with the same origin, owner, branch and author. The unique indexes still refuse a repeated CPF/CNPJ, phone or
 * e-mail: the caller checked them first, and a concurrent registration fails the whole statement.
 */
export async function insertPeopleBulk(
  db: Queryable,
  workspaceId: string,
  common: {
    stage: Person['stage'];
    ownerId: string | null;
    branchId: string | null;
    createdBy: string;
    origin: Person['origin'];
    originIntegration: string | null;
    originPayload: unknown;
  },
  people: BulkPerson[],
): Promise<void> {
  if (people.length === 0) return;
  // Parallel arrays (unnest) rather than one JSON document: cheaper for Postgres to read at this volume.
  const phones = people.flatMap((p, i) => p.phones.map((ph, position) => ({ i, position, ...ph })));
  const emails = people.flatMap((p, i) => p.emails.map((address, position) => ({ i, position, address })));
  await db.query(
    `WITH input AS (
       SELECT * FROM unnest($9::uuid[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::date[],
         $16::text[], $24::jsonb[], $25::uuid[], $26::jsonb[]) WITH ORDINALITY AS x(id, kind, name, trade_name,
         document, rg, birth_date, tags, custom_fields, type_id, documents, ord)),
     person AS (
       INSERT INTO people (id, workspace_id, kind, name, trade_name, document, rg, birth_date, stage, owner_id, branch_id,
         tags, origin, origin_integration, origin_payload, created_by, custom_fields, person_type_id)
       SELECT i.id, $1, i.kind, i.name, i.trade_name, i.document, i.rg, i.birth_date, $2, $3, $4,
         CASE WHEN i.tags = '[]' THEN '{}'::text[] ELSE ARRAY(SELECT jsonb_array_elements_text(i.tags::jsonb)) END,
         $6, $7, $8::jsonb, $5, i.custom_fields, ${typeIdSql('$1', 'i.kind', 'i.type_id')}
       FROM input i
       RETURNING id),
     documents AS (
       ${insertDocumentsSql('$1', 'i.id', 'input i, ', 'i.documents')}),
     phones AS (
       INSERT INTO person_phones (workspace_id, person_id, number, type, is_primary, position)
       SELECT $1, i.id, ph.number, ph.type, ph.position = 0, ph.position
       FROM unnest($17::int[], $18::int[], $19::text[], $20::text[]) AS ph(ord, position, number, type)
       JOIN input i ON i.ord = ph.ord),
     emails AS (
       INSERT INTO person_emails (workspace_id, person_id, address, type, is_primary, position)
       SELECT $1, i.id, em.address, 'personal', em.position = 0, em.position
       FROM unnest($21::int[], $22::int[], $23::text[]) AS em(ord, position, address)
       JOIN input i ON i.ord = em.ord)
     SELECT count(*) FROM person`,
    [
      workspaceId,
      common.stage,
      common.ownerId,
      common.branchId,
      common.createdBy,
      common.origin,
      common.originIntegration,
      common.originPayload === null ? null : JSON.stringify(common.originPayload),
      people.map((p) => p.id),
      people.map((p) => p.kind),
      people.map((p) => p.name),
      people.map((p) => p.tradeName),
      people.map((p) => p.document),
      people.map((p) => p.rg),
      people.map((p) => p.birthDate),
      people.map((p) => JSON.stringify(p.tags)),
      phones.map((x) => x.i + 1),
      phones.map((x) => x.position),
      phones.map((x) => x.number),
      phones.map((x) => x.type),
      emails.map((x) => x.i + 1),
      emails.map((x) => x.position),
      emails.map((x) => x.address),
      people.map((p) => JSON.stringify(p.customFields ?? {})),
      people.map((p) => p.typeId ?? null),
      people.map((p) => JSON.stringify(p.documents ?? [])),
    ],
  );
}

/**
 * Who already holds any of these CPF/CNPJs, phones or e-mails (the workspace's unique values), with whether the
 * `visible` predicate lets the caller see them. Keys as domain `dedupKeys` writes them (`d:`, `p:`, `e:`).
 */
export async function matchUniqueValues(
  db: Queryable,
  workspaceId: string,
  values: { documents: string[]; phones: string[]; emails: string[] },
  visible: (params: SqlParams) => string,
): Promise<{ key: string; person_id: string; visible: boolean }[]> {
  const params = new SqlParams();
  const ws = params.add(workspaceId);
  // One index probe per value (LATERAL … LIMIT 1 keeps the planner from joining the whole workspace): right after
  // a large import the table's statistics lag behind its size, and a hash join over every person of the workspace
  // per batch made an import of 100,000 rows several times slower than its inserts.
  const { rows } = await db.query(
    `SELECT 'd:' || v.value AS key, p.id AS person_id, (${visible(params)}) AS visible
       FROM unnest(${params.add(values.documents)}::text[]) AS v(value)
       CROSS JOIN LATERAL (SELECT * FROM people p WHERE p.workspace_id = ${ws} AND p.document = v.value LIMIT 1) p
     UNION ALL
     SELECT 'p:' || v.value, p.id, (${visible(params)})
       FROM unnest(${params.add(values.phones)}::text[]) AS v(value)
       CROSS JOIN LATERAL (SELECT x.person_id FROM person_phones x
                           WHERE x.workspace_id = ${ws} AND x.number = v.value LIMIT 1) x
       CROSS JOIN LATERAL (SELECT * FROM people p WHERE p.workspace_id = ${ws} AND p.id = x.person_id LIMIT 1) p
     UNION ALL
     SELECT 'e:' || v.value, p.id, (${visible(params)})
       FROM unnest(${params.add(values.emails)}::text[]) AS v(value)
       CROSS JOIN LATERAL (SELECT x.person_id FROM person_emails x
                           WHERE x.workspace_id = ${ws} AND x.address = v.value LIMIT 1) x
       CROSS JOIN LATERAL (SELECT * FROM people p WHERE p.workspace_id = ${ws} AND p.id = x.person_id LIMIT 1) p`,
    params.values,
  );
  return rows;
}

/**
 * Deletes these people with their phones, e-mails, addresses and shares (ON DELETE CASCADE), all at once when
 * nothing else refers to any of them; otherwise one by one, keeping those that another record (a negotiation, an
 * activity, a file…) refers to. Answers the ids deleted. Runs inside the caller's transaction (savepoints).
 */
export async function deletePeopleUnreferenced(
  db: Queryable,
  workspaceId: string,
  ids: string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  await db.query('SAVEPOINT delete_people');
  try {
    const { rows } = await db.query(
      'DELETE FROM people WHERE workspace_id = $1 AND id = ANY($2::uuid[]) RETURNING id',
      [workspaceId, ids],
    );
    await db.query('RELEASE SAVEPOINT delete_people');
    return rows.map((r) => r.id);
  } catch (error) {
    await db.query('ROLLBACK TO SAVEPOINT delete_people');
    if ((error as { code?: string }).code !== '23503') throw error;
  }
  const deleted: string[] = [];
  for (const id of ids) {
    await db.query('SAVEPOINT delete_person');
    try {
      const { rowCount } = await db.query('DELETE FROM people WHERE workspace_id = $1 AND id = $2', [
        workspaceId,
        id,
      ]);
      await db.query('RELEASE SAVEPOINT delete_person');
      if (rowCount) deleted.push(id);
    } catch (error) {
      await db.query('ROLLBACK TO SAVEPOINT delete_person');
      if ((error as { code?: string }).code !== '23503') throw error;
    }
  }
  return deleted;
}

/**
 * Which of these passports / IEs (`<kind>:<issuer>:<number>`) a person of the workspace already holds (the unique
 * index of person_documents; the IE "ISENTO" is shared, never held).
 */
export async function heldIdentityDocuments(
  db: Queryable,
  workspaceId: string,
  keys: string[],
): Promise<string[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.query<{ key: string }>(
    `SELECT d.kind || ':' || d.issuer || ':' || d.number AS key
       FROM unnest($2::text[]) AS k(key)
       JOIN person_documents d ON d.workspace_id = $1 AND d.kind = split_part(k.key, ':', 1)
        AND d.issuer = split_part(k.key, ':', 2) AND d.number = split_part(k.key, ':', 3)
      WHERE d.number <> 'ISENTO'`,
    [workspaceId, keys],
  );
  return rows.map((r) => r.key);
}

/** What an export adds to a page of people: the person type's name, the passport and the IE (document or typed). */
export type PersonIdentity = {
  typeName: string | null;
  passport: { country: string; number: string } | null;
  stateRegistration: { state: string | null; number: string } | null;
};

/** The identity columns of these people (ids of a page the policy already let through), by id. */
export async function identitiesOf(
  db: Queryable,
  workspaceId: string,
  ids: string[],
): Promise<Map<string, PersonIdentity>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query(
    `SELECT p.id, pt.name AS type_name, pp.issuer AS passport_country, pp.number AS passport,
       ie.issuer AS ie_state, coalesce(ie.number, nullif(p.state_registration, '')) AS ie
     FROM people p
     LEFT JOIN person_types pt ON pt.workspace_id = p.workspace_id AND pt.id = ${PERSON_TYPE_ID}
     LEFT JOIN person_documents pp ON pp.workspace_id = p.workspace_id AND pp.person_id = p.id AND pp.kind = 'passport'
     LEFT JOIN person_documents ie ON ie.workspace_id = p.workspace_id AND ie.person_id = p.id
       AND ie.kind = 'state_registration'
     WHERE p.workspace_id = $1 AND p.id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
  return new Map(
    rows.map((r) => [
      r.id as string,
      {
        typeName: r.type_name,
        passport: r.passport ? { country: r.passport_country, number: r.passport } : null,
        stateRegistration: r.ie ? { state: r.ie_state, number: r.ie } : null,
      },
    ]),
  );
}
