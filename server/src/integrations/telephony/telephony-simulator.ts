import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { twilioSignature } from './twilio.provider.ts';

/**
 * A local Twilio Programmable Voice for tests and the demo. It speaks the subset Funil uses — `POST /2010-04-01/
 * Accounts/{sid}/Calls.json` to place a call and `POST .../Calls/{sid}.json` with `Status=completed|canceled` to end
 * it, Basic auth with the account sid and auth token — and posts each call's status callbacks form-encoded and
 * signed with X-Twilio-Signature (initiated, ringing, in-progress, then the end), spaced by `stepMs`. What a number
 * does is scripted (`script`, `POST /__sim/script`); the state is in memory and open for assertions.
 */
export type SimOutcomeName = 'answered' | 'voicemail' | 'no_answer' | 'busy' | 'invalid_number' | 'failed';

/**
 * How the simulated callee behaves; the phone may ring for `ringSeconds` (instead of one step) before that, and an
 * answered call may hang up by itself after `talkSeconds`.
 */
export type SimOutcome =
  | SimOutcomeName
  | { outcome: SimOutcomeName; talkSeconds?: number; ringSeconds?: number };

export type SimCall = {
  sid: string;
  to: string;
  from: string;
  /** Twilio's CallStatus: queued, initiated, ringing, in-progress, completed, busy, no-answer, failed, canceled. */
  status: string;
  /** Twilio's AnsweredBy once answered with machine detection on (human, machine_end_beep), else null. */
  answeredBy: string | null;
  /** What the script said this call does. */
  outcome: SimOutcomeName;
  createdAt: string;
  endedAt: string | null;
};

export type TelephonySimulatorOptions = {
  port?: number;
  host?: string;
  accountSid?: string;
  authToken?: string;
  /** Pause between a call's events (ms); 400 by default. */
  stepMs?: number;
  /** What a number without a script does; `answered` by default, `random` picks any outcome. */
  defaultOutcome?: SimOutcome | 'random';
};

export type TelephonySimulator = Awaited<ReturnType<typeof startTelephonySimulator>>;

const OUTCOMES: SimOutcomeName[] = ['answered', 'voicemail', 'no_answer', 'busy', 'invalid_number', 'failed'];
const ENDED = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);
/** The SIP answer each end carries (SipResponseCode), as a carrier would give it. */
const SIP_CODE: Record<string, string> = {
  completed: '200',
  busy: '486',
  'no-answer': '487',
  canceled: '487',
  failed: '503',
};

type Plan = { outcome: SimOutcomeName; talkSeconds: number | null; ringSeconds: number | null };

type CallState = SimCall & {
  plan: Plan;
  callback: string | null;
  events: Set<string>;
  machineDetection: boolean;
  sequence: number;
  answeredAt: number | null;
  timers: NodeJS.Timeout[];
  /** Callbacks of one call leave one after the other, in order. */
  queue: Promise<void>;
};

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
/** RFC 2822, the way Twilio writes Timestamp (`Sun, 06 Dec 2026 05:12:47 +0000`). */
const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');

const toPlan = (o: SimOutcome): Plan =>
  typeof o === 'string'
    ? { outcome: o, talkSeconds: null, ringSeconds: null }
    : { outcome: o.outcome, talkSeconds: o.talkSeconds ?? null, ringSeconds: o.ringSeconds ?? null };

const seconds = (v: unknown) => v === undefined || (typeof v === 'number' && v >= 0 && v <= 3600);

const isOutcome = (v: unknown): v is SimOutcome => {
  if (typeof v === 'string') return (OUTCOMES as string[]).includes(v);
  if (typeof v !== 'object' || v === null) return false;
  const o = v as { outcome?: unknown; talkSeconds?: unknown; ringSeconds?: unknown };
  return (
    (OUTCOMES as string[]).includes(String(o.outcome)) && seconds(o.talkSeconds) && seconds(o.ringSeconds)
  );
};

/** Posts one signed form-encoded callback with Node's http client; answers the HTTP status (null when unreachable). */
function postCallback(
  url: string,
  params: Record<string, string>,
  authToken: string,
): Promise<number | null> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve(null);
      return;
    }
    const body = new URLSearchParams(params).toString();
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-twilio-signature': twilioSignature(url, params, authToken),
          'user-agent': 'TwilioProxy/1.1',
        },
        signal: AbortSignal.timeout(10_000),
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? null));
        res.on('error', () => resolve(res.statusCode ?? null));
      },
    );
    req.on('error', () => resolve(null));
    req.end(body);
  });
}

export async function startTelephonySimulator(opts: TelephonySimulatorOptions = {}) {
  const accountSid = opts.accountSid ?? `AC${hex(16)}`;
  const authToken = opts.authToken ?? hex(16);
  const stepMs = opts.stepMs ?? 400;
  const defaultOutcome = opts.defaultOutcome ?? 'answered';
  const calls: CallState[] = [];
  const scripts = new Map<string, Plan[]>();
  let closed = false;

  const nextPlan = (to: string): Plan => {
    const queued = scripts.get(to)?.shift();
    if (queued) return queued;
    if (defaultOutcome === 'random') {
      return {
        outcome: OUTCOMES[Math.floor(Math.random() * OUTCOMES.length)] as SimOutcomeName,
        talkSeconds: 5,
        ringSeconds: null,
      };
    }
    return toPlan(defaultOutcome);
  };

  const twilioError = (status: number, code: number, message: string) => ({
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  });

  const resource = (c: CallState) => ({
    sid: c.sid,
    account_sid: accountSid,
    to: c.to,
    from: c.from,
    status: c.status,
    answered_by: c.answeredBy,
    direction: 'outbound-api',
    api_version: '2010-04-01',
    date_created: rfc2822(new Date(c.createdAt)),
    date_updated: rfc2822(new Date()),
    end_time: c.endedAt ? rfc2822(new Date(c.endedAt)) : null,
    duration: c.endedAt && c.answeredAt ? String(duration(c)) : null,
    uri: `/2010-04-01/Accounts/${accountSid}/Calls/${c.sid}.json`,
  });

  const duration = (c: CallState) =>
    c.answeredAt
      ? Math.max(0, Math.round(((c.endedAt ? Date.parse(c.endedAt) : Date.now()) - c.answeredAt) / 1000))
      : 0;

  /** Moves a call to a status and queues its callback (only the events asked for, the end always). */
  function advance(c: CallState, status: string) {
    if (ENDED.has(c.status)) return;
    c.status = status;
    if (status === 'in-progress') c.answeredAt = Date.now();
    const ended = ENDED.has(status);
    if (ended) {
      c.endedAt = new Date().toISOString();
      for (const t of c.timers) clearTimeout(t);
      c.timers = [];
    }
    const event = ended ? 'completed' : status === 'in-progress' ? 'answered' : status;
    if (!c.callback || (!ended && !c.events.has(event))) return;
    const params: Record<string, string> = {
      AccountSid: accountSid,
      ApiVersion: '2010-04-01',
      CallSid: c.sid,
      CallStatus: status,
      CallbackSource: 'call-progress-events',
      Called: c.to,
      Caller: c.from,
      Direction: 'outbound-api',
      From: c.from,
      SequenceNumber: String(c.sequence++),
      Timestamp: rfc2822(new Date()),
      To: c.to,
    };
    if (c.answeredBy && (status === 'in-progress' || ended)) params.AnsweredBy = c.answeredBy;
    if (ended) {
      params.CallDuration = String(duration(c));
      params.Duration = String(Math.ceil(duration(c) / 60));
      params.SipResponseCode = SIP_CODE[status] ?? '200';
    }
    const url = c.callback;
    c.queue = c.queue.then(async () => {
      if (!closed) await postCallback(url, params, authToken);
    });
  }

  const later = (c: CallState, steps: number, fn: () => void) => {
    c.timers.push(setTimeout(fn, Math.max(0, steps * stepMs)));
  };

  /** Plays a call's script: initiated, ringing, then what the callee does. */
  function play(c: CallState) {
    later(c, 1, () => advance(c, 'initiated'));
    later(c, 2, () => advance(c, 'ringing'));
    const ringMs = c.plan.ringSeconds === null ? stepMs : c.plan.ringSeconds * 1000;
    c.timers.push(
      setTimeout(
        () => {
          const { outcome, talkSeconds } = c.plan;
          if (outcome === 'no_answer') return advance(c, 'no-answer');
          if (outcome === 'busy') return advance(c, 'busy');
          if (outcome === 'failed') return advance(c, 'failed');
          if (outcome === 'voicemail') {
            if (c.machineDetection) c.answeredBy = 'machine_end_beep';
            advance(c, 'in-progress');
            // The greeting and the beep, then the machine hangs up.
            c.timers.push(setTimeout(() => advance(c, 'completed'), stepMs * 3));
            return;
          }
          if (c.machineDetection) c.answeredBy = 'human';
          advance(c, 'in-progress');
          if (talkSeconds !== null)
            c.timers.push(setTimeout(() => advance(c, 'completed'), talkSeconds * 1000));
        },
        2 * stepMs + ringMs,
      ),
    );
  }

  function createCall(form: URLSearchParams): [number, unknown] {
    const to = form.get('To')?.trim() ?? '';
    const from = form.get('From')?.trim() ?? '';
    if (!to) return [400, twilioError(400, 21201, "No 'To' number is specified")];
    if (!from) return [400, twilioError(400, 21213, "No 'From' number is specified")];
    if (!form.get('Twiml') && !form.get('Url') && !form.get('ApplicationSid')) {
      return [400, twilioError(400, 21205, 'Url, ApplicationSid or Twiml is required')];
    }
    const callback = form.get('StatusCallback');
    if (callback && !/^https?:\/\/[^\s]+$/i.test(callback)) {
      return [400, twilioError(400, 21609, 'Invalid StatusCallback url')];
    }
    if (!/^\+[1-9]\d{6,14}$/.test(to)) {
      return [400, twilioError(400, 21211, `Invalid 'To' Phone Number: ${to.slice(0, 40)}`)];
    }
    const plan = nextPlan(to);
    if (plan.outcome === 'invalid_number') {
      return [400, twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`)];
    }
    const requested = form.getAll('StatusCallbackEvent').flatMap((e) => e.split(/[\s,]+/));
    const c: CallState = {
      sid: `CA${hex(16)}`,
      to,
      from,
      status: 'queued',
      answeredBy: null,
      outcome: plan.outcome,
      createdAt: new Date().toISOString(),
      endedAt: null,
      plan,
      callback: callback || null,
      events: new Set(requested.filter(Boolean)),
      machineDetection: /^(Enable|DetectMessageEnd)$/.test(form.get('MachineDetection') ?? ''),
      sequence: 0,
      answeredAt: null,
      timers: [],
      queue: Promise.resolve(),
    };
    calls.push(c);
    play(c);
    return [201, resource(c)];
  }

  /** Funil ends a call: a ringing one is canceled, a talking one completed; an ended one cannot change (21220). */
  function updateCall(c: CallState, form: URLSearchParams): [number, unknown] {
    const status = form.get('Status');
    if (status !== 'completed' && status !== 'canceled') {
      return [400, twilioError(400, 21218, 'Invalid Status: only completed and canceled are supported here')];
    }
    if (ENDED.has(c.status)) return [400, twilioError(400, 21220, 'Call is not in-progress. Cannot update.')];
    if (c.status === 'in-progress') {
      if (status === 'completed') advance(c, 'completed');
    } else {
      advance(c, 'canceled');
    }
    return [200, resource(c)];
  }

  /** The customer puts the phone down: an answered call completes, a ringing one is declined (busy, as carriers say). */
  function hangUpAsCustomer(sid: string): boolean {
    const c = calls.find((x) => x.sid === sid);
    if (!c || ENDED.has(c.status)) return false;
    advance(c, c.status === 'in-progress' ? 'completed' : 'busy');
    return true;
  }

  function script(to: string, outcomes: SimOutcome[]) {
    const list = scripts.get(to) ?? [];
    list.push(...outcomes.map(toPlan));
    scripts.set(to, list);
  }

  const publicCall = (c: CallState): SimCall => ({
    sid: c.sid,
    to: c.to,
    from: c.from,
    status: c.status,
    answeredBy: c.answeredBy,
    outcome: c.outcome,
    createdAt: c.createdAt,
    endedAt: c.endedAt,
  });

  const readBody = (req: http.IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let data = '';
      req.on('data', (chunk) => {
        data += chunk;
        if (data.length > 1_000_000) reject(new Error('body too large'));
      });
      req.on('end', () => resolve(data));
      req.on('error', reject);
    });

  const authorized = (header: string | undefined) => {
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    return header === expected;
  };

  async function handle(req: http.IncomingMessage, send: (status: number, json: unknown) => void) {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] as string;
    const method = req.method ?? 'GET';
    if (path.startsWith('/__sim/')) {
      if (method === 'GET' && path === '/__sim/calls') return send(200, { calls: calls.map(publicCall) });
      if (method === 'POST' && path === '/__sim/script') {
        let body: { to?: unknown; outcomes?: unknown } = {};
        try {
          body = JSON.parse(raw || '{}') as typeof body;
        } catch {
          return send(400, { error: 'body must be JSON {to, outcomes}' });
        }
        if (typeof body.to !== 'string' || !Array.isArray(body.outcomes) || !body.outcomes.every(isOutcome)) {
          return send(400, { error: `to (E.164) and outcomes (${OUTCOMES.join(', ')}) are required` });
        }
        script(body.to, body.outcomes);
        return send(200, { to: body.to, queued: scripts.get(body.to)?.length ?? 0 });
      }
      const hang = /^\/__sim\/calls\/([^/]+)\/hangup$/.exec(path);
      if (method === 'POST' && hang) {
        const sid = decodeURIComponent(hang[1] as string);
        if (!calls.some((c) => c.sid === sid)) return send(404, { error: 'unknown call' });
        return send(200, { hungUp: hangUpAsCustomer(sid) });
      }
      return send(404, { error: 'unknown simulator route' });
    }
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls(?:\/([^/]+?))?\.json$/.exec(path);
    if (!match) return send(404, twilioError(404, 20404, 'The requested resource was not found'));
    if (!authorized(req.headers.authorization) || match[1] !== accountSid) {
      return send(401, twilioError(401, 20003, 'Authenticate'));
    }
    const form = new URLSearchParams(raw);
    const sid = match[2];
    if (!sid) {
      if (method === 'GET') return send(200, { calls: calls.map(resource) });
      if (method !== 'POST') return send(405, twilioError(405, 20004, 'Method not allowed'));
      const [status, answer] = createCall(form);
      return send(status, answer);
    }
    const call = calls.find((c) => c.sid === sid);
    if (!call) return send(404, twilioError(404, 20404, `The requested resource ${path} was not found`));
    if (method === 'GET') return send(200, resource(call));
    if (method !== 'POST') return send(405, twilioError(405, 20004, 'Method not allowed'));
    const [status, answer] = updateCall(call, form);
    return send(status, answer);
  }

  const server = http.createServer((req, res) => {
    const send = (status: number, json: unknown) => {
      if (!res.headersSent) {
        res
          .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
          .end(JSON.stringify(json));
      }
    };
    handle(req, send).catch((error: unknown) =>
      send(400, { error: String((error as Error)?.message ?? error) }),
    );
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  const address = server.address() as AddressInfo;

  return {
    url: `http://${host}:${address.port}`,
    accountSid,
    authToken,
    /** Each next call to `toE164` takes the next of these outcomes (then the default again). */
    script,
    /** Every call placed, oldest first. */
    calls: (): SimCall[] => calls.map(publicCall),
    /** The customer hangs up (an answered call completes with its duration; a ringing one is declined: busy). */
    hangUpAsCustomer,
    /** Waits until every callback already queued has been delivered (or failed). */
    settle: async () => {
      await Promise.all(calls.map((c) => c.queue));
    },
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const c of calls) for (const t of c.timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
