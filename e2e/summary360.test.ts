import { generateCpf, saoPauloToday } from '@funil/domain';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, random } from './fixtures.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A São Paulo day `days` away from today. */
function dayFromToday(days: number): string {
  const [y, m, d] = saoPauloToday().split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** What an ERP does: plain HTTP with the token, no browser session. */
async function erpPut(path: string, token: string, body: unknown) {
  const res = await fetch(`${inject('baseUrl')}/api/v1${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

it('an admin creates an ERP integration on the page; receivables pushed with its token show on the Resumo 360°', async () => {
  const page = await signIn(browser, 'admin@funil.local');

  await page.goto(`${inject('baseUrl')}/admin/integrations`);
  await page.getByTestId('integration-new').click();
  // The form says what is missing, in Portuguese.
  await page.getByTestId('integration-submit').click();
  await expect.poll(() => page.getByText('Campo obrigatório').count()).toBeGreaterThan(0);
  await page.getByTestId('integration-name').fill('ERP e2e');
  await page.getByTestId('integration-kind').click();
  await page.getByRole('option', { name: 'ERP', exact: true }).click();
  await page.getByTestId('integration-scope-erp:receivables').check();
  await page.getByTestId('integration-scope-erp:credit-limits').check();
  await page.getByTestId('integration-submit').click();
  const secretBox = page.getByTestId('integration-secret');
  await secretBox.waitFor();
  const secret = (await secretBox.textContent())?.trim() ?? '';
  expect(secret).toMatch(/^fnl_[0-9a-f]{12}_/);
  await page.getByTestId('integration-secret-done').click();
  const row = page.locator('[data-testid="integration-row"][data-name="ERP e2e"]');
  await expect.poll(() => row.count()).toBe(1);
  expect(await row.getByTestId('integration-prefix').textContent()).toContain(secret.slice(0, 16));
  expect(await row.textContent()).toContain('Nunca');

  const person = await apiCall<{ id: string }>(page, 'POST', '/people', {
    kind: 'individual',
    name: 'Cliente Financeiro E2E',
    document: generateCpf(random),
  });
  const titles = await erpPut(`/people/${person.id}/receivables`, secret, {
    items: [
      {
        externalId: 'NF-1',
        number: 'NF 1001',
        dueOn: dayFromToday(-3),
        amountCents: 50_000,
        paidCents: 2_500,
        status: 'open',
      },
      {
        externalId: 'NF-2',
        number: 'NF 1002',
        dueOn: dayFromToday(15),
        amountCents: 123_456,
        status: 'open',
      },
      {
        externalId: 'NF-3',
        number: 'NF 1003',
        dueOn: dayFromToday(-40),
        amountCents: 80_000,
        paidCents: 80_000,
        status: 'paid',
      },
    ],
  });
  expect(titles.status, JSON.stringify(titles.body)).toBe(200);
  const limits = await erpPut(`/people/${person.id}/credit-limits`, secret, {
    items: [{ externalId: 'LIM-1', grantedCents: 1_000_000, usedCents: 250_000 }],
  });
  expect(limits.status).toBe(200);

  await page.goto(`${inject('baseUrl')}/people/${person.id}`);
  const value = (testId: string) => page.getByTestId(`${testId}-value`).textContent();
  await page.getByTestId('summary-receivables-overdue-value').waitFor();
  // Non-breaking spaces in Intl's BRL: compare on normal spaces.
  const norm = (s: string | null) => (s ?? '').replace(/\s/g, ' ');
  expect(norm(await value('summary-receivables-overdue'))).toBe('R$ 475,00');
  expect(norm(await value('summary-receivables-due'))).toBe('R$ 1.234,56');
  expect(norm(await value('summary-receivables-paid'))).toBe('R$ 800,00');
  expect(norm(await value('summary-credit-available'))).toBe('R$ 7.500,00');
  expect(norm(await value('summary-credit-granted'))).toBe('R$ 10.000,00');
  expect(await page.getByTestId('summary-sales-orders').textContent()).toContain('Nenhuma ordem de venda.');

  // The card opens the titles, overdue computed for today.
  await page.getByRole('button', { name: /Financeiro/ }).click();
  const rows = page.getByTestId('receivable-row');
  await expect.poll(() => rows.count()).toBe(3);
  expect(await page.locator('[data-testid="receivable-row"][data-status="overdue"]').textContent()).toContain(
    'NF 1001',
  );
  await page.keyboard.press('Escape');

  // The sync is on the person's timeline, once per call.
  await expect.poll(() => page.locator('[data-kind="erp_synced"]').count()).toBe(2);

  // Revoking its token (in the integration's details) stops it at once.
  await page.goto(`${inject('baseUrl')}/admin/integrations`);
  await row.getByTestId('integration-actions').click();
  await page.getByTestId('integration-details').click();
  const tokenRow = page.getByTestId('integration-token-row');
  await tokenRow.getByTestId('integration-token-revoke').click();
  await expect.poll(() => tokenRow.getAttribute('data-status')).toBe('revoked');
  expect((await erpPut(`/people/${person.id}/receivables`, secret, { items: [] })).status).toBe(401);
  await page.context().close();
});
