import { formatPhone, generateMobile } from '@funil/domain';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, random } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

it('a broker sees masked phones, reveals them (call and WhatsApp appear), and the timeline records who looked', async () => {
  const carla = await signIn(browser, 'carla@funil.local');
  const mobile = generateMobile(random);
  const person = await apiCall<{ id: string; phones: { masked: string }[] }>(carla, 'POST', '/people', {
    kind: 'individual',
    name: `Telefone Oculto ${Date.now().toString(36)}`,
    phones: [{ number: formatPhone(mobile), type: 'whatsapp' }],
  });
  expect(person.phones[0]?.masked).toContain('••');
  await carla.goto(`${baseUrl}/people/${person.id}`);

  // Masked, with no way to call before the reveal.
  const masked = carla.getByTestId('phone-masked').first();
  await masked.waitFor();
  expect(await masked.textContent()).toContain(person.phones[0]?.masked);
  expect(await carla.getByTestId('person-phones').textContent()).not.toContain(formatPhone(mobile));
  expect(await carla.locator('a[href^="tel:"]').count()).toBe(0);
  expect(await carla.locator('a[href^="https://wa.me/"]').count()).toBe(0);

  await carla.getByTestId('reveal-phones').click();
  const full = carla.getByTestId('phone-full').first();
  await full.waitFor();
  expect(await full.textContent()).toContain(formatPhone(mobile));
  expect(await carla.locator(`a[href="tel:${mobile}"]`).count()).toBe(1);
  expect(await carla.locator(`a[href="https://wa.me/${mobile.slice(1)}"]`).count()).toBe(1);

  const event = carla.locator('[data-testid="timeline-event"][data-kind="phones_revealed"]').first();
  await event.waitFor();
  expect(await event.textContent()).toContain('Telefones visualizados por Carla Mendes');

  // Editing the name alone keeps the phone (still masked on the form, not sent).
  await carla.getByRole('link', { name: 'Editar' }).first().click();
  await carla.waitForURL(/\/edit$/);
  await carla.getByTestId('masked-phones').waitFor();
  await carla.getByLabel('Nome', { exact: true }).fill('Telefone Oculto Renomeado');
  await carla.getByRole('button', { name: 'Salvar alterações' }).click();
  await carla.waitForURL(`${baseUrl}/people/${person.id}`);
  const revealed = await apiCall<{ phones: { number: string }[] }>(
    carla,
    'POST',
    `/people/${person.id}/phones/reveal`,
  );
  expect(revealed.phones.map((p) => p.number)).toEqual([mobile]);

  // Changing the phone needs the numbers first: "Ver e editar telefones" (recorded too) fills the inputs.
  await carla.getByRole('link', { name: 'Editar' }).first().click();
  await carla.waitForURL(/\/edit$/);
  await carla.getByTestId('edit-reveal-phones').click();
  const input = carla.getByLabel('Telefone', { exact: true });
  await expect.poll(() => input.inputValue()).toBe(formatPhone(mobile));
  const other = generateMobile(random);
  await input.fill(formatPhone(other));
  await carla.getByRole('button', { name: 'Salvar alterações' }).click();
  await carla.waitForURL(`${baseUrl}/people/${person.id}`);
  const after = await apiCall<{ phones: { number: string }[] }>(
    carla,
    'POST',
    `/people/${person.id}/phones/reveal`,
  );
  expect(after.phones.map((p) => p.number)).toEqual([other]);
});
