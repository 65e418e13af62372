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

it('an admin creates a foreigner type with a required passport; a broker registers one without CPF, and the same passport again is refused', async () => {
  const stamp = Date.now().toString(36).toUpperCase();
  const typeName = `Estrangeiro ${stamp}`;
  const passport = `E2E${stamp}`.slice(0, 20);

  // Administração › Tipos de pessoa: the type, on an individual, with a required passport.
  const admin = await signIn(browser, 'admin@funil.local');
  await admin.goto(`${baseUrl}/admin/person-types`);
  await admin.getByTestId('person-type-new').click();
  const typeForm = admin.getByTestId('person-type-form');
  await typeForm.waitFor();
  await admin.getByTestId('person-type-name').fill(typeName);
  await admin.getByTestId('person-type-add-document').click();
  await admin.getByTestId('person-type-document-kind').click();
  await admin.getByRole('option', { name: 'Passaporte', exact: true }).click();
  await admin.getByTestId('person-type-document-required').check();
  await admin.getByTestId('person-type-save').click();
  await typeForm.waitFor({ state: 'detached' });
  const typeRow = admin.getByTestId('person-type-row').filter({ hasText: typeName });
  await typeRow.waitFor();
  expect(await typeRow.textContent()).toContain('Passaporte (obrigatório)');

  // A broker picks the type first: the CPF input goes, the passport inputs come, required.
  const carla = await signIn(browser, 'carla@funil.local');
  const register = async (name: string) => {
    await carla.goto(`${baseUrl}/people/new`);
    await carla.getByLabel(typeName, { exact: true }).check();
    await carla.getByLabel('Nome', { exact: true }).fill(name);
    expect(await carla.getByLabel('CPF', { exact: true }).count()).toBe(0);
  };
  await register('John Smith');
  await carla.getByRole('button', { name: 'Cadastrar' }).click();
  // The server's rule comes back under the passport number, in Portuguese.
  await carla.getByTestId('form-error').waitFor();
  await carla.getByText('Campo obrigatório').waitFor();
  await carla.getByTestId('passport-country').fill('us');
  await carla.getByTestId('passport-number').fill(passport);
  await carla.getByRole('button', { name: 'Cadastrar' }).click();
  await carla.waitForURL(/\/people\/[0-9a-f-]{36}$/);
  const firstUrl = carla.url();
  expect(await carla.getByTestId('person-document-passport').textContent()).toBe(`${passport} (US)`);
  await carla.getByTestId('person-type').filter({ hasText: typeName }).waitFor();

  // Another person with the same passport (same country) is refused, pointing to the first.
  await register('Johnny Smith');
  await carla.getByTestId('passport-country').fill('US');
  await carla.getByTestId('passport-number').fill(passport.toLowerCase());
  await carla.getByRole('button', { name: 'Cadastrar' }).click();
  const duplicate = carla.getByTestId('duplicate-alert');
  await duplicate.waitFor();
  expect(await duplicate.textContent()).toContain('Já existe um cadastro com este passaporte: John Smith');
  await duplicate.getByRole('link', { name: 'Abrir cadastro existente' }).click();
  await carla.waitForURL(firstUrl);
}, 120_000);
