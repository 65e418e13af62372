import type { CustomField, CustomFieldEntity, CustomFieldOption, Role } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

// The only SQL of custom field definitions; every statement filters on the workspace. The values live on the
// records (people.custom_fields, opportunities.custom_fields), written by their own repositories.

type FieldRow = {
  id: string;
  entity: CustomFieldEntity;
  key: string;
  label: string;
  type: CustomField['type'];
  options: CustomFieldOption[];
  required: boolean;
  visible_roles: Role[] | null;
  section: string | null;
  position: number;
  show_on_card: boolean;
  archived_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
};

function toField(r: FieldRow): CustomField {
  return {
    id: r.id,
    entity: r.entity,
    key: r.key,
    label: r.label,
    type: r.type,
    options: r.options,
    required: r.required,
    visibleRoles: r.visible_roles,
    section: r.section,
    position: r.position,
    showOnCard: r.show_on_card,
    archivedAt: r.archived_at?.toISOString() ?? null,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The entity's fields in form order, archived ones last. */
export async function listFields(
  db: Queryable,
  workspaceId: string,
  entity: CustomFieldEntity,
): Promise<CustomField[]> {
  const { rows } = await db.query<FieldRow>(
    `SELECT * FROM custom_fields WHERE workspace_id = $1 AND entity = $2
     ORDER BY archived_at NULLS FIRST, position, created_at, id`,
    [workspaceId, entity],
  );
  return rows.map(toField);
}

/** One field of the workspace; `forUpdate` locks it for the rest of the transaction. */
export async function findField(
  db: Queryable,
  workspaceId: string,
  id: string,
  forUpdate = false,
): Promise<CustomField | null> {
  const { rows } = await db.query<FieldRow>(
    `SELECT * FROM custom_fields WHERE workspace_id = $1 AND id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [workspaceId, id],
  );
  return rows[0] ? toField(rows[0]) : null;
}

/**
 * Serializes the writers of one entity's definitions (the live-field cap, keys and positions are checked
 * against all of them) until the transaction ends.
 */
export async function lockEntity(db: Queryable, workspaceId: string, entity: CustomFieldEntity) {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('custom_fields:' || $1::text || ':' || $2::text))`, [
    workspaceId,
    entity,
  ]);
}

export type FieldValues = Pick<
  CustomField,
  | 'entity'
  | 'key'
  | 'label'
  | 'type'
  | 'options'
  | 'required'
  | 'visibleRoles'
  | 'section'
  | 'position'
  | 'showOnCard'
>;

export async function insertField(db: Queryable, workspaceId: string, f: FieldValues): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO custom_fields (workspace_id, entity, key, label, type, options, required, visible_roles, section,
       position, show_on_card)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      workspaceId,
      f.entity,
      f.key,
      f.label,
      f.type,
      JSON.stringify(f.options),
      f.required,
      f.visibleRoles,
      f.section,
      f.position,
      f.showOnCard,
    ],
  );
  return (rows[0] as { id: string }).id;
}

/** Writes what an admin may change (never the entity, key or type) and bumps the version. */
export async function updateField(
  db: Queryable,
  workspaceId: string,
  id: string,
  f: Omit<FieldValues, 'entity' | 'key' | 'type'> & { archived: boolean },
) {
  await db.query(
    `UPDATE custom_fields SET label = $3, options = $4, required = $5, visible_roles = $6, section = $7,
       position = $8, show_on_card = $9,
       archived_at = CASE WHEN $10 THEN coalesce(archived_at, now()) END,
       version = version + 1, updated_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [
      workspaceId,
      id,
      f.label,
      JSON.stringify(f.options),
      f.required,
      f.visibleRoles,
      f.section,
      f.position,
      f.showOnCard,
      f.archived,
    ],
  );
}

export async function deleteField(db: Queryable, workspaceId: string, id: string) {
  await db.query('DELETE FROM custom_fields WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
}

/** Whether any record of the entity holds a value of the field (then it is archived, not deleted). */
export async function fieldHasValues(
  db: Queryable,
  workspaceId: string,
  entity: CustomFieldEntity,
  key: string,
): Promise<boolean> {
  const table = entity === 'person' ? 'people' : 'opportunities';
  const { rows } = await db.query<{ used: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${table} WHERE workspace_id = $1 AND custom_fields ? $2) AS used`,
    [workspaceId, key],
  );
  return rows[0]?.used === true;
}
