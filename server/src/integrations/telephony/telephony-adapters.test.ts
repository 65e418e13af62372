import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { loadEnv } from '../../config/env.ts';
import { blockedReason } from '../../lib/safe-fetch.ts';
import {
  type AriCallState,
  ariEndOutcome,
  createAsteriskProvider,
  newAriCallState,
  parseAriEvent,
} from './asterisk-ari.provider.ts';
import type { OutgoingCall, TelephonyEvent } from './telephony-provider.ts';
import { createTelephonyProvider } from './telephony-providers.ts';
import { startTelephonySimulator } from './telephony-simulator.ts';
import {
  createTwilioProvider,
  parseTwilioStatusCallback,
  readCreateCallAnswer,
  twilioSignature,
  verifyTwilioSignature,
} from './twilio.provider.ts';

// The Twilio and Asterisk ARI adapters on payloads shaped as Twilio's and Asterisk's references document them.

const fixtureText = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const fixture = <T = unknown>(name: string): T => JSON.parse(fixtureText(name)) as T;
const callbacks = fixture<Record<string, Record<string, string>>>('twilio-status-callbacks.json');
const cbk = (name: string) => callbacks[name] as Record<string, string>;

const call: OutgoingCall = {
  to: '+5511987654321',
  reference: 'd1b0f3c2-5e3a-4f5b-9a61-3c1e2b7a9f00',
  statusCallbackUrl: 'https://funil.example.com/api/dialer/status/d1b0f3c2?x=1',
  connectTo: null,
  ringTimeoutSeconds: 25,
  detectMachine: true,
};

type Captured = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

/** A local HTTP server that records each request and answers what `answer` says. */
async function recorder(answer: (req: Captured) => [number, string]) {
  const seen: Captured[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const captured = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(captured);
      const [status, text] = answer(captured);
      res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('X-Twilio-Signature', () => {
  // Twilio's worked example (webhooks security): this URL, these params and auth token 12345.
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+12349013030',
    Digits: '1234',
    From: '+12349013030',
    To: '+18005551212',
  };

  it("matches Twilio's documented example", () => {
    expect(twilioSignature(url, params, '12345')).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    expect(verifyTwilioSignature(url, params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', '12345')).toBe(true);
  });

  it('refuses another URL, a changed or added param, another token, a missing or short header', () => {
    const sig = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';
    expect(verifyTwilioSignature(`${url}&baz=3`, params, sig, '12345')).toBe(false);
    expect(verifyTwilioSignature(url, { ...params, Digits: '1235' }, sig, '12345')).toBe(false);
    expect(verifyTwilioSignature(url, { ...params, AnsweredBy: 'human' }, sig, '12345')).toBe(false);
    expect(verifyTwilioSignature(url, params, sig, '54321')).toBe(false);
    expect(verifyTwilioSignature(url, params, undefined, '12345')).toBe(false);
    expect(verifyTwilioSignature(url, params, 'abc', '12345')).toBe(false);
  });
});

describe('parseTwilioStatusCallback', () => {
  const at = (ts: string) => new Date(ts);

  it('reads ringing, answered by a person and the end of the talk with its duration and order', () => {
    expect(parseTwilioStatusCallback(cbk('initiated'))).toBeNull();
    expect(parseTwilioStatusCallback(cbk('ringing'))).toEqual({
      callId: 'CAe1644a7eed5088b159577c5802d8be38',
      reference: null,
      state: 'ringing',
      answeredBy: null,
      outcome: null,
      durationSeconds: null,
      at: at('2026-12-06T13:00:01Z'),
      sequence: 1,
      detail: 'CallStatus=ringing',
    });
    expect(parseTwilioStatusCallback(cbk('in-progress-human'))).toMatchObject({
      state: 'answered',
      answeredBy: 'human',
      outcome: null,
      sequence: 2,
    });
    expect(parseTwilioStatusCallback(cbk('completed-human'))).toEqual({
      callId: 'CAe1644a7eed5088b159577c5802d8be38',
      reference: null,
      state: 'ended',
      answeredBy: 'human',
      outcome: 'answered',
      durationSeconds: 125,
      at: at('2026-12-06T13:02:14Z'),
      sequence: 3,
      detail: 'CallStatus=completed AnsweredBy=human SipResponseCode=200',
    });
  });

  it.each([
    ['completed-no-amd', 'answered', null, 125],
    ['completed-unknown', 'answered', null, 30],
    ['completed-machine-beep', 'voicemail', 'machine', 19],
    ['completed-fax', 'voicemail', 'machine', 8],
    ['no-answer', 'no_answer', null, 0],
    ['busy', 'busy', null, 0],
    ['failed-404', 'invalid_number', null, 0],
    ['failed-503', 'failed', null, 0],
    ['canceled', null, null, 0],
  ])('%s ends as %s', (name, outcome, answeredBy, duration) => {
    expect(parseTwilioStatusCallback(cbk(name))).toMatchObject({
      state: 'ended',
      outcome,
      answeredBy,
      durationSeconds: duration,
    });
  });

  it('a machine answering is told on in-progress; detail keeps the provider words', () => {
    const e = parseTwilioStatusCallback(cbk('in-progress-machine'));
    expect(e).toMatchObject({ state: 'answered', answeredBy: 'machine' });
    expect(parseTwilioStatusCallback(cbk('completed-machine-beep'))?.detail).toBe(
      'CallStatus=completed AnsweredBy=machine_end_beep SipResponseCode=200',
    );
  });

  it('SIP 484 and 604 are numbers that do not exist too', () => {
    for (const code of ['484', '604']) {
      expect(parseTwilioStatusCallback({ ...cbk('failed-503'), SipResponseCode: code })?.outcome).toBe(
        'invalid_number',
      );
    }
  });

  it('ignores what it does not read and falls back to now without a Timestamp', () => {
    expect(parseTwilioStatusCallback({})).toBeNull();
    expect(parseTwilioStatusCallback({ CallSid: 'CA1', CallStatus: 'queued' })).toBeNull();
    expect(parseTwilioStatusCallback({ CallSid: 'CA1', CallStatus: 'weird' })).toBeNull();
    const before = Date.now();
    const e = parseTwilioStatusCallback({ CallSid: 'CA1', CallStatus: 'busy', Timestamp: 'not a date' });
    expect(e?.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(e?.sequence).toBeNull();
  });
});

describe('Twilio answers to POST /Calls.json', () => {
  it('201 with a sid is a placed call', () => {
    expect(readCreateCallAnswer(201, fixtureText('twilio-call-created.json'))).toEqual({
      ok: true,
      callId: 'CAe1644a7eed5088b159577c5802d8be38',
    });
  });

  it.each([
    ['twilio-error-21211.json', 400, 'invalid_number'],
    ['twilio-error-13224.json', 400, 'invalid_number'],
    ['twilio-error-21215.json', 400, null],
    ['twilio-error-20003.json', 401, null],
  ])('%s → outcome %s', (name, status, outcome) => {
    const r = readCreateCallAnswer(status, fixtureText(name));
    expect(r).toMatchObject({ ok: false, outcome });
    expect(r.ok === false && r.error).toMatch(new RegExp(`^${status} \\d+ `));
  });

  it('a 2xx without a sid or a non-JSON error is not a call, and not the number', () => {
    expect(readCreateCallAnswer(201, '{}')).toMatchObject({ ok: false, outcome: null });
    expect(readCreateCallAnswer(502, '<html>Bad gateway</html>')).toMatchObject({ ok: false, outcome: null });
  });
});

describe('createTwilioProvider', () => {
  it('places a call with the form Twilio reads, Basic auth and the status events repeated', async () => {
    const api = await recorder(() => [201, fixtureText('twilio-call-created.json')]);
    cleanups.push(api.close);
    const twilio = createTwilioProvider({
      apiUrl: api.url,
      accountSid: 'AC123',
      authToken: 'tok',
      callerId: '+551140028922',
      allowLoopback: true,
      timeoutMs: 2000,
    });
    expect(await twilio.placeCall({ ...call, connectTo: 'sip:1001@pbx.example.com' })).toEqual({
      ok: true,
      callId: 'CAe1644a7eed5088b159577c5802d8be38',
    });
    const [req] = api.seen;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/2010-04-01/Accounts/AC123/Calls.json');
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from('AC123:tok').toString('base64')}`);
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(req?.body);
    expect(form.get('To')).toBe('+5511987654321');
    expect(form.get('From')).toBe('+551140028922');
    expect(form.get('Twiml')).toBe('<Response><Dial><Sip>sip:1001@pbx.example.com</Sip></Dial></Response>');
    expect(form.get('StatusCallback')).toBe(call.statusCallbackUrl);
    expect(form.get('StatusCallbackMethod')).toBe('POST');
    expect(form.getAll('StatusCallbackEvent')).toEqual(['initiated', 'ringing', 'answered', 'completed']);
    expect(form.get('Timeout')).toBe('25');
    expect(form.get('MachineDetection')).toBe('Enable');

    await twilio.placeCall({ ...call, connectTo: '+55 11 3333-<4444>', detectMachine: false });
    const second = new URLSearchParams(api.seen[1]?.body);
    expect(second.get('Twiml')).toBe('<Response><Dial>+55 11 3333-&lt;4444&gt;</Dial></Response>');
    expect(second.has('MachineDetection')).toBe(false);
    await twilio.placeCall({ ...call, connectTo: null });
    expect(new URLSearchParams(api.seen[2]?.body).get('Twiml')).toMatch(
      /^<Response><Say language="pt-BR">.+<\/Say><Pause length="\d+"\/><\/Response>$/,
    );
  });

  it('a refused number is invalid_number; credentials, loopback refused and an unreachable API are ours (null)', async () => {
    const api = await recorder((req) =>
      new URLSearchParams(req.body).get('To') === '+5511000'
        ? [400, fixtureText('twilio-error-21211.json')]
        : [401, fixtureText('twilio-error-20003.json')],
    );
    cleanups.push(api.close);
    const opts = {
      accountSid: 'AC1',
      authToken: 't',
      callerId: '+5511',
      allowLoopback: true,
      timeoutMs: 2000,
    };
    const twilio = createTwilioProvider({ ...opts, apiUrl: api.url });
    expect(await twilio.placeCall({ ...call, to: '+5511000' })).toMatchObject({
      ok: false,
      outcome: 'invalid_number',
    });
    expect(await twilio.placeCall(call)).toMatchObject({
      ok: false,
      outcome: null,
      error: '401 20003 Authenticate',
    });
    const refused = createTwilioProvider({ ...opts, apiUrl: api.url, allowLoopback: false });
    expect(await refused.placeCall(call)).toMatchObject({ ok: false, outcome: null });
    expect(api.seen).toHaveLength(2);
    const down = createTwilioProvider({ ...opts, apiUrl: 'http://127.0.0.1:9' });
    expect(await down.placeCall(call)).toMatchObject({ ok: false, outcome: null });
  });

  it('hangs up with Status=completed; a call not found or already over is fine, anything else throws', async () => {
    const answers: [number, string][] = [
      [200, '{"sid":"CA1","status":"completed"}'],
      [404, fixtureText('twilio-error-20404.json')],
      [400, '{"code":21220,"message":"Call is not in-progress. Cannot redirect.","status":400}'],
      [500, '{"code":20500,"message":"Internal Server Error"}'],
    ];
    const api = await recorder(() => answers.shift() as [number, string]);
    cleanups.push(api.close);
    const twilio = createTwilioProvider({
      apiUrl: api.url,
      accountSid: 'AC1',
      authToken: 't',
      callerId: '+5511',
      allowLoopback: true,
      timeoutMs: 2000,
    });
    await twilio.hangUp('CA1');
    expect(api.seen[0]?.url).toBe('/2010-04-01/Accounts/AC1/Calls/CA1.json');
    expect(api.seen[0]?.body).toBe('Status=completed');
    await twilio.hangUp('CA1');
    await twilio.hangUp('CA1');
    await expect(twilio.hangUp('CA1')).rejects.toThrow(/500/);
  });
});

/** Plays a recorded ARI event sequence through the mapper; answers the events the desk gets. */
function play(name: string, state: AriCallState = newAriCallState(call.reference)) {
  const out: TelephonyEvent[] = [];
  let s = state;
  for (const message of fixture<Record<string, unknown>[]>(name)) {
    const r = parseAriEvent(message, s);
    s = r.state;
    if (r.event) out.push(r.event);
  }
  return out;
}

describe('parseAriEvent', () => {
  it('an answered call: ringing, answered (once), ended answered with the talk time', () => {
    const events = play('ari-events-answered.json');
    expect(events.map((e) => [e.state, e.outcome, e.answeredBy])).toEqual([
      ['ringing', null, null],
      ['answered', null, null],
      ['ended', 'answered', null],
    ]);
    expect(events[2]).toMatchObject({
      callId: call.reference,
      reference: call.reference,
      durationSeconds: 126,
      at: new Date('2026-12-06T13:02:14.000Z'),
      sequence: null,
      detail: 'ChannelDestroyed cause=16 (Normal Clearing)',
    });
  });

  it('with machine detection the answer waits for AMDSTATUS and the end is voicemail', () => {
    const events = play('ari-events-voicemail-amd.json', newAriCallState(call.reference, true));
    expect(events.map((e) => [e.state, e.outcome, e.answeredBy, e.detail])).toEqual([
      ['ringing', null, null, 'ChannelStateChange Ringing'],
      ['answered', null, 'machine', 'AMDSTATUS=MACHINE'],
      ['ended', 'voicemail', 'machine', 'ChannelDestroyed cause=16 (Normal Clearing) AMDSTATUS=MACHINE'],
    ]);
    // Without waiting for AMD the answer is told on Up, and the end is still voicemail.
    expect(play('ari-events-voicemail-amd.json').map((e) => e.outcome ?? e.state)).toEqual([
      'ringing',
      'answered',
      'voicemail',
    ]);
  });

  it.each([
    ['ari-events-busy.json', 'busy'],
    ['ari-events-no-answer.json', 'no_answer'],
    ['ari-events-unallocated.json', 'invalid_number'],
    ['ari-events-congestion.json', 'failed'],
    ['ari-events-dialstatus-busy.json', 'busy'],
  ])('%s ends as %s, never answered', (name, outcome) => {
    const events = play(name);
    const end = events.at(-1);
    expect(end).toMatchObject({ state: 'ended', outcome, durationSeconds: 0, answeredBy: null });
    expect(events.some((e) => e.state === 'answered')).toBe(false);
  });

  it.each([
    [1, 'invalid_number'],
    [3, 'invalid_number'],
    [28, 'invalid_number'],
    [17, 'busy'],
    [18, 'no_answer'],
    [19, 'no_answer'],
    [16, 'no_answer'],
    [21, 'failed'],
    [34, 'failed'],
    [38, 'failed'],
    [41, 'failed'],
    [42, 'failed'],
  ])('Q.850 cause %i of a call never answered → %s', (cause, outcome) => {
    expect(ariEndOutcome(cause, newAriCallState('r'))).toBe(outcome);
  });

  it('an answered call ends answered whatever the cause; one Funil hung up before the answer has no outcome', () => {
    const up = { ...newAriCallState('r'), upAt: 1 };
    expect(ariEndOutcome(31, up)).toBe('answered');
    expect(ariEndOutcome(16, { ...up, amdStatus: 'MACHINE' })).toBe('voicemail');
    expect(ariEndOutcome(16, { ...newAriCallState('r'), hungUpByUs: true })).toBeNull();
    expect(ariEndOutcome(16, { ...newAriCallState('r'), dialStatus: 'CANCEL' })).toBeNull();
    expect(ariEndOutcome(16, { ...newAriCallState('r'), dialStatus: 'CHANUNAVAIL' })).toBe('failed');
  });

  it('ignores events after the end and events without a channel', () => {
    const ended = { ...newAriCallState('r'), ended: true };
    const [, , , , destroyed] = fixture<Record<string, unknown>[]>('ari-events-answered.json');
    expect(parseAriEvent(destroyed as Record<string, unknown>, ended).event).toBeNull();
    expect(parseAriEvent({ type: 'ChannelDestroyed', cause: 16 }, newAriCallState('r')).event).toBeNull();
    expect(
      parseAriEvent({ type: 'PlaybackFinished', channel: { id: 'x' } }, newAriCallState('r')).event,
    ).toBeNull();
  });
});

describe('createAsteriskProvider', () => {
  const ariOpts = {
    user: 'funil',
    password: 's3cr3t',
    app: 'funil',
    endpointTemplate: 'PJSIP/{number}@operadora',
    callerId: '+551140028922',
    allowLoopback: true,
    timeoutMs: 2000,
  };

  it('originates into the app with the reference as channel id; a bad endpoint is invalid_number; hangs up with DELETE', async () => {
    const answers: [number, string][] = [
      [200, fixtureText('ari-originate-200.json')],
      [400, fixtureText('ari-originate-400.json')],
      [401, '{"message":"Authentication required"}'],
      [204, ''],
      [404, '{"message":"Channel not found"}'],
      [500, '{"message":"boom"}'],
    ];
    const ari = await recorder(() => answers.shift() as [number, string]);
    cleanups.push(ari.close);
    const asterisk = createAsteriskProvider({ ...ariOpts, ariUrl: ari.url });
    expect(await asterisk.placeCall(call)).toEqual({ ok: true, callId: call.reference });
    const first = ari.seen[0] as Captured;
    const url = new URL(first.url, ari.url);
    expect(first.method).toBe('POST');
    expect(url.pathname).toBe('/ari/channels');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      endpoint: 'PJSIP/+5511987654321@operadora',
      app: 'funil',
      appArgs: 'dialer',
      channelId: call.reference,
      callerId: '+551140028922',
      timeout: '25',
    });
    expect(first.headers.authorization).toBe(`Basic ${Buffer.from('funil:s3cr3t').toString('base64')}`);
    expect(JSON.parse(first.body)).toEqual({
      variables: {
        FUNIL_CALL_REFERENCE: call.reference,
        FUNIL_DETECT_MACHINE: '1',
        FUNIL_STASIS_APP: 'funil',
      },
    });
    expect(await asterisk.placeCall(call)).toMatchObject({ ok: false, outcome: 'invalid_number' });
    expect(await asterisk.placeCall(call)).toMatchObject({ ok: false, outcome: null });
    await asterisk.hangUp(call.reference);
    expect(ari.seen[3]).toMatchObject({ method: 'DELETE', url: `/ari/channels/${call.reference}` });
    await asterisk.hangUp(call.reference);
    await expect(asterisk.hangUp(call.reference)).rejects.toThrow(/500/);
  });

  it('with an AMD context the call goes through the dialplan and the app subscribes to its channel', async () => {
    const ari = await recorder(() => [200, fixtureText('ari-originate-200.json')]);
    cleanups.push(ari.close);
    const asterisk = createAsteriskProvider({ ...ariOpts, ariUrl: ari.url, amdContext: 'funil-amd' });
    await asterisk.placeCall(call);
    const q = new URL(ari.seen[0]?.url ?? '', ari.url).searchParams;
    expect([q.get('context'), q.get('extension'), q.get('priority'), q.get('app')]).toEqual([
      'funil-amd',
      's',
      '1',
      null,
    ]);
    expect(ari.seen[1]?.url).toBe(
      `/ari/applications/funil/subscription?eventSource=${encodeURIComponent(`channel:${call.reference}`)}`,
    );
  });

  it('listens on the WebSocket with app and api_key, maps the events and reconnects after a drop', async () => {
    // One local ARI: the REST routes (recorded) and the event WebSocket on the same port.
    const ari = await recorder(() => [200, fixtureText('ari-originate-200.json')]);
    cleanups.push(ari.close);
    const wss = new WebSocketServer({ server: ari.server, path: '/ari/events' });
    cleanups.push(async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    });
    const urls: string[] = [];
    let connections = 0;
    const [ringing, up, stasis, , destroyed] = fixture<unknown[]>('ari-events-answered.json');
    wss.on('connection', (socket, req) => {
      urls.push(req.url ?? '');
      connections++;
      if (connections === 1) {
        socket.send(JSON.stringify(ringing));
        socket.send('not json');
        setTimeout(() => socket.terminate(), 30);
      } else {
        for (const e of [up, stasis, destroyed]) socket.send(JSON.stringify(e));
      }
    });
    const asterisk = createAsteriskProvider({ ...ariOpts, ariUrl: ari.url });
    // Events of a channel this process placed are all followed; of others only Stasis entry and the end.
    expect(await asterisk.placeCall(call)).toMatchObject({ ok: true });
    const events: TelephonyEvent[] = [];
    const stream = asterisk.listen?.(async (e) => {
      events.push(e);
    });
    cleanups.push(async () => stream?.close());
    await expect.poll(() => events.length, { timeout: 5000 }).toBe(3);
    expect(events.map((e) => [e.state, e.outcome])).toEqual([
      ['ringing', null],
      ['answered', null],
      ['ended', 'answered'],
    ]);
    expect(connections).toBe(2);
    const q = new URL(urls[0] ?? '', 'ws://x').searchParams;
    expect([new URL(urls[0] ?? '', 'ws://x').pathname, q.get('app'), q.get('api_key')]).toEqual([
      '/ari/events',
      'funil',
      'funil:s3cr3t',
    ]);
  });
});

describe('settings', () => {
  it('twilio and asterisk refuse to start without their own settings, naming them', () => {
    expect(() => loadEnv({ FUNIL_TELEPHONY_PROVIDER: 'twilio', FUNIL_TELEPHONY_ACCOUNT_SID: 'AC1' })).toThrow(
      /FUNIL_TELEPHONY_AUTH_TOKEN: obrigatório[\s\S]*FUNIL_TELEPHONY_CALLER_ID: obrigatório/,
    );
    expect(() => loadEnv({ FUNIL_TELEPHONY_PROVIDER: 'asterisk' })).toThrow(/FUNIL_TELEPHONY_ARI_URL/);
    expect(() => loadEnv({ FUNIL_TELEPHONY_CALLER_ID: '11 4002-8922' })).toThrow(/E\.164/);
    expect(loadEnv({}).FUNIL_TELEPHONY_PROVIDER).toBe('simulator');
  });

  it('createTelephonyProvider picks the adapter the settings name', async () => {
    const twilio = loadEnv({
      FUNIL_TELEPHONY_PROVIDER: 'twilio',
      FUNIL_TELEPHONY_ACCOUNT_SID: 'AC1',
      FUNIL_TELEPHONY_AUTH_TOKEN: 't',
      FUNIL_TELEPHONY_CALLER_ID: '+551140028922',
    });
    expect(createTelephonyProvider(twilio, { allowLoopback: false }).name).toBe('twilio');
    const asterisk = loadEnv({
      FUNIL_TELEPHONY_PROVIDER: 'asterisk',
      FUNIL_TELEPHONY_ARI_URL: 'http://10.0.0.5:8088',
      FUNIL_TELEPHONY_ARI_USER: 'funil',
      FUNIL_TELEPHONY_ARI_PASSWORD: 'x',
    });
    const provider = createTelephonyProvider(asterisk, { allowLoopback: false });
    expect(provider.name).toBe('asterisk');
    expect(typeof provider.listen).toBe('function');
    expect(() => createTelephonyProvider(loadEnv({}), { allowLoopback: true })).toThrow(
      /FUNIL_TELEPHONY_ACCOUNT_SID/,
    );
    // The built-in simulator is reached on loopback even where other outbound loopback is refused.
    const sim = await startTelephonySimulator({ stepMs: 5 });
    cleanups.push(sim.close);
    const simulated = createTelephonyProvider(loadEnv({}), { allowLoopback: false, simulator: sim });
    expect(await simulated.placeCall(call)).toMatchObject({ ok: true });
    expect(sim.calls().map((c) => c.to)).toEqual([call.to]);
  });

  it('safe-fetch lets an operator-set PBX on a private network through, never link-local', () => {
    expect(blockedReason('192.168.1.10', false, true)).toBeNull();
    expect(blockedReason('10.0.0.5', false, true)).toBeNull();
    expect(blockedReason('169.254.169.254', false, true)).toBe('private');
    expect(blockedReason('fe80::1', false, true)).toBe('private');
    expect(blockedReason('127.0.0.1', false, true)).toBe('loopback');
    expect(blockedReason('192.168.1.10', false)).toBe('private');
  });
});
