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

it('an admin creates a purpose; a broker records consent on the LGPD tab, revokes it, and the log keeps both', async () => {
  const suffix = Date.now().toString(36);
  const purposeName = `Ofertas por WhatsApp ${suffix}`;

  // Administração › Privacidade › Finalidades: a new purpose with the text shown to the person.
  const admin = await signIn(browser, 'admin@funil.local');
  await admin.goto(`${baseUrl}/admin/privacy/consents`);
  await admin.getByTestId('purpose-new').click();
  await admin.getByTestId('purpose-name').fill(purposeName);
  await admin.getByTestId('purpose-text').fill('Autorizo o envio de ofertas de imóveis pelo WhatsApp.');
  await admin.getByTestId('purpose-save').click();
  const row = admin.locator(`[data-testid="purpose-row"][data-name="${purposeName}"]`);
  await row.waitFor();
  expect(await row.textContent()).toContain('v1');

  // A broker, on a person of their own: Registrar base legal.
  const carla = await signIn(browser, 'carla@funil.local');
  const person = await apiCall<{ id: string }>(carla, 'POST', '/people', {
    kind: 'individual',
    name: `Titular LGPD ${suffix}`,
  });
  await carla.goto(`${baseUrl}/people/${person.id}?tab=lgpd`);
  await carla.getByTestId('consents-empty').waitFor();
  await carla.getByTestId('consent-record').click();
  await carla.getByTestId('consent-purpose').click();
  await carla.getByRole('option', { name: purposeName }).click();
  expect(await carla.getByTestId('consent-purpose-text').textContent()).toContain('Autorizo o envio');
  await carla.getByTestId('consent-evidence').fill('Pedido por telefone em atendimento');
  await carla.getByTestId('consent-record-save').click();

  const current = carla.locator(`[data-testid="consent-current"][data-purpose="${purposeName}"]`);
  await expect.poll(() => current.getAttribute('data-active')).toBe('true');
  expect(await current.textContent()).toContain('Consentimento');
  expect(await current.textContent()).toContain('Em vigor');

  // Revogar, confirmed.
  await current.getByTestId('consent-revoke').click();
  await carla.getByRole('dialog').getByRole('button', { name: 'Revogar' }).click();
  await expect.poll(() => current.getAttribute('data-active')).toBe('false');
  expect(await current.textContent()).toContain('Revogada');

  // The log shows both records, newest first, with who, source, text version and dd/mm/aaaa hh:mm.
  const rows = carla.getByTestId('consent-log-row');
  await expect.poll(() => rows.count()).toBe(2);
  expect(await rows.nth(0).getAttribute('data-action')).toBe('revoked');
  expect(await rows.nth(1).getAttribute('data-action')).toBe('granted');
  const granted = (await rows.nth(1).textContent()) ?? '';
  expect(granted).toContain('Carla Mendes');
  expect(granted).toContain('Manual');
  expect(granted).toContain('v1');
  expect(granted).toMatch(/\d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}/);

  // Both records are on the person's timeline too.
  await carla.goto(`${baseUrl}/people/${person.id}`);
  const revokedEvent = carla.locator('[data-testid="consent-event"][data-kind="consent_revoked"]').first();
  await revokedEvent.waitFor();
  expect(await revokedEvent.textContent()).toContain(
    `Base legal “Consentimento” revogada para “${purposeName}”`,
  );
  expect(
    await carla.locator('[data-testid="consent-event"][data-kind="consent_granted"]').first().textContent(),
  ).toContain('Evidência: Pedido por telefone em atendimento');
});
