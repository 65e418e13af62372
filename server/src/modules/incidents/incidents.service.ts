import {
  type Incident,
  type IncidentEvent,
  type IncidentPage,
  type IncidentRequest,
  incidentNoticeDeadline,
} from '@funil/domain';
import type { Db, Queryable } from '../../db/pool.ts';
import { transaction } from '../../db/pool.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import * as repo from './incidents.repository.ts';

// The incident register (Resolução CD/ANPD 15/2024): security incidents with personal data, their affected people,
// measures and notices, with the 3-business-day deadline. Kept at least 5 years: never deleted (a trigger refuses),
// and every change is kept in incident_events (who, when, each field's old and new value). `managePrivacy` only.

const FIELDS = [
  'title',
  'description',
  'occurredOn',
  'learnedOn',
  'dataCategories',
  'affectedCount',
  'affectedPersonIds',
  'consequences',
  'risk',
  'measuresTaken',
  'measuresPlanned',
  'anpdNotifiedOn',
  'anpdProtocol',
  'subjectsNotifiedOn',
  'subjectsNotifiedHow',
] as const satisfies readonly (keyof IncidentRequest)[];

function requestOf(row: repo.IncidentRow): IncidentRequest {
  return {
    title: row.title,
    description: row.description,
    occurredOn: row.occurred_on,
    learnedOn: row.learned_on,
    dataCategories: row.data_categories,
    affectedCount: row.affected_count,
    affectedPersonIds: row.affected_person_ids,
    consequences: row.consequences,
    risk: row.risk,
    measuresTaken: row.measures_taken,
    measuresPlanned: row.measures_planned,
    anpdNotifiedOn: row.anpd_notified_on,
    anpdProtocol: row.anpd_protocol,
    subjectsNotifiedOn: row.subjects_notified_on,
    subjectsNotifiedHow: row.subjects_notified_how,
  };
}

async function present(db: Queryable, workspaceId: string, rows: repo.IncidentRow[]): Promise<Incident[]> {
  const names = await repo.peopleNames(db, workspaceId, [
    ...new Set(rows.flatMap((r) => r.affected_person_ids)),
  ]);
  return rows.map((row) => {
    const { affectedPersonIds, ...fields } = requestOf(row);
    return {
      ...fields,
      id: row.id,
      version: row.version,
      noticeDeadline: incidentNoticeDeadline(row.learned_on),
      affectedPeople: affectedPersonIds.map((id) => ({ id, name: names.get(id) ?? '' })),
      createdBy: { id: row.created_by, name: row.created_by_name },
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  });
}

/** Affected people must be people of the workspace (422 on `affectedPersonIds` otherwise). */
async function assertPeopleExist(db: Queryable, actor: Actor, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  const found = await repo.peopleNames(db, actor.workspaceId, unique);
  if (found.size !== unique.length) {
    throw validationError([{ field: 'affectedPersonIds', code: 'invalid_value', message: '' }]);
  }
  return unique;
}

const PG_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)[+-]\d{2}(?::\d{2})?$/;

/** Whether text is a timestamptz as Postgres writes it (`2026-12-06 23:50:01.123456+00`), a real day and time. */
function isPgTimestamp(text: string): boolean {
  const m = PG_TIMESTAMP.exec(text);
  if (!m) return false;
  const d = new Date(`${m[1]}T${m[2]}Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === m[1];
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Records an incident (its `created` event holds every field it was recorded with). */
export async function createIncident(db: Db, actor: Actor, input: IncidentRequest): Promise<Incident> {
  assertCan(actor, 'managePrivacy');
  return transaction(db, async (tx) => {
    const values = {
      ...input,
      affectedPersonIds: await assertPeopleExist(tx, actor, input.affectedPersonIds),
    };
    const id = await repo.insertIncident(tx, actor.workspaceId, actor.userId, values);
    await repo.insertIncidentEvent(tx, {
      workspaceId: actor.workspaceId,
      incidentId: id,
      actorId: actor.userId,
      kind: 'created',
      changes: FIELDS.map((field) => ({ field, old: null, new: values[field] })),
    });
    return getIncident(tx, actor, id);
  });
}

/** Edits an incident read at `version` (412 when it moved on); each changed field is kept with its old value. */
export async function updateIncident(
  db: Db,
  actor: Actor,
  id: string,
  version: number,
  input: IncidentRequest,
): Promise<Incident> {
  assertCan(actor, 'managePrivacy');
  return transaction(db, async (tx) => {
    const current = await repo.findIncident(tx, actor.workspaceId, id, true);
    if (!current) throw notFound();
    if (current.version !== version) throw versionMismatch(current.version);
    const values = {
      ...input,
      affectedPersonIds: await assertPeopleExist(tx, actor, input.affectedPersonIds),
    };
    const before = requestOf(current);
    const changes = FIELDS.filter((f) => !sameValue(before[f], values[f])).map((field) => ({
      field,
      old: before[field],
      new: values[field],
    }));
    if (changes.length === 0) return getIncident(tx, actor, id);
    if (!(await repo.updateIncident(tx, actor.workspaceId, id, version, values))) {
      throw versionMismatch(current.version);
    }
    await repo.insertIncidentEvent(tx, {
      workspaceId: actor.workspaceId,
      incidentId: id,
      actorId: actor.userId,
      kind: 'changed',
      changes,
    });
    return getIncident(tx, actor, id);
  });
}

/** One incident of the workspace (404 otherwise). */
export async function getIncident(db: Queryable, actor: Actor, id: string): Promise<Incident> {
  assertCan(actor, 'managePrivacy');
  const row = await repo.findIncident(db, actor.workspaceId, id);
  if (!row) throw notFound();
  const [incident] = await present(db, actor.workspaceId, [row]);
  return incident as Incident;
}

/** The register, most recently learned of first. */
export async function listIncidents(
  db: Queryable,
  actor: Actor,
  q: { limit: number; cursor?: string | undefined },
): Promise<IncidentPage> {
  assertCan(actor, 'managePrivacy');
  const before = decodeCursor(q.cursor);
  // Our cursor's key is `learned_on|created_at`; a forged one is a 422, never a failed cast.
  const [learned, created] = before?.[0].split('|') ?? [];
  if (before && !(learned && created && isPgTimestamp(`${learned} 00:00:00+00`) && isPgTimestamp(created))) {
    throw validationError([{ field: 'query.cursor', code: 'invalid_value', message: '' }]);
  }
  const rows = await repo.listIncidents(db, actor.workspaceId, { limit: q.limit + 1, before });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: await present(db, actor.workspaceId, page),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.sort_key, last.id]) : null,
  };
}

/** Every change of an incident, newest first. */
export async function listIncidentEvents(db: Queryable, actor: Actor, id: string): Promise<IncidentEvent[]> {
  assertCan(actor, 'managePrivacy');
  if (!(await repo.findIncident(db, actor.workspaceId, id))) throw notFound();
  const rows = await repo.listIncidentEvents(db, actor.workspaceId, id);
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at.toISOString(),
    kind: r.kind,
    actor: { id: r.actor_id, name: r.actor_name },
    changes: r.changes,
  }));
}
