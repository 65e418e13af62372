import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const STALE = 'Este registro foi alterado por outra pessoa. Recarregue para ver a versão atual.';

it('an admin saving a branch someone else just changed is told so and reloads the current version', async () => {
  const mine = await signIn(browser, 'admin@funil.local');
  const other = await signIn(browser, 'admin@funil.local');
  const name = `Filial E2E ${Date.now() % 100000}`;
  const created = await other.request.post(`${baseUrl}/api/v1/branches`, { data: { name } });
  expect(created.status()).toBe(201);
  const branch = await created.json();

  await mine.goto(`${baseUrl}/admin/branches`);
  const row = mine.getByTestId('branch-row').filter({ hasText: name });
  await row.getByRole('button', { name: 'Editar' }).click();
  const dialog = mine.getByRole('dialog');
  await dialog.getByLabel('Nome').fill(`${name} (minha)`);

  // Meanwhile the other admin renames it.
  const renamed = await other.request.patch(`${baseUrl}/api/v1/branches/${branch.id}`, {
    data: { name: `${name} (outra)` },
    headers: { 'if-match': `"${branch.version}"` },
  });
  expect(renamed.status()).toBe(200);

  await dialog.getByRole('button', { name: 'Salvar' }).click();
  const alert = mine.getByTestId('stale-version-alert');
  await alert.waitFor();
  expect(await alert.textContent()).toContain(STALE);
  await alert.getByRole('button', { name: 'Recarregar' }).click();
  await expect.poll(() => mine.getByRole('dialog').getByLabel('Nome').inputValue()).toBe(`${name} (outra)`);
  await mine.getByRole('dialog').getByRole('button', { name: 'Salvar' }).click();
  await mine.getByRole('dialog').waitFor({ state: 'detached' });
  await mine
    .getByTestId('branch-row')
    .filter({ hasText: `${name} (outra)` })
    .waitFor();
});

it('saving the role matrix after another admin changed it is refused and offers a reload', async () => {
  const mine = await signIn(browser, 'admin@funil.local');
  const other = await signIn(browser, 'admin@funil.local');
  await mine.goto(`${baseUrl}/admin/access`);
  const exportOf = (role: string) =>
    mine.locator(
      `[data-testid="role-matrix-capability"][data-role="${role}"][data-capability="exportPeople"]`,
    );
  await exportOf('attendant').waitFor();
  await exportOf('attendant').check({ force: true });

  const read = await other.request.get(`${baseUrl}/api/v1/workspace/role-matrix`);
  const matrix = await read.json();
  const saved = await other.request.put(`${baseUrl}/api/v1/workspace/role-matrix`, {
    data: {
      ...matrix,
      broker: {
        ...matrix.broker,
        capabilities: {
          ...matrix.broker.capabilities,
          exportPeople: !matrix.broker.capabilities.exportPeople,
        },
      },
    },
    headers: { 'if-match': read.headers().etag ?? '' },
  });
  expect(saved.status()).toBe(200);

  await mine.getByTestId('role-matrix-save').click();
  await mine.getByRole('dialog').getByRole('button', { name: 'Salvar' }).click();
  const alert = mine.getByTestId('stale-version-alert');
  await alert.waitFor();
  expect(await alert.textContent()).toContain(STALE);
  await alert.getByRole('button', { name: 'Recarregar' }).click();
  await mine.getByRole('dialog').waitFor({ state: 'detached' });
  expect(await exportOf('broker').isChecked()).toBe(!matrix.broker.capabilities.exportPeople);
  expect(await exportOf('attendant').isChecked()).toBe(matrix.attendant.capabilities.exportPeople);

  // Put the demo workspace's matrix back for the other browser tests.
  const now = await other.request.get(`${baseUrl}/api/v1/workspace/role-matrix`);
  const restored = await other.request.put(`${baseUrl}/api/v1/workspace/role-matrix`, {
    data: matrix,
    headers: { 'if-match': now.headers().etag ?? '' },
  });
  expect(restored.status()).toBe(200);
});

it('saves the action matrix, and a save after another admin changed the settings is refused with a reload', async () => {
  const mine = await signIn(browser, 'admin@funil.local');
  const other = await signIn(browser, 'admin@funil.local');
  await mine.goto(`${baseUrl}/admin/actions`);
  const attendant = mine.locator('[data-testid="action-matrix-row"][data-role="attendant"]');
  const toggle = attendant.locator('[data-testid="action-matrix-toggle"][data-action="reportDisinterest"]');
  await toggle.waitFor();
  const before = await toggle.isChecked();
  const flip = () => toggle.click();
  await flip();
  await mine.getByTestId('action-matrix-save').click();
  await mine.getByRole('dialog').getByRole('button', { name: 'Salvar' }).click();
  await mine.getByTestId('action-matrix-saved').waitFor();
  const read = await other.request.get(`${baseUrl}/api/v1/workspace/action-matrix`);
  const { matrix } = await read.json();
  expect(matrix.attendant.reportDisinterest).toBe(!before);

  // Another admin saves meanwhile: this page's next save is refused, and reloading shows theirs.
  await flip();
  const saved = await other.request.put(`${baseUrl}/api/v1/workspace/action-matrix`, {
    data: { matrix: { ...matrix, broker: { ...matrix.broker, comment: !matrix.broker.comment } } },
    headers: { 'if-match': read.headers().etag ?? '' },
  });
  expect(saved.status()).toBe(200);
  await mine.getByTestId('action-matrix-save').click();
  await mine.getByRole('dialog').getByRole('button', { name: 'Salvar' }).click();
  const alert = mine.getByTestId('stale-version-alert');
  await alert.waitFor();
  expect(await alert.textContent()).toContain(STALE);
  await alert.getByRole('button', { name: 'Recarregar' }).click();
  await mine.getByRole('dialog').waitFor({ state: 'detached' });
  expect(await toggle.isChecked()).toBe(!before);

  // Put the demo matrix back for the other browser tests.
  const now = await other.request.get(`${baseUrl}/api/v1/workspace/action-matrix`);
  const restore = structuredClone(matrix);
  restore.attendant.reportDisinterest = before;
  const restored = await other.request.put(`${baseUrl}/api/v1/workspace/action-matrix`, {
    data: { matrix: restore },
    headers: { 'if-match': now.headers().etag ?? '' },
  });
  expect(restored.status()).toBe(200);
});
