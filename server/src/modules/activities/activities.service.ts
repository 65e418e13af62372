import { randomUUID } from 'node:crypto';
import type {
  Activity,
  ActivityCounts,
  ActivityPage,
  ActivitySort,
  ActivityStatus,
  CreateActivityRequest,
  FieldChange,
  TimelineKind,
  TrackedActivityField,
  UpdateActivityRequest,
} from '@funil/domain';
import { TRACKED_ACTIVITY_FIELDS } from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import type { SqlParams } from '../../lib/sql.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleOpportunitiesPredicate } from '../opportunities/opportunities.policy.ts';
import { publishCardChanged } from '../opportunities/opportunities-board.service.ts';
import { visiblePeoplePredicate } from '../people/people.policy.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import {
  assertCanAssignActivityOwner,
  assertCanWriteActivity,
  assertMayScheduleKind,
  canWriteActivity,
  visibleActivitiesPredicate,
} from './activities.policy.ts';
import { ownership, presentActivity } from './activities.presenter.ts';
import * as repo from './activities.repository.ts';

// One use case per function: schedule, read, list, count, edit, clone, complete, cancel. Every function
// reaches activities through activities.policy.ts (invisible answers 404) and writes its timeline event in
// the same transaction as the change.

const visibleTo = (actor: Actor): repo.Scope => ({
  workspaceId: actor.workspaceId,
  visible: (params: SqlParams) => visibleActivitiesPredicate(actor, params),
});
const visiblePeople = (actor: Actor, purpose?: 'read'): repo.Scope => ({
  workspaceId: actor.workspaceId,
  visible: (params: SqlParams) => visiblePeoplePredicate(actor, params, purpose),
});
const visibleOpportunities = (actor: Actor): repo.Scope => ({
  workspaceId: actor.workspaceId,
  visible: (params: SqlParams) => visibleOpportunitiesPredicate(actor, params),
});

/** One activity the user may see. */
export async function getActivity(db: Queryable, actor: Actor, id: string): Promise<Activity> {
  const row = await repo.findActivity(db, id, visibleTo(actor));
  if (!row) throw notFound();
  return presentActivity(actor, row);
}

export type ListQuery = {
  mine?: boolean | undefined;
  status?: ActivityStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
  personId?: string | undefined;
  opportunityId?: string | undefined;
  sort?: ActivitySort | undefined;
  limit: number;
  cursor?: string | undefined;
};

const encodeCursor = (r: repo.ActivityRow) =>
  Buffer.from(`${r.due_at.toISOString()}|${r.id}`).toString('base64url');

function decodeCursor(cursor: string | undefined): { dueAt: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const dueAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(dueAt.getTime())) {
    throw validationError([{ field: 'query.cursor', code: 'invalid_value', message: '' }]);
  }
  return { dueAt, id };
}

/**
 * The visible activities matching the filters ("Minhas atividades" = `mine`), by due time: soonest first, or
 * latest first with `sort=-dueAt`.
 */
export async function listActivities(db: Queryable, actor: Actor, q: ListQuery): Promise<ActivityPage> {
  const { rows, total } = await repo.listActivities(
    db,
    {
      ownerId: q.mine ? actor.userId : undefined,
      statuses: q.status ? [q.status] : undefined,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      personId: q.personId,
      opportunityId: q.opportunityId,
    },
    visibleTo(actor),
    { limit: q.limit + 1, after: decodeCursor(q.cursor), descending: q.sort === '-dueAt' },
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentActivity(actor, r)),
    total,
    nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
  };
}

/** Open / done / cancelled counts of a person's or opportunity's activities; 404 when it is not visible. */
export async function countActivities(
  db: Queryable,
  actor: Actor,
  link: { personId: string } | { opportunityId: string },
): Promise<ActivityCounts> {
  const visible =
    'personId' in link
      ? await repo.personVisible(db, link.personId, visiblePeople(actor, 'read'))
      : await repo.opportunityVisible(db, link.opportunityId, visibleOpportunities(actor));
  if (!visible) throw notFound();
  return repo.countActivities(db, link, visibleTo(actor), new Date());
}

// ---------- Writing ----------

/** Checks who the activity is for and what it is linked to; field errors for links the user cannot see. */
async function assertWritable(db: Queryable, actor: Actor, v: repo.ActivityValues, changed?: Set<string>) {
  const touched = (field: TrackedActivityField) => !changed || changed.has(field);
  if (touched('kind')) assertMayScheduleKind(actor, v.kind);
  if (touched('ownerId')) {
    const owner = await repo.findAssignableUser(db, actor.workspaceId, v.ownerId);
    if (!owner) throw validationError([{ field: 'ownerId', code: 'unknown_user', message: '' }]);
    assertCanAssignActivityOwner(actor, { ownerId: v.ownerId, ownerTeamIds: owner.teamIds });
  }
  const errors: { field: string; code: string; message: string }[] = [];
  if (!v.personId && !v.opportunityId) {
    errors.push({ field: 'personId', code: 'person_or_opportunity_required', message: '' });
  }
  if (
    v.personId &&
    touched('personId') &&
    !(await repo.personVisible(db, v.personId, visiblePeople(actor)))
  ) {
    errors.push({ field: 'personId', code: 'unknown_person', message: '' });
  }
  if (
    v.opportunityId &&
    touched('opportunityId') &&
    !(await repo.opportunityVisible(db, v.opportunityId, visibleOpportunities(actor)))
  ) {
    errors.push({ field: 'opportunityId', code: 'unknown_opportunity', message: '' });
  }
  if (errors.length) throw validationError(errors);
}

/**
 * Records an activity event where each page shows it once: on the opportunity's chain when there is one
 * (the timelines of its involved people read it from there), and on the person's chain unless the person is
 * involved in that opportunity.
 */
async function recordEvent(
  tx: Queryable,
  actor: Actor,
  a: {
    id: string;
    kind: string;
    title: string;
    dueAt: Date;
    personId: string | null;
    opportunityId: string | null;
  },
  kind: TimelineKind,
  extra: Record<string, unknown> = {},
) {
  const payload = {
    activity: { id: a.id, kind: a.kind, title: a.title, dueAt: a.dueAt.toISOString() },
    ...extra,
  };
  const summary = { activityId: a.id, activityKind: a.kind };
  const event = { workspaceId: actor.workspaceId, kind, actorId: actor.userId, summary, payload };
  if (a.opportunityId) {
    await appendEvent(tx, { ...event, subjectType: 'opportunity', subjectId: a.opportunityId });
    // The card's next activity may have changed: the boards showing it reload.
    await publishCardChanged(tx, actor, a.opportunityId);
  }
  if (
    a.personId &&
    !(a.opportunityId && (await repo.isInvolved(tx, actor.workspaceId, a.opportunityId, a.personId)))
  ) {
    await appendEvent(tx, { ...event, subjectType: 'person', subjectId: a.personId });
  }
}

async function insertNew(db: Db, actor: Actor, v: repo.ActivityValues, extra: Record<string, unknown> = {}) {
  const id = randomUUID();
  await transaction(db, async (tx) => {
    await repo.insertActivity(tx, { ...v, id, workspaceId: actor.workspaceId, createdBy: actor.userId });
    await recordEvent(tx, actor, { id, ...v }, 'activity_scheduled', {
      owner: { id: v.ownerId },
      ...extra,
    });
  });
  return getActivity(db, actor, id);
}

/** Schedules an activity (Agendar visita is one of kind `visit`) in the user's agenda or a member's. */
export async function createActivity(db: Db, actor: Actor, input: CreateActivityRequest): Promise<Activity> {
  const values: repo.ActivityValues = {
    kind: input.kind,
    title: input.title,
    description: input.description,
    dueAt: new Date(input.dueAt),
    durationMinutes: input.durationMinutes,
    ownerId: input.ownerId ?? actor.userId,
    personId: input.personId,
    opportunityId: input.opportunityId,
    reminderMinutesBefore: input.reminderMinutesBefore,
  };
  await assertWritable(db, actor, values);
  return insertNew(db, actor, values);
}

/** A new open activity with the same fields, at `dueAt` (default: the same time); the owner's if allowed. */
export async function cloneActivity(
  db: Db,
  actor: Actor,
  id: string,
  opts: { dueAt?: string | undefined },
): Promise<Activity> {
  const source = await repo.findActivity(db, id, visibleTo(actor));
  if (!source) throw notFound();
  const keepOwner = canWriteActivity(actor, ownership(source));
  const values: repo.ActivityValues = {
    kind: source.kind,
    title: source.title,
    description: source.description,
    dueAt: opts.dueAt ? new Date(opts.dueAt) : source.due_at,
    durationMinutes: source.duration_minutes,
    ownerId: keepOwner ? source.owner_id : actor.userId,
    personId: source.person_id,
    opportunityId: source.opportunity_id,
    reminderMinutesBefore: source.reminder_minutes_before,
  };
  await assertWritable(db, actor, values);
  return insertNew(db, actor, values, { clonedFrom: source.id });
}

const valuesOf = (r: repo.ActivityRow): repo.ActivityValues => ({
  kind: r.kind,
  title: r.title,
  description: r.description,
  dueAt: r.due_at,
  durationMinutes: r.duration_minutes,
  ownerId: r.owner_id,
  personId: r.person_id,
  opportunityId: r.opportunity_id,
  reminderMinutesBefore: r.reminder_minutes_before,
});

const comparable = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

/** Locks an open activity the user may change, at the version they read when given. */
async function lockWritable(tx: Queryable, actor: Actor, id: string, expected?: number) {
  const row = await repo.lockActivity(tx, id, visibleTo(actor));
  if (!row) throw notFound();
  assertCanWriteActivity(actor, ownership(row));
  if (expected !== undefined && row.version !== expected) throw versionMismatch(row.version);
  if (row.status !== 'open') throw new DomainError('activity-closed', 409);
  return row;
}

/** Edits an open activity at the version the user read; each changed field is recorded (old → new). */
export async function updateActivity(
  db: Db,
  actor: Actor,
  id: string,
  version: number,
  patch: UpdateActivityRequest,
): Promise<Activity> {
  await transaction(db, async (tx) => {
    const row = await lockWritable(tx, actor, id, version);
    const old = valuesOf(row);
    const next: repo.ActivityValues = {
      ...old,
      ...Object.fromEntries(Object.entries(patch).filter(([k, v]) => k !== 'version' && v !== undefined)),
      dueAt: patch.dueAt ? new Date(patch.dueAt) : old.dueAt,
    } as repo.ActivityValues;
    const changes: FieldChange[] = TRACKED_ACTIVITY_FIELDS.filter(
      (f) => comparable(old[f]) !== comparable(next[f]),
    ).map((field) => ({ field, old: comparable(old[field]), new: comparable(next[field]) }));
    if (changes.length === 0) return;
    await assertWritable(tx, actor, next, new Set(changes.map((c) => c.field)));
    await repo.updateActivity(tx, actor.workspaceId, id, next);
    await recordEvent(tx, actor, { id, ...next }, 'activity_changed', { changes });
    if (old.opportunityId && old.opportunityId !== next.opportunityId) {
      await publishCardChanged(tx, actor, old.opportunityId);
    }
  });
  return getActivity(db, actor, id);
}

/** Marks an open activity done, with what came of it. */
export async function completeActivity(
  db: Db,
  actor: Actor,
  id: string,
  outcome: string | null,
  version?: number,
): Promise<Activity> {
  await transaction(db, async (tx) => {
    const row = await lockWritable(tx, actor, id, version);
    await repo.closeActivity(tx, actor.workspaceId, id, { status: 'done', outcome });
    await recordEvent(tx, actor, { id, ...valuesOf(row) }, 'activity_completed', { outcome });
  });
  return getActivity(db, actor, id);
}

/** Cancels an open activity, with the reason. */
export async function cancelActivity(
  db: Db,
  actor: Actor,
  id: string,
  reason: string,
  version?: number,
): Promise<Activity> {
  await transaction(db, async (tx) => {
    const row = await lockWritable(tx, actor, id, version);
    await repo.closeActivity(tx, actor.workspaceId, id, { status: 'cancelled', reason });
    await recordEvent(tx, actor, { id, ...valuesOf(row) }, 'activity_cancelled', { reason });
  });
  return getActivity(db, actor, id);
}
