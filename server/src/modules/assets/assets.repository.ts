import type { Asset, AssetFieldDefinition, AssetStatus, AssetType, AssetValues } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';

// The only SQL of assets and asset types; every statement filters on the workspace.

type AssetTypeRow = {
  id: string;
  name: string;
  description: string | null;
  fields: AssetFieldDefinition[];
  archived_at: Date | null;
  asset_count: number;
  version: number;
  created_at: Date;
  updated_at: Date;
};

const TYPE_SELECT = `SELECT t.*, (SELECT count(*)::int FROM assets a WHERE a.workspace_id = t.workspace_id AND a.asset_type_id = t.id) AS asset_count
  FROM asset_types t`;

function toAssetType(r: AssetTypeRow): AssetType {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    fields: r.fields,
    archivedAt: r.archived_at?.toISOString() ?? null,
    assetCount: r.asset_count,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listAssetTypes(
  db: Queryable,
  workspaceId: string,
  includeArchived: boolean,
): Promise<AssetType[]> {
  const { rows } = await db.query<AssetTypeRow>(
    `${TYPE_SELECT} WHERE t.workspace_id = $1 ${includeArchived ? '' : 'AND t.archived_at IS NULL'}
     ORDER BY t.archived_at NULLS FIRST, lower(t.name), t.id`,
    [workspaceId],
  );
  return rows.map(toAssetType);
}

/**
 * One type of the workspace. `lock`: `update` for its editors; `keyShare` for a new asset of it (waits for a
 * concurrent delete or archive, so the asset never points at a type that just left).
 */
export async function findAssetType(
  db: Queryable,
  workspaceId: string,
  id: string,
  lock: 'update' | 'keyShare' | null = null,
): Promise<AssetType | null> {
  if (lock) {
    await db.query(
      `SELECT id FROM asset_types WHERE workspace_id = $1 AND id = $2 FOR ${lock === 'update' ? 'UPDATE' : 'KEY SHARE'}`,
      [workspaceId, id],
    );
  }
  const { rows } = await db.query<AssetTypeRow>(`${TYPE_SELECT} WHERE t.workspace_id = $1 AND t.id = $2`, [
    workspaceId,
    id,
  ]);
  return rows[0] ? toAssetType(rows[0]) : null;
}

type TypeValues = { name: string; description: string | null; fields: AssetFieldDefinition[] };

export async function insertAssetType(db: Queryable, workspaceId: string, t: TypeValues): Promise<string> {
  const { rows } = await db.query(
    'INSERT INTO asset_types (workspace_id, name, description, fields) VALUES ($1, $2, $3, $4) RETURNING id',
    [workspaceId, t.name, t.description, JSON.stringify(t.fields)],
  );
  return rows[0].id;
}

/** Writes a type's fields and archive flag, and bumps its version. */
export async function updateAssetType(
  db: Queryable,
  workspaceId: string,
  id: string,
  t: TypeValues & { archived: boolean },
) {
  await db.query(
    `UPDATE asset_types SET name = $3, description = $4, fields = $5,
       archived_at = CASE WHEN $6::boolean THEN coalesce(archived_at, now()) ELSE NULL END,
       version = version + 1, updated_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, t.name, t.description, JSON.stringify(t.fields), t.archived],
  );
}

export async function deleteAssetType(db: Queryable, workspaceId: string, id: string) {
  await db.query('DELETE FROM asset_types WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
}

type AssetRow = {
  id: string;
  person_id: string;
  asset_type_id: string;
  type_name: string;
  type_fields: AssetFieldDefinition[];
  type_archived_at: Date | null;
  identifier: string;
  status: AssetStatus;
  start_date: string | null;
  end_date: string | null;
  field_values: AssetValues;
  notes: string | null;
  created_by: string | null;
  created_by_name: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
};

const ASSET_SELECT = `SELECT a.id, a.person_id, a.asset_type_id, t.name AS type_name, t.fields AS type_fields,
    t.archived_at AS type_archived_at, a.identifier, a.status, a.start_date::text AS start_date,
    a.end_date::text AS end_date, a.field_values, a.notes, a.created_by, u.name AS created_by_name, a.version,
    a.created_at, a.updated_at
  FROM assets a
  JOIN asset_types t ON t.workspace_id = a.workspace_id AND t.id = a.asset_type_id
  LEFT JOIN users u ON u.workspace_id = a.workspace_id AND u.id = a.created_by`;

function toAsset(r: AssetRow): Asset {
  return {
    id: r.id,
    personId: r.person_id,
    assetType: {
      id: r.asset_type_id,
      name: r.type_name,
      fields: r.type_fields,
      archived: r.type_archived_at !== null,
    },
    identifier: r.identifier,
    status: r.status,
    startDate: r.start_date,
    endDate: r.end_date,
    values: r.field_values,
    notes: r.notes,
    createdBy: r.created_by ? { id: r.created_by, name: r.created_by_name ?? '' } : null,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The assets of one person: active first, then suspended, then ended; newest first within each. */
export async function listAssetsOfPerson(
  db: Queryable,
  workspaceId: string,
  personId: string,
): Promise<Asset[]> {
  const { rows } = await db.query<AssetRow>(
    `${ASSET_SELECT} WHERE a.workspace_id = $1 AND a.person_id = $2
     ORDER BY CASE a.status WHEN 'active' THEN 0 WHEN 'suspended' THEN 1 ELSE 2 END, a.created_at DESC, a.id`,
    [workspaceId, personId],
  );
  return rows.map(toAsset);
}

/** One asset of one person; `forUpdate` locks its row. */
export async function findAsset(
  db: Queryable,
  workspaceId: string,
  personId: string,
  id: string,
  forUpdate = false,
): Promise<Asset | null> {
  const params = new SqlParams();
  const where = `a.workspace_id = ${params.add(workspaceId)} AND a.person_id = ${params.add(personId)} AND a.id = ${params.add(id)}`;
  const { rows } = await db.query<AssetRow>(
    `${ASSET_SELECT} WHERE ${where}${forUpdate ? ' FOR UPDATE OF a' : ''}`,
    params.values,
  );
  return rows[0] ? toAsset(rows[0]) : null;
}

export type AssetValuesRow = {
  identifier: string;
  status: AssetStatus;
  startDate: string | null;
  endDate: string | null;
  values: AssetValues;
  notes: string | null;
};

export async function insertAsset(
  db: Queryable,
  a: AssetValuesRow & { workspaceId: string; personId: string; assetTypeId: string; createdBy: string },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO assets (workspace_id, person_id, asset_type_id, identifier, status, start_date, end_date,
       field_values, notes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      a.workspaceId,
      a.personId,
      a.assetTypeId,
      a.identifier,
      a.status,
      a.startDate,
      a.endDate,
      JSON.stringify(a.values),
      a.notes,
      a.createdBy,
    ],
  );
  return rows[0].id;
}

/** Writes an asset's fields and bumps its version. */
export async function updateAsset(db: Queryable, workspaceId: string, id: string, a: AssetValuesRow) {
  await db.query(
    `UPDATE assets SET identifier = $3, status = $4, start_date = $5, end_date = $6, field_values = $7,
       notes = $8, version = version + 1, updated_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, a.identifier, a.status, a.startDate, a.endDate, JSON.stringify(a.values), a.notes],
  );
}

/** Whether the person exists for the actor (`visible`, a people-policy predicate over `people p`). */
export async function personExists(
  db: Queryable,
  workspaceId: string,
  personId: string,
  visible: (params: SqlParams) => string,
  lock = false,
): Promise<boolean> {
  const params = new SqlParams();
  const { rowCount } = await db.query(
    `SELECT 1 FROM people p WHERE p.workspace_id = ${params.add(workspaceId)} AND p.id = ${params.add(personId)}
       AND ${visible(params)}${lock ? ' FOR SHARE OF p' : ''}`,
    params.values,
  );
  return (rowCount ?? 0) > 0;
}
