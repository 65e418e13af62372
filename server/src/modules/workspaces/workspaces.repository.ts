import type { RoleMatrix } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

export async function findRoleMatrix(
  db: Queryable,
  workspaceId: string,
): Promise<Partial<RoleMatrix> | null> {
  const { rows } = await db.query(`SELECT settings -> 'roleMatrix' AS matrix FROM workspaces WHERE id = $1`, [
    workspaceId,
  ]);
  return rows[0]?.matrix ?? null;
}

export async function saveRoleMatrix(db: Queryable, workspaceId: string, matrix: RoleMatrix) {
  await db.query(
    `UPDATE workspaces SET settings = jsonb_set(settings, '{roleMatrix}', $2::jsonb) WHERE id = $1`,
    [workspaceId, JSON.stringify(matrix)],
  );
}
