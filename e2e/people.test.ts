import { formatPhone, generateCpf, generateMobile } from '@funil/domain';
import type { Browser, Page } from 'playwright-core';
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

let seed = Date.now() % 1_000_000;
const random = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};

async function fillNewPerson(page: Page, p: { name: string; cpf: string; phone: string; email: string }) {
  await page.goto(`${baseUrl}/people/new`);
  await page.getByLabel('Nome', { exact: true }).fill(p.name);
  await page.getByLabel('CPF', { exact: true }).fill(p.cpf);
  await page.getByLabel('Telefone', { exact: true }).fill(p.phone);
  await page.getByLabel('E-mail', { exact: true }).fill(p.email);
  await page.getByRole('button', { name: 'Cadastrar' }).click();
}

it('a broker registers a person, is stopped on a duplicate CPF, edits, annotates, and another broker cannot open it', async () => {
  const broker = await signIn(browser, 'carla@funil.local');
  const cpf = generateCpf(random);
  const person = {
    name: 'Helena Araújo Teste',
    cpf: `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`,
    phone: formatPhone(generateMobile(random)),
    email: `helena.${cpf}@exemplo.com.br`,
  };

  await fillNewPerson(broker, person);
  await broker.waitForURL(/\/people\/[0-9a-f-]{36}$/);
  const personUrl = broker.url();
  await expect.poll(() => broker.getByRole('heading', { name: person.name }).count()).toBeGreaterThan(0);
  expect(await broker.getByTestId('person-document').textContent()).toBe(person.cpf);

  // Same CPF, different everything else: refused, with a way to the existing record.
  await fillNewPerson(broker, {
    name: 'Outra Pessoa',
    cpf: person.cpf,
    phone: formatPhone(generateMobile(random)),
    email: `outra.${cpf}@exemplo.com.br`,
  });
  const duplicate = broker.getByTestId('duplicate-alert');
  await duplicate.waitFor();
  expect(await duplicate.textContent()).toContain(person.name);
  await duplicate.getByRole('link', { name: 'Abrir cadastro existente' }).click();
  await broker.waitForURL(personUrl);

  // Edit the name: the timeline shows the old and the new value.
  await broker.getByRole('link', { name: 'Editar' }).first().click();
  await broker.waitForURL(/\/edit$/);
  await broker.getByLabel('Nome', { exact: true }).fill('Helena Araújo Editada');
  await broker.getByRole('button', { name: 'Salvar alterações' }).click();
  await broker.waitForURL(personUrl);
  const change = broker.locator('[data-testid="timeline-event"][data-kind="field_changed"]').first();
  await change.waitFor();
  expect(await change.textContent()).toContain('Helena Araújo Teste');
  expect(await change.textContent()).toContain('Helena Araújo Editada');

  // A note goes on top of the timeline.
  await broker.getByTestId('note-input').fill('Prefere contato por WhatsApp à noite.');
  await broker.getByRole('button', { name: 'Adicionar anotação' }).click();
  const note = broker.locator('[data-testid="timeline-event"][data-kind="note"]').first();
  await note.waitFor();
  expect(await note.textContent()).toContain('Prefere contato por WhatsApp à noite.');
  const first = broker.getByTestId('timeline-event').first();
  expect(await first.getAttribute('data-kind')).toBe('note');

  // A broker of another team cannot open it.
  const outsider = await signIn(browser, 'juliana@funil.local');
  await outsider.goto(personUrl);
  await outsider.getByText('Cadastro não encontrado ou sem permissão de acesso').waitFor();
  await outsider.goto(`${baseUrl}/people?q=${encodeURIComponent(person.cpf)}`);
  await outsider.getByText('Nenhuma pessoa encontrada').waitFor();
});

it('finds people by phone in the search box on a phone-sized screen', async () => {
  const page = await signIn(browser, 'carla@funil.local', { width: 390, height: 844 });
  await page.getByTestId('person-row').first().waitFor();
  const phone = formatPhone(generateMobile(random));
  const cpf = generateCpf(random);
  await fillNewPerson(page, {
    name: 'Otávio Busca Celular',
    cpf,
    phone,
    email: `otavio.${cpf}@exemplo.com.br`,
  });
  await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
  await page.goto(`${baseUrl}/people`);
  await page.getByTestId('people-search').fill(phone.replace(/\D/g, ''));
  await expect.poll(async () => page.getByTestId('person-row').count()).toBe(1);
  expect(await page.getByTestId('person-row').first().textContent()).toContain('Otávio Busca Celular');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
