import type { AccessKind } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';

// The only SQL over `access_log` (append-only: see 0037_access_log_incidents.sql).

export type AccessInsert = {
  workspaceId: string;
  userId: string | null;
  integrationId: string | null;
  personId: string;
  kind: AccessKind;
  exportId: string | null;
  fileId: string | null;
  requestId: string | null;
  ip: string | null;
};

/** Writes many entries in one statement (an export page's rows at once); an export's person already logged is skipped. */
export async function insertAccess(db: Queryable, entries: readonly AccessInsert[]): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO access_log (workspace_id, user_id, integration_id, person_id, kind, export_id, file_id, request_id, ip)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::uuid[],
                          $8::text[], $9::text[])
     ON CONFLICT (export_id, person_id, workspace_id) WHERE export_id IS NOT NULL DO NOTHING`,
    [
      entries.map((e) => e.workspaceId),
      entries.map((e) => e.userId),
      entries.map((e) => e.integrationId),
      entries.map((e) => e.personId),
      entries.map((e) => e.kind),
      entries.map((e) => e.exportId),
      entries.map((e) => e.fileId),
      entries.map((e) => e.requestId),
      entries.map((e) => e.ip),
    ],
  );
}

export type AccessRow = {
  id: string;
  occurred_at: Date;
  occurred_at_key: string;
  kind: AccessKind;
  user_id: string | null;
  user_name: string | null;
  integration_id: string | null;
  person_id: string;
  person_name: string | null;
  export_id: string | null;
  file_id: string | null;
  request_id: string | null;
  ip: string | null;
};

export type AccessFilter = {
  personId?: string | undefined;
  userId?: string | undefined;
  kind?: AccessKind | undefined;
  /** First day (`YYYY-MM-DD`, São Paulo time), inclusive. */
  from?: string | undefined;
  /** Last day (`YYYY-MM-DD`, São Paulo time), inclusive. */
  to?: string | undefined;
};

/** One page of a workspace's log, newest first, keyset on (occurred_at, id). */
export async function listAccess(
  db: Queryable,
  workspaceId: string,
  filter: AccessFilter,
  page: { limit: number; before: [string, string] | null },
): Promise<AccessRow[]> {
  const params = new SqlParams();
  const where = [`a.workspace_id = ${params.add(workspaceId)}`];
  if (filter.personId) where.push(`a.person_id = ${params.add(filter.personId)}`);
  if (filter.userId) where.push(`a.user_id = ${params.add(filter.userId)}`);
  if (filter.kind) where.push(`a.kind = ${params.add(filter.kind)}`);
  if (filter.from) {
    where.push(
      `a.occurred_at >= (${params.add(filter.from)}::date::timestamp AT TIME ZONE 'America/Sao_Paulo')`,
    );
  }
  if (filter.to) {
    where.push(
      `a.occurred_at < ((${params.add(filter.to)}::date + 1)::timestamp AT TIME ZONE 'America/Sao_Paulo')`,
    );
  }
  if (page.before) {
    where.push(
      `(a.occurred_at, a.id) < (${params.add(page.before[0])}::timestamptz, ${params.add(page.before[1])}::uuid)`,
    );
  }
  const { rows } = await db.query<AccessRow>(
    `SELECT a.id, a.occurred_at, a.occurred_at::text AS occurred_at_key, a.kind, a.user_id, u.name AS user_name,
            a.integration_id, a.person_id, p.name AS person_name, a.export_id, a.file_id, a.request_id, a.ip
     FROM access_log a
     LEFT JOIN users u ON u.id = a.user_id AND u.workspace_id = a.workspace_id
     LEFT JOIN people p ON p.id = a.person_id AND p.workspace_id = a.workspace_id
     WHERE ${where.join(' AND ')}
     ORDER BY a.occurred_at DESC, a.id DESC
     LIMIT ${params.add(page.limit)}`,
    params.values,
  );
  return rows;
}

/** Whether the workspace holds this person (archived and anonymized ones included: their log stays). */
export async function personExists(db: Queryable, workspaceId: string, personId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM people WHERE workspace_id = $1 AND id = $2', [
    workspaceId,
    personId,
  ]);
  return rows.length > 0;
}
