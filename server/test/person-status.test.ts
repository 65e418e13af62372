import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, personBody } from './opportunity-fixtures.ts';

let ctx: TestContext;
let admin: TestUser;
let broker: TestUser;
let attendant: TestUser;
let workspaceId: string;
const lists: Record<string, { id: string; label: string; parentId: string | null }[]> = {};

async function replaceList(list: string, items: { label: string; parentId?: string }[]) {
  const settings = await call(ctx, admin, 'GET', '/opportunity-settings');
  const res = await call(
    ctx,
    admin,
    'PUT',
    `/opportunity-settings/lists/${list}`,
    { items },
    {
      'if-match': settings.headers.etag as string,
    },
  );
  if (res.status !== 200) throw new Error(`${list}: ${res.status} ${JSON.stringify(res.body)}`);
  lists[list] = res.body.lists[list];
  return res;
}

beforeAll(async () => {
  ctx = await createTestContext();
  ({ workspaceId } = await createWorkspace(ctx.db));
  admin = await createUser(ctx, workspaceId, 'admin', { name: 'Admin' });
  broker = await createUser(ctx, workspaceId, 'broker', { name: 'Corretora' });
  attendant = await createUser(ctx, workspaceId, 'attendant');
  await replaceList('objective', [{ label: 'Morar' }, { label: 'Investir' }]);
  await replaceList('moment', [{ label: 'Pesquisa' }, { label: 'Decisão' }]);
  const [research, decision] = lists.moment as { id: string }[];
  await replaceList('sub_moment', [
    { label: 'Comparando preços', parentId: research?.id as string },
    { label: 'Negociando', parentId: decision?.id as string },
  ]);
  await replaceList('disinterest_reason', [{ label: 'Sem orçamento' }]);
  await replaceList('business_plan', [{ label: 'Cobertura Vista Parque' }]);
});
afterAll(() => ctx.close());

async function newPerson(user = broker) {
  const res = await call(ctx, user, 'POST', '/people', personBody({ ownerId: user.id }));
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
}

const changes = async (id: string, user = broker) =>
  (await call(ctx, user, 'GET', `/people/${id}/timeline?filter=changes`)).body.items as {
    kind: string;
    data: { changes?: { field: string; old: unknown; new: unknown }[]; action?: string; flag?: string };
  }[];

describe('the status panel', () => {
  it('changes the temperature and reverts it, each on the timeline', async () => {
    const id = await newPerson();
    const first = await call(ctx, broker, 'POST', `/people/${id}/temperature`, { temperature: 'warm' });
    expect(first.body).toMatchObject({ temperature: 'warm', previousTemperature: null });
    const noRevert = await call(ctx, broker, 'GET', `/people/${id}/status`);
    expect(noRevert.body.allowedActions).toContain('changeTemperature');
    await call(ctx, broker, 'POST', `/people/${id}/temperature`, { temperature: 'hot' });
    const reverted = await call(ctx, broker, 'POST', `/people/${id}/temperature/revert`);
    expect(reverted.body).toMatchObject({ temperature: 'warm', previousTemperature: 'hot' });
    const events = await changes(id);
    expect(
      events.slice(0, 3).map((e) => [e.data.action, e.data.changes?.[0]?.old, e.data.changes?.[0]?.new]),
    ).toEqual([
      ['revertTemperature', 'hot', 'warm'],
      ['changeTemperature', 'warm', 'hot'],
      ['changeTemperature', null, 'warm'],
    ]);
    const fresh = await newPerson();
    const nothing = await call(ctx, broker, 'POST', `/people/${fresh}/temperature/revert`);
    expect(nothing.status).toBe(409);
    const stale = await call(
      ctx,
      broker,
      'POST',
      `/people/${id}/temperature`,
      { temperature: 'cold' },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);
    const bad = await call(ctx, broker, 'POST', `/people/${id}/temperature`, { temperature: 'boiling' });
    expect(bad.status).toBe(422);
  });

  it('sets objective, moment with a sub-moment of that moment, and product of interest, by name on the timeline', async () => {
    const id = await newPerson();
    const [research, decision] = lists.moment as { id: string }[];
    const comparing = lists.sub_moment?.find((s) => s.label === 'Comparando preços') as { id: string };
    const wrongParent = await call(ctx, broker, 'POST', `/people/${id}/moment`, {
      momentId: decision?.id,
      subMomentId: comparing.id,
    });
    expect(wrongParent.status).toBe(422);
    expect(wrongParent.body.errors[0]).toMatchObject({ field: 'subMomentId', code: 'unknown_option' });
    await call(ctx, broker, 'POST', `/people/${id}/moment`, {
      momentId: research?.id,
      subMomentId: comparing.id,
    });
    await call(ctx, broker, 'POST', `/people/${id}/objective`, { objectiveId: lists.objective?.[1]?.id });
    const status = await call(ctx, broker, 'POST', `/people/${id}/product-of-interest`, {
      productId: lists.business_plan?.[0]?.id,
    });
    expect(status.body).toMatchObject({
      moment: { label: 'Pesquisa' },
      subMoment: { label: 'Comparando preços' },
      objective: { label: 'Investir' },
      productOfInterest: { label: 'Cobertura Vista Parque' },
    });
    const wrongList = await call(ctx, broker, 'POST', `/people/${id}/objective`, {
      objectiveId: research?.id,
    });
    expect(wrongList.status).toBe(422);
    const fields = (await changes(id)).map((e) => e.data.changes?.[0]?.field);
    expect(fields).toEqual(['productOfInterest', 'objective', 'subMoment', 'moment']);
    expect((await changes(id))[1]?.data.changes?.[0]?.new).toEqual({
      id: lists.objective?.[1]?.id,
      name: 'Investir',
    });
  });
});

describe('the main data', () => {
  it('shows the first and last visit done and the next one scheduled; cancelled ones do not count', async () => {
    const id = await newPerson();
    const empty = await call(ctx, broker, 'GET', `/people/${id}/status`);
    expect(empty.body.visits).toEqual({ first: null, last: null, next: null });
    const visit = async (dueAt: string) => {
      const res = await call(ctx, broker, 'POST', '/activities', {
        kind: 'visit',
        title: 'Visita',
        dueAt,
        personId: id,
      });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      return res.body.id as string;
    };
    const day = 24 * 3600 * 1000;
    const now = Date.now();
    const at = (days: number) => new Date(now + days * day).toISOString();
    for (const days of [-20, -5]) {
      await call(ctx, broker, 'POST', `/activities/${await visit(at(days))}/complete`, {
        outcome: 'Visitou',
      });
    }
    await call(ctx, broker, 'POST', `/activities/${await visit(at(-30))}/cancel`, { reason: 'Chuva' });
    await visit(at(3));
    await call(ctx, broker, 'POST', '/activities', {
      kind: 'call',
      title: 'Ligar',
      dueAt: at(1),
      personId: id,
    });
    const { body } = await call(ctx, broker, 'GET', `/people/${id}/status`);
    expect(body.visits).toEqual({ first: at(-20), last: at(-5), next: at(3) });
  });
});

describe('flags', () => {
  it('records lack of interest (the person stays in the wallet)', async () => {
    const id = await newPerson();
    const res = await call(ctx, broker, 'POST', `/people/${id}/disinterest`, {
      reasonId: lists.disinterest_reason?.[0]?.id,
      note: 'Retomar em 2027',
    });
    expect(res.body.disinterest).toMatchObject({
      reason: { label: 'Sem orçamento' },
      note: 'Retomar em 2027',
    });
    expect((await call(ctx, broker, 'GET', `/people/${id}`)).body.ownerId).toBe(broker.id);
    const flagged = (await changes(id))[0];
    expect(flagged).toMatchObject({ kind: 'person_flagged', data: { flag: 'disinterest' } });
  });

  it('takes a "not a client" out of every wallet', async () => {
    const id = await newPerson();
    const res = await call(ctx, broker, 'POST', `/people/${id}/non-client`, {
      reason: 'supplier',
      note: 'Fornecedor de esquadrias',
    });
    expect(res.status).toBe(200);
    const read = await call(ctx, admin, 'GET', `/people/${id}`);
    expect(read.body.ownerId).toBeNull();
    // The broker's wallet no longer holds it.
    expect((await call(ctx, broker, 'GET', `/people/${id}`)).status).toBe(404);
    const kinds = (await changes(id, admin)).map((e) => e.kind);
    expect(kinds.slice(0, 2)).toEqual(['owner_changed', 'person_flagged']);
  });

  it('archives (Excluir) out of every list and search; only an admin opens and restores it', async () => {
    const id = await newPerson();
    const person = (await call(ctx, broker, 'GET', `/people/${id}`)).body;
    expect((await call(ctx, broker, 'POST', `/people/${id}/archive`)).status).toBe(403);
    const archived = await call(ctx, admin, 'POST', `/people/${id}/archive`);
    expect(archived.body.archived).toMatchObject({ by: { id: admin.id, name: 'Admin' } });
    for (const user of [broker, admin]) {
      const list = await call(ctx, user, 'GET', `/people?q=${person.document}`);
      expect(list.body.total).toBe(0);
    }
    expect((await call(ctx, broker, 'GET', `/people/${id}`)).status).toBe(404);
    expect(
      (await call(ctx, broker, 'PATCH', `/people/${id}`, { name: 'Xavier' }, { 'if-match': '"1"' })).status,
    ).toBe(404);
    expect((await call(ctx, admin, 'GET', `/people/${id}`)).status).toBe(200);
    const archivedList = await call(ctx, admin, 'GET', '/people?archived=true');
    expect(archivedList.body.items.map((p: { id: string }) => p.id)).toContain(id);
    expect(
      (await call(ctx, broker, 'GET', '/people?archived=true')).body.items.map((p: { id: string }) => p.id),
    ).not.toContain(id);
    expect((await call(ctx, broker, 'POST', `/people/${id}/restore`)).status).toBe(403);
    const restored = await call(ctx, admin, 'POST', `/people/${id}/restore`);
    expect(restored.body.archived).toBeNull();
    expect((await call(ctx, broker, 'GET', `/people/${id}`)).status).toBe(200);
    expect((await changes(id)).slice(0, 2).map((e) => e.data.flag)).toEqual(['restored', 'archived']);
  });

  it('keeps the deny list to the roles allowed to change it', async () => {
    const id = await newPerson();
    expect(
      (await call(ctx, broker, 'PUT', `/people/${id}/do-not-contact`, { doNotContact: true })).status,
    ).toBe(403);
    const on = await call(ctx, admin, 'PUT', `/people/${id}/do-not-contact`, { doNotContact: true });
    expect(on.body.doNotContact).toBe(true);
    expect((await call(ctx, broker, 'GET', `/people/${id}/status`)).body.doNotContact).toBe(true);
  });
});

describe('the action matrix', () => {
  it('decides per role which actions the API accepts, versioned', async () => {
    const id = await newPerson(attendant);
    expect((await call(ctx, attendant, 'POST', `/people/${id}/non-client`, { reason: 'test' })).status).toBe(
      403,
    );
    const read = await call(ctx, broker, 'GET', '/workspace/action-matrix');
    expect(read.body.matrix.broker.archive).toBe(false);
    const matrix = structuredClone(read.body.matrix);
    matrix.attendant.changeTemperature = false;
    matrix.attendant.comment = false;
    matrix.admin.archive = false; // admins always keep every action
    expect(
      (
        await call(
          ctx,
          broker,
          'PUT',
          '/workspace/action-matrix',
          { matrix },
          { 'if-match': read.headers.etag as string },
        )
      ).status,
    ).toBe(403);
    const saved = await call(
      ctx,
      admin,
      'PUT',
      '/workspace/action-matrix',
      { matrix },
      { 'if-match': read.headers.etag as string },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.matrix.admin.archive).toBe(true);
    const stale = await call(
      ctx,
      admin,
      'PUT',
      '/workspace/action-matrix',
      { matrix },
      { 'if-match': read.headers.etag as string },
    );
    expect(stale.status).toBe(412);
    const refused = await call(ctx, attendant, 'POST', `/people/${id}/temperature`, { temperature: 'hot' });
    expect(refused.status).toBe(403);
    expect((await call(ctx, attendant, 'GET', `/people/${id}/status`)).body.allowedActions).not.toContain(
      'changeTemperature',
    );
    // Comentar: a plain note is refused too, not only one with files.
    expect((await call(ctx, attendant, 'POST', `/people/${id}/notes`, { body: 'Oi' })).status).toBe(403);
    expect(
      (await call(ctx, broker, 'POST', `/people/${await newPerson()}/temperature`, { temperature: 'hot' }))
        .status,
    ).toBe(200);
  });

  it('keeps every chain intact', async () => {
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
  });
});
