import type { IncidentDataCategory, IncidentRequest, IncidentRisk } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';

// The only SQL over `incidents` (never deleted) and `incident_events` (append-only): see 0037_access_log_incidents.sql.

export type IncidentRow = {
  id: string;
  version: number;
  title: string;
  description: string;
  occurred_on: string | null;
  learned_on: string;
  data_categories: IncidentDataCategory[];
  affected_count: number;
  affected_person_ids: string[];
  consequences: string;
  risk: IncidentRisk;
  measures_taken: string;
  measures_planned: string;
  anpd_notified_on: string | null;
  anpd_protocol: string;
  subjects_notified_on: string | null;
  subjects_notified_how: string;
  created_by: string;
  created_by_name: string;
  created_at: Date;
  updated_at: Date;
  sort_key: string;
};

const COLUMNS = `i.id, i.version, i.title, i.description, i.occurred_on::text AS occurred_on, i.learned_on::text AS learned_on,
  i.data_categories, i.affected_count, i.affected_person_ids::text[] AS affected_person_ids, i.consequences, i.risk,
  i.measures_taken, i.measures_planned, i.anpd_notified_on::text AS anpd_notified_on, i.anpd_protocol,
  i.subjects_notified_on::text AS subjects_notified_on, i.subjects_notified_how, i.created_by, u.name AS created_by_name,
  i.created_at, i.updated_at, i.learned_on::text || '|' || i.created_at::text AS sort_key`;
const FROM = 'incidents i JOIN users u ON u.id = i.created_by';

const values = (v: IncidentRequest) => [
  v.title,
  v.description,
  v.occurredOn,
  v.learnedOn,
  v.dataCategories,
  v.affectedCount,
  v.affectedPersonIds,
  v.consequences,
  v.risk,
  v.measuresTaken,
  v.measuresPlanned,
  v.anpdNotifiedOn,
  v.anpdProtocol,
  v.subjectsNotifiedOn,
  v.subjectsNotifiedHow,
];

export async function insertIncident(
  db: Queryable,
  workspaceId: string,
  userId: string,
  v: IncidentRequest,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO incidents (title, description, occurred_on, learned_on, data_categories, affected_count,
       affected_person_ids, consequences, risk, measures_taken, measures_planned, anpd_notified_on, anpd_protocol,
       subjects_notified_on, subjects_notified_how, workspace_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
    [...values(v), workspaceId, userId],
  );
  return (rows[0] as { id: string }).id;
}

/** Writes a new version when the stored one is `version`; false when it moved on (or is not there). */
export async function updateIncident(
  db: Queryable,
  workspaceId: string,
  id: string,
  version: number,
  v: IncidentRequest,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE incidents SET title = $1, description = $2, occurred_on = $3, learned_on = $4, data_categories = $5,
       affected_count = $6, affected_person_ids = $7::uuid[], consequences = $8, risk = $9, measures_taken = $10,
       measures_planned = $11, anpd_notified_on = $12, anpd_protocol = $13, subjects_notified_on = $14,
       subjects_notified_how = $15, version = version + 1, updated_at = now()
     WHERE workspace_id = $16 AND id = $17 AND version = $18`,
    [...values(v), workspaceId, id, version],
  );
  return rowCount === 1;
}

export async function findIncident(
  db: Queryable,
  workspaceId: string,
  id: string,
  forUpdate = false,
): Promise<IncidentRow | null> {
  const { rows } = await db.query<IncidentRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE i.workspace_id = $1 AND i.id = $2${forUpdate ? ' FOR UPDATE OF i' : ''}`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

/** A page of the register, the most recently learned of first; keyset on (learned_on, created_at, id). */
export async function listIncidents(
  db: Queryable,
  workspaceId: string,
  page: { limit: number; before: [string, string] | null },
): Promise<IncidentRow[]> {
  const params = new SqlParams();
  const where: string[] = [];
  const workspace = params.add(workspaceId);
  if (page.before) {
    const [learned, created] = page.before[0].split('|');
    where.push(
      `(i.learned_on, i.created_at, i.id) < (${params.add(learned)}::date, ${params.add(created)}::timestamptz, ${params.add(page.before[1])}::uuid)`,
    );
  }
  const { rows } = await db.query<IncidentRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE i.workspace_id = ${workspace} ${where.map((w) => `AND ${w}`).join(' ')}
     ORDER BY i.learned_on DESC, i.created_at DESC, i.id DESC LIMIT ${params.add(page.limit)}`,
    params.values,
  );
  return rows;
}

/** The names of people of the workspace among `ids` (unknown ids are left out). */
export async function peopleNames(
  db: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM people WHERE workspace_id = $1 AND id = ANY($2::uuid[])',
    [workspaceId, ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export type IncidentEventRow = {
  id: string;
  occurred_at: Date;
  kind: 'created' | 'changed';
  actor_id: string;
  actor_name: string;
  changes: { field: string; old: unknown; new: unknown }[];
};

export async function insertIncidentEvent(
  db: Queryable,
  e: {
    workspaceId: string;
    incidentId: string;
    actorId: string;
    kind: 'created' | 'changed';
    changes: { field: string; old: unknown; new: unknown }[];
  },
): Promise<void> {
  await db.query(
    `INSERT INTO incident_events (workspace_id, incident_id, actor_id, kind, changes) VALUES ($1, $2, $3, $4, $5)`,
    [e.workspaceId, e.incidentId, e.actorId, e.kind, JSON.stringify(e.changes)],
  );
}

export async function listIncidentEvents(
  db: Queryable,
  workspaceId: string,
  incidentId: string,
): Promise<IncidentEventRow[]> {
  const { rows } = await db.query<IncidentEventRow>(
    `SELECT e.id, e.occurred_at, e.kind, e.actor_id, u.name AS actor_name, e.changes
     FROM incident_events e JOIN users u ON u.id = e.actor_id
     WHERE e.workspace_id = $1 AND e.incident_id = $2 ORDER BY e.occurred_at DESC, e.id DESC LIMIT 500`,
    [workspaceId, incidentId],
  );
  return rows;
}
