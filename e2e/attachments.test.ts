import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { samplePdf } from '../server/test/attachment-fixtures.ts';
import { pdfText } from '../server/test/pdf-text.ts';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, useTestSmtp } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

it('a broker comments with a PDF attached, sees it on the timeline and on Anexos; a renamed .exe is refused', async () => {
  const carla = await signIn(browser, 'carla@funil.local');
  const stamp = Date.now().toString(36);
  const person = await apiCall<{ id: string }>(carla, 'POST', '/people', {
    kind: 'individual',
    name: `Pessoa Anexos ${stamp}`,
  });
  await carla.goto(`${baseUrl}/people/${person.id}`);
  await carla.getByTestId('note-input').waitFor();

  // A Windows program renamed to .pdf: the browser lets it through, the server reads its bytes and refuses it.
  await carla.getByTestId('note-attach-input').setInputFiles({
    name: 'contrato.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.concat([
      Buffer.from('MZ'),
      Buffer.alloc(80, 0x90),
      Buffer.from('This program cannot be run'),
    ]),
  });
  const refused = carla.getByTestId('pending-file-error');
  await refused.waitFor();
  expect(await refused.textContent()).toMatch(/^Tipo de arquivo não permitido\. Envie csv, doc, docx/);
  await carla.getByRole('button', { name: 'Remover contrato.pdf do comentário' }).click();
  await refused.waitFor({ state: 'detached' });

  await carla.getByTestId('note-input').fill('Cliente pediu a simulação em PDF.');
  await carla.getByTestId('note-attach-input').setInputFiles({
    name: 'simulacao.pdf',
    mimeType: 'application/pdf',
    buffer: samplePdf(),
  });
  await carla.locator('[data-testid="pending-file"][data-status="done"]').waitFor();
  await carla.getByTestId('note-submit').click();
  const note = carla.locator('[data-testid="timeline-event"][data-kind="note"]').first();
  await note.getByTestId('attachment-link').waitFor();
  expect(await note.textContent()).toContain('Cliente pediu a simulação em PDF.');
  expect(await note.getByTestId('attachment-link').textContent()).toContain('simulacao.pdf');
  // The box is empty again, the sent file gone from it.
  expect(await carla.getByTestId('pending-file').count()).toBe(0);

  const download = carla.waitForEvent('download');
  await note.getByTestId('attachment-link').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('simulacao.pdf');
  expect((await readFile(await file.path())).equals(samplePdf())).toBe(true);

  await carla.getByTestId('person-tab-attachments').click();
  const row = carla.locator('[data-testid="attachment-row"][data-name="simulacao.pdf"]');
  await row.waitFor();
  expect(await row.textContent()).toContain('Comentário');
  expect(await carla.locator('[data-testid="attachment-row"][data-name="contrato.pdf"]').count()).toBe(0);

  await carla.context().close();
});

it('Documentos: a broker generates a proposal PDF, downloads it and e-mails it', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const smtp = await useTestSmtp(admin, 'vendas@funil.test');

  const carla = await signIn(browser, 'carla@funil.local');
  const stamp = Date.now().toString(36);
  const name = `Helena Documento ${stamp}`;
  const person = await apiCall<{ id: string }>(carla, 'POST', '/people', {
    kind: 'individual',
    name,
    emails: [{ address: `helena.${stamp}@cliente.test` }],
  });
  const pipelines = await apiCall<{ items: { id: string }[] }>(carla, 'GET', '/pipelines');
  const opportunity = await apiCall<{ id: string }>(carla, 'POST', '/opportunities', {
    pipelineId: pipelines.items[0]?.id,
    title: `Casa no Morumbi ${stamp}`,
    holderId: person.id,
  });
  await apiCall(carla, 'POST', `/opportunities/${opportunity.id}/proposals`, {
    valueCents: 123_456_789,
    conditions: 'À vista com 5% de desconto',
    items: [{ description: 'Casa térrea', quantity: 1, unitCents: 123_456_789 }],
  });

  await carla.goto(`${baseUrl}/people/${person.id}?tab=documents`);
  await carla.getByTestId('person-tab-documents').click();
  await carla.getByTestId('documents-generate').click();
  const row = carla.getByTestId('document-row').first();
  await row.waitFor();
  expect(await row.textContent()).toContain(`Casa no Morumbi ${stamp}`);

  const download = carla.waitForEvent('download');
  await row.getByTestId('document-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^Proposta comercial - Casa no Morumbi .*\.pdf$/);
  const { text } = await pdfText(await readFile(await file.path()));
  expect(text).toContain(`Nome: ${name}`);
  expect(text).toContain('Valor total: R$ 1.234.567,89');

  // Enviar por e-mail: everything prefilled from the person and the document.
  await row.getByTestId('document-send').click();
  const subject = carla.getByTestId('document-email-subject');
  await subject.waitFor();
  expect(await subject.inputValue()).toBe(`Proposta — Casa no Morumbi ${stamp}`);
  expect(await carla.getByTestId('document-email-body').inputValue()).toContain(`Olá, ${name}!`);
  await carla.getByTestId('document-email-send').click();
  await carla.getByTestId('document-sent').waitFor();
  const mail = smtp.received.at(-1)?.data ?? '';
  expect(mail).toContain(`helena.${stamp}@cliente.test`);
  expect(mail).toMatch(/Content-Type: application\/pdf; name=/);
  await carla.keyboard.press('Escape');

  // The timeline records both, the document linked.
  await carla.getByTestId('person-tab-summary').click();
  await carla.locator('[data-testid="timeline-event"][data-kind="document_generated"]').waitFor();
  await carla.locator('[data-testid="timeline-event"][data-kind="document_sent"]').waitFor();

  for (const page of [carla, admin]) await page.context().close();
  await smtp.close();
});

it('an admin edits the proposal template; a stale second editor is told to reload', async () => {
  const first = await signIn(browser, 'admin@funil.local');
  const second = await signIn(browser, 'admin@funil.local');
  for (const page of [first, second]) {
    await page.goto(`${baseUrl}/admin/documents`);
    await page.getByTestId('template-body').waitFor();
  }
  const original = await apiCall<{ name: string; body: string }>(
    first,
    'GET',
    '/document-templates/proposal',
  );
  const stamp = Date.now().toString(36);
  await first.getByTestId('template-name').fill(`Proposta ${stamp}`);
  await first.getByTestId('template-body').fill('# Proposta\nOlá {{pessoa.cpf}}');
  await first.getByText('Campos desconhecidos: pessoa.cpf').waitFor();
  expect(await first.getByTestId('template-save').isDisabled()).toBe(true);
  await first.getByTestId('template-body').fill(`# Proposta\nOlá {{pessoa.nome}}, cláusula ${stamp}`);
  await first.getByTestId('template-save').click();
  await first.getByTestId('template-saved').waitFor();

  await second.getByTestId('template-name').fill('Outra proposta');
  await second.getByTestId('template-save').click();
  await second.getByTestId('stale-version-alert').waitFor();
  await second.getByTestId('stale-version-reload').click();
  await second.getByTestId('stale-version-alert').waitFor({ state: 'detached' });
  expect(await second.getByTestId('template-name').inputValue()).toBe(`Proposta ${stamp}`);

  // Put the previous text back, for whoever generates documents next.
  await second.getByTestId('template-name').fill(original.name);
  await second.getByTestId('template-body').fill(original.body);
  await second.getByTestId('template-save').click();
  await second.getByTestId('template-saved').waitFor();
  for (const page of [first, second]) await page.context().close();
});
