import type { ContactOutcome } from '@funil/domain';
import { type SafeFetchOptions, safeRequest } from '../../lib/safe-fetch.ts';
import { openAriEventStream } from './ari-events.ts';
import type {
  OutgoingCall,
  PlaceCallResult,
  TelephonyEvent,
  TelephonyProvider,
} from './telephony-provider.ts';

export type AsteriskProviderOptions = {
  /** ARI's base (http://pbx.local:8088); `/ari/...` is appended. */
  ariUrl: string;
  user: string;
  password: string;
  /** The Stasis application Funil's calls enter (and whose events it listens to). */
  app: string;
  /** How a number becomes a dial string: `{number}` is replaced by the E.164 number (`PJSIP/{number}@operadora`). */
  endpointTemplate: string;
  callerId: string;
  /**
   * A dialplan context that runs `AMD()` and then `Stasis(<app>)`, for calls that ask to tell a machine from a
   * person; without one such calls go straight to the app and `answeredBy` stays null. E.g.
   * `[funil-amd]  exten => s,1,AMD()  same => n,Stasis(funil)`.
   */
  amdContext?: string | null;
  allowLoopback: boolean;
  timeoutMs: number;
};

/** What the provider remembers of one of its calls between ARI events. */
export type AriCallState = {
  reference: string;
  /** Whether `answered` waits for AMDSTATUS (the call went through the AMD context). */
  detectMachine: boolean;
  ringing: boolean;
  /** When the channel went Up (ms), null while it has not been answered. */
  upAt: number | null;
  answeredSent: boolean;
  amdStatus: string | null;
  dialStatus: string | null;
  /** Funil hung it up itself (before an answer that makes it a cancel, outcome null). */
  hungUpByUs: boolean;
  ended: boolean;
};

export const newAriCallState = (reference: string, detectMachine = false): AriCallState => ({
  reference,
  detectMachine,
  ringing: false,
  upAt: null,
  answeredSent: false,
  amdStatus: null,
  dialStatus: null,
  hungUpByUs: false,
  ended: false,
});

/** Q.850 causes that say the number does not exist: 1 unallocated, 3 no route, 22 number changed, 28 invalid format. */
const INVALID_NUMBER_CAUSES = new Set([1, 3, 22, 28]);
/** DIALSTATUS words, for an end whose cause says nothing (0 unknown, 16 normal clearing) on a call never answered. */
const DIALSTATUS_OUTCOME: Record<string, ContactOutcome | null> = {
  ANSWER: 'answered',
  BUSY: 'busy',
  NOANSWER: 'no_answer',
  CANCEL: null,
  CONGESTION: 'failed',
  CHANUNAVAIL: 'failed',
};

const machineOf = (amd: string | null): 'human' | 'machine' | null =>
  amd === 'MACHINE' ? 'machine' : amd === 'HUMAN' ? 'human' : null;

/** How a channel's end reads as the desk's outcome (cause = Q.850 hangup cause of ChannelDestroyed). */
export function ariEndOutcome(cause: number, s: AriCallState): ContactOutcome | null {
  if (s.upAt !== null) return s.amdStatus === 'MACHINE' ? 'voicemail' : 'answered';
  if (s.hungUpByUs) return null;
  if (INVALID_NUMBER_CAUSES.has(cause)) return 'invalid_number';
  if (cause === 17) return 'busy';
  if (cause === 18 || cause === 19) return 'no_answer';
  if (cause === 0 || cause === 16) {
    const dial = s.dialStatus ? DIALSTATUS_OUTCOME[s.dialStatus] : undefined;
    return dial === undefined ? 'no_answer' : dial;
  }
  // 21 rejected, 27 out of order, 31 unspecified, 34 no circuit, 38 network out of order, 41/42 failure/congestion…
  return 'failed';
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

const eventTime = (v: unknown): Date => {
  const d = typeof v === 'string' ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d : new Date();
};

/**
 * One ARI event of a call's channel → the call's next state and, when the desk cares, a TelephonyEvent. Pure: the
 * provider keeps the state per channel. Ringing (ChannelStateChange Ringing), answered (Up / StasisStart, or after
 * AMDSTATUS when machine detection runs), ended (ChannelDestroyed with its Q.850 cause). Anything else: no event.
 */
export function parseAriEvent(
  event: Record<string, unknown>,
  state: AriCallState,
): { state: AriCallState; event: TelephonyEvent | null } {
  const channel = (event.channel ?? {}) as Record<string, unknown>;
  const callId = str(channel.id);
  if (!callId || state.ended) return { state, event: null };
  const at = eventTime(event.timestamp);
  const s = { ...state };
  const base = {
    callId,
    reference: s.reference,
    at,
    sequence: null,
  };
  const answered = (detail: string): TelephonyEvent => ({
    ...base,
    state: 'answered',
    answeredBy: machineOf(s.amdStatus),
    outcome: null,
    durationSeconds: null,
    detail,
  });
  const type = event.type;
  if (type === 'ChannelStateChange' || type === 'StasisStart') {
    const chanState = str(channel.state);
    if ((chanState === 'Ringing' || chanState === 'Ring') && !s.ringing && s.upAt === null) {
      s.ringing = true;
      return {
        state: s,
        event: {
          ...base,
          state: 'ringing',
          answeredBy: null,
          outcome: null,
          durationSeconds: null,
          detail: `${type} ${chanState}`,
        },
      };
    }
    if (chanState === 'Up') {
      if (s.upAt === null) s.upAt = at.getTime();
      // With machine detection the answer is told once AMD has spoken (AMDSTATUS, or the channel entering Stasis after AMD()).
      if (!s.answeredSent && (!s.detectMachine || s.amdStatus !== null || type === 'StasisStart')) {
        s.answeredSent = true;
        return { state: s, event: answered(`${type} Up${s.amdStatus ? ` AMDSTATUS=${s.amdStatus}` : ''}`) };
      }
    }
    return { state: s, event: null };
  }
  if (type === 'ChannelVarset') {
    const variable = str(event.variable);
    const value = typeof event.value === 'string' ? event.value.trim().toUpperCase() : '';
    if (variable === 'DIALSTATUS') s.dialStatus = value || null;
    if (variable === 'AMDSTATUS') {
      s.amdStatus = value || null;
      if (s.upAt !== null && !s.answeredSent && value !== 'HANGUP') {
        s.answeredSent = true;
        return { state: s, event: answered(`AMDSTATUS=${value}`) };
      }
    }
    return { state: s, event: null };
  }
  if (type === 'ChannelDestroyed') {
    const cause = typeof event.cause === 'number' ? event.cause : Number(event.cause ?? 0) || 0;
    s.ended = true;
    const outcome = ariEndOutcome(cause, s);
    const detail = [
      `ChannelDestroyed cause=${cause}${str(event.cause_txt) ? ` (${event.cause_txt})` : ''}`,
      s.dialStatus ? `DIALSTATUS=${s.dialStatus}` : null,
      s.amdStatus ? `AMDSTATUS=${s.amdStatus}` : null,
      s.hungUpByUs ? 'hung up by Funil' : null,
    ]
      .filter(Boolean)
      .join(' ');
    return {
      state: s,
      event: {
        ...base,
        state: 'ended',
        answeredBy: s.upAt !== null ? machineOf(s.amdStatus) : null,
        outcome,
        durationSeconds: s.upAt !== null ? Math.max(0, Math.round((at.getTime() - s.upAt) / 1000)) : 0,
        detail,
      },
    };
  }
  return { state: s, event: null };
}

/** The dial string of a number (or of an attendant given as a bare number): the template with `{number}` filled. */
export function ariEndpoint(template: string, target: string): string {
  if (target.includes('/')) return target; // already a dial string (PJSIP/1001)
  return template.replace('{number}', target);
}

/** The query of `POST /ari/channels` for one call (the channel id is Funil's reference). */
export function ariOriginateQuery(
  call: OutgoingCall,
  opts: Pick<AsteriskProviderOptions, 'app' | 'endpointTemplate' | 'callerId' | 'amdContext'>,
): URLSearchParams {
  const q = new URLSearchParams();
  q.set('endpoint', ariEndpoint(opts.endpointTemplate, call.to));
  if (call.detectMachine && opts.amdContext) {
    q.set('context', opts.amdContext);
    q.set('extension', 's');
    q.set('priority', '1');
  } else {
    q.set('app', opts.app);
    q.set('appArgs', 'dialer');
  }
  q.set('channelId', call.reference);
  if (opts.callerId) q.set('callerId', opts.callerId);
  q.set('timeout', String(Math.max(5, Math.round(call.ringTimeoutSeconds))));
  return q;
}

const parseJson = (body: string): Record<string, unknown> | null => {
  try {
    const v = JSON.parse(body) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** Reads ARI's answer to an originate: 200 with the channel, else its `{message}` (400 bad endpoint → the number). */
export function readOriginateAnswer(status: number, body: string, reference: string): PlaceCallResult {
  const json = parseJson(body);
  if (status >= 200 && status < 300) {
    return { ok: true, callId: str(json?.id) ?? reference };
  }
  const message = str(json?.message) ?? body.slice(0, 200);
  return {
    ok: false,
    // 400 "Endpoint … not found"/invalid dial string: the number could not be dialled at all; 401/403/409/5xx are ours.
    outcome: status === 400 && /endpoint|dial|number/i.test(message) ? 'invalid_number' : null,
    error: `${status} ${message}`.replace(/\s+/g, ' ').trim().slice(0, 300),
  };
}

/**
 * Asterisk's REST interface: a call is a channel originated into Funil's Stasis app (`POST /ari/channels`, channel id
 * = Funil's reference), ended with `DELETE /ari/channels/{id}`; its events come over ARI's WebSocket (`listen`). An
 * answered call with an attendant to connect to is bridged to them (a mixing bridge and a second channel).
 */
export function createAsteriskProvider(opts: AsteriskProviderOptions): TelephonyProvider {
  const base = `${opts.ariUrl.replace(/\/+$/, '')}/ari`;
  const headers = {
    authorization: `Basic ${Buffer.from(`${opts.user}:${opts.password}`).toString('base64')}`,
    accept: 'application/json',
  };
  // The PBX's URL comes from the environment, and it usually sits on the office network.
  const fetchOpts: SafeFetchOptions = {
    allowLoopback: opts.allowLoopback,
    allowPrivate: true,
    timeoutMs: opts.timeoutMs,
  };
  const calls = new Map<string, AriCallState>();
  /** Attendant legs: their channel id → the customer's channel id. */
  const attendants = new Map<string, string>();
  const connectTo = new Map<string, string>();

  const request = (method: 'POST' | 'DELETE', path: string, body: unknown = null) =>
    safeRequest(
      method,
      `${base}${path}`,
      body === null ? headers : { ...headers, 'content-type': 'application/json' },
      body === null ? null : JSON.stringify(body),
      fetchOpts,
    );

  const quietly = async (method: 'POST' | 'DELETE', path: string) => {
    await request(method, path).catch(() => undefined);
  };

  async function bridgeToAttendant(channelId: string, target: string) {
    const bridgeId = `${channelId}-bridge`;
    const agentId = `${channelId}-agent`;
    attendants.set(agentId, channelId);
    await quietly('POST', `/bridges?${new URLSearchParams({ type: 'mixing', bridgeId })}`);
    await quietly(
      'POST',
      `/bridges/${encodeURIComponent(bridgeId)}/addChannel?channel=${encodeURIComponent(channelId)}`,
    );
    const q = new URLSearchParams({
      endpoint: ariEndpoint(opts.endpointTemplate, target),
      app: opts.app,
      appArgs: 'attendant',
      channelId: agentId,
      callerId: opts.callerId,
    });
    await quietly('POST', `/channels?${q}`);
  }

  /** Events of an attendant leg: put it in the bridge once it answers; end the customer's call when it hangs up. */
  async function attendantEvent(agentId: string, event: Record<string, unknown>) {
    const customer = attendants.get(agentId) as string;
    if (event.type === 'StasisStart') {
      await quietly(
        'POST',
        `/bridges/${encodeURIComponent(`${customer}-bridge`)}/addChannel?channel=${encodeURIComponent(agentId)}`,
      );
    } else if (event.type === 'ChannelDestroyed') {
      attendants.delete(agentId);
      await quietly('DELETE', `/channels/${encodeURIComponent(customer)}`);
    }
  }

  async function cleanUp(channelId: string) {
    calls.delete(channelId);
    connectTo.delete(channelId);
    const agentId = `${channelId}-agent`;
    if (attendants.has(agentId)) await quietly('DELETE', `/channels/${encodeURIComponent(agentId)}`);
    await quietly('DELETE', `/bridges/${encodeURIComponent(`${channelId}-bridge`)}`);
  }

  return {
    name: 'asterisk',
    async placeCall(call) {
      const detectMachine = call.detectMachine && Boolean(opts.amdContext);
      calls.set(call.reference, newAriCallState(call.reference, detectMachine));
      if (call.connectTo) connectTo.set(call.reference, call.connectTo);
      try {
        const res = await request('POST', `/channels?${ariOriginateQuery(call, opts)}`, {
          variables: {
            FUNIL_CALL_REFERENCE: call.reference,
            FUNIL_DETECT_MACHINE: call.detectMachine ? '1' : '0',
            FUNIL_STASIS_APP: opts.app,
          },
        });
        const result = readOriginateAnswer(res.status, res.body, call.reference);
        if (!result.ok) calls.delete(call.reference);
        else if (detectMachine) {
          // The call runs AMD() in the dialplan before entering the app: subscribe now to hear it ring and end.
          await quietly(
            'POST',
            `/applications/${encodeURIComponent(opts.app)}/subscription?eventSource=${encodeURIComponent(`channel:${result.callId}`)}`,
          );
        }
        return result;
      } catch (error) {
        calls.delete(call.reference);
        return {
          ok: false,
          outcome: null,
          error: `Asterisk unreachable: ${(error as Error).message}`.slice(0, 300),
        };
      }
    },
    async hangUp(callId) {
      const s = calls.get(callId);
      if (s && s.upAt === null) calls.set(callId, { ...s, hungUpByUs: true });
      const res = await request('DELETE', `/channels/${encodeURIComponent(callId)}`);
      // 404: the channel is gone already — what hanging up wanted.
      if (res.status < 300 || res.status === 404) return;
      throw new Error(`Asterisk hang-up of ${callId} failed: ${res.status} ${res.body.slice(0, 200)}`);
    },
    listen(onEvent) {
      return openAriEventStream({
        ariUrl: opts.ariUrl,
        app: opts.app,
        user: opts.user,
        password: opts.password,
        allowLoopback: opts.allowLoopback,
        timeoutMs: opts.timeoutMs,
        async onMessage(message) {
          const channelId = str((message.channel as Record<string, unknown> | undefined)?.id);
          if (!channelId) return;
          if (attendants.has(channelId)) return attendantEvent(channelId, message);
          if (Array.isArray(message.args) && message.args.includes('attendant')) return;
          // A channel of this app not placed by this process (after a restart): its id is still Funil's reference.
          const known = calls.get(channelId);
          if (!known && message.type !== 'StasisStart' && message.type !== 'ChannelDestroyed') return;
          const { state, event } = parseAriEvent(message, known ?? newAriCallState(channelId));
          if (state.ended) await cleanUp(channelId);
          else calls.set(channelId, state);
          if (event?.state === 'answered') {
            const target = connectTo.get(channelId);
            if (target) await bridgeToAttendant(channelId, target);
          }
          if (event) await onEvent(event);
        },
      });
    },
  };
}
