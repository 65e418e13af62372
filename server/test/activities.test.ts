import type { UserRealtimeEvent } from '@funil/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueReminders } from '../src/modules/activities/activities.jobs.ts';
import { authenticate } from '../src/modules/auth/auth.service.ts';
import { RealtimeHub } from '../src/modules/realtime/realtime.hub.ts';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
import { createTestContext, createUser, type TestContext, type TestUser } from './helpers.ts';
import { call, newOpportunity, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';
import { startSmtp, type TestSmtp } from './test-smtp.ts';

let ctx: TestContext;
let w: World;
let smtp: TestSmtp;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
  smtp = await startSmtp();
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
});

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

async function newPerson(user: TestUser) {
  const res = await call(ctx, user, 'POST', '/people', personBody());
  if (res.status !== 201) throw new Error(`person: ${res.status}`);
  return res.body.id as string;
}

async function schedule(user: TestUser, body: Record<string, unknown>) {
  return call(ctx, user, 'POST', '/activities', {
    kind: 'call',
    title: 'Ligar para confirmar interesse',
    dueAt: inHours(24),
    ...body,
  });
}

async function configureSmtp(port: number) {
  const current = await call(ctx, w.admin, 'GET', '/workspace/smtp');
  const res = await call(
    ctx,
    w.admin,
    'PUT',
    '/workspace/smtp',
    {
      host: '127.0.0.1',
      port,
      secure: false,
      user: null,
      password: 'senha-smtp',
      from: 'agenda@imobiliaria.test',
    },
    { 'if-match': current.headers.etag as string },
  );
  if (res.status !== 200) throw new Error(`smtp: ${res.status} ${JSON.stringify(res.body)}`);
}

async function timelineKinds(user: TestUser, path: string) {
  const res = await call(ctx, user, 'GET', `${path}/timeline`);
  return (res.body.items as { kind: string; data: { activity?: { id: string } } }[]).filter((e) =>
    e.kind.startsWith('activity_'),
  );
}

describe('activities', () => {
  it('are scheduled, read, edited under If-Match (412 when stale, 428 without) and recorded on the timeline', async () => {
    const personId = await newPerson(w.brokerA1);
    const created = await schedule(w.brokerA1, {
      personId,
      description: 'Perguntar sobre o financiamento',
      durationMinutes: 15,
      reminderMinutesBefore: 30,
    });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toMatchObject({
      kind: 'call',
      status: 'open',
      owner: { id: w.brokerA1.id, name: 'Corretora A1' },
      person: { id: personId },
      opportunity: null,
      durationMinutes: 15,
      reminderMinutesBefore: 30,
      canWrite: true,
      version: 1,
    });
    expect(Date.parse(created.body.dueAt) - Date.parse(created.body.remindAt)).toBe(30 * 60_000);
    const id = created.body.id as string;

    const read = await call(ctx, w.brokerA1, 'GET', `/activities/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.description).toBe('Perguntar sobre o financiamento');

    const noVersion = await call(ctx, w.brokerA1, 'PATCH', `/activities/${id}`, { title: 'Outro' });
    expect(noVersion.status).toBe(428);
    const newDue = inHours(48);
    const edited = await call(
      ctx,
      w.brokerA1,
      'PATCH',
      `/activities/${id}`,
      { title: 'Ligar sobre o financiamento', dueAt: newDue },
      { 'if-match': '"1"' },
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Ligar sobre o financiamento', version: 2 });
    expect(edited.body.dueAt).toBe(new Date(newDue).toISOString());
    const stale = await call(
      ctx,
      w.brokerA1,
      'PATCH',
      `/activities/${id}`,
      { title: 'Sobrescrever' },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);
    expect((await call(ctx, w.brokerA1, 'GET', `/activities/${id}`)).body.title).toBe(
      'Ligar sobre o financiamento',
    );

    const events = await timelineKinds(w.brokerA1, `/people/${personId}`);
    expect(events.map((e) => e.kind)).toEqual(['activity_changed', 'activity_scheduled']);
    const changed = events[0] as unknown as { data: { changes: { field: string; old: unknown }[] } };
    expect(changed.data.changes.map((c) => c.field).sort()).toEqual(['dueAt', 'title']);
    expect(changed.data.changes.find((c) => c.field === 'title')?.old).toBe('Ligar para confirmar interesse');
  });

  it('refuses bad input with problem+json in pt-BR, never 500', async () => {
    const personId = await newPerson(w.brokerA1);
    const unlinked = await schedule(w.brokerA1, {});
    expect(unlinked.status).toBe(422);
    expect(unlinked.headers['content-type']).toContain('application/problem+json');
    expect(unlinked.body.title).toBe('Dados inválidos');
    expect(unlinked.body.errors).toContainEqual(
      expect.objectContaining({ field: 'personId', code: 'person_or_opportunity_required' }),
    );
    const badDate = await schedule(w.brokerA1, { personId, dueAt: 'amanhã', kind: 'lunch' });
    expect(badDate.status).toBe(422);
    expect(badDate.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['dueAt', 'kind']);
    const tooLong = await schedule(w.brokerA1, { personId, durationMinutes: 5000 });
    expect(tooLong.body.errors[0]).toMatchObject({ field: 'durationMinutes', code: 'invalid_value' });
    const badCursor = await call(ctx, w.brokerA1, 'GET', '/activities?cursor=xyz');
    expect(badCursor.status).toBe(422);
    expect((await call(ctx, w.brokerA1, 'GET', '/activities/not-a-uuid')).status).toBe(404);
  });

  it('clones, completes with an outcome and cancels with a reason; a closed activity stays closed', async () => {
    const personId = await newPerson(w.brokerA1);
    const original = await schedule(w.brokerA1, { personId, kind: 'meeting', title: 'Reunião de proposta' });
    const id = original.body.id as string;
    const dueClone = inHours(72);
    const clone = await call(ctx, w.brokerA1, 'POST', `/activities/${id}/clone`, { dueAt: dueClone });
    expect(clone.status).toBe(201);
    expect(clone.body.id).not.toBe(id);
    expect(clone.body).toMatchObject({ kind: 'meeting', title: 'Reunião de proposta', status: 'open' });
    expect(clone.body.dueAt).toBe(new Date(dueClone).toISOString());

    const done = await call(ctx, w.brokerA1, 'POST', `/activities/${id}/complete`, {
      outcome: 'Cliente pediu nova simulação',
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', outcome: 'Cliente pediu nova simulação', version: 2 });
    expect(done.body.completedAt).not.toBeNull();
    const again = await call(ctx, w.brokerA1, 'POST', `/activities/${id}/cancel`, { reason: 'Desistiu' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('activity-closed');
    const editClosed = await call(
      ctx,
      w.brokerA1,
      'PATCH',
      `/activities/${id}`,
      { title: 'Outro' },
      { 'if-match': '"2"' },
    );
    expect(editClosed.status).toBe(409);

    const noReason = await call(ctx, w.brokerA1, 'POST', `/activities/${clone.body.id}/cancel`, {
      reason: '  ',
    });
    expect(noReason.status).toBe(422);
    const cancelled = await call(ctx, w.brokerA1, 'POST', `/activities/${clone.body.id}/cancel`, {
      reason: 'Cliente viajou',
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Cliente viajou' });

    await schedule(w.brokerA1, { personId });
    const counts = await call(ctx, w.brokerA1, 'GET', `/people/${personId}/activities/counts`);
    expect(counts.body).toEqual({ open: 1, done: 1, cancelled: 1, overdue: 0 });
    const events = await timelineKinds(w.brokerA1, `/people/${personId}`);
    expect(events.map((e) => e.kind)).toEqual([
      'activity_scheduled',
      'activity_cancelled',
      'activity_completed',
      'activity_scheduled',
      'activity_scheduled',
    ]);
  });

  it('are visible to the owner and through the person/opportunity policies; others get 404', async () => {
    const personId = await newPerson(w.brokerA1);
    const a = await schedule(w.brokerA1, { personId, title: 'Visível só para a equipe' });
    const id = a.body.id as string;
    // Another team's broker, and a broker of the same team without access to the person.
    for (const outsider of [w.brokerB1, w.brokerA2]) {
      expect((await call(ctx, outsider, 'GET', `/activities/${id}`)).status).toBe(404);
      expect(
        (await call(ctx, outsider, 'PATCH', `/activities/${id}`, { title: 'x' }, { 'if-match': '"1"' }))
          .status,
      ).toBe(404);
      expect((await call(ctx, outsider, 'POST', `/activities/${id}/complete`, {})).status).toBe(404);
      expect((await call(ctx, outsider, 'POST', `/activities/${id}/clone`, {})).status).toBe(404);
      expect((await call(ctx, outsider, 'GET', `/people/${personId}/activities/counts`)).status).toBe(404);
      const list = await call(ctx, outsider, 'GET', `/activities?personId=${personId}`);
      expect(list.body).toMatchObject({ items: [], total: 0 });
      // Nor may they link their own activity to a person they cannot see.
      const linked = await schedule(outsider, { personId });
      expect(linked.status).toBe(422);
      expect(linked.body.errors[0]).toMatchObject({ field: 'personId', code: 'unknown_person' });
    }
    // The manager of the owner's team sees and changes it; a broker may not fill someone else's agenda.
    const managed = await call(ctx, w.manager, 'GET', `/activities/${id}`);
    expect(managed.body.canWrite).toBe(true);
    const moved = await call(
      ctx,
      w.manager,
      'PATCH',
      `/activities/${id}`,
      { durationMinutes: 45 },
      { 'if-match': '"1"' },
    );
    expect(moved.status).toBe(200);
    const forOther = await schedule(w.brokerA1, { personId, ownerId: w.brokerA2.id });
    expect(forOther.status).toBe(403);
    const byManager = await schedule(w.manager, { personId, ownerId: w.brokerA2.id });
    expect(byManager.status).toBe(201);
    // The owner sees their activity in "mine" even without access to the person.
    const mine = await call(ctx, w.brokerA2, 'GET', '/activities?mine=true');
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(byManager.body.id);
    expect((await call(ctx, w.admin, 'GET', `/activities/${id}`)).status).toBe(200);
  });

  it('lists "mine" by due date with a range and pages by cursor', async () => {
    const personId = await newPerson(w.brokerB1);
    const base = Date.now() + 10 * 86_400_000;
    for (let i = 0; i < 5; i++) {
      await schedule(w.brokerB1, {
        personId,
        title: `Tarefa ${i}`,
        kind: 'task',
        dueAt: new Date(base + (4 - i) * 3_600_000).toISOString(),
      });
    }
    const from = new Date(base - 60_000).toISOString();
    const to = new Date(base + 3 * 3_600_000 + 60_000).toISOString();
    const first = await call(
      ctx,
      w.brokerB1,
      'GET',
      `/activities?mine=true&status=open&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=2`,
    );
    expect(first.body.total).toBe(4);
    expect(first.body.items.map((i: { title: string }) => i.title)).toEqual(['Tarefa 4', 'Tarefa 3']);
    const second = await call(
      ctx,
      w.brokerB1,
      'GET',
      `/activities?mine=true&status=open&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((i: { title: string }) => i.title)).toEqual(['Tarefa 2', 'Tarefa 1']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers each group of "Minhas atividades" with its own total and pages, overdue latest first', async () => {
    // A broker of their own, so the totals are exactly what this test schedules.
    const broker = await createUser(ctx, w.workspaceId, 'broker', { branchId: w.branchId });
    const personId = await newPerson(broker);
    const now = Date.now();
    const day = 86_400_000;
    const at = (ms: number) => new Date(ms).toISOString();
    const quiet = { reminderMinutesBefore: null }; // no reminders for the reminder tests below to meet
    const plan = [
      ...[0, 1, 2, 3, 4].map((i) => ({ title: `Atrasada ${i}`, dueAt: at(now - (i + 1) * day) })),
      { title: 'Hoje 2', dueAt: at(now + 2 * 3_600_000) },
      { title: 'Hoje 1', dueAt: at(now + 3_600_000) },
      ...[0, 1, 2].map((i) => ({ title: `Próxima ${i}`, dueAt: at(now + (i + 2) * day) })),
    ];
    for (const p of plan) {
      const res = await schedule(broker, { personId, ...p, ...quiet });
      expect(res.status).toBe(201);
    }
    // Closed ones and someone else's stay out of every group.
    const done = await schedule(broker, { personId, title: 'Feita', dueAt: at(now - day / 2), ...quiet });
    expect((await call(ctx, broker, 'POST', `/activities/${done.body.id}/complete`, {})).status).toBe(200);
    await schedule(w.brokerA1, { personId: await newPerson(w.brokerA1), dueAt: at(now - day), ...quiet });

    // The page's three ranges (end of today stands in as now + 6 h: the API only sees instants).
    const nowIso = encodeURIComponent(at(now));
    const endOfToday = encodeURIComponent(at(now + 6 * 3_600_000));
    const list = async (query: string) => {
      const res = await call(ctx, broker, 'GET', `/activities?mine=true&status=open&${query}`);
      expect(res.status).toBe(200);
      return res.body as { items: { title: string }[]; total: number; nextCursor: string | null };
    };
    const titles = (page: { items: { title: string }[] }) => page.items.map((i) => i.title);

    const overdue = await list(`to=${nowIso}&sort=-dueAt&limit=2`);
    expect(overdue.total).toBe(5);
    expect(titles(overdue)).toEqual(['Atrasada 0', 'Atrasada 1']);
    const overdue2 = await list(`to=${nowIso}&sort=-dueAt&limit=2&cursor=${overdue.nextCursor}`);
    expect(titles(overdue2)).toEqual(['Atrasada 2', 'Atrasada 3']);
    expect(overdue2.total).toBe(5);
    const overdue3 = await list(`to=${nowIso}&sort=-dueAt&limit=2&cursor=${overdue2.nextCursor}`);
    expect(titles(overdue3)).toEqual(['Atrasada 4']);
    expect(overdue3.nextCursor).toBeNull();
    // The default order is still soonest first.
    expect(titles(await list(`to=${nowIso}&limit=2`))).toEqual(['Atrasada 4', 'Atrasada 3']);

    const today = await list(`from=${nowIso}&to=${endOfToday}&limit=2`);
    expect(today).toMatchObject({ total: 2, nextCursor: null });
    expect(titles(today)).toEqual(['Hoje 1', 'Hoje 2']);
    const upcoming = await list(`from=${endOfToday}&limit=2`);
    expect(upcoming.total).toBe(3);
    expect(titles(upcoming)).toEqual(['Próxima 0', 'Próxima 1']);
    expect(titles(await list(`from=${endOfToday}&limit=2&cursor=${upcoming.nextCursor}`))).toEqual([
      'Próxima 2',
    ]);
    // The groups split the open activities without gaps or overlaps.
    expect((await list('limit=1')).total).toBe(overdue.total + today.total + upcoming.total);

    const badSort = await call(ctx, broker, 'GET', '/activities?mine=true&sort=title');
    expect(badSort.status).toBe(422);
    expect(badSort.headers['content-type']).toContain('application/problem+json');
  });

  it('linked to an opportunity: on its chain, shown once on the holder’s page; counts per opportunity', async () => {
    const { opportunity, holderId } = await newOpportunity(ctx, w, w.brokerA1);
    const a = await schedule(w.brokerA1, {
      personId: holderId,
      opportunityId: opportunity.id,
      kind: 'meeting',
    });
    expect(a.status).toBe(201);
    expect(a.body.opportunity).toMatchObject({ id: opportunity.id, title: 'Apartamento na Vila Mariana' });
    const onPerson = await timelineKinds(w.brokerA1, `/people/${holderId}`);
    expect(onPerson.filter((e) => e.data.activity?.id === a.body.id)).toHaveLength(1);
    const onOpportunity = await timelineKinds(w.brokerA1, `/opportunities/${opportunity.id}`);
    expect(onOpportunity.map((e) => e.kind)).toEqual(['activity_scheduled']);
    const counts = await call(ctx, w.brokerA1, 'GET', `/opportunities/${opportunity.id}/activities/counts`);
    expect(counts.body).toMatchObject({ open: 1, done: 0, cancelled: 0 });
    expect(
      (await call(ctx, w.brokerB1, 'GET', `/opportunities/${opportunity.id}/activities/counts`)).status,
    ).toBe(404);
  });

  it('a visit needs the role’s scheduleVisit action (403 without it)', async () => {
    const personId = await newPerson(w.brokerA2);
    const read = await call(ctx, w.admin, 'GET', '/workspace/action-matrix');
    const matrix = structuredClone(read.body.matrix);
    matrix.broker.scheduleVisit = false;
    const saved = await call(
      ctx,
      w.admin,
      'PUT',
      '/workspace/action-matrix',
      { matrix },
      { 'if-match': read.headers.etag as string },
    );
    expect(saved.status).toBe(200);
    try {
      const visit = await schedule(w.brokerA2, { personId, kind: 'visit', title: 'Visita ao decorado' });
      expect(visit.status).toBe(403);
      expect(visit.body.code).toBe('forbidden');
      const call_ = await schedule(w.brokerA2, { personId, kind: 'call' });
      expect(call_.status).toBe(201);
      const toVisit = await call(
        ctx,
        w.brokerA2,
        'PATCH',
        `/activities/${call_.body.id}`,
        { kind: 'visit' },
        { 'if-match': '"1"' },
      );
      expect(toVisit.status).toBe(403);
      expect((await schedule(w.manager, { personId, kind: 'visit' })).status).toBe(201);
    } finally {
      matrix.broker.scheduleVisit = true;
      const current = await call(ctx, w.admin, 'GET', '/workspace/action-matrix');
      await call(
        ctx,
        w.admin,
        'PUT',
        '/workspace/action-matrix',
        { matrix },
        { 'if-match': current.headers.etag as string },
      );
    }
  });
});

describe('reminders', () => {
  it('fire once under two concurrent runs: a notification, a live event for the owner only, an e-mail', async () => {
    await configureSmtp(smtp.port);
    const personId = await newPerson(w.brokerA1);
    const a = await schedule(w.brokerA1, {
      personId,
      kind: 'visit',
      title: 'Visita ao apartamento 52',
      dueAt: inHours(0.1),
      reminderMinutesBefore: 15,
    });
    expect(a.status).toBe(201);

    const hub = new RealtimeHub(ctx.ownerUrl);
    const ownerEvents: UserRealtimeEvent[] = [];
    const otherEvents: unknown[] = [];
    const token = (u: TestUser) => u.cookie.replace('funil_session=', '');
    const owner = await authenticate(ctx.db, token(w.brokerA1));
    const other = await authenticate(ctx.db, token(w.manager));
    if (!owner || !other) throw new Error('no actor');
    await hub.subscribe({
      actor: owner,
      topic: null,
      userOnly: true,
      send: (e) => ownerEvents.push(e as UserRealtimeEvent),
      end: () => undefined,
    });
    await hub.subscribe({
      actor: other,
      topic: null,
      send: (e) => otherEvents.push(e),
      end: () => undefined,
    });
    try {
      const runs = await Promise.all([
        sendDueReminders(ctx.db, ctx.secrets),
        sendDueReminders(ctx.db, ctx.secrets),
      ]);
      expect(runs[0] + runs[1]).toBe(1);
      expect(await sendDueReminders(ctx.db, ctx.secrets)).toBe(0);

      const inbox = await call(ctx, w.brokerA1, 'GET', '/notifications');
      const reminders = inbox.body.items.filter((n: { kind: string }) => n.kind === 'activity_reminder');
      expect(reminders).toHaveLength(1);
      expect(reminders[0].data).toMatchObject({
        activityId: a.body.id,
        kind: 'visit',
        title: 'Visita ao apartamento 52',
      });
      expect(
        (await call(ctx, w.manager, 'GET', '/notifications')).body.items.filter(
          (n: { kind: string }) => n.kind === 'activity_reminder',
        ),
      ).toEqual([]);

      const mail = smtp.received.find((m) => m.data.includes('Visita ao apartamento 52'));
      expect(mail?.to).toEqual([w.brokerA1.email]);
      // The subject is MIME-encoded (it has a dash and accents); the body names the visit and its time.
      expect(mail?.data).toMatch(/^Subject: .*Lembrete/m);
      expect(mail?.data).toContain('Visita: Visita ao apartamento 52');
      expect(mail?.data).toContain('agenda@imobiliaria.test');
      const after = await call(ctx, w.brokerA1, 'GET', `/activities/${a.body.id}`);
      expect(after.body.reminderEmailStatus).toBe('sent');
      expect(after.body.remindedAt).not.toBeNull();

      await expect.poll(() => ownerEvents.length).toBe(1);
      expect(ownerEvents[0]).toMatchObject({
        type: 'notification.created',
        kind: 'activity_reminder',
        notificationId: reminders[0].id,
      });
      expect(otherEvents).toEqual([]);
    } finally {
      await hub.close();
    }
  });

  it('a reminder moved later fires again; a completed activity does not remind', async () => {
    const personId = await newPerson(w.brokerA1);
    const a = await schedule(w.brokerA1, { personId, dueAt: inHours(0.05), reminderMinutesBefore: 5 });
    const done = await schedule(w.brokerA1, { personId, dueAt: inHours(0.05), reminderMinutesBefore: 5 });
    await call(ctx, w.brokerA1, 'POST', `/activities/${done.body.id}/complete`, { outcome: null });
    expect(await sendDueReminders(ctx.db, ctx.secrets)).toBe(1);
    const moved = await call(
      ctx,
      w.brokerA1,
      'PATCH',
      `/activities/${a.body.id}`,
      { dueAt: inHours(2) },
      { 'if-match': '"1"' },
    );
    expect(moved.body).toMatchObject({ remindedAt: null, reminderEmailStatus: null });
    expect(await sendDueReminders(ctx.db, ctx.secrets)).toBe(0);
    expect(await sendDueReminders(ctx.db, ctx.secrets, new Date(Date.now() + 3 * 3_600_000))).toBe(1);
  });

  it('with the SMTP server down the in-app reminder stays and the e-mail is recorded as failed', async () => {
    const down = await startSmtp();
    await down.close();
    await configureSmtp(down.port);
    const personId = await newPerson(w.brokerA2);
    const a = await schedule(w.brokerA2, {
      personId,
      title: 'Ligação sem e-mail',
      dueAt: inHours(0.05),
      reminderMinutesBefore: 10,
    });
    expect(await sendDueReminders(ctx.db, ctx.secrets)).toBe(1);
    const inbox = await call(ctx, w.brokerA2, 'GET', '/notifications');
    expect(
      inbox.body.items.some(
        (n: { kind: string; data: { activityId: string } }) =>
          n.kind === 'activity_reminder' && n.data.activityId === a.body.id,
      ),
    ).toBe(true);
    const after = await call(ctx, w.brokerA2, 'GET', `/activities/${a.body.id}`);
    expect(after.body.reminderEmailStatus).toBe('failed');
    expect(await sendDueReminders(ctx.db, ctx.secrets)).toBe(0);

    // Retried after a pause (2 minutes, then 4), while the activity is not due: the server is back by then.
    const minutes = (n: number) => new Date(Date.now() + n * 60_000);
    await sendDueReminders(ctx.db, ctx.secrets, minutes(1));
    expect((await call(ctx, w.brokerA2, 'GET', `/activities/${a.body.id}`)).body.reminderEmailStatus).toBe(
      'failed',
    );
    await configureSmtp(smtp.port);
    const before = smtp.received.length;
    await sendDueReminders(ctx.db, ctx.secrets, minutes(2.1));
    const toOwner = () => smtp.received.slice(before).filter((m) => m.to.includes(w.brokerA2.email));
    expect(toOwner()).toHaveLength(1);
    expect((await call(ctx, w.brokerA2, 'GET', `/activities/${a.body.id}`)).body.reminderEmailStatus).toBe(
      'sent',
    );
    await sendDueReminders(ctx.db, ctx.secrets, minutes(2.2));
    expect(toOwner()).toHaveLength(1);
  });

  it('tries a reminder e-mail three times at most', async () => {
    const down = await startSmtp();
    await down.close();
    await configureSmtp(down.port);
    const a = await schedule(w.brokerA2, {
      personId: await newPerson(w.brokerA2),
      title: 'Sem servidor',
      dueAt: inHours(2),
      reminderMinutesBefore: 120,
    });
    const attempts = async () =>
      (await ctx.db.query('SELECT reminder_email_attempts FROM activities WHERE id = $1', [a.body.id]))
        .rows[0].reminder_email_attempts;
    for (const minute of [0, 3, 10, 20, 40]) {
      await sendDueReminders(ctx.db, ctx.secrets, new Date(Date.now() + minute * 60_000));
    }
    expect(await attempts()).toBe(3);
    expect((await call(ctx, w.brokerA2, 'GET', `/activities/${a.body.id}`)).body.reminderEmailStatus).toBe(
      'failed',
    );
    await configureSmtp(smtp.port);
  });

  it('keeps every chain intact', async () => {
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
  });
});
