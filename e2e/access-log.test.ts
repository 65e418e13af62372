import { formatPhone, generateMobile } from '@funil/domain';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, random } from './fixtures.ts';

// LGPD: the access log shows who viewed a person, revealed the phones and exported the row; the incident register
// shows the notice deadline in business days.

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

it('a broker views a person and reveals the phones, an admin exports the list; the access log filtered by the person shows all three', async () => {
  const carla = await signIn(browser, 'carla@funil.local');
  const name = `Acesso Registrado ${Date.now().toString(36)}`;
  const person = await apiCall<{ id: string }>(carla, 'POST', '/people', {
    kind: 'individual',
    name,
    phones: [{ number: formatPhone(generateMobile(random)), type: 'whatsapp' }],
  });
  await carla.goto(`${baseUrl}/people/${person.id}`);
  await carla.getByTestId('reveal-phones').click();
  await carla.getByTestId('phone-full').first().waitFor();

  const admin = await signIn(browser, 'admin@funil.local');
  await admin.goto(`${baseUrl}/people?q=${encodeURIComponent(name)}`);
  await admin.getByTestId('people-total').filter({ hasText: /\b1\b/ }).waitFor();
  await admin.getByTestId('export-menu').click();
  await admin.getByTestId('export-csv').click();
  await admin.getByTestId('export-started-link').click();
  await admin.waitForURL(/\/exports$/);
  await admin.locator('[data-testid="export-row"][data-status="done"]').first().waitFor({ timeout: 20_000 });

  await admin.goto(`${baseUrl}/admin/privacy/access-log?personId=${person.id}`);
  const rows = admin.getByTestId('access-log-row');
  await rows.first().waitFor();
  const entries = await rows.evaluateAll((els) =>
    els.map((el) => ({
      kind: el.getAttribute('data-kind'),
      who: el.querySelector('[data-testid="access-log-user"]')?.textContent,
    })),
  );
  // Newest first: the export's row, then Carla's reveal and her visit(s) to the page.
  expect(entries[0]).toEqual({ kind: 'row_exported', who: 'Administrador Funil' });
  const rest = entries.slice(1);
  expect(rest.filter((e) => e.kind === 'phones_revealed')).toEqual([
    { kind: 'phones_revealed', who: 'Carla Mendes' },
  ]);
  const views = rest.filter((e) => e.kind !== 'phones_revealed');
  expect(views.length).toBeGreaterThanOrEqual(1);
  for (const e of views) expect(e).toEqual({ kind: 'person_viewed', who: 'Carla Mendes' });
  expect(await rows.first().getByTestId('access-log-kind').textContent()).toBe('Linha exportada');
  expect(await rows.first().getByTestId('access-log-person').textContent()).toBe(name);
  // The person filter shows the person's name.
  expect(await admin.getByTestId('access-log-filter-person').inputValue()).toBe(name);

  // The same entries on the person's LGPD tab.
  await admin.goto(`${baseUrl}/people/${person.id}?tab=lgpd`);
  const section = admin.getByTestId('person-access-log');
  await section.getByTestId('access-log-row').first().waitFor();
  // The admin's own visit to the page is logged too.
  expect(await section.locator('[data-kind="person_viewed"]').count()).toBeGreaterThanOrEqual(2);
}, 60_000);

it('an admin records an incident with an affected person and sees it overdue past its 3 business days', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const name = `Titular Afetado ${Date.now().toString(36)}`;
  await apiCall(admin, 'POST', '/people', { kind: 'individual', name });
  await admin.goto(`${baseUrl}/admin/privacy/incidents`);
  await admin.getByTestId('incident-new').click();
  const title = `Planilha enviada por engano ${Date.now().toString(36)}`;
  await admin.getByTestId('incident-title').fill(title);
  const learned = admin.getByTestId('incident-learned-on');
  await learned.fill('01/12/2026');
  await learned.blur();
  // Learned on Tue 01/12/2026: Wed 2, Thu 3, Fri 4.
  await admin.getByTestId('incident-deadline-hint').filter({ hasText: '04/12/2026' }).waitFor();
  await admin.getByTestId('incident-category-contact').click();
  await admin.getByTestId('incident-person-picker').fill(name);
  await admin.locator('[role="option"]:visible', { hasText: name }).first().click();
  await admin.getByTestId('incident-affected-person').filter({ hasText: name }).waitFor();
  await admin.getByTestId('incident-save').click();

  const row = admin.getByTestId('incident-row').filter({ hasText: title });
  await row.waitFor();
  expect(await row.getByTestId('incident-notice').textContent()).toMatch(/^Atrasado/);
  expect(await row.getByTestId('incident-person-link').textContent()).toBe(name);
  expect(await row.textContent()).toContain('01/12/2026');
}, 40_000);
