import type { InvolvedRole, SaleRequirement } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';

// Clientes envolvidos: the people linked to an opportunity (exactly one holder).

export type InvolvedRow = {
  person_id: string;
  role: InvolvedRole;
  name: string;
  kind: 'individual' | 'company';
  visible: boolean;
  missing: Record<SaleRequirement, boolean>;
};

/** The people involved in an opportunity (holder first), what each lacks, and whether the viewer sees them. */
export async function listInvolved(
  db: Queryable,
  workspaceId: string,
  opportunityId: string,
  visiblePerson: (params: SqlParams) => string,
): Promise<InvolvedRow[]> {
  const params = new SqlParams();
  const id = params.add(opportunityId);
  const workspace = params.add(workspaceId);
  const visible = visiblePerson(params);
  const { rows } = await db.query(
    `SELECT op.person_id, op.role, p.name, p.kind, (${visible}) AS visible,
       jsonb_build_object(
         'document', p.document IS NULL,
         'address', NOT EXISTS (SELECT 1 FROM person_addresses x WHERE x.person_id = p.id),
         'phone', NOT EXISTS (SELECT 1 FROM person_phones x WHERE x.person_id = p.id),
         'email', NOT EXISTS (SELECT 1 FROM person_emails x WHERE x.person_id = p.id),
         'birthDate', p.birth_date IS NULL) AS missing
     FROM opportunity_people op JOIN people p ON p.id = op.person_id
     WHERE op.opportunity_id = ${id} AND op.workspace_id = ${workspace}
     ORDER BY op.role = 'holder' DESC, op.added_at, p.name`,
    params.values,
  );
  return rows;
}

export async function upsertInvolved(
  db: Queryable,
  r: { workspaceId: string; opportunityId: string; personId: string; role: InvolvedRole; addedBy: string },
) {
  await db.query(
    `INSERT INTO opportunity_people (workspace_id, opportunity_id, person_id, role, added_by)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (opportunity_id, person_id, workspace_id) DO UPDATE SET role = EXCLUDED.role`,
    [r.workspaceId, r.opportunityId, r.personId, r.role, r.addedBy],
  );
}

export async function demoteHolder(db: Queryable, workspaceId: string, opportunityId: string) {
  await db.query(
    `UPDATE opportunity_people SET role = 'other'
     WHERE workspace_id = $1 AND opportunity_id = $2 AND role = 'holder'`,
    [workspaceId, opportunityId],
  );
}

export async function removeInvolved(
  db: Queryable,
  workspaceId: string,
  opportunityId: string,
  personId: string,
) {
  await db.query(
    `DELETE FROM opportunity_people WHERE workspace_id = $1 AND opportunity_id = $2 AND person_id = $3`,
    [workspaceId, opportunityId, personId],
  );
}

/** A person's name for the timeline of an opportunity they join (visibility is checked before). */
export async function findPersonName(db: Queryable, workspaceId: string, personId: string): Promise<string> {
  const { rows } = await db.query('SELECT name FROM people WHERE workspace_id = $1 AND id = $2', [
    workspaceId,
    personId,
  ]);
  return rows[0]?.name ?? '';
}

/** Which of these people the predicate lets through. */
export async function visiblePersonIds(
  db: Queryable,
  workspaceId: string,
  personIds: string[],
  visiblePerson: (params: SqlParams) => string,
): Promise<Set<string>> {
  const params = new SqlParams();
  const list = params.add(personIds);
  const workspace = params.add(workspaceId);
  const { rows } = await db.query(
    `SELECT p.id FROM people p
     WHERE p.id = ANY(${list}::uuid[]) AND p.workspace_id = ${workspace} AND ${visiblePerson(params)}`,
    params.values,
  );
  return new Set(rows.map((r) => r.id));
}
