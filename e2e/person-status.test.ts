import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
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

it('a broker changes the temperature and reverts it, has no "Excluir"; an admin archives and restores the person', async () => {
  const carla = await signIn(browser, 'carla@funil.local');
  const person = await apiCall<{ id: string; name: string }>(carla, 'POST', '/people', {
    kind: 'individual',
    name: `Pessoa Status ${Date.now().toString(36)}`,
  });
  await carla.goto(`${baseUrl}/people/${person.id}`);
  await carla.getByTestId('status-panel').waitFor();

  const chooseTemperature = async (value: string) => {
    await carla.getByTestId('person-actions').click();
    await carla.getByTestId('action-changeTemperature').click();
    await carla.locator(`[data-testid="temperature-option"][data-value="${value}"]`).click();
    const confirm = carla.getByTestId('action-confirm');
    if (await confirm.isVisible()) await confirm.click();
    await carla.locator(`[data-testid="temperature"][data-value="${value}"]`).waitFor();
  };
  await chooseTemperature('warm');
  await chooseTemperature('hot');
  await carla.getByTestId('person-actions').click();
  await carla.getByTestId('revert-temperature').click();
  await carla.locator('[data-testid="temperature"][data-value="warm"]').waitFor();
  const status = await apiCall<{ temperature: string; previousTemperature: string }>(
    carla,
    'GET',
    `/people/${person.id}/status`,
  );
  expect(status).toMatchObject({ temperature: 'warm', previousTemperature: 'hot' });
  // Both the change and the revert are on the timeline.
  await expect
    .poll(() => carla.locator('[data-testid="timeline-event"][data-kind="field_changed"]').count())
    .toBe(3);

  // Brokers may not archive (Excluir): the item is not offered, and the API refuses it.
  await carla.getByTestId('person-actions').click();
  await carla.getByTestId('action-changeObjective').waitFor();
  expect(await carla.getByTestId('action-archive').count()).toBe(0);
  await carla.keyboard.press('Escape');
  const refused = await carla.request.post(`${baseUrl}/api/v1/people/${person.id}/archive`);
  expect(refused.status()).toBe(403);

  const admin = await signIn(browser, 'admin@funil.local');
  await admin.goto(`${baseUrl}/people/${person.id}`);
  await admin.getByTestId('person-actions').click();
  await admin.getByTestId('action-archive').click();
  await admin
    .getByRole('button', { name: /Excluir|Arquivar|Confirmar/ })
    .last()
    .click();
  await admin.getByTestId('archived-banner').waitFor();
  // Gone for the broker.
  const gone = await carla.request.get(`${baseUrl}/api/v1/people/${person.id}`);
  expect(gone.status()).toBe(404);
  await admin.getByTestId('restore-person').click();
  await admin.getByTestId('archived-banner').waitFor({ state: 'detached' });
  const back = await carla.request.get(`${baseUrl}/api/v1/people/${person.id}`);
  expect(back.status()).toBe(200);

  for (const page of [carla, admin]) await page.context().close();
});

it('a broker e-mails a person from the page through the workspace SMTP; a deny-listed person offers no e-mail', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const smtp = await useTestSmtp(admin, 'vendas@funil.test');

  const carla = await signIn(browser, 'carla@funil.local');
  const stamp = Date.now().toString(36);
  const person = await apiCall<{ id: string }>(carla, 'POST', '/people', {
    kind: 'individual',
    name: `Pessoa Email ${stamp}`,
    emails: [{ address: `pessoa.${stamp}@cliente.test` }],
  });
  await carla.goto(`${baseUrl}/people/${person.id}`);
  await carla.getByTestId('compose-email').first().click();
  await carla.getByTestId('email-subject').fill('Proposta do apartamento');
  await carla.getByTestId('email-body').fill('Olá! Segue a proposta que conversamos.');
  await carla.getByTestId('email-send').click();
  await carla.locator('[data-testid="timeline-event"][data-kind="email_sent"]').waitFor();
  expect(smtp.received.at(-1)?.data).toContain('Subject: Proposta do apartamento');

  const denied = await apiCall<{ id: string }>(carla, 'POST', '/people', {
    kind: 'individual',
    name: `Pessoa Deny ${stamp}`,
    emails: [{ address: `deny.${stamp}@cliente.test` }],
  });
  await admin.request.put(`${baseUrl}/api/v1/people/${denied.id}/do-not-contact`, {
    data: { doNotContact: true },
  });
  await carla.goto(`${baseUrl}/people/${denied.id}`);
  await carla.getByTestId('do-not-contact-badge').waitFor();
  expect(await carla.getByTestId('compose-email').count()).toBe(0);
  const refused = await carla.request.post(`${baseUrl}/api/v1/people/${denied.id}/emails`, {
    data: { to: `deny.${stamp}@cliente.test`, subject: 'Oi', body: 'Oi' },
  });
  expect(refused.status()).toBe(409);

  for (const page of [carla, admin]) await page.context().close();
  await smtp.close();
});
