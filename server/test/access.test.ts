import { formatDocument, generateCpf } from '@funil/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../src/db/seed/demo-data.ts';
import { exportAs } from './export-fixtures.ts';
import {
  createTeam,
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';

/**
 * Role × action × ownership, from people.policy.ts: who may read, list, count, search, edit, see the
 * timeline of, annotate and export a record owned by `owner` (team Alfa, branch Matriz) and shared with
 * `sharedBroker`.
 */
const random = createRandom(99);
let ctx: TestContext;
const users: Record<string, TestUser> = {};
let personId: string;
let personDocument: string;
let foreignPersonId: string;

const EXPECTED: Record<string, boolean> = {
  admin: true,
  owner: true,
  sharedBroker: true,
  teamSharedBroker: true,
  managerOfTeam: true,
  managerOfBranch: true,
  managerElsewhere: false,
  otherBroker: false,
  attendant: false,
  adminOfOtherWorkspace: false,
};

beforeAll(async () => {
  ctx = await createTestContext();
  const { workspaceId, branchId } = await createWorkspace(ctx.db);
  const otherBranch = (
    await ctx.db.query("INSERT INTO branches (workspace_id, name) VALUES ($1, 'Filial 2') RETURNING id", [
      workspaceId,
    ])
  ).rows[0].id;
  users.admin = await createUser(ctx, workspaceId, 'admin');
  users.owner = await createUser(ctx, workspaceId, 'broker', { branchId: otherBranch });
  users.sharedBroker = await createUser(ctx, workspaceId, 'broker', { branchId: otherBranch });
  users.teamSharedBroker = await createUser(ctx, workspaceId, 'broker', { branchId: otherBranch });
  users.managerOfTeam = await createUser(ctx, workspaceId, 'manager', { branchId: otherBranch });
  users.managerOfBranch = await createUser(ctx, workspaceId, 'manager', { branchId });
  users.managerElsewhere = await createUser(ctx, workspaceId, 'manager', { branchId: otherBranch });
  users.otherBroker = await createUser(ctx, workspaceId, 'broker', { branchId });
  users.attendant = await createUser(ctx, workspaceId, 'attendant', { branchId });
  const other = await createWorkspace(ctx.db, 'Outra Empresa');
  users.adminOfOtherWorkspace = await createUser(ctx, other.workspaceId, 'admin');
  await createTeam(ctx.db, workspaceId, [users.managerOfTeam.id], [users.owner.id]);
  const sharedTeam = await createTeam(ctx.db, workspaceId, [], [users.teamSharedBroker.id]);
  await createTeam(ctx.db, workspaceId, [users.managerElsewhere.id], [users.otherBroker.id]);

  personDocument = generateCpf(random);
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: { cookie: users.admin.cookie },
    payload: {
      kind: 'individual',
      name: 'Cliente Sigiloso',
      document: personDocument,
      ownerId: users.owner.id,
      branchId,
      sharedWith: { userIds: [users.sharedBroker.id], teamIds: [sharedTeam] },
    },
  });
  expect(res.statusCode).toBe(201);
  personId = res.json().id;
  const foreign = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: { cookie: users.adminOfOtherWorkspace.cookie },
    payload: { kind: 'individual', name: 'Cliente Sigiloso', document: generateCpf(random) },
  });
  foreignPersonId = foreign.json().id;
});
afterAll(() => ctx.close());

const get = (who: string, url: string) =>
  ctx.app.inject({ url, headers: { cookie: users[who]?.cookie ?? '' } });

describe.each(Object.entries(EXPECTED))('%s', (who, allowed) => {
  it(`${allowed ? 'may' : 'may not'} read the record`, async () => {
    expect((await get(who, `/api/v1/people/${personId}`)).statusCode).toBe(allowed ? 200 : 404);
  });

  it(`${allowed ? 'sees' : 'does not see'} it in the list, the count and the search`, async () => {
    for (const url of [
      '/api/v1/people?limit=100',
      `/api/v1/people?q=sigiloso`,
      `/api/v1/people?q=${personDocument}`,
    ]) {
      const page = (await get(who, url)).json();
      expect(
        page.items.some((p: { id: string }) => p.id === personId),
        url,
      ).toBe(allowed);
      expect(
        page.items.some((p: { id: string }) => p.id === foreignPersonId),
        url,
      ).toBe(who === 'adminOfOtherWorkspace' && !url.includes(personDocument));
      expect(page.total).toBe(page.items.length);
    }
  });

  it(`${allowed ? 'may' : 'may not'} see the timeline, annotate and edit it`, async () => {
    expect((await get(who, `/api/v1/people/${personId}/timeline`)).statusCode).toBe(allowed ? 200 : 404);
    const note = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/people/${personId}/notes`,
      headers: { cookie: users[who]?.cookie ?? '' },
      payload: { body: `nota de ${who}` },
    });
    expect(note.statusCode).toBe(allowed ? 201 : 404);
    const current = (await get('admin', `/api/v1/people/${personId}`)).json();
    const edit = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${personId}`,
      headers: { cookie: users[who]?.cookie ?? '', 'if-match': `"${current.version}"` },
      payload: { tags: [who] },
    });
    expect(edit.statusCode).toBe(allowed ? 200 : 404);
  });

  it('exports only what the role may export and see', async () => {
    const user = users[who];
    if (!user) throw new Error(who);
    const res = await exportAs(ctx, user, { list: 'people' });
    const mayExport = [
      'admin',
      'adminOfOtherWorkspace',
      'managerOfTeam',
      'managerOfBranch',
      'managerElsewhere',
    ].includes(who);
    expect(res.status).toBe(mayExport ? 200 : 403);
    if (mayExport) expect(res.body.includes(formatDocument(personDocument))).toBe(allowed);
  });
});

it('answers 401 without a session', async () => {
  const res = await ctx.app.inject({ url: '/api/v1/people' });
  expect(res.statusCode).toBe(401);
  expect(res.json().code).toBe('unauthenticated');
});

it('the role matrix decides what an attendant sees, and only admins may change it', async () => {
  expect((await get('attendant', `/api/v1/people/${personId}`)).statusCode).toBe(404);
  const read = await get('admin', '/api/v1/workspace/role-matrix');
  const matrix = read.json();
  expect(matrix.attendant).toMatchObject({ peopleScope: 'own', capabilities: { exportPeople: false } });
  const put = (who: string) =>
    ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/workspace/role-matrix',
      headers: { cookie: users[who]?.cookie ?? '', 'if-match': read.headers.etag as string },
      payload: { ...matrix, attendant: { ...matrix.attendant, peopleScope: 'all' } },
    });
  expect((await put('managerOfTeam')).statusCode).toBe(403);
  expect((await put('admin')).statusCode).toBe(200);
  expect((await get('attendant', `/api/v1/people/${personId}`)).statusCode).toBe(200);
  expect((await exportAs(ctx, users.attendant as TestUser, { list: 'people' })).status).toBe(403);
});
