import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ContactOutcome } from '@funil/domain';
import { safeRequest } from '../../lib/safe-fetch.ts';
import type {
  OutgoingCall,
  PlaceCallResult,
  TelephonyEvent,
  TelephonyProvider,
} from './telephony-provider.ts';

/** Twilio's public REST API, used when no URL is set. */
export const TWILIO_API_URL = 'https://api.twilio.com';

export type TwilioProviderOptions = {
  /** Twilio's API base (the simulator's URL in tests and the demo); https://api.twilio.com by default. */
  apiUrl?: string;
  accountSid: string;
  authToken: string;
  /** The number calls come from (E.164, a Twilio number or a verified caller id). */
  callerId: string;
  allowLoopback: boolean;
  timeoutMs: number;
};

/**
 * Error codes of `POST /Calls` that are about the number, so the attempt is recorded as "Não existe": 21211 invalid
 * 'To', 21214 'To' cannot be reached, 21217 does not appear to be valid, 13224 not supported or invalid. Anything
 * else (20003 credentials, 21215 geo permissions, 21210/21219 caller id or trial, 20429 rate) is about us.
 */
const INVALID_NUMBER_CODES = new Set([21211, 21214, 21217, 13224]);

/** SIP answers of a failed call that say the number does not exist (Not Found, Address Incomplete, Does Not Exist Anywhere). */
const INVALID_NUMBER_SIP = new Set(['404', '484', '604']);

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The TwiML the answered call runs: bridged to the attendant (a SIP URI or a number) when there is one, else a short
 * greeting and a pause so the attendant on the desk has a moment to pick the call up by other means.
 */
export function twilioTwiml(connectTo: string | null): string {
  if (connectTo) {
    const target = /^sips?:/i.test(connectTo) ? `<Sip>${xml(connectTo)}</Sip>` : xml(connectTo);
    return `<Response><Dial>${target}</Dial></Response>`;
  }
  return '<Response><Say language="pt-BR">Olá! Um momento, por favor.</Say><Pause length="30"/></Response>';
}

/** The form of `POST /Calls.json` for one call (StatusCallbackEvent repeated once per event, as Twilio reads it). */
export function twilioCallForm(call: OutgoingCall, callerId: string): URLSearchParams {
  const form = new URLSearchParams();
  form.append('To', call.to);
  form.append('From', callerId);
  form.append('Twiml', twilioTwiml(call.connectTo));
  form.append('StatusCallback', call.statusCallbackUrl);
  form.append('StatusCallbackMethod', 'POST');
  for (const e of ['initiated', 'ringing', 'answered', 'completed']) form.append('StatusCallbackEvent', e);
  form.append('Timeout', String(Math.max(5, Math.min(600, Math.round(call.ringTimeoutSeconds)))));
  if (call.detectMachine) form.append('MachineDetection', 'Enable');
  return form;
}

const parseJson = (body: string): Record<string, unknown> | null => {
  try {
    const v = JSON.parse(body) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** Reads Twilio's answer to `POST /Calls.json`: 201 with the call's `sid`, else its `{code, message}` error. */
export function readCreateCallAnswer(status: number, body: string): PlaceCallResult {
  const json = parseJson(body);
  if (status >= 200 && status < 300) {
    const sid = json?.sid;
    if (typeof sid === 'string' && sid) return { ok: true, callId: sid };
    return { ok: false, outcome: null, error: `${status} answer without a call sid` };
  }
  const code = typeof json?.code === 'number' ? json.code : null;
  const message = typeof json?.message === 'string' ? json.message : '';
  return {
    ok: false,
    outcome: code !== null && INVALID_NUMBER_CODES.has(code) ? 'invalid_number' : null,
    error: `${status} ${code ?? ''} ${message}`.replace(/\s+/g, ' ').trim().slice(0, 300),
  };
}

/** X-Twilio-Signature: base64 HMAC-SHA1, keyed by the auth token, of the URL followed by each param's key and value sorted by key. */
export function twilioSignature(url: string, params: Record<string, string>, authToken: string): string {
  let data = url;
  for (const key of Object.keys(params).sort()) data += key + params[key];
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Whether a callback's X-Twilio-Signature is Twilio's for this exact URL and these params (constant-time compare). */
export function verifyTwilioSignature(
  url: string,
  params: Record<string, string>,
  header: string | undefined,
  authToken: string,
): boolean {
  if (!header || !authToken) return false;
  const expected = Buffer.from(twilioSignature(url, params, authToken));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const whoAnswered = (answeredBy: string | undefined): 'human' | 'machine' | null => {
  if (!answeredBy) return null;
  if (answeredBy === 'human') return 'human';
  if (answeredBy.startsWith('machine') || answeredBy === 'fax') return 'machine';
  return null; // unknown
};

const int = (v: string | undefined): number | null => {
  if (v === undefined || !/^\d+$/.test(v.trim())) return null;
  return Number(v.trim());
};

/**
 * One Twilio status callback (form params) as a TelephonyEvent, or null for what the desk does not follow (queued,
 * initiated, an unknown status or a body without a CallSid). AnsweredBy (present when machine detection was asked)
 * decides answered vs voicemail; SipResponseCode 404/484/604 turns a failed call into "Não existe".
 */
export function parseTwilioStatusCallback(params: Record<string, string>): TelephonyEvent | null {
  const callId = params.CallSid;
  const status = params.CallStatus;
  if (!callId || !status) return null;
  const answeredBy = whoAnswered(params.AnsweredBy);
  let state: TelephonyEvent['state'];
  let outcome: ContactOutcome | null = null;
  switch (status) {
    case 'ringing':
      state = 'ringing';
      break;
    case 'in-progress':
      state = 'answered';
      break;
    case 'completed':
      state = 'ended';
      outcome = answeredBy === 'machine' ? 'voicemail' : 'answered';
      break;
    case 'no-answer':
      state = 'ended';
      outcome = 'no_answer';
      break;
    case 'busy':
      state = 'ended';
      outcome = 'busy';
      break;
    case 'failed':
      state = 'ended';
      outcome = INVALID_NUMBER_SIP.has(params.SipResponseCode ?? '') ? 'invalid_number' : 'failed';
      break;
    case 'canceled':
      state = 'ended';
      outcome = null;
      break;
    default:
      return null;
  }
  const timestamp = params.Timestamp ? new Date(params.Timestamp) : null;
  const detail = [
    `CallStatus=${status}`,
    params.AnsweredBy ? `AnsweredBy=${params.AnsweredBy}` : null,
    params.SipResponseCode ? `SipResponseCode=${params.SipResponseCode}` : null,
  ]
    .filter(Boolean)
    .join(' ');
  return {
    callId,
    reference: null,
    state,
    answeredBy: state === 'ringing' ? null : answeredBy,
    outcome,
    durationSeconds:
      state === 'ended' ? (status === 'completed' ? (int(params.CallDuration) ?? 0) : 0) : null,
    at: timestamp && !Number.isNaN(timestamp.getTime()) ? timestamp : new Date(),
    sequence: int(params.SequenceNumber),
    detail,
  };
}

/**
 * Twilio Programmable Voice: `POST {apiUrl}/2010-04-01/Accounts/{sid}/Calls.json` (form-encoded, Basic auth with the
 * account sid and auth token) through safe-fetch; the call's events come back to Funil's status-callback route,
 * signed with X-Twilio-Signature (`verifyTwilioSignature`, `parseTwilioStatusCallback`).
 */
export function createTwilioProvider(opts: TwilioProviderOptions): TelephonyProvider {
  const base = `${(opts.apiUrl ?? TWILIO_API_URL).replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(opts.accountSid)}`;
  const headers = {
    authorization: `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const fetchOpts = { allowLoopback: opts.allowLoopback, timeoutMs: opts.timeoutMs };
  return {
    name: 'twilio',
    async placeCall(call) {
      try {
        const res = await safeRequest(
          'POST',
          `${base}/Calls.json`,
          headers,
          twilioCallForm(call, opts.callerId).toString(),
          fetchOpts,
        );
        return readCreateCallAnswer(res.status, res.body);
      } catch (error) {
        return {
          ok: false,
          outcome: null,
          error: `Twilio unreachable: ${(error as Error).message}`.slice(0, 300),
        };
      }
    },
    async hangUp(callId) {
      const res = await safeRequest(
        'POST',
        `${base}/Calls/${encodeURIComponent(callId)}.json`,
        headers,
        new URLSearchParams({ Status: 'completed' }).toString(),
        fetchOpts,
      );
      if (res.status < 300 || res.status === 404) return;
      // 21220: the call is not in progress any more (already over) — what hanging up wanted.
      if (parseJson(res.body)?.code === 21220) return;
      throw new Error(`Twilio hang-up of ${callId} failed: ${res.status} ${res.body.slice(0, 200)}`);
    },
  };
}
