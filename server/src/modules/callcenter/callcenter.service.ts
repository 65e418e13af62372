import { randomUUID } from 'node:crypto';
import {
  type CallListFilter,
  type CallListItem,
  type ContactAttempt,
  maskPhone,
  normalizePhone,
  type RecordContactAttemptRequest,
  ZCallListFilter,
  ZRecordContactAttemptRequest,
} from '@funil/domain';
import type { Db, Queryable } from '../../db/pool.ts';
import { transaction } from '../../db/pool.ts';
import { isStorableText } from '../../http/storable-text.ts';
import { forbidden, notFound, validationError } from '../../lib/errors.ts';
import { SqlParams } from '../../lib/sql.ts';
import { can } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { recordContactAlarm } from '../notifications/notifications.service.ts';
import { seesEveryPerson, visiblePeoplePredicate } from '../people/people.policy.ts';
import { getPerson } from '../people/people.service.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import * as repo from './callcenter.repository.ts';

// The call center desk (Receptivos / Ativos): contact attempts with their returns and alarms, the call list
// (Filtros) and its saved filters. People are read through the people policy; nothing here writes people.

const OPTION_FIELDS = [
  ['interestLevelId', 'interest_level'],
  ['leadTypeId', 'lead_type'],
  ['publicityId', 'publicity'],
] as const;

/**
 * Records one contact with a person (desk or dialer): the attempt, its `contact_attempt` timeline event (the
 * texts in the erasable payload), the person's latest-contact summary and the alarm, in one transaction.
 */
export async function recordContactAttempt(
  db: Db,
  actor: Actor,
  request: RecordContactAttemptRequest,
): Promise<ContactAttempt> {
  const id = await transaction(db, (tx) => recordContactAttemptIn(tx, actor, request));
  const [attempt] = await repo.listAttemptsOfPerson(db, actor.workspaceId, request.personId, 1, null);
  if (!attempt || attempt.id !== id) {
    // A concurrent later attempt: read ours by walking one more.
    const recent = await repo.listAttemptsOfPerson(db, actor.workspaceId, request.personId, 20, null);
    const mine = recent.find((a) => a.id === id);
    if (!mine) throw notFound();
    return mine;
  }
  return attempt;
}

/**
 * `recordContactAttempt` inside the caller's transaction (the dialer records a call's attempt together with the
 * call's own state); answers the attempt's id.
 */
export async function recordContactAttemptIn(
  tx: Queryable,
  actor: Actor,
  request: RecordContactAttemptRequest,
): Promise<string> {
  const input = ZRecordContactAttemptRequest.parse(request);
  const alarmAt = input.alarmAt ? new Date(input.alarmAt).toISOString() : null;
  if (alarmAt && Date.parse(alarmAt) < Date.now() - 60_000) {
    throw validationError([{ field: 'alarmAt', code: 'alarm_in_past', message: '' }]);
  }
  const errors = [];
  for (const [field, list] of OPTION_FIELDS) {
    const id = input[field];
    if (id && !(await repo.liveOptionIds(tx, actor.workspaceId, list, [id])).has(id)) {
      errors.push({ field, code: 'unknown_option', message: '' });
    }
  }
  if (errors.length) throw validationError(errors);
  const id = randomUUID();
  // The people policy decides (404 outside it, archived people included).
  await getPerson(tx, actor, input.personId, 'write');
  const event = await appendEvent(tx, {
    workspaceId: actor.workspaceId,
    subjectType: 'person',
    subjectId: input.personId,
    kind: 'contact_attempt',
    actorId: actor.userId,
    summary: {
      attemptId: id,
      direction: input.direction,
      channel: input.channel,
      outcome: input.outcome,
      durationSeconds: input.durationSeconds ?? null,
      alarmAt,
    },
    payload: {
      direction: input.direction,
      channel: input.channel,
      outcome: input.outcome,
      durationSeconds: input.durationSeconds ?? null,
      summary: input.summary,
      nextAction: input.nextAction,
      alarmAt,
    },
  });
  const written = await repo.insertAttempt(tx, {
    id,
    workspaceId: actor.workspaceId,
    personId: input.personId,
    direction: input.direction,
    channel: input.channel,
    outcome: input.outcome,
    durationSeconds: input.durationSeconds ?? null,
    interestLevelId: input.interestLevelId ?? null,
    leadTypeId: input.leadTypeId ?? null,
    publicityId: input.publicityId ?? null,
    alarmAt,
    userId: actor.userId,
    eventId: event.id,
  });
  await repo.upsertSummary(tx, {
    workspaceId: actor.workspaceId,
    personId: input.personId,
    at: written.createdAt,
    interestLevelId: input.interestLevelId ?? null,
    leadTypeId: input.leadTypeId ?? null,
    publicityId: input.publicityId ?? null,
  });
  if (alarmAt) {
    await repo.insertAlarm(tx, {
      attemptId: id,
      workspaceId: actor.workspaceId,
      userId: actor.userId,
      personId: input.personId,
      dueAt: alarmAt,
    });
  }
  return id;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

const encodeCursor = (c: [string, string] | null) =>
  c ? Buffer.from(JSON.stringify(c)).toString('base64url') : null;

function decodeCursor(cursor: string | null | undefined): [string, string] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      v[0].length <= 1000 &&
      // Postgres cannot take NUL or a lone surrogate: a forged cursor carrying one is refused, not a 500.
      isStorableText(v[0]) &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v[1])
    ) {
      return [v[0], v[1]];
    }
  } catch {
    // A cursor that does not parse is refused below.
  }
  throw validationError([{ field: 'cursor', code: 'invalid_cursor', message: '' }]);
}

/** A person's contacts, newest first (20 a page), if the actor may see the person. */
export async function listPersonContacts(
  db: Queryable,
  actor: Actor,
  personId: string,
  cursor?: string | null,
): Promise<{ items: ContactAttempt[]; nextCursor: string | null }> {
  await getPerson(db, actor, personId);
  const before = decodeCursor(cursor);
  if (before && (!ISO_INSTANT.test(before[0]) || Number.isNaN(Date.parse(before[0])))) {
    throw validationError([{ field: 'cursor', code: 'invalid_cursor', message: '' }]);
  }
  const limit = 20;
  const rows = await repo.listAttemptsOfPerson(db, actor.workspaceId, personId, limit + 1, before);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page,
    nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null,
  };
}

/** The filter's SQL over `people p` + summary, with the people policy (archived people never listed). */
function callListWhere(actor: Actor, filter: CallListFilter, params: SqlParams): string[] {
  const f = ZCallListFilter.parse(filter);
  let phone: string | undefined;
  let email: string | undefined;
  if (f.contact) {
    if (f.contact.includes('@')) email = f.contact;
    else {
      const normalized = normalizePhone(f.contact);
      if (!normalized) throw validationError([{ field: 'contact', code: 'invalid_contact', message: '' }]);
      phone = normalized;
    }
  }
  return [visiblePeoplePredicate(actor, params), ...repo.callListConditions({ ...f, phone, email }, params)];
}

/**
 * Whether the total is best counted from the contact summary: every match has a summary row (a list filter:
 * publicity, interest, lead type) and the actor sees every person, so the summary is the narrower side. A broker's
 * own people are fewer than the summary's matches: there the planner's join from people stays the better plan.
 */
function countFromSummary(actor: Actor, filter: CallListFilter): boolean {
  const f = ZCallListFilter.parse(filter);
  const listFilter = Boolean(f.publicityIds?.length || f.interestLevelIds?.length || f.leadTypeIds?.length);
  return listFilter && seesEveryPerson(actor);
}

/** Past this many matches the call list's total is answered as "10.000+" (`totalCapped`), not counted exactly. */
export const CALL_LIST_COUNT_CAP = 10_000;

/**
 * One page (50, by name) of the people a filter selects, with the total: exact up to CALL_LIST_COUNT_CAP, beyond
 * it `total` is the cap and `totalCapped` is true (counting every one of 60,000 matches would cost more than the page).
 */
export async function callListPage(
  db: Queryable,
  actor: Actor,
  filter: CallListFilter,
  cursor: string | null | undefined,
  limit = 50,
): Promise<{ items: CallListItem[]; total: number; totalCapped: boolean; nextCursor: string | null }> {
  const position = decodeCursor(cursor);
  const countParams = new SqlParams();
  const params = new SqlParams();
  const countWhere = callListWhere(actor, filter, countParams);
  const pageWhere = callListWhere(actor, filter, params);
  // The total and the page on two pool connections at once (a transaction's client runs them in turn).
  const [counted, page] = await Promise.all([
    repo.countCallList(
      db,
      countWhere,
      countParams,
      CALL_LIST_COUNT_CAP,
      countFromSummary(actor, filter) ? actor.workspaceId : null,
    ),
    repo.callListPage(db, pageWhere, params, position, limit),
  ]);
  return {
    items: page.items,
    total: Math.min(counted, CALL_LIST_COUNT_CAP),
    totalCapped: counted > CALL_LIST_COUNT_CAP,
    nextCursor: encodeCursor(page.next),
  };
}

/** The ids of the first `limit` people a filter selects, in the call list's order (the dialer, the sends). */
export async function callListIds(
  db: Queryable,
  actor: Actor,
  filter: CallListFilter,
  limit: number,
): Promise<string[]> {
  const params = new SqlParams();
  return repo.callListIds(
    db,
    callListWhere(actor, filter, params),
    params,
    Math.max(1, Math.min(limit, 100_000)),
  );
}

export type SavedFilter = repo.SavedFilterRow & { filter: CallListFilter; mine: boolean };

const presentSaved = (actor: Actor, r: repo.SavedFilterRow): SavedFilter => ({
  ...r,
  filter: ZCallListFilter.catch({}).parse(r.filter),
  mine: r.createdBy.id === actor.userId,
});

/** The actor's saved filters and those the team shares. */
export async function listSavedFilters(db: Queryable, actor: Actor): Promise<SavedFilter[]> {
  return (await repo.listSavedFilters(db, actor.workspaceId, actor.userId)).map((r) =>
    presentSaved(actor, r),
  );
}

/** Saves a filter under a name, private or shared with the team. */
export async function createSavedFilter(
  db: Queryable,
  actor: Actor,
  input: { name: string; filter: CallListFilter; shared: boolean },
): Promise<SavedFilter> {
  const filter = ZCallListFilter.parse(input.filter);
  const id = await repo.insertSavedFilter(db, {
    workspaceId: actor.workspaceId,
    name: input.name,
    filter,
    shared: input.shared,
    createdBy: actor.userId,
  });
  const row = await repo.findSavedFilter(db, actor.workspaceId, id);
  if (!row) throw notFound();
  return presentSaved(actor, row);
}

/** Removes a saved filter: its author, or a role that supervises every team; another's private one is 404. */
export async function deleteSavedFilter(db: Queryable, actor: Actor, id: string): Promise<void> {
  const row = await repo.findSavedFilter(db, actor.workspaceId, id);
  const mine = row?.createdBy.id === actor.userId;
  if (!row || (!row.shared && !mine)) throw notFound();
  if (!mine && !can(actor, 'superviseAllTeams')) throw forbidden();
  await repo.deleteSavedFilter(db, actor.workspaceId, id);
}

/** Rings the bell of every return whose alarm is due, once each (claimed under lock), live at commit. */
export async function fireDueAlarms(db: Db, now = new Date()): Promise<number> {
  return transaction(db, async (tx) => {
    const due = await repo.claimDueAlarms(tx, now, 200);
    for (const a of due) {
      await recordContactAlarm(tx, {
        workspaceId: a.workspaceId,
        userId: a.userId,
        at: now,
        data: {
          attemptId: a.attemptId,
          personId: a.personId,
          personName: a.personName,
          nextAction: await repo.attemptNextAction(tx, a.workspaceId, a.eventId),
          alarmAt: a.dueAt.toISOString(),
        },
      });
    }
    return due.length;
  });
}

/** A call list row as the API shows it: the phone masked like every people list. */
export const presentCallListItem = (item: CallListItem): CallListItem => ({
  ...item,
  primaryPhone: item.primaryPhone ? maskPhone(item.primaryPhone) : null,
});
