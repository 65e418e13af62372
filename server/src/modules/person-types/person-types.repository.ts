import type { PersonKind, PersonType, PersonTypeDocument } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

type PersonTypeRow = {
  id: string;
  name: string;
  base_kind: PersonKind;
  builtin: PersonKind | null;
  documents: PersonTypeDocument[];
  in_use: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
};

// An index probe (people_person_type_idx), not a count: the list is read by every person form.
const TYPE_SELECT = `
  SELECT t.*, EXISTS (SELECT 1 FROM people p WHERE p.workspace_id = t.workspace_id AND p.person_type_id = t.id)
    AS in_use
  FROM person_types t`;

function toPersonType(r: PersonTypeRow): PersonType {
  return {
    id: r.id,
    name: r.name,
    baseKind: r.base_kind,
    builtin: r.builtin,
    documents: r.documents,
    inUse: r.in_use,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The workspace's types: built-in ones first, then by name. */
export async function listPersonTypes(db: Queryable, workspaceId: string): Promise<PersonType[]> {
  const { rows } = await db.query<PersonTypeRow>(
    `${TYPE_SELECT} WHERE t.workspace_id = $1 ORDER BY t.builtin IS NULL, t.builtin, lower(t.name)`,
    [workspaceId],
  );
  return rows.map(toPersonType);
}

/** One type (`lock`: for the rest of the transaction), with whether some person carries it. */
export async function findPersonType(
  db: Queryable,
  workspaceId: string,
  id: string,
  lock = false,
): Promise<PersonType | null> {
  if (lock) {
    await db.query('SELECT id FROM person_types WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [
      workspaceId,
      id,
    ]);
  }
  const { rows } = await db.query<PersonTypeRow>(`${TYPE_SELECT} WHERE t.workspace_id = $1 AND t.id = $2`, [
    workspaceId,
    id,
  ]);
  return rows[0] ? toPersonType(rows[0]) : null;
}

export type PersonTypeRules = Pick<PersonType, 'id' | 'baseKind' | 'builtin' | 'documents'>;

/** What registering a person needs of a type (no count): by id, or the built-in type of a kind. */
export async function findTypeRules(
  db: Queryable,
  workspaceId: string,
  by: { id: string } | { builtin: PersonKind },
): Promise<PersonTypeRules | null> {
  const [column, value] = 'id' in by ? ['id', by.id] : ['builtin', by.builtin];
  const { rows } = await db.query(
    `SELECT id, base_kind, builtin, documents FROM person_types WHERE workspace_id = $1 AND ${column} = $2`,
    [workspaceId, value],
  );
  const r = rows[0];
  return r ? { id: r.id, baseKind: r.base_kind, builtin: r.builtin, documents: r.documents } : null;
}

type TypeValues = { name: string; baseKind: PersonKind; documents: PersonTypeDocument[] };

export async function insertPersonType(db: Queryable, workspaceId: string, t: TypeValues): Promise<string> {
  const { rows } = await db.query(
    'INSERT INTO person_types (workspace_id, name, base_kind, documents) VALUES ($1, $2, $3, $4) RETURNING id',
    [workspaceId, t.name, t.baseKind, JSON.stringify(t.documents)],
  );
  return rows[0].id;
}

/** Writes a type's name, base kind and documents, and bumps its version. */
export async function updatePersonType(db: Queryable, workspaceId: string, id: string, t: TypeValues) {
  await db.query(
    `UPDATE person_types SET name = $3, base_kind = $4, documents = $5, version = version + 1, updated_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, t.name, t.baseKind, JSON.stringify(t.documents)],
  );
}

export async function deletePersonType(db: Queryable, workspaceId: string, id: string) {
  await db.query('DELETE FROM person_types WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
}
