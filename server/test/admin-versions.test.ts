import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';

/**
 * Concurrent edits of users, teams, branches and the role matrix: every write names the version it was
 * based on (If-Match); of two writes based on the same version exactly one wins and the other changes nothing.
 */
let ctx: TestContext;
let workspaceId: string;
let admin: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ workspaceId } = await createWorkspace(ctx.db));
  admin = await createUser(ctx, workspaceId, 'admin');
});
afterAll(() => ctx.close());

const send = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  opts: { as?: TestUser; ifMatch?: string | undefined; payload?: object } = {},
) =>
  ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: {
      cookie: (opts.as ?? admin).cookie,
      ...(opts.ifMatch === undefined ? {} : { 'if-match': opts.ifMatch }),
    },
    ...(opts.payload ? { payload: opts.payload } : {}),
  });

/** Sends both edits at once; returns [winner, loser] after checking there is exactly one of each. */
async function race(edit: (i: number) => Promise<LightMyRequestResponse>) {
  const results = await Promise.all([edit(0), edit(1)]);
  expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
  const loser = results.find((r) => r.statusCode === 412) as LightMyRequestResponse;
  expect(loser.json().code).toBe('version-mismatch');
  return [
    results.indexOf(results.find((r) => r.statusCode === 200) as LightMyRequestResponse),
    loser,
  ] as const;
}

const findIn = async (url: string, id: string) =>
  (await send('GET', url)).json().items.find((i: { id: string }) => i.id === id);

describe('users', () => {
  it('exposes the version in the JSON and the ETag', async () => {
    const res = await send('POST', '/users', {
      payload: {
        name: 'Versionada',
        email: 'versionada@teste.funil',
        password: 'senha-forte-1',
        role: 'broker',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().version).toBe(1);
    expect(res.headers.etag).toBe('"1"');
    expect((await findIn('/users', res.json().id)).version).toBe(1);
  });

  it('two concurrent edits of the same version: one 200, one 412 that changed nothing', async () => {
    const user = await createUser(ctx, workspaceId, 'broker');
    const names = ['Edição A', 'Edição B'];
    // The loser also tries to deactivate: a 412 must not end the user's sessions either.
    const [winner] = await race((i) =>
      send('PATCH', `/users/${user.id}`, {
        ifMatch: '"1"',
        payload: i === 0 ? { name: names[0] } : { name: names[1], active: false, role: 'attendant' },
      }),
    );
    const stored = await findIn('/users', user.id);
    expect(stored).toMatchObject({ name: names[winner], version: 2 });
    if (winner === 0) {
      expect(stored).toMatchObject({ active: true, role: 'broker' });
      expect((await send('GET', '/auth/me', { as: user })).statusCode).toBe(200);
    }
  });

  it('428 without If-Match, 412 when stale, W/ accepted; the ETag follows the version', async () => {
    const user = await createUser(ctx, workspaceId, 'broker');
    const missing = await send('PATCH', `/users/${user.id}`, { payload: { name: 'Sem Versão' } });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('precondition-required');
    const ok = await send('PATCH', `/users/${user.id}`, { ifMatch: 'W/"1"', payload: { name: 'Primeira' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json().version).toBe(2);
    const stale = await send('PATCH', `/users/${user.id}`, {
      ifMatch: '"1"',
      payload: { active: false },
    });
    expect(stale.statusCode).toBe(412);
    expect(await findIn('/users', user.id)).toMatchObject({ name: 'Primeira', active: true, version: 2 });
    expect((await send('GET', '/auth/me', { as: user })).statusCode).toBe(200);
  });

  it('a non-admin gets 403 whatever version it names (428 without one: HTTP checks it before the use case)', async () => {
    const broker = await createUser(ctx, workspaceId, 'broker');
    const patch = (ifMatch?: string) =>
      send('PATCH', `/users/${broker.id}`, { as: broker, payload: { name: 'Eu' }, ifMatch });
    expect((await patch('"1"')).statusCode).toBe(403);
    expect((await patch('"99"')).statusCode).toBe(403);
    expect((await patch()).statusCode).toBe(428);
  });
});

describe('teams', () => {
  it('two concurrent edits of the same version: one wins with its name and members, the other changes nothing', async () => {
    const [a, b, c] = await Promise.all(
      ['broker', 'broker', 'broker'].map(() => createUser(ctx, workspaceId, 'broker')),
    );
    const created = await send('POST', '/teams', {
      payload: { name: 'Equipe Corrida', managerIds: [], memberIds: [a?.id] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const team = created.json();
    const edits = [
      { name: 'Corrida B', memberIds: [b?.id] },
      { name: 'Corrida C', memberIds: [c?.id] },
    ];
    const [winner] = await race((i) =>
      send('PATCH', `/teams/${team.id}`, { ifMatch: '"1"', payload: edits[i] as object }),
    );
    expect(await findIn('/teams', team.id)).toMatchObject({ ...edits[winner], version: 2 });
  });

  it('428 without If-Match and nothing changes; a stale one gets 412', async () => {
    const member = await createUser(ctx, workspaceId, 'broker');
    const team = (
      await send('POST', '/teams', {
        payload: { name: 'Equipe Fixa', managerIds: [], memberIds: [member.id] },
      })
    ).json();
    const missing = await send('PATCH', `/teams/${team.id}`, { payload: { name: 'Outro', memberIds: [] } });
    expect(missing.statusCode).toBe(428);
    const ok = await send('PATCH', `/teams/${team.id}`, { ifMatch: '"1"', payload: { active: false } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await send('PATCH', `/teams/${team.id}`, { ifMatch: '"1"', payload: { memberIds: [] } });
    expect(stale.statusCode).toBe(412);
    expect(await findIn('/teams', team.id)).toMatchObject({
      name: 'Equipe Fixa',
      active: false,
      memberIds: [member.id],
      version: 2,
    });
  });
});

describe('branches', () => {
  it('versions branch edits like the others', async () => {
    const branch = (await send('POST', '/branches', { payload: { name: 'Filial Versionada' } })).json();
    expect(branch.version).toBe(1);
    expect((await send('PATCH', `/branches/${branch.id}`, { payload: { name: 'Sem' } })).statusCode).toBe(
      428,
    );
    const [winner] = await race((i) =>
      send('PATCH', `/branches/${branch.id}`, { ifMatch: '"1"', payload: { name: `Filial ${i}` } }),
    );
    expect(await findIn('/branches', branch.id)).toMatchObject({ name: `Filial ${winner}`, version: 2 });
    expect((await send('PATCH', `/branches/${branch.id}`, { payload: {} })).statusCode).toBe(428);
    expect(
      (await send('PATCH', `/branches/${randomUUID()}`, { ifMatch: '"1"', payload: {} })).statusCode,
    ).toBe(404);
  });
});

describe('role matrix', () => {
  it('GET carries the ETag; two concurrent PUTs of the same version: one 200, one 412 that changed nothing', async () => {
    const { workspaceId: other } = await createWorkspace(ctx.db, 'Matriz Concorrente');
    const otherAdmin = await createUser(ctx, other, 'admin');
    const read = await send('GET', '/workspace/role-matrix', { as: otherAdmin });
    expect(read.headers.etag).toBe('"1"');
    const matrix = read.json();
    const edits = [
      { ...matrix, attendant: { ...matrix.attendant, peopleScope: 'all' } },
      {
        ...matrix,
        attendant: {
          peopleScope: 'managed',
          capabilities: { ...matrix.attendant.capabilities, exportPeople: true },
        },
      },
    ];
    const [winner] = await race((i) =>
      send('PUT', '/workspace/role-matrix', { as: otherAdmin, ifMatch: '"1"', payload: edits[i] as object }),
    );
    const after = await send('GET', '/workspace/role-matrix', { as: otherAdmin });
    expect(after.headers.etag).toBe('"2"');
    expect(after.json()).toEqual(edits[winner]);
  });

  it('428 without If-Match; 403 for non-admins; a successful PUT answers the new ETag', async () => {
    const { workspaceId: other } = await createWorkspace(ctx.db, 'Matriz Sem Versão');
    const otherAdmin = await createUser(ctx, other, 'admin');
    const manager = await createUser(ctx, other, 'manager');
    const matrix = (await send('GET', '/workspace/role-matrix', { as: otherAdmin })).json();
    const edited = { ...matrix, broker: { ...matrix.broker, peopleScope: 'managed' } };
    const missing = await send('PUT', '/workspace/role-matrix', { as: otherAdmin, payload: edited });
    expect(missing.statusCode).toBe(428);
    expect(
      (await send('PUT', '/workspace/role-matrix', { as: manager, ifMatch: '"1"', payload: edited }))
        .statusCode,
    ).toBe(403);
    const ok = await send('PUT', '/workspace/role-matrix', {
      as: otherAdmin,
      ifMatch: '"1"',
      payload: edited,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await send('PUT', '/workspace/role-matrix', {
      as: otherAdmin,
      ifMatch: '"1"',
      payload: matrix,
    });
    expect(stale.statusCode).toBe(412);
    expect((await send('GET', '/workspace/role-matrix', { as: otherAdmin })).json()).toEqual(edited);
  });
});

describe('OpenAPI', () => {
  it('documents If-Match on the admin edits', async () => {
    const doc = (await send('GET', '/openapi.json')).json();
    for (const [path, method] of [
      ['/api/v1/users/{id}', 'patch'],
      ['/api/v1/teams/{id}', 'patch'],
      ['/api/v1/branches/{id}', 'patch'],
      ['/api/v1/workspace/role-matrix', 'put'],
    ] as const) {
      const params = doc.paths[path][method].parameters as { in: string; name: string }[];
      expect(params, `${method} ${path}`).toContainEqual(
        expect.objectContaining({ in: 'header', name: 'if-match' }),
      );
    }
  });
});
