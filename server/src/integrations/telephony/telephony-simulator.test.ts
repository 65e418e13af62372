import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingCall, TelephonyEvent, TelephonyProvider } from './telephony-provider.ts';
import { startTelephonySimulator, type TelephonySimulator } from './telephony-simulator.ts';
import { createTwilioProvider, parseTwilioStatusCallback, verifyTwilioSignature } from './twilio.provider.ts';

// The Twilio adapter, unchanged, against the simulator: each scripted outcome arrives as the callbacks Twilio sends,
// signed, in order, and reads as the outcome the desk records.

type Received = { valid: boolean; event: TelephonyEvent | null; params: Record<string, string> };

let sim: TelephonySimulator;
let receiver: http.Server;
let callbackUrl: string;
let received: Received[];
let twilio: TelephonyProvider;

beforeEach(async () => {
  sim = await startTelephonySimulator({ stepMs: 15, accountSid: 'ACsim', authToken: 'sim-token' });
  received = [];
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const url = `${callbackUrl.split('/dialer')[0]}${req.url}`;
      const header = req.headers['x-twilio-signature'];
      received.push({
        valid: verifyTwilioSignature(
          url,
          params,
          typeof header === 'string' ? header : undefined,
          sim.authToken,
        ),
        event: parseTwilioStatusCallback(params),
        params,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/dialer/status?ref=abc`;
  twilio = createTwilioProvider({
    apiUrl: sim.url,
    accountSid: sim.accountSid,
    authToken: sim.authToken,
    callerId: '+551140028922',
    allowLoopback: true,
    timeoutMs: 2000,
  });
});

afterEach(async () => {
  await sim.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const call = (to: string, extra: Partial<OutgoingCall> = {}): OutgoingCall => ({
  to,
  reference: 'ref-1',
  statusCallbackUrl: callbackUrl,
  connectTo: null,
  ringTimeoutSeconds: 20,
  detectMachine: true,
  ...extra,
});

/** The events of one call as the desk reads them, once its end has arrived. */
async function eventsOf(callId: string): Promise<TelephonyEvent[]> {
  await expect
    .poll(() => received.some((r) => r.event?.callId === callId && r.event.state === 'ended'), {
      timeout: 3000,
    })
    .toBe(true);
  const mine = received.filter((r) => r.params.CallSid === callId);
  expect(mine.every((r) => r.valid)).toBe(true);
  const sequence = mine.map((r) => Number(r.params.SequenceNumber));
  expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
  return mine.map((r) => r.event).filter((e): e is TelephonyEvent => e !== null);
}

const placed = async (c: OutgoingCall): Promise<string> => {
  const r = await twilio.placeCall(c);
  if (!r.ok) throw new Error(r.error);
  return r.callId;
};

describe('telephony simulator (Twilio protocol)', () => {
  it('plays each scripted outcome as signed, ordered callbacks the adapter reads', async () => {
    const to = '+5511987650001';
    sim.script(to, ['voicemail', 'no_answer', 'busy', 'failed', { outcome: 'answered', talkSeconds: 0.05 }]);
    const results: [string | null, string | null][] = [];
    for (let i = 0; i < 5; i++) {
      const events = await eventsOf(await placed(call(to)));
      const end = events.at(-1) as TelephonyEvent;
      results.push([end.outcome, end.answeredBy]);
      if (i === 0) expect(events.map((e) => e.state)).toEqual(['ringing', 'answered', 'ended']);
    }
    expect(results).toEqual([
      ['voicemail', 'machine'],
      ['no_answer', null],
      ['busy', null],
      ['failed', null],
      ['answered', 'human'],
    ]);
    expect(sim.calls().map((c) => c.status)).toEqual([
      'completed',
      'no-answer',
      'busy',
      'failed',
      'completed',
    ]);
    // The initiated event was asked for and sent (the adapter ignores it).
    expect(received.filter((r) => r.params.CallStatus === 'initiated')).toHaveLength(5);
  });

  it('an invalid number is refused at creation with 21211, and nothing is called', async () => {
    sim.script('+5511987650002', ['invalid_number']);
    expect(await twilio.placeCall(call('+5511987650002'))).toMatchObject({
      ok: false,
      outcome: 'invalid_number',
    });
    expect(await twilio.placeCall(call('011 98765'))).toMatchObject({ ok: false, outcome: 'invalid_number' });
    expect(sim.calls()).toHaveLength(0);
  });

  it('an answered call stays up until Funil hangs up, then completes with its duration', async () => {
    const sid = await placed(call('+5511987650003'));
    await expect
      .poll(() => received.some((r) => r.event?.callId === sid && r.event.state === 'answered'), {
        timeout: 3000,
      })
      .toBe(true);
    expect(sim.calls()[0]).toMatchObject({ sid, status: 'in-progress', answeredBy: 'human', endedAt: null });
    await twilio.hangUp(sid);
    const end = (await eventsOf(sid)).at(-1);
    expect(end).toMatchObject({ state: 'ended', outcome: 'answered', answeredBy: 'human' });
    expect(end?.durationSeconds).toBeGreaterThanOrEqual(0);
    // Hanging up a call that is over is not an error.
    await twilio.hangUp(sid);
  });

  it('hanging up a ringing call cancels it (no outcome); the customer declining is busy', async () => {
    sim.script('+5511987650004', [
      { outcome: 'answered', ringSeconds: 30 },
      { outcome: 'answered', ringSeconds: 30 },
    ]);
    const first = await placed(call('+5511987650004'));
    await expect.poll(() => sim.calls()[0]?.status, { timeout: 3000 }).toBe('ringing');
    await twilio.hangUp(first);
    expect((await eventsOf(first)).at(-1)).toMatchObject({ outcome: null, state: 'ended' });

    const second = await placed(call('+5511987650004'));
    await expect.poll(() => sim.calls()[1]?.status, { timeout: 3000 }).toBe('ringing');
    expect(sim.hangUpAsCustomer(second)).toBe(true);
    expect((await eventsOf(second)).at(-1)).toMatchObject({ outcome: 'busy' });
    expect(sim.hangUpAsCustomer(second)).toBe(false);
  });

  it('without machine detection no AnsweredBy is sent and a machine reads as answered', async () => {
    sim.script('+5511987650005', ['voicemail']);
    const sid = await placed(call('+5511987650005', { detectMachine: false }));
    const end = (await eventsOf(sid)).at(-1);
    expect(end).toMatchObject({ outcome: 'answered', answeredBy: null });
  });

  it('refuses wrong credentials like Twilio (401, 20003)', async () => {
    const wrong = createTwilioProvider({
      apiUrl: sim.url,
      accountSid: sim.accountSid,
      authToken: 'not-the-token',
      callerId: '+551140028922',
      allowLoopback: true,
      timeoutMs: 2000,
    });
    expect(await wrong.placeCall(call('+5511987650006'))).toMatchObject({
      ok: false,
      outcome: null,
      error: '401 20003 Authenticate',
    });
  });

  it('control routes over HTTP: script, calls, hang up; bad input is a 400 JSON, never a crash', async () => {
    const post = (path: string, body: string) =>
      fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(
      (await post('/__sim/script', JSON.stringify({ to: '+5511987650007', outcomes: ['busy'] }))).status,
    ).toBe(200);
    expect((await post('/__sim/script', '{not json')).status).toBe(400);
    expect((await post('/__sim/script', JSON.stringify({ to: '+55', outcomes: ['maybe'] }))).status).toBe(
      400,
    );
    const sid = await placed(call('+5511987650007'));
    expect((await eventsOf(sid)).at(-1)?.outcome).toBe('busy');
    const listed = (await (await fetch(`${sim.url}/__sim/calls`)).json()) as { calls: { sid: string }[] };
    expect(listed.calls.map((c) => c.sid)).toEqual([sid]);
    expect((await post('/__sim/calls/CAnope/hangup', '')).status).toBe(404);
    expect((await post(`/__sim/calls/${sid}/hangup`, '')).status).toBe(200);
    const auth = {
      authorization: `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64')}`,
    };
    const noTo = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Calls.json`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: '%%%',
    });
    expect(noTo.status).toBe(400);
    expect(await noTo.json()).toMatchObject({ code: 21201 });
    const status = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Calls/${sid}.json`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Status=ringing',
    });
    expect(status.status).toBe(400);
  });
});
