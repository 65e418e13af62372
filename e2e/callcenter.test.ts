import { generateCpf } from '@funil/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, apiRequest, currentMinuteLocal, random } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now().toString(36);

/** Replaces one of the workspace's option lists; answers its items. */
async function setList(page: Page, list: string, labels: string[]) {
  const settings = await apiRequest(page, 'GET', '/opportunity-settings');
  const current = settings.body.lists[list] as { id: string; label: string }[];
  const res = await apiRequest(
    page,
    'PUT',
    `/opportunity-settings/lists/${list}`,
    { items: [...current, ...labels.map((label) => ({ label }))] },
    { 'if-match': settings.etag },
  );
  if (res.status !== 200) throw new Error(`list ${list}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.lists[list] as { id: string; label: string }[];
}

it('an attendant registers a call with a return whose alarm rings live, filters by publicity, and pre-registers a client', {
  timeout: 180_000,
}, async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const instagram = `Instagram ${stamp}`;
  const jornal = `Jornal ${stamp}`;
  const publicity = await setList(admin, 'publicity', [instagram, jornal]);
  await setList(admin, 'interest_level', [`Alto ${stamp}`]);
  const jornalId = publicity.find((o) => o.label === jornal)?.id;

  // 1. Receptivo: a new interested person and the call, with a return and its alarm.
  await admin.goto(`${baseUrl}/call-center`);
  const name = `Interessada ${stamp}`;
  const digits = Math.floor(random() * 1e8)
    .toString()
    .padStart(8, '0');
  await admin.getByTestId('desk-name').fill(name);
  await admin.getByTestId('desk-phone').fill(`(11) 9${digits.slice(0, 4)}-${digits.slice(4)}`);
  await admin.getByTestId('desk-email').fill(`interessada.${stamp}@exemplo.com.br`);
  await admin.getByTestId('desk-outcome').selectOption({ label: 'Atendeu' });
  await admin.getByTestId('desk-publicity').selectOption({ label: instagram });
  await admin.getByTestId('desk-interest').selectOption({ label: `Alto ${stamp}` });
  await admin.getByTestId('desk-summary').fill('Procura apartamento de 2 dormitórios');
  await admin.getByTestId('desk-next-action').fill('Ligar para agendar visita');
  await admin.getByTestId('desk-alarm').fill(await currentMinuteLocal());
  // The toolbar says its shortcuts.
  expect(await admin.getByTestId('desk-register').getAttribute('title')).toContain('Alt+R');
  await admin.getByTestId('desk-register').click();
  await admin.getByTestId('desk-notice').filter({ hasText: name }).waitFor();
  await admin.getByTestId('desk-selected').filter({ hasText: name }).waitFor();
  const history = admin.getByTestId('desk-history-item');
  await history.first().waitFor();
  expect(await history.count()).toBe(1);
  expect(await history.first().getAttribute('data-outcome')).toBe('answered');
  await expect.poll(() => history.first().textContent()).toContain('Procura apartamento');

  // A second contact, registered with the keyboard (Alt+R): voicemail, newest first.
  await admin.getByTestId('desk-outcome').selectOption({ label: 'Caixa postal' });
  await admin.keyboard.press('Alt+R');
  await expect.poll(() => history.count()).toBe(2);
  expect(await history.first().getAttribute('data-outcome')).toBe('voicemail');

  // Registering the same phone again from the desk offers the existing record instead of a duplicate.
  await admin.keyboard.press('Alt+L');
  await admin.getByTestId('desk-selected').waitFor({ state: 'detached' });
  await admin.getByTestId('desk-name').fill(`Outra ${stamp}`);
  await admin.getByTestId('desk-email').fill(`interessada.${stamp}@exemplo.com.br`);
  await admin.getByTestId('desk-register').click();
  await admin.getByTestId('desk-use-duplicate').click();
  await admin.getByTestId('desk-selected').filter({ hasText: name }).waitFor();
  await expect.poll(() => history.count()).toBe(2);

  // 2. The alarm rings live: the bell shows the return without reloading the page.
  const alarm = admin
    .locator('[data-testid="notification"][data-kind="contact_alarm"]')
    .filter({ hasText: name });
  await expect
    .poll(
      async () => {
        await admin.getByTestId('notifications-bell').click();
        const seen = await alarm.count();
        await admin.keyboard.press('Escape');
        return seen;
      },
      { timeout: 100_000, interval: 2_000 },
    )
    .toBe(1);

  // 3. Filtros: another person came through the newspaper; filtering by Instagram finds only her.
  const other = await apiCall<{ id: string }>(admin, 'POST', '/people', {
    kind: 'individual',
    name: `Leitor ${stamp}`,
  });
  await apiCall(admin, 'POST', '/call-center/attempts', {
    personId: other.id,
    direction: 'outbound',
    outcome: 'no_answer',
    publicityId: jornalId,
  });
  await admin.getByTestId('tab-filters').click();
  await admin.getByTestId('filters-publicity').click({ force: true });
  await admin.getByRole('option', { name: instagram, exact: true }).click();
  await admin.keyboard.press('Escape');
  await admin.getByTestId('filters-apply').click();
  await admin.getByTestId('filters-total').filter({ hasText: '1 interessado' }).waitFor();
  const rows = admin.getByTestId('filters-row');
  expect(await rows.count()).toBe(1);
  expect(await rows.first().textContent()).toContain(name);
  expect(await rows.first().textContent()).not.toContain(`Leitor ${stamp}`);

  // 4. Pré-cadastro: a client with a won sale; the address went missing after it, so the desk asks for it.
  const client = await apiCall<{ id: string; name: string }>(admin, 'POST', '/people', {
    kind: 'individual',
    name: `Compradora ${stamp}`,
    document: generateCpf(random),
    phones: [{ number: `(11) 9${digits.slice(4)}-${digits.slice(0, 4)}`, type: 'mobile' }],
    addresses: [{ cep: '01310-100', street: 'Av. Paulista', number: '1000', city: 'São Paulo', state: 'SP' }],
  });
  const pipeline = await apiCall<{ id: string }>(admin, 'POST', '/pipelines', {
    name: `Vendas desk ${stamp}`,
    stages: [{ name: 'Entrada' }],
  });
  const sale = await apiCall<{ id: string }>(admin, 'POST', '/opportunities', {
    pipelineId: pipeline.id,
    title: `Apartamento ${stamp}`,
    holderId: client.id,
  });
  const won = await apiRequest(admin, 'POST', `/opportunities/${sale.id}/status`, { status: 'won' });
  expect(won.status, JSON.stringify(won.body)).toBe(200);
  const current = await apiRequest(admin, 'GET', `/people/${client.id}`);
  const cleared = await apiRequest(
    admin,
    'PATCH',
    `/people/${client.id}`,
    { addresses: [] },
    { 'if-match': current.etag },
  );
  expect(cleared.status).toBe(200);

  await admin.getByTestId('tab-main').click();
  await admin.keyboard.press('Alt+L');
  await admin.getByTestId('desk-person-search').fill(`Compradora ${stamp}`);
  await admin
    .getByTestId('desk-person-option')
    .filter({ hasText: `Compradora ${stamp}` })
    .click();
  await admin
    .getByTestId('desk-selected')
    .filter({ hasText: `Compradora ${stamp}` })
    .waitFor();
  await admin.keyboard.press('Alt+P');
  await admin.getByTestId('pre-opportunity').waitFor();
  await admin.getByTestId('pre-confirm').click();
  await admin.getByTestId('pre-missing').filter({ hasText: 'endereço' }).waitFor();
  // The full person form opens prefilled for the pré-cadastro, says what is missing, and saving converts.
  await admin.getByTestId('pre-complete-form').click();
  await admin.waitForURL(new RegExp(`/people/${client.id}/edit\\?`));
  await admin.getByTestId('pre-form-notice').filter({ hasText: 'endereço' }).waitFor();
  await admin.getByRole('button', { name: 'Adicionar endereço' }).click();
  const address = admin.getByTestId('address-row');
  await address.getByTestId('cep-input').fill('01310-100');
  await expect.poll(() => address.getByLabel('Cidade', { exact: true }).inputValue()).toBe('São Paulo');
  await address.getByLabel('Número', { exact: true }).fill('900');
  await admin.getByRole('button', { name: 'Salvar alterações' }).click();
  await admin.waitForURL(new RegExp(`/people/${client.id}$`));
  const after = await apiRequest(admin, 'GET', `/people/${client.id}`);
  expect(after.body.stage).toBe('client');

  // The person page's history shows the contact attempts and the conversion.
  await admin.goto(`${baseUrl}/people/${client.id}`);
  await admin.getByText(`Pré-cadastro concluído: virou cliente pela venda "Apartamento ${stamp}".`).waitFor();
});
