import { formatPhone, generateCpf, generateMobile } from '@funil/domain';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
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

/** Picks `file` through the page's own file chooser, opened by clicking `button`. */
async function pickFile(
  page: Page,
  button: string,
  file: { name: string; mimeType: string; buffer: Buffer },
) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button }).click();
  await (await chooser).setFiles(file);
}

/** A pixel of an RGB image as 'red', 'blue' or what it is. */
function colourAt(image: { data: Buffer; info: sharp.OutputInfo }, x: number, y: number): string {
  const i = (y * image.info.width + x) * image.info.channels;
  const [r = 0, g = 0, b = 0] = image.data.subarray(i, i + 3);
  if (r > 200 && g < 60 && b < 60) return 'red';
  if (b > 200 && r < 60 && g < 60) return 'blue';
  return `rgb(${r},${g},${b})`;
}

it('edits a photo before the upload: refuses what is not an image, turns, zooms and moves the crop', async () => {
  const page = await signIn(browser, 'carla@funil.local');
  const person = await apiCall<{ id: string }>(page, 'POST', '/people', {
    kind: 'individual',
    name: 'Rita Foto Editada',
  });
  // 400×200: the left half red, the right half blue.
  const half = (background: string) => ({
    create: { width: 200, height: 200, channels: 3 as const, background },
  });
  const png = await sharp({ create: { width: 400, height: 200, channels: 3, background: 'blue' } })
    .composite([{ input: await sharp(half('red')).png().toBuffer(), left: 0, top: 0 }])
    .png()
    .toBuffer();
  const photo = { name: 'rita.png', mimeType: 'image/png', buffer: png };

  // On the edit page: a text file is refused at the field, without opening the editor (the size: photo-file.test.ts).
  await page.goto(`${baseUrl}/people/${person.id}/edit`);
  const message = page.getByTestId('photo-message');
  await pickFile(page, 'Enviar foto', {
    name: 'notas.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('olá'),
  });
  await expect.poll(() => message.textContent()).toBe('Escolha uma imagem PNG, JPEG, WebP ou GIF.');
  expect(await page.getByRole('dialog').count()).toBe(0);
  // The image opens the editor, focused on the crop; Cancelar closes it and gives the focus back to the button.
  await pickFile(page, 'Enviar foto', photo);
  const dialog = page.getByRole('dialog', { name: 'Editar imagem' });
  await dialog.waitFor();
  await page.waitForFunction(
    () => document.activeElement?.getAttribute('aria-label') === 'Ajuste: área do recorte',
  );
  await dialog.getByRole('button', { name: 'Cancelar' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.textContent === 'Enviar foto');

  // Again: turn right (the red half goes on top), zoom to 2× with +, one step up with the arrow, save.
  await pickFile(page, 'Enviar foto', photo);
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Rotacionar à direita' }).click();
  const crop = dialog.getByRole('button', { name: 'Ajuste: área do recorte' });
  await crop.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('+');
  expect(await dialog.getByRole('slider', { name: 'Escala' }).getAttribute('aria-valuenow')).toBe('2');
  await page.keyboard.press('ArrowUp');
  const uploaded = page.waitForResponse((r) => r.url().endsWith('/photo') && r.request().method() === 'POST');
  await dialog.getByRole('button', { name: 'Salvar' }).click();
  expect((await uploaded).status()).toBe(200);
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => message.textContent()).toBe('Imagem atualizada.');

  // The stored photo: square; red above 60 % of its height (the crop moved up by a tenth of its side), blue below.
  const res = await page.request.get(`${baseUrl}/api/v1/people/${person.id}/photo`);
  expect(res.status()).toBe(200);
  const image = await sharp(await res.body())
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = image.info;
  expect(width).toBe(height);
  const at = (fx: number, fy: number) =>
    colourAt(image, Math.round(fx * (width - 1)), Math.round(fy * (height - 1)));
  expect([at(0.1, 0.1), at(0.9, 0.1), at(0.5, 0.55)]).toEqual(['red', 'red', 'red']);
  expect([at(0.1, 0.9), at(0.9, 0.9), at(0.5, 0.65)]).toEqual(['blue', 'blue', 'blue']);
});
