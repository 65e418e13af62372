import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';

// The role matrix's capabilities decide the admin area: granted "Funis", a manager reaches the funnel editor
// from the menu and edits funnels; once the grant is gone, the API refuses and the menu and route are gone too.

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Grants or removes a manager's "Funis" on the "Permissões de acesso" page, as an admin would. */
async function setManagerFunnels(admin: Page, granted: boolean) {
  await admin.goto(`${baseUrl}/admin/access`);
  const toggle = admin.locator(
    '[data-testid="role-matrix-capability"][data-role="manager"][data-capability="manageFunnels"]',
  );
  await toggle.waitFor();
  expect(await toggle.isChecked()).toBe(!granted);
  await toggle.click({ force: true });
  await admin.getByTestId('role-matrix-save').click();
  await admin.getByRole('dialog').getByRole('button', { name: 'Salvar' }).click();
  await admin.getByTestId('role-matrix-saved').waitFor();
}

it('a manager granted manageFunnels edits funnels from the admin menu; without it, 403, no menu and a redirect', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  await setManagerFunnels(admin, true);

  const manager = await signIn(browser, 'gerente.sp@funil.local');
  await manager.getByTestId('nav-admin').click();
  const links = manager.getByTestId('nav-admin-link');
  await links.first().waitFor();
  expect(await links.evaluateAll((els) => els.map((el) => el.getAttribute('data-to')))).toEqual([
    '/admin/pipelines',
    '/admin/opportunity-settings',
  ]);
  await manager.locator('[data-testid="nav-admin-link"][data-to="/admin/pipelines"]').click();
  await manager.waitForURL(/\/admin\/pipelines$/);

  const name = `Funil do Gerente ${Date.now() % 100000}`;
  await manager.getByTestId('pipeline-new').click();
  await manager.getByTestId('pipeline-name').fill(name);
  await manager.getByTestId('pipeline-save').click();
  const row = manager.locator(`[data-testid="pipeline-admin-row"][data-pipeline-name="${name}"]`);
  await row.waitFor();
  await row.getByTestId('pipeline-edit').click();
  await manager.getByTestId('pipeline-name').fill(`${name} (editado)`);
  await manager.getByTestId('pipeline-save').click();
  await manager
    .locator(`[data-testid="pipeline-admin-row"][data-pipeline-name="${name} (editado)"]`)
    .waitFor();

  await setManagerFunnels(admin, false);
  const refused = await manager.request.post(`${baseUrl}/api/v1/pipelines`, {
    data: { name: `${name} 2`, stages: [{ name: 'Novo' }] },
  });
  expect(refused.status()).toBe(403);
  await manager.goto(`${baseUrl}/admin/pipelines`);
  await manager.waitForURL(/\/people/);
  await manager.getByTestId('nav-activities').waitFor();
  expect(await manager.getByTestId('nav-admin').count()).toBe(0);
});
