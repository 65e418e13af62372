import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

it('an admin creates an asset type with fields; a broker adds one to a client, suspends it and sees it on the timeline', async () => {
  const stamp = Date.now().toString(36);
  const typeName = `Roteador e2e ${stamp}`;

  // Administração › Tipos de ativo: a type with a required text field and a list of options.
  const admin = await signIn(browser, 'admin@funil.local');
  await admin.goto(`${baseUrl}/admin/asset-types`);
  await admin.getByTestId('asset-type-new').click();
  const typeForm = admin.getByTestId('asset-type-form');
  await typeForm.waitFor();
  await admin.getByTestId('asset-type-name').fill(typeName);
  await admin.getByTestId('field-add').click();
  await admin.getByTestId('field-add').click();
  const rows = admin.getByTestId('field-row');
  await rows.nth(0).getByTestId('field-label').fill('Modelo');
  await rows.nth(0).getByTestId('field-required').check();
  await rows.nth(1).getByTestId('field-label').fill('Plano');
  await rows.nth(1).getByTestId('field-type').click();
  await admin.getByRole('option', { name: 'Lista de opções', exact: true }).click();
  const options = rows.nth(1).getByTestId('field-options');
  await options.fill('Fibra 300 Mb');
  await options.press('Enter');
  await options.fill('Fibra 1 Gb');
  await options.press('Enter');
  await admin.getByTestId('asset-type-save').click();
  await typeForm.waitFor({ state: 'detached' });
  const typeRow = admin.getByTestId('asset-type-row').filter({ hasText: typeName });
  await typeRow.waitFor();
  expect(await typeRow.textContent()).toContain('Modelo, Plano');

  // A broker adds an asset of that type to a client on the Ativos tab.
  const carla = await signIn(browser, 'carla@funil.local');
  const person = await apiCall<{ id: string }>(carla, 'POST', '/people', {
    kind: 'individual',
    name: `Cliente Ativos ${stamp}`,
  });
  await carla.goto(`${baseUrl}/people/${person.id}?tab=assets`);
  await carla.getByTestId('assets-tab').waitFor();
  await carla.getByText('Nenhum ativo cadastrado para este cliente.').waitFor();
  await carla.getByTestId('asset-add').click();
  const form = carla.getByTestId('asset-form');
  await form.waitFor();
  await carla.getByTestId('asset-type-select').click();
  await carla.getByRole('option', { name: typeName, exact: true }).click();
  await carla.getByTestId('asset-identifier').fill(`SN-${stamp}`);
  // The type's required field is checked before sending, in Portuguese.
  await carla.getByTestId('asset-save').click();
  await form.getByText('Campo obrigatório').waitFor();
  await carla.getByTestId('asset-field-modelo').fill('Archer AX73');
  await carla.getByTestId('asset-field-plano').click();
  await carla.getByRole('option', { name: 'Fibra 1 Gb', exact: true }).click();
  await carla.getByTestId('asset-save').click();
  await form.waitFor({ state: 'detached' });

  const asset = carla.getByTestId('asset-row').filter({ hasText: `SN-${stamp}` });
  await asset.waitFor();
  expect(await asset.getByTestId('asset-status-badge').textContent()).toBe('Ativo');
  expect(await asset.getByTestId('asset-type-name').textContent()).toBe(typeName);
  expect(await asset.textContent()).toContain('Archer AX73');
  expect(await asset.textContent()).toContain('Fibra 1 Gb');

  // Edit the status.
  await asset.getByTestId('asset-edit').click();
  await form.waitFor();
  await carla.getByTestId('asset-status').click();
  await carla.getByRole('option', { name: 'Suspenso', exact: true }).click();
  await carla.getByTestId('asset-save').click();
  await form.waitFor({ state: 'detached' });
  await expect.poll(() => asset.getByTestId('asset-status-badge').textContent()).toBe('Suspenso');

  // Both changes are on the person's timeline (Resumo tab).
  await carla.getByTestId('person-tab-summary').click();
  const events = carla.locator('[data-testid="timeline-event"][data-kind="asset_changed"]');
  await expect.poll(() => events.count()).toBe(2);
  const updated = events.first();
  expect(await updated.textContent()).toContain(`Ativo alterado: ${typeName} “SN-${stamp}”`);
  expect(await updated.textContent()).toContain('Situação: Ativo → Suspenso');
  expect(await events.nth(1).textContent()).toContain(`Ativo adicionado: ${typeName} “SN-${stamp}”`);
  expect(await events.nth(1).textContent()).toContain('Carla Mendes');
});
