import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SimOutcome,
  startTelephonySimulator,
  type TelephonySimulator,
} from '../src/integrations/telephony/telephony-simulator.ts';
import { type DialerRuntime, sweepDialer } from '../src/modules/dialer/dialer.service.ts';
import {
  createTestContext,
  createUser,
  simulatedDialer,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

// The auto-dialer end to end over HTTP: the app listens on a port, the Twilio adapter places calls on the
// telephony simulator, and the simulator posts signed status callbacks back to the app.

let ctx: TestContext;
let w: World;
let sim: TelephonySimulator;
let runtime: DialerRuntime;

/** Points the dialer at a simulator (a slow one for the pause test). */
function useSimulator(s: TelephonySimulator) {
  const { provider, twilioAuthToken } = simulatedDialer(s);
  Object.assign(runtime, { provider, twilioAuthToken });
}

const ALWAYS = { from: '00:00', to: '24:00' };
const OPEN_RULES = {
  default: { weekdays: ALWAYS, saturday: ALWAYS, sunday: ALWAYS, holidays: ALWAYS },
  byUf: {},
  extraHolidays: [],
};

beforeAll(async () => {
  sim = await startTelephonySimulator({ stepMs: 60 });
  runtime = simulatedDialer(sim);
  ctx = await createTestContext({ dialer: runtime });
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  runtime.publicUrl = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  w = await opportunityWorld(ctx);
  await saveSettings({ callingRules: OPEN_RULES, maxAttemptsPerDay: 3, shortCallWarningPercent: 30 });
});
afterAll(async () => {
  await sim.close();
  await ctx.close();
});

async function saveSettings(body: Record<string, unknown>) {
  const current = await call(ctx, w.admin, 'GET', '/dialer/settings');
  const res = await call(ctx, w.admin, 'PUT', '/dialer/settings', body, {
    'if-match': current.headers.etag as string,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

let seq = 0;
/** An attendant's own interested people, named so the call list (by name) takes them in this order. */
async function people(
  owner: TestUser,
  count: number,
  extra: (i: number) => Record<string, unknown> = () => ({}),
) {
  const out: { id: string; phone: string }[] = [];
  const tag = ++seq;
  for (let i = 0; i < count; i++) {
    const number = `+5511${String(970000000 + tag * 1000 + i)}`;
    const res = await call(
      ctx,
      owner,
      'POST',
      '/people',
      personBody({
        ownerId: owner.id,
        name: `Discagem ${tag} ${String.fromCharCode(65 + i)}`,
        phones: [{ number, type: 'mobile' }],
        ...extra(i),
      }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    out.push({ id: res.body.id, phone: number });
  }
  return out;
}

const session = async (user: TestUser) =>
  (await call(ctx, user, 'GET', '/dialer/sessions/current')).body.session;

async function waitFor<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  ms = 15_000,
): Promise<T> {
  const until = Date.now() + ms;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

const outcomesOf = async (user: TestUser, personId: string) =>
  (await call(ctx, user, 'GET', `/call-center/people/${personId}/attempts`)).body.items.map(
    (a: { outcome: string }) => a.outcome,
  );

describe('auto-dialer', () => {
  it('logs frustrated calls by itself, stops at an answered one, and goes on after the return; skips the deny list and the do-not-call list', async () => {
    const attendant = await createUser(ctx, w.workspaceId, 'attendant');
    const list = await people(attendant, 5);
    const [voicemail, noAnswer, answered, denied, doNotCall] = list as [
      (typeof list)[0],
      (typeof list)[0],
      (typeof list)[0],
      (typeof list)[0],
      (typeof list)[0],
    ];
    sim.script(voicemail.phone, ['voicemail']);
    sim.script(noAnswer.phone, ['no_answer']);
    sim.script(answered.phone, ['answered' satisfies SimOutcome]);
    await ctx.db.query('UPDATE people SET do_not_contact = true WHERE id = $1', [denied.id]);
    const upload = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/dialer/do-not-call',
      headers: {
        cookie: w.admin.cookie,
        'content-type': 'multipart/form-data; boundary=XyZ',
      },
      payload: `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="nao-me-perturbe.csv"\r\nContent-Type: text/csv\r\n\r\ntelefone\r\n${doNotCall.phone.slice(3)}\r\nnão é número\r\n--XyZ--\r\n`,
    });
    expect(upload.statusCode, upload.body).toBe(200);
    expect(upload.json()).toMatchObject({ added: 1, rejected: [{ line: 3 }] });

    const start = await call(ctx, attendant, 'POST', '/dialer/sessions', {
      filter: { ownerId: attendant.id },
    });
    expect(start.status, JSON.stringify(start.body)).toBe(201);
    expect(start.body.total).toBe(5);

    // Voicemail and no answer are recorded without the attendant; the third call is answered and waits.
    const waiting = await waitFor(
      () => session(attendant),
      (s) => s.current?.personId === answered.id && s.current?.status === 'answered',
      'the answered call',
    );
    expect(waiting.called).toBe(2);
    expect(await outcomesOf(attendant, voicemail.id)).toEqual(['voicemail']);
    expect(await outcomesOf(attendant, noAnswer.id)).toEqual(['no_answer']);
    expect(await outcomesOf(attendant, answered.id)).toEqual([]);

    const alarmAt = new Date(Date.now() + 3_600_000).toISOString();
    const wrap = await call(ctx, attendant, 'POST', `/dialer/sessions/${waiting.id}/wrap-up`, {
      callId: waiting.current.id,
      summary: 'Quer visitar o decorado no sábado',
      nextAction: 'Ligar na sexta',
      alarmAt,
    });
    expect(wrap.status, JSON.stringify(wrap.body)).toBe(200);
    const done = await waitFor(
      () => session(attendant),
      (s) => s.status === 'finished',
      'the end of the list',
    );
    expect(done).toMatchObject({
      called: 3,
      skipped: 2,
      pending: 0,
      skips: { do_not_contact: 1, do_not_call: 1 },
    });
    const history = (await call(ctx, attendant, 'GET', `/call-center/people/${answered.id}/attempts`)).body
      .items;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      outcome: 'answered',
      summary: 'Quer visitar o decorado no sábado',
      alarmAt,
    });

    // The deny-listed and the do-not-call person were never dialed; the others once each.
    const dialed = sim.calls().map((c) => c.to);
    expect(dialed.filter((n) => n === denied.phone || n === doNotCall.phone)).toEqual([]);
    for (const p of [voicemail, noAnswer, answered])
      expect(dialed.filter((n) => n === p.phone)).toHaveLength(1);
  });

  it('refuses to start outside the calling hours, saying when it opens', async () => {
    const attendant = await createUser(ctx, w.workspaceId, 'attendant');
    await people(attendant, 1);
    const closed = { weekdays: null, saturday: null, sunday: null, holidays: null };
    await saveSettings({
      callingRules: { default: closed, byUf: {}, extraHolidays: [] },
      maxAttemptsPerDay: 3,
      shortCallWarningPercent: 30,
    });
    try {
      const res = await call(ctx, attendant, 'POST', '/dialer/sessions', {
        filter: { ownerId: attendant.id },
      });
      expect(res.status).toBe(409);
      expect(res.body.type).toMatch(/outside-calling-hours/);
      expect(await session(attendant)).toBeNull();
    } finally {
      await saveSettings({ callingRules: OPEN_RULES, maxAttemptsPerDay: 3, shortCallWarningPercent: 30 });
    }
  });

  it('skips a person whose state is outside its calling hours and a number past its daily cap', async () => {
    const attendant = await createUser(ctx, w.workspaceId, 'attendant');
    const closed = { weekdays: null, saturday: null, sunday: null, holidays: null };
    const [acre, capped] = await people(attendant, 2, (i) =>
      i === 0 ? { addresses: [{ cep: '69900-000', street: 'Rua A', city: 'Rio Branco', state: 'AC' }] } : {},
    );
    await saveSettings({
      callingRules: { ...OPEN_RULES, byUf: { AC: closed } },
      maxAttemptsPerDay: 1,
      shortCallWarningPercent: 30,
    });
    try {
      sim.script(capped?.phone as string, ['no_answer']);
      const first = await call(ctx, attendant, 'POST', '/dialer/sessions', {
        filter: { ownerId: attendant.id },
      });
      expect(first.status).toBe(201);
      const s1 = await waitFor(
        () => session(attendant),
        (s) => s.status === 'finished',
        'the first run',
      );
      expect(s1.skips).toEqual({ outside_hours: 1 });
      // The same number again today: past the cap of one attempt per day.
      const second = await call(ctx, attendant, 'POST', '/dialer/sessions', {
        filter: { ownerId: attendant.id },
      });
      expect(second.status).toBe(201);
      const s2 = await waitFor(
        () => session(attendant),
        (s) => s.status === 'finished' && s.id !== s1.id,
        'run 2',
      );
      expect(s2.skips).toEqual({ outside_hours: 1, daily_cap: 1 });
      expect(sim.calls().filter((c) => c.to === acre?.phone)).toHaveLength(0);
    } finally {
      await saveSettings({ callingRules: OPEN_RULES, maxAttemptsPerDay: 3, shortCallWarningPercent: 30 });
    }
  });

  it('never gives two attendants the same person at once', async () => {
    const a = await createUser(ctx, w.workspaceId, 'admin');
    const b = await createUser(ctx, w.workspaceId, 'admin');
    const list = await people(a, 2);
    for (const p of list) sim.script(p.phone, ['answered']);
    const filter = { ownerId: a.id };
    const [ra, rb] = await Promise.all([
      call(ctx, a, 'POST', '/dialer/sessions', { filter }),
      call(ctx, b, 'POST', '/dialer/sessions', { filter }),
    ]);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    const [sa, sb] = await Promise.all([
      waitFor(
        () => session(a),
        (s) => s.current?.status === 'answered',
        'a',
      ),
      waitFor(
        () => session(b),
        (s) => s.current?.status === 'answered',
        'b',
      ),
    ]);
    expect(sa.current.personId).not.toBe(sb.current.personId);
    for (const [u, s] of [
      [a, sa],
      [b, sb],
    ] as const) {
      expect((await call(ctx, u, 'POST', `/dialer/sessions/${s.id}/stop`)).status).toBe(200);
    }
  });

  it('pausing keeps the position: a ringing call is cancelled and called again after resume', async () => {
    const slow = await startTelephonySimulator({ stepMs: 700 });
    useSimulator(slow);
    try {
      const attendant = await createUser(ctx, w.workspaceId, 'attendant');
      const [first] = await people(attendant, 2);
      slow.script(first?.phone as string, ['no_answer', 'answered']);
      const start = await call(ctx, attendant, 'POST', '/dialer/sessions', {
        filter: { ownerId: attendant.id },
      });
      expect(start.status).toBe(201);
      await waitFor(
        () => session(attendant),
        (s) => s.current?.status === 'ringing',
        'ringing',
      );
      const paused = await call(ctx, attendant, 'POST', `/dialer/sessions/${start.body.id}/pause`);
      expect(paused.status).toBe(200);
      const idle = await waitFor(
        () => session(attendant),
        (s) => s.current === null,
        'the cancelled call',
      );
      expect(idle).toMatchObject({ status: 'paused', called: 0, pending: 2 });
      expect(await outcomesOf(attendant, first?.id as string)).toEqual([]);

      const resumed = await call(ctx, attendant, 'POST', `/dialer/sessions/${start.body.id}/resume`);
      expect(resumed.status).toBe(200);
      const again = await waitFor(
        () => session(attendant),
        (s) => s.current?.status === 'answered',
        'the same person again',
      );
      expect(again.current.personId).toBe(first?.id);
      expect(slow.calls().filter((c) => c.to === first?.phone)).toHaveLength(2);
      await call(ctx, attendant, 'POST', `/dialer/sessions/${start.body.id}/stop`);
    } finally {
      useSimulator(sim);
      await slow.close();
    }
  });

  it('the sweep ends a call the provider never reported on and moves the dialer on', async () => {
    const attendant = await createUser(ctx, w.workspaceId, 'attendant');
    const [lost, next] = await people(attendant, 2);
    const publicUrl = runtime.publicUrl;
    // The provider's callbacks go nowhere: the first call stays as placed.
    runtime.publicUrl = 'http://127.0.0.1:9';
    let sessionId = '';
    try {
      const start = await call(ctx, attendant, 'POST', '/dialer/sessions', {
        filter: { ownerId: attendant.id },
      });
      expect(start.status).toBe(201);
      sessionId = start.body.id;
      expect(start.body.current).toMatchObject({ personId: lost?.id, status: 'placing' });
    } finally {
      runtime.publicUrl = publicUrl;
    }
    sim.script(next?.phone as string, ['answered']);
    await ctx.db.query(
      `UPDATE dialer_calls SET created_at = now() - interval '10 minutes' WHERE session_id = $1`,
      [sessionId],
    );
    await sweepDialer(ctx.db, runtime);
    expect(await outcomesOf(attendant, lost?.id as string)).toEqual(['failed']);
    const moved = await waitFor(
      () => session(attendant),
      (s) => s.current?.status === 'answered',
      'the next call',
    );
    expect(moved.current.personId).toBe(next?.id);
    await call(ctx, attendant, 'POST', `/dialer/sessions/${sessionId}/stop`);
  });

  it('fails the session when the provider refuses Funil (bad credentials), keeping the person, and resumes', async () => {
    const attendant = await createUser(ctx, w.workspaceId, 'attendant');
    const [first] = await people(attendant, 1);
    sim.script(first?.phone as string, ['answered']);
    useSimulator({ ...sim, authToken: 'senha-errada' });
    let started: { id: string };
    try {
      const start = await call(ctx, attendant, 'POST', '/dialer/sessions', {
        filter: { ownerId: attendant.id },
      });
      expect(start.status).toBe(201);
      expect(start.body).toMatchObject({ status: 'failed', pending: 1, called: 0 });
      expect(start.body.error).toMatch(/20003|auth/i);
      expect(await outcomesOf(attendant, first?.id as string)).toEqual([]);
      started = start.body;
    } finally {
      useSimulator(sim);
    }
    const resumed = await call(ctx, attendant, 'POST', `/dialer/sessions/${started.id}/resume`);
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    const talking = await waitFor(
      () => session(attendant),
      (s) => s.current?.status === 'answered',
      'resumed',
    );
    expect(talking.current.personId).toBe(first?.id);
    await call(ctx, attendant, 'POST', `/dialer/sessions/${started.id}/stop`);
  });

  it('shows calls per attendant on the dashboard, within the viewer’s reach', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const all = await call(ctx, w.admin, 'GET', `/dialer/dashboard?from=${from}&to=${to}`);
    expect(all.status).toBe(200);
    expect(all.body.totals.calls).toBeGreaterThanOrEqual(5);
    expect(all.body.totals.outcomes).toMatchObject({
      voicemail: expect.any(Number),
      no_answer: expect.any(Number),
    });
    expect(all.body.attendants.length).toBeGreaterThanOrEqual(3);
    const attendant = await createUser(ctx, w.workspaceId, 'attendant');
    const mine = await call(ctx, attendant, 'GET', `/dialer/dashboard?from=${from}&to=${to}`);
    expect(mine.body.attendants).toEqual([]);
    const bad = await call(ctx, w.admin, 'GET', `/dialer/dashboard?from=${to}&to=${from}`);
    expect(bad.status).toBe(422);
  });

  it('refuses a status callback without a valid signature, and settings without If-Match or from a broker', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/telephony/twilio/status?ref=${crypto.randomUUID()}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forjada' },
      payload: 'CallSid=CA1&CallStatus=completed',
    });
    expect(res.statusCode).toBe(403);
    const noMatch = await call(ctx, w.admin, 'PUT', '/dialer/settings', {
      callingRules: OPEN_RULES,
      maxAttemptsPerDay: 3,
      shortCallWarningPercent: 30,
    });
    expect(noMatch.status).toBe(428);
    const broker = await call(ctx, w.brokerA1, 'PUT', '/dialer/settings', {}, { 'if-match': '"1"' });
    expect([403, 422]).toContain(broker.status);
  });
});
