import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseConsentEvidence } from '../src/modules/consents/consents.service.ts';
import { runImport } from '../src/modules/imports/imports.service.ts';
import { processIntakeLead } from '../src/modules/intake/intake.jobs.ts';
import { claimUnqueued } from '../src/modules/intake/intake.repository.ts';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
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

  it('lets an anonymization erase only the evidence; any other change is still refused', async () => {
    const purpose = await newPurpose('Evidência apagável');
    const personId = await personOf();
    await call(ctx, w.brokerA1, 'POST', `/people/${personId}/consents`, {
      purposeId: purpose.id,
      legalBasis: 'consent',
      evidence: 'IP 198.51.100.7',
    });
    await expect(
      ctx.db.query(
        `UPDATE consent_records SET evidence = '', evidence_erased_at = now(), action = 'revoked' WHERE person_id = $1`,
        [personId],
      ),
    ).rejects.toThrow(/permission denied/);
    // The trigger holds even for the table's owner: only the evidence may change, and only to erased.
    const owner = new pg.Client({ connectionString: ctx.ownerUrl });
    await owner.connect();
    try {
      await expect(
        owner.query(
          `UPDATE consent_records SET evidence = '', evidence_erased_at = now(), action = 'revoked' WHERE person_id = $1`,
          [personId],
        ),
      ).rejects.toThrow(/append-only/);
      await expect(
        owner.query('DELETE FROM consent_records WHERE person_id = $1', [personId]),
      ).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
    await expect(
      ctx.db.query(`UPDATE consent_records SET evidence = 'outra' WHERE person_id = $1`, [personId]),
    ).rejects.toThrow(/append-only|permission denied/);
    expect(await eraseConsentEvidence(ctx.db, w.workspaceId, [personId])).toBe(1);
    expect(await eraseConsentEvidence(ctx.db, w.workspaceId, [personId])).toBe(0);
    const log = (await call(ctx, w.admin, 'GET', `/people/${personId}/consents`)).body.log;
    expect(log).toEqual([
      expect.objectContaining({ evidence: '', action: 'granted', legalBasis: 'consent' }),
    ]);
  });
});

/** The consent records of a person, read as the admin. */
async function logOf(personId: string) {
  const res = await call(ctx, w.admin, 'GET', `/people/${personId}/consents`);
  expect(res.status).toBe(200);
  return res.body.log as { source: string; legalBasis: string; action: string; purpose: { id: string } }[];
}

describe('lead sources and imports carry it', () => {
  it('a lead source with a purpose records it (source intake) for the person each lead creates or updates', async () => {
    const purpose = await newPurpose('Contato sobre o anúncio');
    const bad = await call(ctx, w.admin, 'POST', '/intake/sources', {
      name: 'Portal sem finalidade',
      preset: 'olx_zap',
      pipelineId: w.pipelineId,
      consentSetting: { purposeId: '00000000-0000-4000-8000-000000000000', legalBasis: 'consent' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('consentSetting.purposeId');
    const created = await call(ctx, w.admin, 'POST', '/intake/sources', {
      name: 'Portal com finalidade',
      preset: 'olx_zap',
      pipelineId: w.pipelineId,
      consentSetting: { purposeId: purpose.id, legalBasis: 'legitimate_interest' },
    });
    expect(created.status).toBe(201);
    expect(created.body.source.consentSetting).toEqual({
      purposeId: purpose.id,
      legalBasis: 'legitimate_interest',
    });
    const send = async (originLeadId: string) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/intake/${created.body.source.id}/leads`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${created.body.token}` },
        payload: JSON.stringify({ originLeadId, name: 'Lia Portal', email: 'lia.portal@exemplo.com' }),
      });
      expect(res.statusCode).toBe(202);
      for (const l of await claimUnqueued(ctx.db, 100)) {
        await processIntakeLead(ctx.db, { workspaceId: l.workspace_id, leadId: l.id });
      }
      return res.json().id as string;
    };
    const leadId = await send('consent-1');
    const personId = (await ctx.db.query('SELECT person_id FROM intake_leads WHERE id = $1', [leadId]))
      .rows[0].person_id as string;
    expect(await logOf(personId)).toEqual([
      expect.objectContaining({
        source: 'intake',
        legalBasis: 'legitimate_interest',
        action: 'granted',
        recordedBy: null,
        purpose: expect.objectContaining({ id: purpose.id }),
      }),
    ]);
    // The same person again (by e-mail): one more record, never a second person.
    await send('consent-2');
    expect((await logOf(personId)).map((r) => r.source)).toEqual(['intake', 'intake']);
  });

  it('an import with a purpose records it (source import) for every person it creates', async () => {
    const purpose = await newPurpose('Ofertas de lançamentos');
    const csv = 'Nome;E-mail\nImportada Um;imp.um@exemplo.com\nImportada Dois;imp.dois@exemplo.com\n';
    const boundary = '----consents-boundary';
    const up = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { cookie: w.admin.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lgpd.csv"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        Buffer.from(csv),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(up.statusCode).toBe(201);
    const imp = up.json() as { id: string; mapping: (string | null)[] };
    const put = await call(ctx, w.admin, 'PUT', `/imports/${imp.id}`, {
      mapping: imp.mapping,
      policy: 'skip',
      consentSetting: { purposeId: purpose.id, legalBasis: 'consent' },
    });
    expect(put.status).toBe(200);
    expect(put.body.consentSetting).toEqual({ purposeId: purpose.id, legalBasis: 'consent' });
    expect((await call(ctx, w.admin, 'POST', `/imports/${imp.id}/start`)).status).toBe(202);
    await runImport(ctx.db, w.workspaceId, imp.id);
    const { rows } = await ctx.db.query(
      `SELECT person_id FROM import_rows WHERE import_id = $1 AND status = 'created' ORDER BY row_no`,
      [imp.id],
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(await logOf(r.person_id)).toEqual([
        expect.objectContaining({ source: 'import', legalBasis: 'consent', action: 'granted' }),
      ]);
      const timeline = await call(ctx, w.admin, 'GET', `/people/${r.person_id}/timeline`);
      expect(timeline.body.items[0].kind).toBe('consent_granted');
    }
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
  });
});
