import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, apiRequest, boardWithOneCard } from './fixtures.ts';

// Custom fields in the lists (issue 17): the people list filtered by a choice field and showing it as a column, and
// the board card showing an opportunity field marked "show on card".

const baseUrl = inject('baseUrl');
let browser: Browser;
const created: { id: string; version: number }[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

it('an admin filters people by a custom choice, shows it as a column, and sees an opportunity field on the card', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const perfil = await apiCall<{
    id: string;
    key: string;
    version: number;
    options: { value: string; label: string }[];
  }>(admin, 'POST', '/custom-fields', {
    entity: 'person',
    type: 'choice',
    label: 'Perfil de compra',
    options: [{ label: 'Investidor' }, { label: 'Primeiro imóvel' }],
  });
  const origem = await apiCall<{ id: string; key: string; version: number }>(
    admin,
    'POST',
    '/custom-fields',
    {
      entity: 'opportunity',
      type: 'money',
      label: 'Entrada prevista',
      showOnCard: true,
    },
  );
  created.push(perfil, origem);
  const investidor = perfil.options.find((o) => o.label === 'Investidor')?.value as string;
  await apiCall(admin, 'POST', '/people', {
    kind: 'individual',
    name: 'Zélia Investidora',
    customFields: { [perfil.key]: investidor },
  });
  await apiCall(admin, 'POST', '/people', {
    kind: 'individual',
    name: 'Zeca Primeira Compra',
    customFields: { [perfil.key]: perfil.options[1]?.value },
  });

  await admin.goto(`${baseUrl}/people?q=Ze`);
  await admin.getByTestId('people-total').filter({ hasText: /\d/ }).waitFor();
  await admin.getByRole('button', { name: 'Filtros' }).click();
  await admin.getByTestId(`cf-filter-${perfil.key}`).click();
  await admin.getByRole('option', { name: 'Investidor' }).click();
  await admin.keyboard.press('Escape');
  await admin.waitForURL(/cf=/);
  const rows = admin.getByTestId('person-row');
  await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('Zélia Investidora')]);

  await admin.getByTestId('custom-columns').click();
  await admin.getByRole('option', { name: 'Perfil de compra' }).click();
  await admin.keyboard.press('Escape');
  expect(await rows.first().getByTestId(`cf-cell-${perfil.key}`).textContent()).toBe('Investidor');
  // Remembered for this user: still there after a reload.
  await admin.reload();
  await rows.first().getByTestId(`cf-cell-${perfil.key}`).waitFor();

  const { opportunity } = await boardWithOneCard(admin, {
    funnel: 'Funil campos no card',
    person: 'Titular do card',
    title: 'Casa com entrada',
  });
  const etag = (await apiRequest(admin, 'GET', `/opportunities/${opportunity.id}`)).etag;
  const patched = await apiRequest(
    admin,
    'PATCH',
    `/opportunities/${opportunity.id}`,
    { customFields: { [origem.key]: 5_000_000 } },
    { 'if-match': etag },
  );
  expect(patched.status).toBe(200);
  await admin.reload();
  const onCard = admin.getByTestId(`board-card-cf-${origem.key}`);
  await onCard.waitFor();
  expect(await onCard.textContent()).toMatch(/^Entrada prevista: R\$\s50\.000,00$/);

  // The fields leave the workspace as they came (other journeys share it).
  for (const f of created) {
    const removed = await apiRequest(admin, 'DELETE', `/custom-fields/${f.id}`, undefined, {
      'if-match': `"${f.version}"`,
    });
    expect(removed.status).toBeLessThan(300);
  }
});
