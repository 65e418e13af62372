import { readFile } from 'node:fs/promises';
import { generateCpf } from '@funil/domain';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { pdfText } from '../server/test/pdf-text.ts';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, random } from './fixtures.ts';

// Data-subject requests (LGPD art. 18/19): from the person's LGPD tab to the access answer (JSON + PDF) and its close.

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

it('an admin registers an access request from the LGPD tab, generates the JSON and PDF with the timeline, and answers it', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const suffix = Math.floor(random() * 1e6);
  const name = `Titular Lgpd ${suffix}`;
  const person = await apiCall<{ id: string }>(admin, 'POST', '/people', {
    kind: 'individual',
    name,
    document: generateCpf(random),
    emails: [{ address: `titular.${suffix}@exemplo.com.br` }],
  });
  for (const body of [`Primeira conversa ${suffix}`, `Pediu cópia dos dados ${suffix}`]) {
    await apiCall(admin, 'POST', `/people/${person.id}/notes`, { body });
  }

  await admin.goto(`${baseUrl}/people/${person.id}?tab=lgpd`);
  const section = admin.getByTestId('person-privacy-requests');
  await section.getByText('Nenhuma solicitação desta pessoa.').waitFor();
  await admin.getByTestId('person-privacy-request-register').click();
  const form = admin.getByTestId('privacy-request-form');
  await form.waitFor();
  await admin.getByTestId('privacy-request-save').click();
  const row = section.getByTestId('person-privacy-request');
  await row.waitFor();
  expect(await row.textContent()).toContain('Acesso aos dados');
  expect(await row.textContent()).toContain('Aberta');

  await row.getByRole('link').first().click();
  await admin.waitForURL(/\/admin\/privacy\/requests\/[0-9a-f-]{36}$/);
  const page = admin.getByTestId('privacy-request-page');
  await page.waitFor();
  expect(await admin.getByTestId('privacy-request-person-link').textContent()).toBe(name);

  await admin.getByTestId('privacy-request-generate').click();
  await admin.getByTestId('privacy-answer-file-json').waitFor();
  await admin.locator('[data-testid="privacy-request-page"][data-status="in_progress"]').waitFor();

  const [jsonDownload] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByTestId('privacy-answer-file-json').click(),
  ]);
  const doc = JSON.parse(await readFile((await jsonDownload.path()) as string, 'utf8'));
  expect(doc.person.name).toBe(name);
  const bodies = doc.timeline.map((e: { data?: { body?: string } }) => e.data?.body);
  expect(bodies).toContain(`Primeira conversa ${suffix}`);
  expect(bodies).toContain(`Pediu cópia dos dados ${suffix}`);

  const [pdfDownload] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByTestId('privacy-answer-file-pdf').click(),
  ]);
  const bytes = await readFile((await pdfDownload.path()) as string);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const { text } = await pdfText(bytes);
  expect(text).toContain(name);
  expect(text).toContain(`Pediu cópia dos dados ${suffix}`);

  await admin.getByTestId('privacy-request-answer').fill('Relatório enviado ao titular por e-mail.');
  await admin.getByTestId('privacy-request-mark-answered').click();
  await admin.locator('[data-testid="privacy-request-page"][data-status="answered"]').waitFor();
  expect(await admin.getByTestId('privacy-request-answer-text').textContent()).toBe(
    'Relatório enviado ao titular por e-mail.',
  );
  const history = admin.getByTestId('privacy-request-history');
  for (const kind of ['registered', 'files_generated', 'answered']) {
    await history.locator(`[data-kind="${kind}"]`).waitFor();
  }

  // The register lists it, answered, and the answer stays downloadable.
  await admin.goto(`${baseUrl}/admin/privacy/requests?status=answered`);
  const listed = admin.getByTestId('privacy-request-row').filter({ hasText: name });
  await listed.waitFor();
  expect(await listed.getByTestId('privacy-request-status').textContent()).toBe('Respondida');
  await admin.getByTestId('privacy-request-counts').waitFor();
});
