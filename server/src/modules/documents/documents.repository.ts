import type { DocumentSource, PersonDocument } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';

// The only SQL on documents and document templates. `visible` is a predicate over `people p` and
// `opportunities o` from documents.policy.ts; `visibleOpportunities` one over `opportunities o`.

type Predicate = (params: SqlParams) => string;

export type TemplateRow = { name: string; body: string; version: number; updated_at: Date };

export async function findTemplate(
  db: Queryable,
  workspaceId: string,
  forUpdate = false,
): Promise<TemplateRow | null> {
  const { rows } = await db.query(
    `SELECT name, body, version, updated_at FROM document_templates WHERE workspace_id = $1 AND kind = 'proposal'
     ${forUpdate ? 'FOR UPDATE' : ''}`,
    [workspaceId],
  );
  return rows[0] ?? null;
}

/** The first save of the workspace's template; false when another save got there first. */
export async function insertTemplate(
  db: Queryable,
  t: { workspaceId: string; name: string; body: string; updatedBy: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO document_templates (workspace_id, kind, name, body, updated_by) VALUES ($1, 'proposal', $2, $3, $4)
     ON CONFLICT (workspace_id, kind) DO NOTHING`,
    [t.workspaceId, t.name, t.body, t.updatedBy],
  );
  return rowCount === 1;
}

export async function updateTemplate(
  db: Queryable,
  t: { workspaceId: string; name: string; body: string; updatedBy: string },
) {
  await db.query(
    `UPDATE document_templates SET name = $2, body = $3, updated_by = $4, updated_at = now(), version = version + 1
     WHERE workspace_id = $1 AND kind = 'proposal'`,
    [t.workspaceId, t.name, t.body, t.updatedBy],
  );
}

export async function workspaceName(db: Queryable, workspaceId: string): Promise<string> {
  const { rows } = await db.query('SELECT name FROM workspaces WHERE id = $1', [workspaceId]);
  return rows[0]?.name ?? '';
}

type SourceRow = {
  proposal_id: string;
  opportunity_id: string;
  title: string;
  value_cents: number;
  conditions: string | null;
  valid_until: string | null;
  items: { description: string; quantity: number; unitCents: number }[];
  status: DocumentSource['status'];
  created_at: Date;
};

/** Proposals of the opportunities the person is involved in and the actor may see, newest first. */
export async function listProposalsOfPerson(
  db: Queryable,
  q: { workspaceId: string; personId: string; proposalId?: string },
  visibleOpportunities: Predicate,
): Promise<SourceRow[]> {
  const params = new SqlParams();
  const { rows } = await db.query<SourceRow>(
    `SELECT pr.id AS proposal_id, o.id AS opportunity_id, o.title, pr.value_cents, pr.conditions, pr.valid_until,
       pr.items, pr.status, pr.created_at
     FROM proposals pr
     JOIN opportunities o ON o.id = pr.opportunity_id
     JOIN opportunity_people op ON op.opportunity_id = o.id AND op.person_id = ${params.add(q.personId)}
     WHERE pr.workspace_id = ${params.add(q.workspaceId)}
       ${q.proposalId ? `AND pr.id = ${params.add(q.proposalId)}` : ''}
       AND ${visibleOpportunities(params)}
     ORDER BY pr.created_at DESC, pr.id LIMIT 200`,
    params.values,
  );
  return rows;
}

export const presentSource = (r: SourceRow): DocumentSource => ({
  proposalId: r.proposal_id,
  opportunity: { id: r.opportunity_id, title: r.title },
  valueCents: r.value_cents,
  status: r.status,
  createdAt: r.created_at.toISOString(),
});

export async function insertDocument(
  db: Queryable,
  d: {
    workspaceId: string;
    personId: string;
    opportunityId: string;
    proposalId: string;
    fileKey: string;
    name: string;
    size: number;
    createdBy: string;
  },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO documents (workspace_id, person_id, opportunity_id, proposal_id, file_key, name, size_bytes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [d.workspaceId, d.personId, d.opportunityId, d.proposalId, d.fileKey, d.name, d.size, d.createdBy],
  );
  return rows[0].id;
}

type DocumentRow = {
  id: string;
  person_id: string;
  name: string;
  size_bytes: number;
  opportunity_id: string;
  title: string;
  proposal_id: string;
  file_key: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
};

const present = (r: DocumentRow): PersonDocument => ({
  id: r.id,
  personId: r.person_id,
  name: r.name,
  size: r.size_bytes,
  opportunity: { id: r.opportunity_id, title: r.title },
  proposalId: r.proposal_id,
  createdBy: r.created_by ? { id: r.created_by, name: r.created_by_name ?? '' } : null,
  createdAt: r.created_at.toISOString(),
});

/** Documents the actor may see: of one person, or one document by id. */
export async function listDocuments(
  db: Queryable,
  q: { workspaceId: string; personId?: string; id?: string },
  visible: Predicate,
): Promise<(PersonDocument & { fileKey: string })[]> {
  const params = new SqlParams();
  const { rows } = await db.query<DocumentRow>(
    `SELECT d.id, d.person_id, d.name, d.size_bytes, d.opportunity_id, o.title, d.proposal_id, d.file_key,
       d.created_by, u.name AS created_by_name, d.created_at
     FROM documents d
     JOIN people p ON p.id = d.person_id
     JOIN opportunities o ON o.id = d.opportunity_id
     LEFT JOIN users u ON u.id = d.created_by
     WHERE d.workspace_id = ${params.add(q.workspaceId)}
       ${q.personId ? `AND d.person_id = ${params.add(q.personId)}` : ''}
       ${q.id ? `AND d.id = ${params.add(q.id)}` : ''}
       AND ${visible(params)}
     ORDER BY d.created_at DESC, d.id LIMIT 500`,
    params.values,
  );
  return rows.map((r) => ({ ...present(r), fileKey: r.file_key }));
}
