import { randomUUID } from 'node:crypto';
import {
  type CallListFilter,
  type ContactOutcome,
  callingWindow,
  DEFAULT_CALLING_RULES,
  type DialerAttendantStats,
  type DialerCall,
  type DialerDashboard,
  type DialerSession,
  type DialerSettings,
  type DialerSettingsRequest,
  type DialerSkipReason,
  type DialerStartRequest,
  type DialerWrapUpRequest,
  maskPhone,
  parseDoNotCallFile,
  UFS,
  type Uf,
  ufOfPhone,
  ZCallingRules,
  ZDialerSettingsRequest,
  ZDialerStartRequest,
  ZDialerWrapUpRequest,
} from '@funil/domain';
import type { Db, Queryable } from '../../db/pool.ts';
import { transaction } from '../../db/pool.ts';
import type { TelephonyEvent, TelephonyProvider } from '../../integrations/telephony/telephony-provider.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import { SqlParams } from '../../lib/sql.ts';
import { can } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { actorForUser } from '../auth/auth.service.ts';
import { callListIds, recordContactAttemptIn } from '../callcenter/callcenter.service.ts';
import { visiblePeoplePredicate } from '../people/people.policy.ts';
import { publishToUser } from '../realtime/realtime.hub.ts';
import * as repo from './dialer.repository.ts';

// The auto-dialer (discador). A session is the call list a filter selected when the attendant turned the dialer on;
// it is worked one person at a time: the next pending person is claimed (SKIP LOCKED), checked (deny list,
// do-not-call list, daily cap, the state's calling hours, not in a call with another attendant) and called through
// the telephony provider. The provider's events move the call on: a frustrated call is recorded as a contact
// attempt at once and the dialer calls the next person; an answered one waits for the attendant's return.

/** What the dialer needs from the deployment: the provider and where it calls back. */
export type DialerRuntime = {
  provider: TelephonyProvider;
  /** Shown on the page: which provider, and whether it is the built-in simulator (demo). */
  info: { name: string; simulator: boolean };
  /** Twilio's auth token (verifies X-Twilio-Signature); null when the provider does not call back over HTTP. */
  twilioAuthToken: string | null;
  /** Funil's public URL (FUNIL_PUBLIC_URL or the server's own): the base of the status-callback URL. */
  publicUrl: string;
  ringTimeoutSeconds: number;
  log: { error: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };
};

/** The status-callback URL of one call: the route reads Funil's reference from it. */
export const statusCallbackUrl = (runtime: DialerRuntime, callId: string) =>
  `${runtime.publicUrl.replace(/\/$/, '')}/api/v1/telephony/twilio/status?ref=${callId}`;

const outsideHours = (nextOpenAt: Date | null) =>
  new DomainError('outside-calling-hours', 409, { detail: nextOpenAt?.toISOString() ?? '' });
const dialerBusy = (detail: string) => new DomainError('dialer-busy', 409, { detail });
const telephonyUnavailable = () => new DomainError('telephony-unavailable', 503);

// ---------------------------------------------------------------------------------------------------------------
// Settings

async function settingsOf(db: Queryable, workspaceId: string) {
  const row = await repo.findSettings(db, workspaceId);
  const rules = row ? ZCallingRules.safeParse(row.callingRules) : null;
  return {
    callingRules: rules?.success ? rules.data : DEFAULT_CALLING_RULES,
    maxAttemptsPerDay: row?.maxAttemptsPerDay ?? 3,
    shortCallWarningPercent: row?.shortCallWarningPercent ?? 30,
    version: row?.version ?? 0,
  };
}

export async function getDialerSettings(
  db: Queryable,
  actor: Actor,
  runtime: DialerRuntime | null,
): Promise<DialerSettings> {
  const s = await settingsOf(db, actor.workspaceId);
  return {
    ...s,
    provider: runtime ? runtime.info : { name: 'none', simulator: false },
    doNotCallCount: await repo.countDoNotCall(db, actor.workspaceId),
  };
}

/** Replaces the dialing rules (admins: `manageWorkspace`), if the client read the current `version`. */
export async function saveDialerSettings(
  db: Queryable,
  actor: Actor,
  runtime: DialerRuntime | null,
  input: DialerSettingsRequest,
  expectedVersion: number,
): Promise<DialerSettings> {
  const s = ZDialerSettingsRequest.parse(input);
  const version = await repo.saveSettings(db, {
    workspaceId: actor.workspaceId,
    callingRules: s.callingRules,
    maxAttemptsPerDay: s.maxAttemptsPerDay,
    shortCallWarningPercent: s.shortCallWarningPercent,
    userId: actor.userId,
    expected: expectedVersion,
  });
  if (version === null) throw versionMismatch((await settingsOf(db, actor.workspaceId)).version);
  return getDialerSettings(db, actor, runtime);
}

/** Adds the numbers of a do-not-call file (e.g. "Não Me Perturbe") to the workspace's list. */
export async function importDoNotCall(
  db: Db,
  actor: Actor,
  file: { name: string; text: string },
): Promise<{ total: number; added: number; rejected: { line: number; value: string }[] }> {
  let parsed: ReturnType<typeof parseDoNotCallFile>;
  try {
    parsed = parseDoNotCallFile(file.text);
  } catch {
    throw validationError([{ field: 'file', code: 'too_many_lines', message: '' }]);
  }
  if (parsed.numbers.length === 0) {
    throw validationError([{ field: 'file', code: 'no_numbers', message: '' }]);
  }
  const added = await transaction(db, async (tx) => {
    const importId = await repo.insertDoNotCallImport(tx, {
      workspaceId: actor.workspaceId,
      fileName: file.name.slice(0, 255) || 'lista.txt',
      total: parsed.total,
      rejected: parsed.rejected.length,
      userId: actor.userId,
    });
    return repo.insertDoNotCallNumbers(tx, actor.workspaceId, importId, parsed.numbers);
  });
  return { total: parsed.total, added, rejected: parsed.rejected.slice(0, 100) };
}

export const listDoNotCallImports = (db: Queryable, actor: Actor) =>
  repo.listDoNotCallImports(db, actor.workspaceId);

export async function removeFromDoNotCall(db: Queryable, actor: Actor, phone: string): Promise<void> {
  if (!(await repo.deleteDoNotCallNumber(db, actor.workspaceId, phone))) throw notFound();
}

// ---------------------------------------------------------------------------------------------------------------
// Sessions

/**
 * Turns the dialer on for the attendant over the people `filter` selects (as the call list shows them to the
 * attendant). Refused outside the workspace's calling hours, with no provider, or while they have another session.
 */
export async function startSession(
  db: Db,
  runtime: DialerRuntime | null,
  actor: Actor,
  request: DialerStartRequest,
  now = new Date(),
): Promise<DialerSession> {
  if (!runtime) throw telephonyUnavailable();
  const { filter } = ZDialerStartRequest.parse(request);
  const settings = await settingsOf(db, actor.workspaceId);
  const window = callingWindow(settings.callingRules, null, now);
  if (!window.allowed) throw outsideHours(window.nextOpenAt);
  const personIds = await callListIds(db, actor, filter, 10_000);
  if (personIds.length === 0)
    throw validationError([{ field: 'filter', code: 'empty_call_list', message: '' }]);
  const id = await transaction(db, (tx) =>
    repo.insertSession(tx, { workspaceId: actor.workspaceId, userId: actor.userId, filter, personIds }),
  );
  if (!id) throw dialerBusy('session_active');
  await advance(db, runtime, actor.workspaceId, id);
  return sessionView(db, actor, id);
}

async function ownSession(db: Queryable, actor: Actor, id: string, lock = false) {
  const session = await repo.findSession(db, actor.workspaceId, id, { lock });
  if (!session || session.userId !== actor.userId) throw notFound();
  return session;
}

/**
 * Pause, resume or stop. Pausing or stopping cancels a call still ringing (its person goes back to the list, so
 * the position is kept); a call in conversation goes on and the dialer waits after its return.
 */
export async function changeSession(
  db: Db,
  runtime: DialerRuntime | null,
  actor: Actor,
  id: string,
  action: 'pause' | 'resume' | 'stop',
  now = new Date(),
): Promise<DialerSession> {
  if (action === 'resume') {
    if (!runtime) throw telephonyUnavailable();
    const settings = await settingsOf(db, actor.workspaceId);
    const window = callingWindow(settings.callingRules, null, now);
    if (!window.allowed) throw outsideHours(window.nextOpenAt);
  }
  const ringing = await transaction(db, async (tx) => {
    const session = await ownSession(tx, actor, id, true);
    const allowed: Record<typeof action, string[]> = {
      pause: ['running'],
      resume: ['paused', 'stopped', 'failed'],
      stop: ['running', 'paused'],
    };
    if (!allowed[action].includes(session.status)) throw dialerBusy(`not_${action}able`);
    const status = action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'stopped';
    if (!(await repo.setSessionStatus(tx, actor.workspaceId, id, status))) throw dialerBusy('session_active');
    await changed(tx, actor.workspaceId, actor.userId, id);
    const open = await repo.openCallOfSession(tx, actor.workspaceId, id);
    return action !== 'resume' && open && (open.status === 'placing' || open.status === 'ringing')
      ? open
      : null;
  });
  if (ringing?.providerCallId && runtime) await hangUpQuietly(runtime, ringing.providerCallId);
  if (action === 'resume' && runtime) await advance(db, runtime, actor.workspaceId, id);
  return sessionView(db, actor, id);
}

async function hangUpQuietly(runtime: DialerRuntime, providerCallId: string) {
  try {
    await runtime.provider.hangUp(providerCallId);
  } catch (error) {
    runtime.log.warn({ err: error }, 'dialer: hang-up failed');
  }
}

const changed = (tx: Queryable, workspaceId: string, userId: string, sessionId: string) =>
  publishToUser(tx, workspaceId, userId, { type: 'dialer.changed', sessionId });

type Step = { kind: 'stop' } | { kind: 'skipped' } | { kind: 'call'; callId: string; phone: string };

/**
 * Moves a running session on: unless a call holds the attendant, claims the next person, skips those who may not
 * be called (recording why) and places the call. Safe to run twice at once (the session row is locked while a
 * person is claimed) and after a crash (the sweep runs it for idle sessions).
 */
export async function advance(
  db: Db,
  runtime: DialerRuntime,
  workspaceId: string,
  sessionId: string,
  now = () => new Date(),
): Promise<void> {
  // Skips are cheap; a list of skipped people is walked in one go, a bounded number per call.
  for (let i = 0; i < 500; i++) {
    const step = await transaction(db, (tx) => nextStep(tx, runtime, workspaceId, sessionId, now()));
    if (step.kind === 'stop') return;
    if (step.kind === 'skipped') continue;
    const placed = await runtime.provider
      .placeCall({
        to: step.phone,
        reference: step.callId,
        statusCallbackUrl: statusCallbackUrl(runtime, step.callId),
        connectTo: null,
        ringTimeoutSeconds: runtime.ringTimeoutSeconds,
        detectMachine: true,
      })
      .catch((error: unknown) => ({
        ok: false as const,
        outcome: null,
        error: error instanceof Error ? error.message : String(error),
      }));
    if (placed.ok) {
      await transaction(db, async (tx) => {
        const call = await repo.lockCall(tx, step.callId);
        if (call && !call.providerCallId)
          await repo.updateCall(tx, call.id, { providerCallId: placed.callId });
      });
      // The session may have been paused while the call was being placed: cancel it then.
      const session = await repo.findSession(db, workspaceId, sessionId);
      if (session?.status !== 'running') await hangUpQuietly(runtime, placed.callId);
      return;
    }
    const next = await endCall(db, runtime, step.callId, {
      outcome: placed.outcome,
      durationSeconds: 0,
      detail: placed.error.slice(0, 500),
      at: now(),
      providerTrouble: placed.outcome === null,
    });
    if (!next) return;
  }
}

async function nextStep(
  tx: Queryable,
  runtime: DialerRuntime,
  workspaceId: string,
  sessionId: string,
  now: Date,
): Promise<Step> {
  const session = await repo.findSession(tx, workspaceId, sessionId, { lock: true });
  if (session?.status !== 'running') return { kind: 'stop' };
  if (await repo.openCallOfSession(tx, workspaceId, sessionId)) return { kind: 'stop' };
  await repo.touchSession(tx, workspaceId, sessionId);
  const item = await repo.claimNextItem(tx, workspaceId, sessionId);
  if (!item) {
    await repo.setSessionStatus(tx, workspaceId, sessionId, 'finished');
    await changed(tx, workspaceId, session.userId, sessionId);
    return { kind: 'stop' };
  }
  const skip = async (reason: DialerSkipReason): Promise<Step> => {
    await repo.setItemState(tx, workspaceId, sessionId, item.seq, 'skipped', reason);
    return { kind: 'skipped' };
  };
  const actor = await actorForUser(tx, workspaceId, session.userId);
  if (!actor) {
    await repo.setSessionStatus(tx, workspaceId, sessionId, 'failed', 'attendant_inactive');
    return { kind: 'stop' };
  }
  const params = new SqlParams();
  const target = await repo.dialTarget(tx, item.personId, visiblePeoplePredicate(actor, params), params);
  if (!target) return skip('not_visible');
  if (target.doNotContact) return skip('do_not_contact');
  if (!target.phone) return skip('no_phone');
  if (target.onDoNotCallList) return skip('do_not_call');
  const settings = await settingsOf(tx, workspaceId);
  if (target.callsToday >= settings.maxAttemptsPerDay) return skip('daily_cap');
  if (!callingWindow(settings.callingRules, stateOf(target), now).allowed) return skip('outside_hours');
  const callId = randomUUID();
  const inserted = await repo.insertCall(tx, {
    id: callId,
    workspaceId,
    sessionId,
    seq: item.seq,
    personId: item.personId,
    userId: session.userId,
    phone: target.phone,
    provider: runtime.info.name,
  });
  if (!inserted) return skip('in_call_elsewhere');
  await repo.setItemState(tx, workspaceId, sessionId, item.seq, 'calling');
  await changed(tx, workspaceId, session.userId, sessionId);
  return { kind: 'call', callId, phone: target.phone };
}

/** The state whose calling hours apply: the address's, else the phone's area code's. */
function stateOf(target: repo.DialTarget): Uf | null {
  const state = target.addressState?.toUpperCase();
  if (state && (UFS as readonly string[]).includes(state)) return state as Uf;
  return target.phone ? ufOfPhone(target.phone) : null;
}

/**
 * Closes a call with its outcome, in one transaction: a frustrated call becomes a contact attempt (Caixa postal,
 * Não atende, Não existe, busy, failed) and its person is done; a call Funil cancelled (pause, stop) puts the
 * person back on the list; provider trouble fails the session (the person back on the list too). An answered call
 * waits for the return. Answers whether the dialer should move on.
 */
async function endCall(
  db: Db,
  runtime: DialerRuntime,
  callId: string,
  end: {
    outcome: DialerCall['outcome'];
    durationSeconds: number | null;
    detail: string;
    at: Date;
    answeredBy?: 'human' | 'machine' | null;
    sequence?: number | null;
    providerTrouble?: boolean;
  },
): Promise<boolean> {
  return transaction(db, async (tx) => {
    const call = await repo.lockCall(tx, callId);
    if (!call || call.status === 'ended') return false;
    const answeredBy = end.answeredBy ?? call.answeredBy;
    // A call a machine picked up is voicemail whatever the provider's final word.
    const outcome = end.outcome === 'answered' && answeredBy === 'machine' ? 'voicemail' : end.outcome;
    await repo.updateCall(tx, call.id, {
      status: 'ended',
      outcome,
      answeredBy,
      durationSeconds: end.durationSeconds,
      detail: end.detail,
      endedAt: end.at,
      lastSequence: end.sequence ?? call.lastSequence,
    });
    await changed(tx, call.workspaceId, call.userId, call.sessionId);
    // An answered call waits for its return; one whose return was saved while it was still up moves the dialer on.
    if (outcome === 'answered') return call.wrappedUpAt !== null;
    if (outcome === null) {
      await repo.setItemState(tx, call.workspaceId, call.sessionId, call.seq, 'pending');
      if (end.providerTrouble) {
        await repo.setSessionStatus(tx, call.workspaceId, call.sessionId, 'failed', end.detail);
        runtime.log.error({ callId, detail: end.detail }, 'dialer: the telephony provider refused a call');
        return false;
      }
      return true;
    }
    const actor = await actorForUser(tx, call.workspaceId, call.userId);
    try {
      if (actor) {
        const attemptId = await recordContactAttemptIn(tx, actor, {
          personId: call.personId,
          direction: 'outbound',
          channel: 'call',
          outcome,
          durationSeconds: end.durationSeconds,
        });
        await repo.updateCall(tx, call.id, { attemptId });
      }
    } catch (error) {
      // The person left the attendant's reach during the call (reassigned, archived): the call is kept, unattributed.
      if (!(error instanceof DomainError)) throw error;
    }
    await repo.setItemState(tx, call.workspaceId, call.sessionId, call.seq, 'done');
    return true;
  });
}

/**
 * Applies one provider event to its call (any instance may receive it). Late or repeated events are dropped; a
 * machine that answers is hung up (no message is left); the end of a frustrated call moves the dialer on.
 */
export async function handleTelephonyEvent(
  db: Db,
  runtime: DialerRuntime,
  event: TelephonyEvent,
): Promise<void> {
  const reference = event.reference;
  if (!reference || !/^[0-9a-f-]{36}$/i.test(reference)) return;
  if (event.state === 'ended') {
    const call = await repo.findCallById(db, reference);
    if (!call || call.status === 'ended') return;
    if (event.sequence !== null && call.lastSequence !== null && event.sequence <= call.lastSequence) return;
    const moveOn = await endCall(db, runtime, reference, {
      outcome: event.outcome,
      durationSeconds: event.durationSeconds ?? 0,
      detail: event.detail.slice(0, 500),
      at: event.at,
      answeredBy: event.answeredBy,
      sequence: event.sequence,
    });
    if (moveOn) await advance(db, runtime, call.workspaceId, call.sessionId);
    return;
  }
  const hangUp = await transaction(db, async (tx) => {
    const call = await repo.lockCall(tx, reference);
    if (!call || call.status === 'ended') return null;
    if (event.sequence !== null && call.lastSequence !== null && event.sequence <= call.lastSequence)
      return null;
    if (event.state === 'ringing') {
      if (call.status !== 'placing') return null;
      await repo.updateCall(tx, call.id, { status: 'ringing', lastSequence: event.sequence });
    } else {
      if (call.status === 'answered') return null;
      await repo.updateCall(tx, call.id, {
        status: 'answered',
        answeredBy: event.answeredBy ?? 'human',
        answeredAt: event.at,
        lastSequence: event.sequence,
      });
    }
    await changed(tx, call.workspaceId, call.userId, call.sessionId);
    return event.state === 'answered' && event.answeredBy === 'machine'
      ? (call.providerCallId ?? event.callId)
      : null;
  });
  if (hangUp) await hangUpQuietly(runtime, hangUp);
}

/**
 * Saves the return of an answered call (the desk's form) as its contact attempt, hangs the call up if it is still
 * on, and moves the dialer on to the next person.
 */
export async function wrapUp(
  db: Db,
  runtime: DialerRuntime | null,
  actor: Actor,
  sessionId: string,
  request: DialerWrapUpRequest,
): Promise<DialerSession> {
  const input = ZDialerWrapUpRequest.parse(request);
  const stillUp = await transaction(db, async (tx) => {
    await ownSession(tx, actor, sessionId);
    const call = await repo.lockCall(tx, input.callId);
    if (!call || call.sessionId !== sessionId || call.workspaceId !== actor.workspaceId) throw notFound();
    if (call.answeredBy !== 'human' || !call.answeredAt || call.wrappedUpAt)
      throw dialerBusy('call_not_waiting');
    const now = new Date();
    const durationSeconds =
      call.durationSeconds ?? Math.max(0, Math.round((now.getTime() - call.answeredAt.getTime()) / 1000));
    const attemptId = await recordContactAttemptIn(tx, actor, {
      personId: call.personId,
      direction: 'outbound',
      channel: 'call',
      outcome: input.outcome,
      durationSeconds,
      summary: input.summary,
      interestLevelId: input.interestLevelId ?? null,
      leadTypeId: input.leadTypeId ?? null,
      publicityId: input.publicityId ?? null,
      nextAction: input.nextAction,
      alarmAt: input.alarmAt ?? null,
    });
    await repo.updateCall(tx, call.id, { wrappedUpAt: now, attemptId });
    await repo.setItemState(tx, actor.workspaceId, sessionId, call.seq, 'done');
    await changed(tx, actor.workspaceId, actor.userId, sessionId);
    return call.status !== 'ended' ? call.providerCallId : null;
  });
  if (runtime) {
    if (stillUp) await hangUpQuietly(runtime, stillUp);
    await advance(db, runtime, actor.workspaceId, sessionId);
  }
  return sessionView(db, actor, sessionId);
}

/** The attendant's running or paused session (else their latest), as the page shows it; null if none ever. */
export async function currentSession(db: Queryable, actor: Actor): Promise<DialerSession | null> {
  const session = await repo.findLatestSession(db, actor.workspaceId, actor.userId);
  return session ? sessionView(db, actor, session.id) : null;
}

export async function sessionView(db: Queryable, actor: Actor, id: string): Promise<DialerSession> {
  const session = await ownSession(db, actor, id);
  const [counts, recent, open, short, settings] = await Promise.all([
    repo.itemCounts(db, actor.workspaceId, id),
    repo.recentCalls(db, actor.workspaceId, id, 10),
    repo.openCallOfSession(db, actor.workspaceId, id),
    repo.shortCallCounts(db, actor.workspaceId, id),
    settingsOf(db, actor.workspaceId),
  ]);
  const sum = (state: string) => counts.filter((c) => c.state === state).reduce((n, c) => n + c.n, 0);
  const skips: DialerSession['skips'] = {};
  for (const c of counts) if (c.state === 'skipped' && c.reason) skips[c.reason as DialerSkipReason] = c.n;
  const present = (c: repo.CallView): DialerCall => ({ ...c, phone: maskPhone(c.phone) });
  const current = open ? (recent.find((c) => c.id === open.id) ?? null) : null;
  return {
    id: session.id,
    status: session.status,
    filter: session.filter as CallListFilter,
    total: session.total,
    called: sum('done'),
    skipped: sum('skipped'),
    pending: sum('pending') + sum('calling'),
    skips,
    error: session.error,
    current: current ? present(current) : null,
    recent: recent.map(present),
    shortCalls: shortShare(short, settings.shortCallWarningPercent),
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
  };
}

export function shortShare(c: { short: number; connected: number }, warningPercent: number) {
  const percent = c.connected ? Math.round((c.short / c.connected) * 1000) / 10 : 0;
  // A handful of calls says nothing: the warning starts at 10 connected calls.
  return { ...c, percent, warn: c.connected >= 10 && percent >= warningPercent };
}

/** Whether the workspace's rules let calls be placed now (the page's hint before turning the dialer on). */
export async function callingNow(db: Queryable, actor: Actor, now = new Date()) {
  const { callingRules } = await settingsOf(db, actor.workspaceId);
  return callingWindow(callingRules, null, now);
}

// ---------------------------------------------------------------------------------------------------------------
// The sweep: calls the provider never reported on, and sessions whose advance was lost (a crash)

export async function sweepDialer(db: Db, runtime: DialerRuntime): Promise<void> {
  for (const call of await repo.staleCalls(db, runtime.ringTimeoutSeconds + 90)) {
    if (call.providerCallId) await hangUpQuietly(runtime, call.providerCallId);
    const outcome = { placing: 'failed', ringing: 'no_answer', answered: 'answered', ended: null } as const;
    const moveOn = await endCall(db, runtime, call.id, {
      outcome: outcome[call.status],
      durationSeconds: 0,
      detail: 'no news from the provider',
      at: new Date(),
    });
    if (moveOn) await advance(db, runtime, call.workspaceId, call.sessionId);
  }
  for (const s of await repo.idleRunningSessions(db, 30)) await advance(db, runtime, s.workspaceId, s.id);
}

// ---------------------------------------------------------------------------------------------------------------
// The live dashboard

/**
 * Calls per attendant over [from, to): made, connected, outcomes, average handling time, short calls, and where
 * their session is. A supervisor of every team sees everyone; a team manager, their teams; anyone else, themself.
 */
export async function dialerDashboard(
  db: Queryable,
  actor: Actor,
  range: { from: Date; to: Date },
): Promise<DialerDashboard> {
  if (!(range.from < range.to) || range.to.getTime() - range.from.getTime() > 366 * 86_400_000) {
    throw validationError([{ field: 'to', code: 'invalid_range', message: '' }]);
  }
  const userIds = can(actor, 'superviseAllTeams')
    ? null
    : [actor.userId, ...(await repo.teamMemberIds(db, actor.workspaceId, actor.managedTeamIds))];
  const [rows, sessions, settings] = await Promise.all([
    repo.attendantStats(db, actor.workspaceId, range.from, range.to, userIds),
    repo.activeSessions(db, actor.workspaceId),
    settingsOf(db, actor.workspaceId),
  ]);
  const warning = settings.shortCallWarningPercent;
  const attendants: DialerAttendantStats[] = rows.map((r) => {
    const s = sessions.find((x) => x.userId === r.userId);
    return {
      user: { id: r.userId, name: r.userName },
      calls: r.calls,
      connected: r.connected,
      outcomes: r.outcomes,
      averageHandlingSeconds: r.handlingSeconds,
      shortCalls: shortShare({ short: r.short, connected: r.connectedEnded }, warning),
      session: s ? { id: s.id, status: s.status, called: s.called, total: s.total } : null,
    };
  });
  const outcomes: DialerAttendantStats['outcomes'] = {};
  for (const a of rows)
    for (const [k, n] of Object.entries(a.outcomes)) {
      const key = k as ContactOutcome;
      outcomes[key] = (outcomes[key] ?? 0) + n;
    }
  const handled = rows.filter((r) => r.handlingSeconds !== null);
  const handledCalls = handled.reduce((n, r) => n + r.connected, 0);
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    attendants,
    totals: {
      calls: rows.reduce((n, r) => n + r.calls, 0),
      connected: rows.reduce((n, r) => n + r.connected, 0),
      outcomes,
      averageHandlingSeconds: handledCalls
        ? Math.round(handled.reduce((n, r) => n + (r.handlingSeconds ?? 0) * r.connected, 0) / handledCalls)
        : null,
      shortCalls: shortShare(
        {
          short: rows.reduce((n, r) => n + r.short, 0),
          connected: rows.reduce((n, r) => n + r.connectedEnded, 0),
        },
        warning,
      ),
    },
  };
}
