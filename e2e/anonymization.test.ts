import { formatCpf, formatPhone, generateCpf, generateMobile } from '@funil/domain';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, apiRequest, random } from './fixtures.ts';

// LGPD in the browser: an admin carries out a person's anonymization request (a CPF, a phone and a file) from the
// request's page (typing ANONIMIZAR); the page, the search and the files show nothing of them; the same person sent again through a lead
// source is suppressed. Then a retention rule is previewed and run on exactly the previewed people.

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);

it('an anonymization request is carried out from its page; page, search and files show nothing of the person; a lead source is suppressed', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const n = Math.floor(random() * 1e7);
  const name = `Titular Esquecível ${n}`;
  const cpf = generateCpf(random);
  const phone = formatPhone(generateMobile(random));
  const person = await apiCall<{ id: string }>(admin, 'POST', '/people', {
    kind: 'individual',
    name,
    document: cpf,
    phones: [{ number: phone, type: 'whatsapp' }],
    emails: [{ address: `esquecivel.${n}@exemplo.com.br` }],
  });
  const uploaded = await admin.request.post(`${baseUrl}/api/v1/people/${person.id}/attachments`, {
    multipart: { file: { name: 'rg-titular.pdf', mimeType: 'application/pdf', buffer: PDF } },
  });
  expect(uploaded.status()).toBe(201);

  // The person asks for anonymization: the request's page carries it out and the request is answered.
  const request = await apiCall<{ id: string }>(admin, 'POST', '/privacy/requests', {
    kind: 'anonymization',
    channel: 'email',
    personId: person.id,
  });
  await admin.goto(`${baseUrl}/admin/privacy/requests/${request.id}`);
  await admin.getByTestId('privacy-request-anonymize').click();
  await admin.getByTestId('anonymize-reason').fill('Pedido do titular por e-mail');
  // The button waits for the word.
  await admin.getByTestId('anonymize-confirm-word').fill('anonimizar');
  expect(await admin.getByTestId('anonymize-confirm').isDisabled()).toBe(true);
  await admin.getByTestId('anonymize-confirm-word').fill('ANONIMIZAR');
  await admin.getByTestId('anonymize-confirm').click();
  await admin.locator('[data-testid="privacy-request-page"][data-status="answered"]').waitFor();
  await admin.goto(`${baseUrl}/people/${person.id}?tab=lgpd`);
  const record = admin.getByTestId('anonymization-record');
  await record.waitFor();
  expect(await record.textContent()).toMatch(/Titular anonimizado em \d{2}\/\d{2}\/\d{4}/);
  expect(await admin.getByTestId('anonymization-removed-attachments').textContent()).toContain('1');
  await admin.getByTestId('person-anonymized-banner').waitFor();
  const body = async () => (await admin.locator('body').textContent()) ?? '';
  await expect.poll(body).not.toContain(name);
  expect(await body()).not.toContain(formatCpf(cpf));

  // The files tab is empty; the search finds neither the name nor the phone.
  await admin.goto(`${baseUrl}/people/${person.id}?tab=attachments`);
  await admin.getByTestId('person-anonymized-banner').waitFor();
  expect(await body()).not.toContain('rg-titular.pdf');
  await admin.goto(`${baseUrl}/people`);
  await admin.getByTestId('person-row').first().waitFor();
  await admin.getByTestId('people-search').fill(`Esquecível ${n}`);
  await expect.poll(async () => admin.getByTestId('person-row').count()).toBe(0);
  await admin.getByTestId('people-search').fill(phone.replace(/\D/g, ''));
  await expect.poll(async () => admin.getByTestId('person-row').count()).toBe(0);

  // The same person through a lead source: suppressed, shown so in the intake log.
  const pipeline = await apiCall<{ id: string }>(admin, 'POST', '/pipelines', {
    name: `LGPD E2E ${n}`,
    stages: [{ name: 'Entrada' }],
  });
  const source = await apiCall<{ source: { id: string }; token: string }>(admin, 'POST', '/intake/sources', {
    name: `Parceiro LGPD ${n}`,
    preset: 'generic',
    pipelineId: pipeline.id,
    mapping: { externalId: 'id', name: 'nome', phone: 'fone', document: 'cpf' },
  });
  const sent = await fetch(`${baseUrl}/api/v1/intake/${source.source.id}/leads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${source.token}` },
    body: JSON.stringify({ id: `lgpd-${n}`, nome: name, fone: phone, cpf }),
  });
  expect(sent.status).toBe(202);
  await expect
    .poll(
      async () =>
        (
          await apiCall<{ items: { status: string; person: unknown }[] }>(
            admin,
            'GET',
            `/intake/leads?sourceId=${source.source.id}`,
          )
        ).items[0]?.status,
      { timeout: 20_000 },
    )
    .toBe('suppressed');
  await admin.goto(`${baseUrl}/admin/intake-log`);
  await admin.getByText('Suprimido (LGPD)').first().waitFor();
  // Registering the CPF again by hand is refused.
  const again = await apiRequest(admin, 'POST', '/people', {
    kind: 'individual',
    name: 'Outra',
    document: cpf,
  });
  expect(again.status).toBe(422);
  expect(again.body.code).toBe('suppressed');
});

it('the retention page adds a rule and previews exactly who a run would anonymize', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  await admin.goto(`${baseUrl}/admin/privacy/retention`);
  // 600 months: nobody of the shared demo data matches, so no run can touch other tests' people (the run itself is
  // covered by server/test/retention.test.ts on a database of its own).
  await admin.getByTestId('retention-months').fill('600');
  await admin.getByTestId('retention-add').click();
  await admin.getByTestId('retention-rule').first().waitFor();
  await admin.getByTestId('retention-preview').last().click();
  await admin.getByTestId('retention-run').waitFor();
  expect(await admin.getByTestId('retention-run-status').textContent()).toBe('Pré-visualizada');
  await admin.getByText('Nenhuma pessoa se enquadra nesta regra agora.').waitFor();
  const runs = await apiCall<{ items: { previewCount: number; status: string }[] }>(
    admin,
    'GET',
    '/privacy/retention/runs',
  );
  expect(runs.items[0]).toMatchObject({ previewCount: 0, status: 'previewed' });
});
