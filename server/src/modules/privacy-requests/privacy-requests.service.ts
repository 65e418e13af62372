import {
  type CreatePrivacyRequest,
  isPrivacyRequestPending,
  type ListPrivacyRequestsQuery,
  PRIVACY_REQUEST_NEAR_DUE_DAYS,
  type PrivacyRequest,
  type PrivacyRequestEvent,
  type PrivacyRequestPage,
  privacyRequestDeadline,
  type UpdatePrivacyRequest,
} from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import type { FileStore } from '../../lib/file-store.ts';
import type { SqlParams } from '../../lib/sql.ts';
import { type AccessContext, accessBy, recordAccess } from '../access-log/access-log.service.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { recordPrivacyRequestNotice } from '../notifications/notifications.service.ts';
import { visiblePeoplePredicate } from '../people/people.policy.ts';
import { getPerson } from '../people/people.service.ts';
import { getPrivacySettings } from '../workspaces/workspaces.service.ts';
import { buildAccessAnswer } from './privacy-answer.builder.ts';
import * as repo from './privacy-requests.repository.ts';

// Data-subject requests (LGPD art. 18, 19): the register of what a person asked, who handles it, by when, and the
// answer given. Every use case needs `managePrivacy`; the person a request is about is read through the people policy
// of the acting user (a person they may not see is not linked, named or exported). The row holds the current state
// (edited under If-Match); each change also writes an append-only `privacy_request_events` row, the handling history.

const DAY_MS = 24 * 60 * 60 * 1000;

/** The people policy as seen from a request: the acting user's visibility, archived people included (read). */
const personVisible = (actor: Actor) => (params: SqlParams) => visiblePeoplePredicate(actor, params, 'read');

/** The answer files of requests live in a section of their own of the file store. */
export const privacyFiles = (files: FileStore) => files.section('privacy');

function present(row: repo.PrivacyRequestRow, now: Date): PrivacyRequest {
  return {
    id: row.id,
    number: Number(row.number),
    kind: row.kind,
    channel: row.channel,
    status: row.status,
    person: row.person_id && row.person_name !== null ? { id: row.person_id, name: row.person_name } : null,
    requesterName: row.requester_name,
    requesterContact: row.requester_contact,
    requesterDocument: row.requester_document,
    identityVerified: row.identity_verified,
    identityMethod: row.identity_method,
    details: row.details,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    receivedAt: row.received_at.toISOString(),
    deadlineAt: row.deadline_at.toISOString(),
    overdue: isPrivacyRequestPending(row.status) && row.deadline_at < now,
    simplifiedAnswerAt: row.simplified_answer_at?.toISOString() ?? null,
    answerText: row.answer_text,
    refusalReason: row.refusal_reason,
    closedAt: row.closed_at?.toISOString() ?? null,
    files: row.answer_files.map(({ key: _key, ...f }) => f),
    createdBy: row.created_by ? { id: row.created_by, name: row.created_by_name ?? '' } : null,
    createdAt: row.created_at.toISOString(),
    version: row.version,
  };
}

async function findOr404(db: Queryable, actor: Actor, id: string, lock = false) {
  const row = await repo.findRequest(db, actor.workspaceId, id, personVisible(actor), lock);
  if (!row) throw notFound();
  return row;
}

/** A person the actor may see, or a 422 naming the field (an id they cannot see looks like no person). */
async function assertLinkablePerson(db: Queryable, actor: Actor, personId: string) {
  try {
    await getPerson(db, actor, personId);
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) {
      throw validationError([{ field: 'personId', code: 'not_found', message: '' }]);
    }
    throw error;
  }
}

async function assertAssignee(db: Queryable, actor: Actor, userId: string) {
  if (!(await repo.activeUserName(db, actor.workspaceId, userId))) {
    throw validationError([{ field: 'assigneeId', code: 'not_found', message: '' }]);
  }
}

async function notifyAssigned(tx: Queryable, actor: Actor, row: repo.PrivacyRequestRow | null) {
  if (!row?.assignee_id || row.assignee_id === actor.userId) return;
  await recordPrivacyRequestNotice(tx, {
    workspaceId: actor.workspaceId,
    userId: row.assignee_id,
    kind: 'privacy_request_assigned',
    data: {
      requestId: row.id,
      number: Number(row.number),
      requestKind: row.kind,
      deadlineAt: row.deadline_at.toISOString(),
    },
  });
}

/** Registers a request (art. 18): its deadline is received + 15 days (art. 19 II); the assignee is told. */
export async function createPrivacyRequest(
  db: Db,
  actor: Actor,
  input: CreatePrivacyRequest,
  now = new Date(),
): Promise<PrivacyRequest> {
  assertCan(actor, 'managePrivacy');
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + 60_000) {
    throw validationError([{ field: 'receivedAt', code: 'in_future', message: '' }]);
  }
  if (input.personId) await assertLinkablePerson(db, actor, input.personId);
  if (input.assigneeId) await assertAssignee(db, actor, input.assigneeId);
  return transaction(db, async (tx) => {
    const id = await repo.insertRequest(tx, {
      workspaceId: actor.workspaceId,
      kind: input.kind,
      channel: input.channel,
      personId: input.personId,
      requesterName: input.requesterName,
      requesterContact: input.requesterContact,
      requesterDocument: input.requesterDocument,
      identityVerified: input.identityVerified,
      identityMethod: input.identityMethod,
      details: input.details,
      assigneeId: input.assigneeId,
      receivedAt,
      deadlineAt: privacyRequestDeadline(receivedAt),
      createdBy: actor.userId,
    });
    const base = { workspaceId: actor.workspaceId, requestId: id, actorId: actor.userId };
    await repo.insertEvent(tx, {
      ...base,
      kind: 'registered',
      data: { kind: input.kind, channel: input.channel },
    });
    if (input.assigneeId) {
      await repo.insertEvent(tx, { ...base, kind: 'assigned', data: { assigneeId: input.assigneeId } });
    }
    const row = await findOr404(tx, actor, id);
    await notifyAssigned(tx, actor, row);
    return present(row, now);
  });
}

/** One request with the history of its handling. */
export async function getPrivacyRequest(
  db: Queryable,
  actor: Actor,
  id: string,
  now = new Date(),
): Promise<{ request: PrivacyRequest; events: PrivacyRequestEvent[] }> {
  assertCan(actor, 'managePrivacy');
  const row = await findOr404(db, actor, id);
  const events = await repo.listEvents(db, actor.workspaceId, id);
  return {
    request: present(row, now),
    events: events.map((e) => ({
      id: Number(e.id),
      kind: e.kind,
      actor: e.actor_id ? { id: e.actor_id, name: e.actor_name ?? '' } : null,
      data: e.data,
      at: e.created_at.toISOString(),
    })),
  };
}

/** The register, soonest deadline first, with the counts of overdue and near-due requests for the page's header. */
export async function listPrivacyRequests(
  db: Queryable,
  actor: Actor,
  q: ListPrivacyRequestsQuery,
  now = new Date(),
): Promise<PrivacyRequestPage> {
  assertCan(actor, 'managePrivacy');
  if (q.personId) await getPerson(db, actor, q.personId);
  const filter = {
    status: q.status,
    kind: q.kind,
    assigneeId: q.assigneeId,
    personId: q.personId,
    overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
    now,
  };
  const [{ rows, total }, counts] = await Promise.all([
    repo.listRequests(
      db,
      actor.workspaceId,
      filter,
      { limit: q.limit, offset: q.offset },
      personVisible(actor),
    ),
    repo.countPending(
      db,
      actor.workspaceId,
      now,
      new Date(now.getTime() + PRIVACY_REQUEST_NEAR_DUE_DAYS * DAY_MS),
    ),
  ]);
  return { items: rows.map((r) => present(r, now)), total, counts };
}

/** Locks a pending request at `expectedVersion` (412 when stale, 409 once answered or refused). */
async function lockPending(tx: Queryable, actor: Actor, id: string, expectedVersion: number | null) {
  const row = await findOr404(tx, actor, id, true);
  if (expectedVersion !== null && row.version !== expectedVersion) throw versionMismatch(row.version);
  if (!isPrivacyRequestPending(row.status)) {
    throw new DomainError('conflict', 409, { detail: 'request_closed' });
  }
  return row;
}

/** Edits the handling (If-Match): link the person, assign (the assignee is told), status, identity, simplified answer. */
export async function updatePrivacyRequest(
  db: Db,
  actor: Actor,
  id: string,
  expectedVersion: number,
  patch: UpdatePrivacyRequest,
  now = new Date(),
): Promise<PrivacyRequest> {
  assertCan(actor, 'managePrivacy');
  if (patch.personId) await assertLinkablePerson(db, actor, patch.personId);
  if (patch.assigneeId) await assertAssignee(db, actor, patch.assigneeId);
  return transaction(db, async (tx) => {
    const row = await lockPending(tx, actor, id, expectedVersion);
    const base = { workspaceId: actor.workspaceId, requestId: id, actorId: actor.userId };
    const changes: repo.RequestPatch = {};
    const changed: Record<string, unknown> = {};
    if (patch.personId !== undefined && patch.personId !== row.person_id) {
      changes.personId = patch.personId;
      changed.personId = patch.personId;
    }
    if (patch.status !== undefined && patch.status !== row.status) {
      changes.status = patch.status;
      changed.status = patch.status;
    }
    if (patch.identityVerified !== undefined && patch.identityVerified !== row.identity_verified) {
      changes.identityVerified = patch.identityVerified;
      changed.identityVerified = patch.identityVerified;
    }
    if (patch.identityMethod !== undefined && patch.identityMethod !== row.identity_method) {
      changes.identityMethod = patch.identityMethod;
      changed.identityMethod = patch.identityMethod;
    }
    const assigned = patch.assigneeId !== undefined && patch.assigneeId !== row.assignee_id;
    if (assigned) changes.assigneeId = patch.assigneeId ?? null;
    const simplified = patch.simplifiedAnswerGiven === true && row.simplified_answer_at === null;
    if (simplified) changes.simplifiedAnswerAt = now;
    if (Object.keys(changes).length === 0) return present(row, now);
    await repo.updateRequest(tx, actor.workspaceId, id, changes);
    if (Object.keys(changed).length) await repo.insertEvent(tx, { ...base, kind: 'updated', data: changed });
    if (assigned) {
      await repo.insertEvent(tx, {
        ...base,
        kind: 'assigned',
        data: { assigneeId: patch.assigneeId ?? null },
      });
    }
    if (simplified) await repo.insertEvent(tx, { ...base, kind: 'simplified_answer', data: {} });
    const updated = await findOr404(tx, actor, id);
    if (assigned) await notifyAssigned(tx, actor, updated);
    return present(updated, now);
  });
}

/**
 * Answers a request (status `answered`, the text kept, the request closed). The seam other use cases call when they
 * carry a request out — the anonymization calls it with the request's id after anonymizing (`expectedVersion`: null,
 * the caller holds no version). Runs in the caller's transaction when given one.
 */
export async function answerRequest(
  tx: Queryable,
  actor: Actor,
  requestId: string,
  answer: { text: string; expectedVersion?: number | null },
  now = new Date(),
): Promise<PrivacyRequest> {
  assertCan(actor, 'managePrivacy');
  const row = await lockPending(tx, actor, requestId, answer.expectedVersion ?? null);
  await repo.updateRequest(tx, actor.workspaceId, requestId, {
    status: 'answered',
    answerText: answer.text,
    closedAt: now,
    ...(row.simplified_answer_at ? {} : { simplifiedAnswerAt: now }),
  });
  await repo.insertEvent(tx, {
    workspaceId: actor.workspaceId,
    requestId,
    actorId: actor.userId,
    kind: 'answered',
    data: { files: row.answer_files.map((f) => f.name) },
  });
  return present(await findOr404(tx, actor, requestId), now);
}

/**
 * Closes an anonymization or deletion request the anonymization carried out for `personId`, in its transaction: the
 * request must be pending, of one of those kinds and about that person (422 on `requestId` otherwise).
 */
export async function answerWithAnonymization(
  tx: Queryable,
  actor: Actor,
  requestId: string,
  personId: string,
  text: string,
): Promise<PrivacyRequest> {
  assertCan(actor, 'managePrivacy');
  const row = await lockPending(tx, actor, requestId, null).catch((error: unknown) => {
    if (error instanceof DomainError && error.status === 404) {
      throw validationError([{ field: 'requestId', code: 'not_found', message: '' }]);
    }
    throw error;
  });
  if (row.person_id !== personId || (row.kind !== 'anonymization' && row.kind !== 'deletion')) {
    throw validationError([{ field: 'requestId', code: 'invalid_value', message: '' }]);
  }
  return answerRequest(tx, actor, requestId, { text });
}

/** Marks a request answered from the page (If-Match), in a transaction of its own. */
export const markRequestAnswered = (
  db: Db,
  actor: Actor,
  requestId: string,
  expectedVersion: number,
  text: string,
  now = new Date(),
) => transaction(db, (tx) => answerRequest(tx, actor, requestId, { text, expectedVersion }, now));

/** Refuses a request with its reason (art. 18 §4: e.g. not the controller, or a legal ground to keep the data). */
export async function refusePrivacyRequest(
  db: Db,
  actor: Actor,
  id: string,
  expectedVersion: number,
  reason: string,
  now = new Date(),
): Promise<PrivacyRequest> {
  assertCan(actor, 'managePrivacy');
  return transaction(db, async (tx) => {
    await lockPending(tx, actor, id, expectedVersion);
    await repo.updateRequest(tx, actor.workspaceId, id, {
      status: 'refused',
      refusalReason: reason,
      closedAt: now,
    });
    await repo.insertEvent(tx, {
      workspaceId: actor.workspaceId,
      requestId: id,
      actorId: actor.userId,
      kind: 'refused',
      data: { reason },
    });
    return present(await findOr404(tx, actor, id), now);
  });
}

const fileName = (number: number, kind: 'json' | 'pdf') => `titular-solicitacao-${number}.${kind}`;

/**
 * The access / portability answer (art. 18 II, V): builds the JSON of everything held about the request's person and
 * the PDF summary, stores both and keeps them with the request (replacing earlier ones). 409 without a linked person
 * or once the request is closed; the person is read under the actor's visibility.
 */
export async function generateAnswerFiles(
  db: Db,
  files: FileStore,
  actor: Actor,
  id: string,
  now = new Date(),
): Promise<PrivacyRequest> {
  assertCan(actor, 'managePrivacy');
  const row = await findOr404(db, actor, id);
  if (!isPrivacyRequestPending(row.status))
    throw new DomainError('conflict', 409, { detail: 'request_closed' });
  if (!row.person_id || row.person_name === null) {
    throw new DomainError('conflict', 409, { detail: 'request_without_person' });
  }
  const controller = await getPrivacySettings(db, actor);
  const built = await buildAccessAnswer(db, privacyFiles(files), actor, {
    personId: row.person_id,
    request: { number: Number(row.number), kind: row.kind, receivedAt: row.received_at.toISOString() },
    controller,
    now,
  });
  const number = Number(row.number);
  const stored: repo.StoredAnswerFile[] = [
    {
      kind: 'json',
      name: fileName(number, 'json'),
      size: built.json.size,
      key: built.json.key,
      createdAt: now.toISOString(),
    },
    {
      kind: 'pdf',
      name: fileName(number, 'pdf'),
      size: built.pdf.size,
      key: built.pdf.key,
      createdAt: now.toISOString(),
    },
  ];
  return transaction(db, async (tx) => {
    const locked = await lockPending(tx, actor, id, null);
    await repo.updateRequest(tx, actor.workspaceId, id, {
      answerFiles: stored,
      ...(locked.status === 'open' ? { status: 'in_progress' as const } : {}),
    });
    await repo.insertEvent(tx, {
      workspaceId: actor.workspaceId,
      requestId: id,
      actorId: actor.userId,
      kind: 'files_generated',
      data: { files: stored.map((f) => ({ name: f.name, size: f.size })) },
    });
    return present(await findOr404(tx, actor, id), now);
  });
}

/** One answer file of a request (its JSON or PDF), for download. */
export async function openAnswerFile(
  db: Queryable,
  files: FileStore,
  actor: Actor,
  id: string,
  kind: 'json' | 'pdf',
  context: AccessContext = {},
): Promise<{ name: string; contentType: string; bytes: Buffer }> {
  assertCan(actor, 'managePrivacy');
  const row = await findOr404(db, actor, id);
  const file = row.answer_files.find((f) => f.kind === kind);
  if (!file) throw notFound();
  // The answer holds everything about the person (their phones unmasked): downloading it is an access like a file's.
  if (row.person_id) {
    await recordAccess(db, [
      { ...accessBy(actor, context), personId: row.person_id, kind: 'file_downloaded' },
    ]);
  }
  return {
    name: file.name,
    contentType: kind === 'json' ? 'application/json; charset=utf-8' : 'application/pdf',
    bytes: await privacyFiles(files).get(file.key),
  };
}

/**
 * The near-due sweep (scheduler): each pending, assigned request due within PRIVACY_REQUEST_NEAR_DUE_DAYS (or
 * already overdue) alerts its assignee once — `due_alert_at` is set in the same transaction as the notification.
 */
export async function alertDuePrivacyRequests(db: Db, now = new Date()): Promise<number> {
  const until = new Date(now.getTime() + PRIVACY_REQUEST_NEAR_DUE_DAYS * DAY_MS);
  return transaction(db, async (tx) => {
    const due = await repo.claimDueForAlert(tx, until, 200);
    for (const r of due) {
      await recordPrivacyRequestNotice(tx, {
        workspaceId: r.workspace_id,
        userId: r.assignee_id,
        kind: 'privacy_request_due',
        data: {
          requestId: r.id,
          number: Number(r.number),
          requestKind: r.kind,
          deadlineAt: r.deadline_at.toISOString(),
        },
      });
      await repo.markAlerted(tx, r.workspace_id, r.id, now);
    }
    return due.length;
  });
}
