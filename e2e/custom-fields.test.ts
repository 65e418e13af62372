import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, apiRequest } from './fixtures.ts';

// Campos personalizados (issue 17), one journey: an admin adds fields in Administração › Campos personalizados, a
// broker fills them on the forms, sees them on the pages, and the timeline shows their changes.

const baseUrl = inject('baseUrl');
let browser: Browser;
let admin: Page;
const created: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  // The demo workspace is shared by the next files: a required opportunity field would refuse their cards.
  for (const id of created) {
    const fields = await apiCall<{ items: { id: string; version: number }[] }>(
      admin,
      'GET',
      '/custom-fields?entity=opportunity',
    );
    const people = await apiCall<{ items: { id: string; version: number }[] }>(
      admin,
      'GET',
      '/custom-fields?entity=person',
    );
    const field = [...fields.items, ...people.items].find((f) => f.id === id);
    if (field)
      await apiRequest(admin, 'DELETE', `/custom-fields/${id}`, undefined, {
        'if-match': `"${field.version}"`,
      });
  }
  await browser?.close();
});

async function addField(
  page: Page,
  entity: 'person' | 'opportunity',
  label: string,
  type: string,
  more?: () => Promise<void>,
) {
  await page.getByTestId(`custom-fields-tab-${entity}`).click();
  await page.getByTestId(`custom-field-new-${entity}`).click();
  const form = page.getByTestId('custom-field-form');
  await form.waitFor();
  await page.getByTestId('custom-field-label').fill(label);
  await page.getByTestId('custom-field-type').click();
  await page.getByRole('option', { name: type, exact: true }).click();
  await more?.();
  await page.getByTestId('custom-field-save').click();
  await form.waitFor({ state: 'detached' });
  const row = page
    .getByTestId(`custom-fields-${entity}`)
    .getByTestId('custom-field-row')
    .filter({ hasText: label });
  await row.waitFor();
  return (await row.getAttribute('data-key')) as string;
}

it('an admin adds fields; a broker fills them on the forms, sees them on the pages and in the timeline', async () => {
  const stamp = Date.now().toString(36);
  admin = await signIn(browser, 'admin@funil.local');
  await admin.goto(`${baseUrl}/admin/custom-fields`);
  const payment = await addField(admin, 'opportunity', `Pagamento ${stamp}`, 'Escolha única', async () => {
    await admin.getByTestId('custom-field-option-0').fill('À vista');
    await admin.getByTestId('custom-field-add-option').click();
    await admin.getByTestId('custom-field-option-1').fill('Financiado');
    await admin.getByTestId('custom-field-required').check();
  });
  const downPayment = await addField(admin, 'opportunity', `Entrada ${stamp}`, 'Valor (R$)');
  const visit = await addField(admin, 'person', `Primeira visita ${stamp}`, 'Data', () =>
    admin.getByLabel('Seção do formulário').fill(`Visita ${stamp}`),
  );
  const referrer = await addField(admin, 'person', `Indicado por ${stamp}`, 'Usuário');
  const all = [
    ...(
      await apiCall<{ items: { id: string; key: string }[] }>(
        admin,
        'GET',
        '/custom-fields?entity=opportunity',
      )
    ).items,
    ...(await apiCall<{ items: { id: string; key: string }[] }>(admin, 'GET', '/custom-fields?entity=person'))
      .items,
  ];
  created.push(
    ...all.filter((f) => [payment, downPayment, visit, referrer].includes(f.key)).map((f) => f.id),
  );

  // A broker fills the person's date field on the edit form (dd/mm/aaaa) and sees it on the page and timeline.
  const carla = await signIn(browser, 'carla@funil.local');
  const person = await apiCall<{ id: string }>(carla, 'POST', '/people', {
    kind: 'individual',
    name: `Cliente Campos ${stamp}`,
  });
  await carla.goto(`${baseUrl}/people/${person.id}/edit`);
  // The section the admin gave the field heads its group on the form and on the page.
  const sectionHeading = carla.getByRole('heading', { name: `Visita ${stamp}`, exact: true });
  const day = carla.locator('section').filter({ has: sectionHeading }).getByTestId(`custom-field-${visit}`);
  await day.fill('05/03/2026');
  await day.blur();
  await carla.getByRole('button', { name: 'Salvar alterações' }).click();
  await carla.waitForURL(new RegExp(`/people/${person.id}$`));
  const pageSection = carla
    .getByTestId('custom-fields-view-person')
    .locator(':scope > *')
    .filter({ has: sectionHeading });
  await expect
    .poll(() => pageSection.getByTestId(`custom-value-${visit}`).textContent())
    .toContain('05/03/2026');
  const personChange = carla.locator('[data-testid="timeline-event"][data-kind="field_changed"]').first();
  await expect
    .poll(() => personChange.textContent())
    .toContain(`Primeira visita ${stamp}: (vazio) → 05/03/2026`);

  // A user field's change names the user on the timeline, not their id.
  const users = await apiCall<{ items: { id: string; email: string; name: string }[] }>(
    carla,
    'GET',
    '/users',
  );
  const referee = users.items.find((u) => u.email === 'admin@funil.local');
  if (!referee) throw new Error('no admin user');
  const set = await apiRequest(
    carla,
    'PATCH',
    `/people/${person.id}`,
    { customFields: { [referrer]: referee.id } },
    { 'if-match': '"2"' },
  );
  expect(set.status).toBe(200);
  await carla.reload();
  await expect
    .poll(() => personChange.textContent())
    .toContain(`Indicado por ${stamp}: (vazio) → ${referee.name}`);
  expect(await personChange.textContent()).not.toContain(referee.id);

  // The opportunity form asks for the required choice at the field, then registers the values.
  await carla.goto(`${baseUrl}/opportunities/new?holderId=${person.id}`);
  await carla.getByTestId('opportunity-form-title').fill(`Casa ${stamp}`);
  await carla.getByTestId(`custom-field-${downPayment}`).fill('5000');
  await carla.getByTestId('opportunity-form-submit').click();
  const choice = carla.getByTestId(`custom-field-${payment}`);
  await expect.poll(() => choice.getAttribute('aria-invalid')).toBe('true');
  await choice.click();
  await carla.getByRole('option', { name: 'Financiado', exact: true }).click();
  await carla.getByTestId('opportunity-form-submit').click();
  await carla.waitForURL(/\/opportunities\/[0-9a-f-]{36}$/);
  await expect.poll(() => carla.getByTestId(`custom-value-${payment}`).textContent()).toContain('Financiado');
  expect(await carla.getByTestId(`custom-value-${downPayment}`).textContent()).toContain('R$\u00a05.000,00');

  // An edit of the amount goes on the card's timeline with the old and new value.
  await carla.getByTestId('opportunity-edit').click();
  const edit = carla.getByTestId('opportunity-edit-form');
  await edit.waitFor();
  await edit.getByTestId(`custom-field-${downPayment}`).fill('7.500,00');
  await carla.getByTestId('opportunity-edit-save').click();
  await edit.waitFor({ state: 'detached' });
  await expect
    .poll(() => carla.getByTestId(`custom-value-${downPayment}`).textContent())
    .toContain('R$\u00a07.500,00');
  const cardChange = carla.locator('[data-testid="timeline-event"][data-kind="field_changed"]').first();
  await expect
    .poll(() => cardChange.textContent())
    .toContain(`Entrada ${stamp}: R$\u00a05.000,00 → R$\u00a07.500,00`);
});
