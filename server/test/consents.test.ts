import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers.ts';
import { call, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

let ctx: TestContext;
let w: World;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
});
afterAll(() => ctx.close());

async function newPurpose(name: string, text = `Autorizo o uso dos meus dados para ${name}.`) {
  const res = await call(ctx, w.admin, 'POST', '/consent-purposes', { name, text });
  expect(res.status).toBe(201);
  return res.body as { id: string; textVersion: number };
}

async function personOf(user = w.brokerA1) {
  const res = await call(ctx, user, 'POST', '/people', personBody());
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('consent purposes', () => {
  it('are created and edited by admins only; a new text is a new version and the old one stays readable', async () => {
    const denied = await call(ctx, w.brokerA1, 'POST', '/consent-purposes', { name: 'Ofertas', text: 'x' });
    expect(denied.status).toBe(403);
    const purpose = await newPurpose('Ofertas por e-mail', 'Texto 1');
    expect(purpose.textVersion).toBe(1);
    const dup = await call(ctx, w.admin, 'POST', '/consent-purposes', {
      name: 'ofertas POR e-mail',
      text: 'x',
    });
    expect(dup.status).toBe(422);
    expect(dup.body.errors[0]).toMatchObject({ field: 'name', code: 'duplicate' });

    const edited = await call(ctx, w.admin, 'PATCH', `/consent-purposes/${purpose.id}`, { text: 'Texto 2' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ text: 'Texto 2', textVersion: 2 });
    const renamed = await call(ctx, w.admin, 'PATCH', `/consent-purposes/${purpose.id}`, {
      description: 'd',
    });
    expect(renamed.body.textVersion).toBe(2);
    expect(
      (await call(ctx, w.brokerA1, 'PATCH', `/consent-purposes/${purpose.id}`, { text: 'y' })).status,
    ).toBe(403);
    const texts = await call(ctx, w.brokerA1, 'GET', `/consent-purposes/${purpose.id}/texts`);
    expect(texts.body.items.map((t: { version: number; text: string }) => [t.version, t.text])).toEqual([
      [2, 'Texto 2'],
      [1, 'Texto 1'],
    ]);

    const archived = await call(ctx, w.admin, 'PATCH', `/consent-purposes/${purpose.id}`, { archived: true });
    expect(archived.body.archived).toBe(true);
    const active = await call(ctx, w.brokerA1, 'GET', '/consent-purposes');
    expect(active.body.items.map((p: { id: string }) => p.id)).not.toContain(purpose.id);
    const all = await call(ctx, w.brokerA1, 'GET', '/consent-purposes?includeArchived=true');
    expect(all.body.items.map((p: { id: string }) => p.id)).toContain(purpose.id);
    // An archived purpose takes no new records.
    const personId = await personOf();
    const refused = await call(ctx, w.brokerA1, 'POST', `/people/${personId}/consents`, {
      purposeId: purpose.id,
      legalBasis: 'consent',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('purposeId');
  });
});

describe('a person’s consent log', () => {
  it('records a basis under the current text version, revokes it, and keeps both (with timeline events)', async () => {
    const purpose = await newPurpose('WhatsApp comercial');
    await call(ctx, w.admin, 'PATCH', `/consent-purposes/${purpose.id}`, { text: 'Versão 2 do texto' });
    const personId = await personOf();
    const granted = await call(ctx, w.brokerA1, 'POST', `/people/${personId}/consents`, {
      purposeId: purpose.id,
      legalBasis: 'consent',
      evidence: 'formulário do site, IP 203.0.113.9',
    });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({
      action: 'granted',
      legalBasis: 'consent',
      source: 'manual',
      textVersion: 2,
      recordedBy: { id: w.brokerA1.id, name: 'Corretora A1' },
    });
    let state = await call(ctx, w.brokerA1, 'GET', `/people/${personId}/consents`);
    expect(state.body.current).toEqual([
      expect.objectContaining({ purpose: { id: purpose.id, name: 'WhatsApp comercial' }, active: true }),
    ]);

    const revoked = await call(ctx, w.brokerA1, 'POST', `/people/${personId}/consents/${purpose.id}/revoke`, {
      evidence: 'pediu por telefone',
    });
    expect(revoked.status).toBe(201);
    expect(revoked.body).toMatchObject({ action: 'revoked', legalBasis: 'consent' });
    state = await call(ctx, w.brokerA1, 'GET', `/people/${personId}/consents`);
    expect(state.body.current).toEqual([expect.objectContaining({ action: 'revoked', active: false })]);
    expect(state.body.log.map((r: { action: string }) => r.action)).toEqual(['revoked', 'granted']);

    const again = await call(
      ctx,
      w.brokerA1,
      'POST',
      `/people/${personId}/consents/${purpose.id}/revoke`,
      {},
    );
    expect(again.status).toBe(409);

    const timeline = await call(ctx, w.brokerA1, 'GET', `/people/${personId}/timeline`);
    const kinds = timeline.body.items.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(0, 2)).toEqual(['consent_revoked', 'consent_granted']);
  });

  it('follows the people visibility policy: a broker who does not see the person gets 404', async () => {
    const purpose = await newPurpose('Pesquisa de satisfação');
    const personId = await personOf(w.brokerA1);
    const body = { purposeId: purpose.id, legalBasis: 'legitimate_interest' };
    expect((await call(ctx, w.brokerB1, 'GET', `/people/${personId}/consents`)).status).toBe(404);
    expect((await call(ctx, w.brokerB1, 'POST', `/people/${personId}/consents`, body)).status).toBe(404);
    expect(
      (await call(ctx, w.brokerB1, 'POST', `/people/${personId}/consents/${purpose.id}/revoke`, {})).status,
    ).toBe(404);
    // The manager of the owner's team and the admin see it.
    expect((await call(ctx, w.manager, 'POST', `/people/${personId}/consents`, body)).status).toBe(201);
    const adminView = await call(ctx, w.admin, 'GET', `/people/${personId}/consents`);
    expect(adminView.body.log).toHaveLength(1);
    // Bad input is a 422, never a 500.
    const bad = await call(ctx, w.brokerA1, 'POST', `/people/${personId}/consents`, {
      purposeId: purpose.id,
      legalBasis: 'because',
    });
    expect(bad.status).toBe(422);
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE as the app fail', async () => {
    const purpose = await newPurpose('Append-only');
    const personId = await personOf();
    const rec = await call(ctx, w.brokerA1, 'POST', `/people/${personId}/consents`, {
      purposeId: purpose.id,
      legalBasis: 'contract',
    });
    const id = rec.body.id as string;
    await expect(
      ctx.db.query(`UPDATE consent_records SET action = 'revoked' WHERE id = $1`, [id]),
    ).rejects.toThrow(/append-only|permission denied/);
    await expect(ctx.db.query('DELETE FROM consent_records WHERE id = $1', [id])).rejects.toThrow(
      /append-only|permission denied/,
    );
    await expect(ctx.db.query('TRUNCATE consent_records')).rejects.toThrow(/append-only|permission denied/);
    await expect(
      ctx.db.query('UPDATE consent_purpose_texts SET text = $1 WHERE purpose_id = $2', ['x', purpose.id]),
    ).rejects.toThrow(/append-only|permission denied/);
    const after = await call(ctx, w.brokerA1, 'GET', `/people/${personId}/consents`);
    expect(after.body.log).toEqual([expect.objectContaining({ id, action: 'granted' })]);
  });
});
