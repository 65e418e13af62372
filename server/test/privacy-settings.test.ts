import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers.ts';
import { call, opportunityWorld, type World } from './opportunity-fixtures.ts';

let ctx: TestContext;
let w: World;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
});
afterAll(() => ctx.close());

const settings = {
  controllerName: 'Construtora Horizonte Ltda',
  dpoName: 'Beatriz Encarregada',
  dpoEmail: 'dpo@horizonte.example',
  dpoPhone: '(11) 3333-4444',
};

describe('the controller and its Encarregado (LGPD art. 41)', () => {
  it('start empty, are named by an admin under If-Match, and everyone in the workspace reads them', async () => {
    const empty = await call(ctx, w.brokerA1, 'GET', '/workspace/privacy-settings');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ controllerName: '', dpoName: '', dpoEmail: '', dpoPhone: '' });

    const denied = await call(ctx, w.brokerA1, 'PUT', '/workspace/privacy-settings', settings, {
      'if-match': empty.headers.etag as string,
    });
    expect(denied.status).toBe(403);

    const saved = await call(ctx, w.admin, 'PUT', '/workspace/privacy-settings', settings, {
      'if-match': empty.headers.etag as string,
    });
    expect(saved.status).toBe(200);
    expect((await call(ctx, w.brokerA1, 'GET', '/workspace/privacy-settings')).body).toMatchObject(settings);

    const stale = await call(
      ctx,
      w.admin,
      'PUT',
      '/workspace/privacy-settings',
      { ...settings, dpoName: 'Outra pessoa' },
      { 'if-match': empty.headers.etag as string },
    );
    expect(stale.status).toBe(412);
    expect((await call(ctx, w.admin, 'GET', '/workspace/privacy-settings')).body.dpoName).toBe(
      settings.dpoName,
    );
  });

  it('a bad e-mail is a 422 naming the field, and nothing changes', async () => {
    const read = await call(ctx, w.admin, 'GET', '/workspace/privacy-settings');
    const bad = await call(
      ctx,
      w.admin,
      'PUT',
      '/workspace/privacy-settings',
      { ...settings, dpoEmail: 'não é e-mail' },
      { 'if-match': read.headers.etag as string },
    );
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'dpoEmail', code: 'invalid_email' })]);
    expect((await call(ctx, w.admin, 'GET', '/workspace/privacy-settings')).headers.etag).toBe(
      read.headers.etag,
    );
  });
});
