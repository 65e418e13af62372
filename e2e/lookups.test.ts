import { formatPhone, generateMobile } from '@funil/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, random } from './fixtures.ts';

// CNPJ and CEP lookups in the person form, against the registry simulator the app is pointed at (global setup):
// a CNPJ fills the company, a CEP fills the address, a registry that is down or switched off never stops the save.

const baseUrl = inject('baseUrl');
const sim = inject('lookupSimUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterEach(async () => {
  await fetch(`${sim}/__sim/reset`, { method: 'POST' });
});
afterAll(async () => {
  await browser?.close();
});

const value = (page: Page, label: string) => page.getByLabel(label, { exact: true }).inputValue();

async function newCompany(page: Page) {
  await page.goto(`${baseUrl}/people/new`);
  await page.getByLabel('Pessoa jurídica').check();
}

it('a CNPJ fills the company (name, trade name, CNAE, situation, address) and an 0800 line saves as Comercial', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  await newCompany(admin);
  await admin.getByTestId('cnpj-input').fill('11.222.333/0001-81');
  await admin.getByTestId('cnpj-lookup-filled').waitFor();
  expect(await value(admin, 'Razão social')).toBe('PADARIA PAO DOURADO LTDA');
  expect(await value(admin, 'Nome fantasia')).toBe('PAO DOURADO');
  expect(await value(admin, 'CNAE principal')).toBe('1091-1/02');
  expect(await value(admin, 'Atividade principal')).toBe('Fabricação de produtos de panificação industrial');
  expect(await value(admin, 'Situação cadastral')).toBe('ATIVA');
  const address = admin.getByTestId('address-row');
  expect(await address.count()).toBe(1);
  expect(await address.getByTestId('cep-input').inputValue()).toBe('01310-100');
  expect(await address.getByLabel('Número', { exact: true }).inputValue()).toBe('1000');
  expect(await address.getByLabel('Cidade', { exact: true }).inputValue()).toBe('SAO PAULO');

  // The company's commercial line is a toll-free number: accepted, typed Comercial, no WhatsApp.
  await admin.getByLabel('Telefone', { exact: true }).fill('0800 727 1234');
  await expect.poll(() => admin.getByLabel('Tipo de telefone').first().inputValue()).toBe('Comercial');
  await admin.getByRole('button', { name: 'Cadastrar' }).click();
  await admin.waitForURL(/\/people\/[0-9a-f-]{36}$/);
  expect(await admin.getByTestId('person-cnae').textContent()).toContain('1091-1/02');
  expect(await admin.getByTestId('person-registration-status').textContent()).toBe('ATIVA');
  await admin.getByTestId('reveal-phones').click();
  const phone = admin.getByTestId('phone-full').first();
  await phone.waitFor();
  expect(await phone.textContent()).toContain('0800 727 1234');
  expect(await phone.getByRole('link', { name: /WhatsApp/ }).count()).toBe(0);
});

it('a CEP fills the address of a person; an address the user typed differently is replaced only on request', async () => {
  const broker = await signIn(browser, 'carla@funil.local');
  await broker.goto(`${baseUrl}/people/new`);
  await broker.getByRole('button', { name: 'Adicionar endereço' }).click();
  const row = broker.getByTestId('address-row');
  await row.getByLabel('Logradouro', { exact: true }).fill('Rua que digitei');
  await row.getByTestId('cep-input').fill('20040020');
  await row.getByTestId('cep-lookup-conflicts').waitFor();
  expect(await row.getByLabel('Bairro', { exact: true }).inputValue()).toBe('Centro');
  expect(await row.getByLabel('Cidade', { exact: true }).inputValue()).toBe('Rio de Janeiro');
  expect(await row.getByLabel('Logradouro', { exact: true }).inputValue()).toBe('Rua que digitei');
  await row.getByRole('button', { name: 'Usar o endereço do CEP' }).click();
  expect(await row.getByLabel('Logradouro', { exact: true }).inputValue()).toBe('Rua da Quitanda');
  expect(await row.getByTestId('cep-input').inputValue()).toBe('20040-020');
  await row.getByLabel('Número', { exact: true }).fill('50');

  const name = `Cliente CEP ${Math.floor(random() * 1e6)}`;
  await broker.getByLabel('Nome', { exact: true }).fill(name);
  await broker.getByLabel('Telefone', { exact: true }).fill(formatPhone(generateMobile(random)));
  await broker.getByRole('button', { name: 'Cadastrar' }).click();
  await broker.waitForURL(/\/people\/[0-9a-f-]{36}$/);
  const id = broker.url().split('/').pop() as string;
  const person = await apiCall<{ addresses: { street: string; city: string; state: string; cep: string }[] }>(
    broker,
    'GET',
    `/people/${id}`,
  );
  expect(person.addresses[0]).toMatchObject({
    street: 'Rua da Quitanda',
    city: 'Rio de Janeiro',
    state: 'RJ',
    cep: '20040020',
  });
});

it('with the registry down the form says so and still saves; switched off in the settings, nothing is asked', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  await fetch(`${sim}/__sim/fail`, { method: 'POST', body: JSON.stringify({ mode: 'down' }) });
  await newCompany(admin);
  await admin.getByTestId('cnpj-input').fill('19.131.243/0001-97');
  const note = admin.getByTestId('cnpj-lookup-note');
  await note.waitFor();
  expect(await note.textContent()).toContain('Não foi possível consultar a Receita agora');
  await admin.getByLabel('Razão social', { exact: true }).fill('Associação digitada à mão');
  await admin.getByRole('button', { name: 'Cadastrar' }).click();
  await admin.waitForURL(/\/people\/[0-9a-f-]{36}$/);
  await admin.getByRole('heading', { name: 'Associação digitada à mão' }).waitFor();
  await fetch(`${sim}/__sim/reset`, { method: 'POST' });

  // Switched off on Configurações gerais: the CEP is not looked up, the form says why.
  await admin.goto(`${baseUrl}/admin/settings`);
  const toggle = admin.getByTestId('lookups-enabled');
  await toggle.waitFor();
  expect(await toggle.isChecked()).toBe(true);
  await toggle.click();
  await admin.getByTestId('lookups-saved').waitFor();
  expect(await toggle.isChecked()).toBe(false);
  try {
    await admin.goto(`${baseUrl}/people/new`);
    await admin.getByRole('button', { name: 'Adicionar endereço' }).click();
    await admin.getByTestId('cep-input').fill('01001-000');
    const off = admin.getByTestId('cep-lookup-note');
    await off.waitFor();
    expect(await off.textContent()).toContain('desligadas');
    expect(await admin.getByLabel('Logradouro', { exact: true }).inputValue()).toBe('');
    const state = (await (await fetch(`${sim}/__sim/state`)).json()) as { requests: unknown[] };
    expect(state.requests).toEqual([]);
  } finally {
    await admin.goto(`${baseUrl}/admin/settings`);
    await admin.getByTestId('lookups-enabled').click();
    await admin.getByTestId('lookups-saved').waitFor();
    expect(await admin.getByTestId('lookups-enabled').isChecked()).toBe(true);
  }
});
