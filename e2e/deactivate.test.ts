import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const password = inject('password');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

it('an admin deactivates a broker: the open session ends at once and the login is refused', async () => {
  const broker = await signIn(browser, 'thiago@funil.local');
  await broker.waitForURL(/\/people/);
  await broker.getByTestId('person-row').first().waitFor();

  const admin = await signIn(browser, 'admin@funil.local');
  await admin.waitForURL(/\/people/);
  await admin.goto(`${baseUrl}/admin/users`);
  const row = admin.getByTestId('user-row').filter({ hasText: 'thiago@funil.local' });
  await row.getByRole('button', { name: 'Desativar' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByText('Desativar usuário? As sessões dele serão encerradas.').waitFor();
  await dialog.getByRole('button', { name: 'Desativar' }).click();
  await expect.poll(async () => (await row.textContent()) ?? '').toContain('Inativo');

  // The broker's next request finds no session: back to the login page, and signing in again fails.
  await broker.reload();
  await broker.waitForURL(/\/login/);
  await broker.getByLabel('E-mail').fill('thiago@funil.local');
  await broker.getByLabel('Senha').fill(password);
  await broker.getByRole('button', { name: 'Entrar' }).click();
  await broker.getByTestId('login-error').waitFor();
});
