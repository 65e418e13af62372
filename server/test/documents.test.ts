import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
import { createTestContext, type TestContext } from './helpers.ts';
import { call, newOpportunity, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';
import { pdfText } from './pdf-text.ts';
import { startSmtp, type TestSmtp } from './test-smtp.ts';

let ctx: TestContext;
let w: World;
let smtp: TestSmtp;

beforeAll(async () => {
  ctx = await createTestContext();
  smtp = await startSmtp();
  w = await opportunityWorld(ctx);
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
});

const CUSTOM_TEMPLATE = `# Proposta {{oportunidade.titulo}}
Prezado(a) {{pessoa.nome}}, CPF {{pessoa.documento}}, telefone {{pessoa.telefone}},
segue nossa proposta no valor de {{proposta.valor}}, válida até {{proposta.validade}}.
{{proposta.itens}}
Condições: {{proposta.condicoes}}
Cláusula de confidencialidade da Imobiliária Horizonte.`;

/** A person (with e-mail) of brokerA1 in an opportunity with one proposal of R$ 480.000,00. */
async function personWithProposal(name: string) {
  const { opportunity, holderId } = await newOpportunity(ctx, w, w.brokerA1, {}, personBody({ name }));
  const proposal = await call(ctx, w.brokerA1, 'POST', `/opportunities/${opportunity.id}/proposals`, {
    valueCents: 48_000_000,
    conditions: 'Entrada de 20% e saldo em 36 parcelas',
    validUntil: '2026-07-31',
    items: [{ description: 'Apartamento 52, torre B', quantity: 1, unitCents: 48_000_000 }],
  });
  expect(proposal.status).toBe(201);
  return {
    opportunityId: opportunity.id as string,
    personId: holderId,
    proposalId: proposal.body.id as string,
  };
}

describe('proposal template', () => {
  it('starts as the default (version 0); only admins save it, with If-Match and known placeholders', async () => {
    const initial = await call(ctx, w.brokerA1, 'GET', '/document-templates/proposal');
    expect(initial.status).toBe(200);
    expect(initial.headers.etag).toBe('"0"');
    expect(initial.body).toMatchObject({ isDefault: true, version: 0, name: 'Proposta comercial' });
    expect(initial.body.body).toContain('{{proposta.valor}}');

    const body = { name: 'Proposta Horizonte', body: CUSTOM_TEMPLATE };
    const byBroker = await call(ctx, w.brokerA1, 'PUT', '/document-templates/proposal', body, {
      'if-match': '"0"',
    });
    expect(byBroker.status).toBe(403);
    expect((await call(ctx, w.admin, 'PUT', '/document-templates/proposal', body)).status).toBe(428);
    const typo = await call(
      ctx,
      w.admin,
      'PUT',
      '/document-templates/proposal',
      { name: 'X', body: 'Olá {{pessoa.cpf}}' },
      { 'if-match': '"0"' },
    );
    expect(typo.status).toBe(422);
    expect(typo.body.errors[0]).toMatchObject({ field: 'body', code: 'unknown_placeholder' });

    const saved = await call(ctx, w.admin, 'PUT', '/document-templates/proposal', body, {
      'if-match': '"0"',
    });
    expect(saved.status).toBe(200);
    expect(saved.headers.etag).toBe('"1"');
    expect(saved.body).toMatchObject({ isDefault: false, version: 1, name: 'Proposta Horizonte' });
    const stale = await call(ctx, w.admin, 'PUT', '/document-templates/proposal', body, {
      'if-match': '"0"',
    });
    expect(stale.status).toBe(412);
  });
});

describe('documents (Documentos)', () => {
  let personId: string;
  let documentId: string;

  it('generates a proposal PDF with the person’s, opportunity’s and proposal’s data', async () => {
    const scenario = await personWithProposal('Helena Araújo');
    personId = scenario.personId;
    const sources = await call(ctx, w.brokerA1, 'GET', `/people/${personId}/document-sources`);
    expect(sources.body.items).toEqual([
      expect.objectContaining({
        proposalId: scenario.proposalId,
        valueCents: 48_000_000,
        opportunity: { id: scenario.opportunityId, title: 'Apartamento na Vila Mariana' },
      }),
    ]);
    const generated = await call(ctx, w.brokerA1, 'POST', `/people/${personId}/documents`, {
      proposalId: scenario.proposalId,
    });
    expect(generated.status).toBe(201);
    expect(generated.body).toMatchObject({
      personId,
      proposalId: scenario.proposalId,
      opportunity: { id: scenario.opportunityId },
      createdBy: { id: w.brokerA1.id },
    });
    expect(generated.body.name).toMatch(
      /^Proposta Horizonte - Apartamento na Vila Mariana - \d\d-\d\d-\d{4}\.pdf$/,
    );
    documentId = generated.body.id;

    const file = await ctx.app.inject({
      url: `/api/v1/documents/${documentId}/download`,
      headers: { cookie: w.brokerA1.cookie },
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="Proposta Horizonte/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await pdfText(file.rawPayload);
    expect(text).toContain('Proposta Apartamento na Vila Mariana');
    expect(text).toContain('Prezado(a) Helena Araújo, CPF');
    expect(text).toMatch(/telefone \(11\) 9\d{4}-\d{4},/);
    expect(text).toContain('segue nossa proposta no valor de R$ 480.000,00, válida até 31/07/2026.');
    expect(text).toContain('Condições: Entrada de 20% e saldo em 36 parcelas');
    expect(text).toContain('1 × Apartamento 52, torre B');

    const list = await call(ctx, w.brokerA1, 'GET', `/people/${personId}/documents`);
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([documentId]);
    const timeline = await call(ctx, w.brokerA1, 'GET', `/people/${personId}/timeline`);
    expect(timeline.body.items[0]).toMatchObject({
      kind: 'document_generated',
      data: { document: { id: documentId, name: generated.body.name } },
    });
  });

  it('refuses a proposal the person is not involved in, and hides documents from other teams', async () => {
    const other = await personWithProposal('Outra Pessoa');
    const foreign = await call(ctx, w.brokerA1, 'POST', `/people/${personId}/documents`, {
      proposalId: other.proposalId,
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0]).toMatchObject({ field: 'proposalId' });

    const b1 = w.brokerB1;
    expect((await call(ctx, b1, 'GET', `/people/${personId}/documents`)).status).toBe(404);
    expect((await call(ctx, b1, 'GET', `/documents/${documentId}/download`)).status).toBe(404);
    expect(
      (
        await call(ctx, b1, 'POST', `/documents/${documentId}/send`, {
          to: 'a@b.test',
          subject: 'x',
          body: 'y',
        })
      ).status,
    ).toBe(404);
    // The manager of the team sees it; the admin too.
    expect((await call(ctx, w.manager, 'GET', `/people/${personId}/documents`)).body.items).toHaveLength(1);
    const byAdmin = await ctx.app.inject({
      url: `/api/v1/documents/${documentId}/download`,
      headers: { cookie: w.admin.cookie },
    });
    expect(byAdmin.statusCode).toBe(200);
  });

  it('e-mails the PDF through the workspace SMTP and records it; a deny-listed person is refused', async () => {
    const current = await call(ctx, w.admin, 'GET', '/workspace/smtp');
    const smtpSaved = await call(
      ctx,
      w.admin,
      'PUT',
      '/workspace/smtp',
      { host: '127.0.0.1', port: smtp.port, secure: false, user: null, from: 'vendas@horizonte.test' },
      { 'if-match': current.headers.etag as string },
    );
    expect(smtpSaved.status).toBe(200);
    const person = await call(ctx, w.brokerA1, 'GET', `/people/${personId}`);
    const to = person.body.emails[0].address as string;
    const sent = await call(ctx, w.brokerA1, 'POST', `/documents/${documentId}/send`, {
      to,
      subject: 'Sua proposta',
      body: 'Segue a proposta em anexo.',
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      kind: 'document_sent',
      data: { to, subject: 'Sua proposta', document: { id: documentId } },
    });
    const mail = smtp.received.at(-1);
    expect(mail?.to).toEqual([to]);
    expect(mail?.data).toContain('Subject: Sua proposta');
    expect(mail?.data).toMatch(/Content-Type: application\/pdf; name=/);
    expect(mail?.data).toContain('Content-Disposition: attachment');
    // The PDF travels base64-encoded: "%PDF-" is "JVBERi0".
    expect(mail?.data).toContain('JVBERi0');

    const unknown = await call(ctx, w.brokerA1, 'POST', `/documents/${documentId}/send`, {
      to: 'alguem@fora.test',
      subject: 'x',
      body: 'y',
    });
    expect(unknown.status).toBe(422);

    const flagged = await call(ctx, w.admin, 'PUT', `/people/${personId}/do-not-contact`, {
      doNotContact: true,
    });
    expect(flagged.status).toBe(200);
    const count = smtp.received.length;
    const refused = await call(ctx, w.brokerA1, 'POST', `/documents/${documentId}/send`, {
      to,
      subject: 'De novo',
      body: 'Oi',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('do-not-contact');
    expect(smtp.received).toHaveLength(count);
  });

  it('prints the phone masked for a role that may not view phones', async () => {
    const read = await call(ctx, w.admin, 'GET', '/workspace/action-matrix');
    const matrix = structuredClone(read.body.matrix);
    matrix.broker.viewPhones = false;
    const saved = await call(
      ctx,
      w.admin,
      'PUT',
      '/workspace/action-matrix',
      { matrix },
      {
        'if-match': read.headers.etag as string,
      },
    );
    expect(saved.status).toBe(200);
    const scenario = await personWithProposal('Otávio Sem Telefone');
    const generated = await call(ctx, w.brokerA1, 'POST', `/people/${scenario.personId}/documents`, {
      proposalId: scenario.proposalId,
    });
    const file = await ctx.app.inject({
      url: `/api/v1/documents/${generated.body.id}/download`,
      headers: { cookie: w.brokerA1.cookie },
    });
    const { text } = await pdfText(file.rawPayload);
    // The mask's dots are not read back by the text extractor: only the first and last digits are left.
    expect(text).toMatch(/telefone \(11\) 9\D*\d\d,/);
    expect(text).not.toMatch(/telefone \(11\) 9\d{4}-\d{4}/);
  });

  it('keeps every timeline chain verifiable', async () => {
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
  });
});
