import { formatCpf, generateCpf } from '@funil/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anonymizationGeneration,
  finishUnlessAnonymized,
} from '../src/modules/anonymization/anonymization.service.ts';
import { runExport } from '../src/modules/exports/exports.service.ts';
import { runImport } from '../src/modules/imports/imports.service.ts';
import { processIntakeLead } from '../src/modules/intake/intake.jobs.ts';
import { claimUnqueued } from '../src/modules/intake/intake.repository.ts';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
import { samplePdf } from './attachment-fixtures.ts';
import { createTestContext, type TestContext } from './helpers.ts';
import { call, newOpportunity, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

// LGPD anonymization end to end: identity gone from every read, list, search, file and export, the funnel's
// numbers unchanged, history still verifiable; the suppression list then stops intake, imports and the form.

let ctx: TestContext;
let w: World;
let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const cpf = generateCpf(random);
const subject = {
  name: 'Joana Quitéria Anonimizável',
  phone: '(11) 97654-3210',
  e164: '+5511976543210',
  email: 'joana.quiteria@exemplo.com.br',
};
let personId = '';
let opportunityId = '';

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
});
afterAll(() => ctx.close());

function multipart(field: string, filename: string, contentType: string, bytes: Buffer) {
  const boundary = '----funil-anon-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function exportPeopleCsv() {
  const asked = await call(ctx, w.admin, 'POST', '/exports', { list: 'people', format: 'csv', filters: {} });
  expect(asked.status).toBe(202);
  await runExport({ db: ctx.db, files: ctx.files }, { workspaceId: w.workspaceId, exportId: asked.body.id });
  const file = await ctx.app.inject({
    url: `/api/v1/exports/${asked.body.id}/file`,
    headers: { cookie: w.admin.cookie },
  });
  return { id: asked.body.id as string, status: file.statusCode, body: file.body };
}

const report = async () => (await call(ctx, w.admin, 'GET', `/pipelines/${w.pipelineId}/report`)).body;

describe('anonymizing a person', () => {
  it('removes name, CPF, phones, e-mails, addresses and files everywhere and keeps the statistics', async () => {
    const { holderId, opportunity } = await newOpportunity(
      ctx,
      w,
      w.brokerA1,
      { valueCents: 4_500_000, title: `Apartamento de ${subject.name}` },
      {
        name: subject.name,
        document: cpf,
        phones: [{ number: subject.phone, type: 'whatsapp' }],
        emails: [{ address: subject.email }],
      },
    );
    personId = holderId;
    opportunityId = opportunity.id;
    const other = await newOpportunity(ctx, w, w.brokerA1, { valueCents: 100_000 });
    await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunityId}/move`, { stageId: w.stages[1]?.id });
    const note = await call(ctx, w.brokerA1, 'POST', `/people/${personId}/notes`, {
      body: `Ligar para ${subject.name} no ${subject.phone}`,
    });
    expect(note.status).toBe(201);
    const pdf = samplePdf();
    const body = multipart('file', 'rg-joana.pdf', 'application/pdf', pdf);
    const uploaded = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/people/${personId}/attachments`,
      headers: { cookie: w.brokerA1.cookie, ...body.headers },
      payload: body.payload,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const fileKey = (await ctx.db.query('SELECT file_key FROM attachments WHERE person_id = $1', [personId]))
      .rows[0].file_key as string;
    expect((await ctx.files.get(fileKey)).length).toBe(pdf.length);
    const before = await report();
    const unrelated = await call(ctx, w.admin, 'POST', '/exports', {
      list: 'people',
      format: 'xlsx',
      filters: { q: 'Nenhuma Pessoa Assim' },
    });
    await runExport(
      { db: ctx.db, files: ctx.files },
      { workspaceId: w.workspaceId, exportId: unrelated.body.id },
    );
    const oldExport = await exportPeopleCsv();
    expect(oldExport.body).toContain(subject.name);

    // Only managePrivacy; never a 500 for a bad body.
    const refused = await call(ctx, w.brokerA1, 'POST', `/people/${personId}/anonymize`, {
      reason: 'Pedido',
    });
    expect(refused.status).toBe(403);
    expect((await call(ctx, w.admin, 'POST', `/people/${personId}/anonymize`, {})).status).toBe(422);
    const unknownRequest = await call(ctx, w.admin, 'POST', `/people/${personId}/anonymize`, {
      reason: 'Pedido do titular (art. 18)',
      requestId: '6f1c2c9e-3b7a-4a55-9a0e-2f4d1c3b5a77',
    });
    expect(unknownRequest.status).toBe(422);
    const requestId = (
      await call(ctx, w.admin, 'POST', '/privacy/requests', {
        kind: 'anonymization',
        channel: 'email',
        personId,
      })
    ).body.id;
    const done = await call(ctx, w.admin, 'POST', `/people/${personId}/anonymize`, {
      reason: 'Pedido do titular (art. 18)',
      requestId,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ personId, requestId, by: { id: w.admin.id } });
    expect(done.body.removed).toMatchObject({ phones: 1, emails: 1, addresses: 1, attachments: 1 });
    expect(done.body.removed.exportsWithdrawn).toBe(1);
    expect(JSON.stringify(done.body)).not.toContain('Joana');

    // The person page, the list, the search.
    const page = await call(ctx, w.admin, 'GET', `/people/${personId}`);
    expect(page.body.name).toMatch(/^Titular anonimizado [0-9a-f]{8}$/);
    expect(page.body).toMatchObject({
      document: null,
      phones: [],
      emails: [],
      addresses: [],
      birthDate: null,
    });
    const search = await call(ctx, w.admin, 'GET', `/people?q=${encodeURIComponent('Joana Quitéria')}`);
    expect(search.body.items).toEqual([]);
    const byCpf = await call(ctx, w.admin, 'GET', `/people?q=${cpf}`);
    expect(byCpf.body.items).toEqual([]);
    const list = await call(ctx, w.admin, 'GET', '/people?limit=100');
    expect(JSON.stringify(list.body)).not.toContain('Joana');
    expect(JSON.stringify(list.body)).not.toContain(subject.e164);
    // Files: the row and the bytes.
    expect((await call(ctx, w.admin, 'GET', `/people/${personId}/attachments`)).body.items).toEqual([]);
    await expect(ctx.files.get(fileKey)).rejects.toThrow();
    // The timeline keeps its events (chain intact) but none of their personal values.
    const timeline = await call(ctx, w.admin, 'GET', `/people/${personId}/timeline?limit=100`);
    expect(timeline.status).toBe(200);
    const text = JSON.stringify(timeline.body);
    expect(text).not.toContain('Joana');
    expect(text).not.toContain('97654');
    expect(text).toContain('person_anonymized');
    const leftovers = await ctx.db.query(
      `SELECT count(*)::int AS n FROM timeline_payloads
       WHERE workspace_id = $1 AND (payload::text ILIKE '%joana%' OR payload::text LIKE $2 OR payload::text LIKE $3)`,
      [w.workspaceId, `%${cpf}%`, '%976543210%'],
    );
    expect(leftovers.rows[0].n).toBe(0);
    // The export made before is withdrawn; a new one does not list the person.
    const withdrawn = await call(ctx, w.admin, 'GET', `/exports/${oldExport.id}`);
    expect(withdrawn.body).toMatchObject({ downloadable: false });
    expect(withdrawn.body.withdrawnAt).not.toBeNull();
    expect(
      (
        await ctx.app.inject({
          url: `/api/v1/exports/${oldExport.id}/file`,
          headers: { cookie: w.admin.cookie },
        })
      ).statusCode,
    ).toBe(409);
    // An export that does not list the person stays downloadable.
    const kept = await call(ctx, w.admin, 'GET', `/exports/${unrelated.body.id}`);
    expect(kept.body).toMatchObject({ downloadable: true, withdrawnAt: null });
    const newExport = await exportPeopleCsv();
    expect(newExport.status).toBe(200);
    expect(newExport.body).toContain('Titular anonimizado');
    expect(newExport.body).not.toContain('Joana');
    expect(newExport.body).not.toContain(formatCpf(cpf));
    // Statistics: the card keeps value, stage and owner; the report's numbers are the same.
    const card = await call(ctx, w.admin, 'GET', `/opportunities/${opportunityId}`);
    expect(card.body).toMatchObject({ valueCents: 4_500_000, stageId: w.stages[1]?.id });
    expect(JSON.stringify(card.body)).not.toContain('Joana');
    expect(await report()).toEqual(before);
    const untouched = await call(ctx, w.admin, 'GET', `/people/${other.holderId}`);
    expect(untouched.body.phones).toHaveLength(1);
    // History verifies; the record and the suppression list hold no personal value.
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
    const hashes = await ctx.db.query('SELECT hash, kind FROM suppression_hashes WHERE workspace_id = $1', [
      w.workspaceId,
    ]);
    expect(hashes.rows.map((r) => r.kind).sort()).toEqual(['document', 'email', 'phone']);
    for (const r of hashes.rows) expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(hashes.rows)).not.toContain(cpf);
    const shown = await call(ctx, w.admin, 'GET', `/people/${personId}/anonymization`);
    expect(shown.body.anonymization).toMatchObject({
      id: done.body.id,
      reason: 'Pedido do titular (art. 18)',
    });
    const listed = await call(ctx, w.admin, 'GET', '/privacy/anonymizations');
    expect(listed.body.total).toBe(1);
  });

  it('is irreversible and answers 409 the second time, 404 for an unknown person', async () => {
    const again = await call(ctx, w.admin, 'POST', `/people/${personId}/anonymize`, { reason: 'De novo' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already-anonymized');
    const unknown = await call(
      ctx,
      w.admin,
      'POST',
      '/people/00000000-0000-4000-8000-000000000000/anonymize',
      {
        reason: 'x',
      },
    );
    expect(unknown.status).toBe(404);
  });

  it('an export finishing after an anonymization it may have read before is written again, not marked done', async () => {
    const generation = await anonymizationGeneration(ctx.db, w.workspaceId);
    const finishes: string[] = [];
    const finish = async () => {
      finishes.push('done');
    };
    expect(await finishUnlessAnonymized(ctx.db, w.workspaceId, generation, finish)).toBe(true);
    const someone = (
      await call(ctx, w.brokerA1, 'POST', '/people', personBody({ name: 'Lida Durante Exportação' }))
    ).body.id as string;
    const anonymized = await call(ctx, w.admin, 'POST', `/people/${someone}/anonymize`, { reason: 'Pedido' });
    expect(anonymized.status).toBe(200);
    // The export read its pages before the anonymization committed: it may list the person, so it does not finish.
    expect(await finishUnlessAnonymized(ctx.db, w.workspaceId, generation, finish)).toBe(false);
    expect(finishes).toEqual(['done']);
    const next = await anonymizationGeneration(ctx.db, w.workspaceId);
    expect(next).toBe(generation + 1);
    expect(await finishUnlessAnonymized(ctx.db, w.workspaceId, next, finish)).toBe(true);
  });

  it("carries out an anonymization request: answers it in the same transaction, refuses another person's", async () => {
    const create = async (name: string) =>
      (await call(ctx, w.brokerA1, 'POST', '/people', personBody({ name }))).body.id as string;
    const asked = await create('Titular Que Pediu');
    const bystander = await create('Outra Pessoa');
    const request = await call(ctx, w.admin, 'POST', '/privacy/requests', {
      kind: 'anonymization',
      channel: 'email',
      personId: asked,
    });
    expect(request.status).toBe(201);

    const wrong = await call(ctx, w.admin, 'POST', `/people/${bystander}/anonymize`, {
      reason: 'Pedido do titular',
      requestId: request.body.id,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'requestId' })]);
    // Nothing of the bystander was touched: the refusal rolled the whole anonymization back.
    expect((await call(ctx, w.admin, 'GET', `/people/${bystander}`)).body.name).toBe('Outra Pessoa');

    const done = await call(ctx, w.admin, 'POST', `/people/${asked}/anonymize`, {
      reason: 'Pedido do titular',
      requestId: request.body.id,
    });
    expect(done.status).toBe(200);
    const answered = await call(ctx, w.admin, 'GET', `/privacy/requests/${request.body.id}`);
    expect(answered.body.request.status).toBe('answered');
    expect(answered.body.request.answerText).toContain('Pedido do titular');
  });
});

describe('the suppression list', () => {
  it('refuses to register the person again by hand (422 suppressed)', async () => {
    // The insert checks the list itself: a refused one leaves no person and no `created` event behind.
    const written = async () =>
      (
        await ctx.db.query(
          `SELECT (SELECT count(*) FROM people WHERE workspace_id = $1)::int AS people,
             (SELECT count(*) FROM timeline_events WHERE workspace_id = $1 AND kind = 'created')::int AS events`,
          [w.workspaceId],
        )
      ).rows[0];
    const before = await written();
    const res = await call(ctx, w.admin, 'POST', '/people', {
      kind: 'individual',
      name: 'Outra Pessoa',
      document: formatCpf(cpf),
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('suppressed');
    const byPhone = await call(ctx, w.admin, 'POST', '/people', {
      kind: 'individual',
      name: 'Outra Pessoa',
      phones: [{ number: subject.phone, type: 'mobile' }],
    });
    expect(byPhone.body.code).toBe('suppressed');
    expect(await written()).toEqual(before);
    const fresh = await call(ctx, w.admin, 'POST', '/people', { kind: 'individual', name: 'Pessoa Nova' });
    expect(fresh.status).toBe(201);
  });

  it('drops a lead from a lead source that matches it: suppressed, no person, no card, no data kept', async () => {
    const created = await call(ctx, w.admin, 'POST', '/intake/sources', {
      name: 'Site parceiro',
      preset: 'generic',
      pipelineId: w.pipelineId,
      mapping: { externalId: 'id', name: 'nome', phone: 'fone', email: 'email' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const post = (payload: object) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/v1/intake/${created.body.source.id}/leads`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${created.body.token}` },
        payload: JSON.stringify(payload),
      });
    const people = async () =>
      (await ctx.db.query('SELECT count(*)::int AS n FROM people WHERE workspace_id = $1', [w.workspaceId]))
        .rows[0].n as number;
    const cards = async () =>
      (
        await ctx.db.query('SELECT count(*)::int AS n FROM opportunities WHERE workspace_id = $1', [
          w.workspaceId,
        ])
      ).rows[0].n as number;
    const before = { people: await people(), cards: await cards() };
    const lead = (await post({ id: 'l1', nome: 'Joana Q.', fone: '11 97654-3210' })).json();
    const otherLead = (await post({ id: 'l2', nome: 'Maria Nova', email: 'maria.nova@exemplo.com' })).json();
    for (;;) {
      const claimed = await claimUnqueued(ctx.db, 100);
      if (!claimed.length) break;
      for (const l of claimed) await processIntakeLead(ctx.db, { workspaceId: l.workspace_id, leadId: l.id });
    }
    const row = (await ctx.db.query('SELECT * FROM intake_leads WHERE id = $1', [lead.id])).rows[0];
    expect(row).toMatchObject({ status: 'suppressed', reason: 'suppressed', person_id: null, raw_body: '' });
    expect(row.lead).toEqual({});
    expect(
      (await ctx.db.query('SELECT status FROM intake_leads WHERE id = $1', [otherLead.id])).rows[0].status,
    ).toBe('created');
    expect(await people()).toBe(before.people + 1);
    expect(await cards()).toBe(before.cards + 1);
    const log = await call(ctx, w.admin, 'GET', '/intake/leads?status=suppressed');
    expect(log.body.items.map((i: { id: string }) => i.id)).toEqual([lead.id]);
  });

  it('skips an import row of the person with the LGPD reason and imports the others', async () => {
    const csv = [
      'Nome;CPF;Telefone;E-mail',
      `Joana de Novo;${formatCpf(cpf)};;`,
      'Pedro Importado;;;pedro@ex.com',
    ].join('\n');
    const body = multipart('file', 'clientes.csv', 'text/csv', Buffer.from(csv, 'utf8'));
    const up = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { cookie: w.admin.cookie, ...body.headers },
      payload: body.payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().id as string;
    expect(
      (await call(ctx, w.admin, 'PUT', `/imports/${id}`, { mapping: up.json().mapping, policy: 'skip' }))
        .status,
    ).toBe(200);
    expect((await call(ctx, w.admin, 'POST', `/imports/${id}/start`)).status).toBe(202);
    await runImport(ctx.db, w.workspaceId, id);
    const done = (await call(ctx, w.admin, 'GET', `/imports/${id}`)).body;
    expect(done).toMatchObject({ created: 1, skipped: 1 });
    const rows = await ctx.db.query(
      'SELECT row_no, status, reason FROM import_rows WHERE import_id = $1 ORDER BY row_no',
      [id],
    );
    expect(rows.rows.map((r) => [r.status, r.reason])).toEqual([
      ['skipped', 'Titular anonimizado a pedido (LGPD)'],
      ['created', null],
    ]);
  });
});
