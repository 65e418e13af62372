import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, createUser, createWorkspace, type TestContext } from './helpers.ts';

let ctx: TestContext;
let logs = '';

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    logs += chunk.toString();
  });
  ctx = await createTestContext({ logStream: stream });
});
afterAll(() => ctx.close());

it('never writes CPFs, passwords or session tokens to the logs, even at trace level', async () => {
  const { workspaceId } = await createWorkspace(ctx.db);
  const user = await createUser(ctx, workspaceId, 'broker');
  const cpf = '52998224725';
  await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: { cookie: user.cookie },
    payload: { kind: 'individual', name: 'Pessoa Sigilosa', document: cpf },
  });
  await ctx.app.inject({ url: `/api/v1/people?q=${cpf}`, headers: { cookie: user.cookie } });
  await ctx.app.inject({ url: '/api/v1/people?q=529.982.247-25', headers: { cookie: user.cookie } });
  await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: 'senha-errada-999' },
  });
  expect(logs.length).toBeGreaterThan(0);
  expect(logs).toContain('/api/v1/people');
  expect(logs).not.toContain(cpf);
  expect(logs).not.toContain('529.982.247-25');
  expect(logs).not.toContain('senha-errada-999');
  expect(logs).not.toContain(user.cookie.split('=')[1]);
});
