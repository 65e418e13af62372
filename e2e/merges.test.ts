import { formatPhone, generateCpf, generateMobile } from '@funil/domain';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, apiRequest, random } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

it('review queue → merge taking a field from the other record → the person page shows both phones and the merge → Desfazer mesclagem → both records back', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  // Letters only, so a search for it is a name search (digits would read as a phone or a document).
  const tag = Array.from(
    String(Math.floor(random() * 1e6)).padStart(6, '0'),
    (d) => 'abcdefghij'[Number(d)],
  ).join('');
  const address = {
    cep: '18035-000',
    street: 'Rua XV de Novembro',
    number: '5',
    city: 'Sorocaba',
    state: 'SP',
  };
  // A custom field the two records differ on: the review offers it as a row like the built-in fields.
  const field = await apiCall<{ id: string; key: string; label: string }>(admin, 'POST', '/custom-fields', {
    entity: 'person',
    label: `Imóvel desejado ${tag}`,
    type: 'text',
  });
  const keepName = `Lúcia Bragança Teixeira ${tag}`;
  const otherName = `Lucia Braganca Teixeira ${tag}`;
  const keep = await apiCall<{ id: string }>(admin, 'POST', '/people', {
    kind: 'individual',
    name: keepName,
    document: generateCpf(random),
    phones: [{ number: formatPhone(generateMobile(random)), type: 'mobile' }],
    emails: [{ address: `lucia.braganca.${tag}@gmail.com` }],
    addresses: [address],
    customFields: { [field.key]: 'Casa térrea' },
  });
  const other = await apiCall<{ id: string }>(admin, 'POST', '/people', {
    kind: 'individual',
    name: otherName,
    document: generateCpf(random),
    phones: [{ number: formatPhone(generateMobile(random)), type: 'whatsapp' }],
    emails: [{ address: `luciabraganca${tag}+site@gmail.com` }],
    addresses: [address],
    customFields: { [field.key]: 'Apartamento com varanda' },
  });

  // The queue: a new search finds the pair (same mailbox, similar names in Sorocaba).
  await admin.getByTestId('nav-duplicates').click();
  await admin.waitForURL(/\/duplicates$/);
  await admin.getByTestId('duplicates-scan').click();
  await admin.getByTestId('toast').waitFor();
  const row = admin.getByTestId('duplicate-pair').filter({ hasText: keepName });
  await row.waitFor();
  expect(await row.textContent()).toContain(otherName);
  expect(await row.textContent()).toContain('Mesmo e-mail (pontos ou +apelido)');

  // Mesclar: keep the first record, but take the other's name and its custom value.
  await row.getByTestId('duplicate-merge').click();
  await admin.getByRole('radio', { name: keepName, exact: true }).check();
  await admin.getByRole('radio', { name: `Nome: Valor de ${otherName}` }).check();
  const customRow = admin.getByRole('radio', { name: `${field.label}: Valor de ${otherName}` });
  expect(await customRow.isChecked()).toBe(false);
  await customRow.check();
  await admin.getByTestId('merge-review').click();
  const confirm = admin.getByRole('dialog', { name: 'Confirmar mesclagem' });
  expect(await confirm.textContent()).toContain(`“${otherName}” será mesclado em “${keepName}”`);
  await confirm.getByTestId('merge-confirm').click();
  await admin.getByTestId('toast').filter({ hasText: 'Cadastros mesclados.' }).waitFor();
  await expect.poll(() => row.count()).toBe(0);

  // The survivor: the other's name, both phones, the merge with its undo, the merge on the timeline.
  await admin.goto(`${baseUrl}/people/${keep.id}`);
  await admin.getByRole('heading', { name: otherName }).waitFor();
  await expect.poll(() => admin.getByTestId('phone-masked').count()).toBe(2);
  const merges = admin.getByTestId('person-merges');
  await merges.waitFor();
  expect(await merges.textContent()).toContain(`${otherName} foi mesclado neste cadastro`);
  await admin.getByTestId('merge-event').first().waitFor();
  expect(await admin.getByTestId('merge-event').allTextContents()).toContain(
    `Cadastro ${otherName} mesclado neste`,
  );
  expect(await admin.getByTestId(`custom-value-${field.key}`).textContent()).toContain(
    'Apartamento com varanda',
  );
  const hidden = await apiRequest(admin, 'GET', `/people?q=${tag}`);
  expect(hidden.body.items.map((p: { id: string }) => p.id)).toEqual([keep.id]);

  // Desfazer mesclagem, confirmed: both records are back, each with its own name and phone.
  await merges.getByTestId('merge-undo').click();
  const undo = admin.getByRole('dialog', { name: 'Desfazer mesclagem' });
  await undo.getByRole('button', { name: 'Desfazer mesclagem' }).click();
  await admin.getByRole('heading', { name: keepName }).waitFor();
  await expect.poll(() => admin.getByTestId('phone-masked').count()).toBe(1);
  await expect.poll(async () => (await merges.textContent()) ?? '').toContain('Desfeita em');
  const back = await apiRequest(admin, 'GET', `/people?q=${tag}`);
  expect(back.body.items.map((p: { id: string }) => p.id).sort()).toEqual([keep.id, other.id].sort());
  const restored = await apiRequest(admin, 'GET', `/people/${other.id}`);
  expect(restored.body.name).toBe(otherName);
  expect(restored.body.phones).toHaveLength(1);
  const kept = await apiRequest(admin, 'GET', `/people/${keep.id}`);
  expect(kept.body.customFields).toEqual({ [field.key]: 'Casa térrea' });
  // The demo workspace is shared by the next files: the field leaves the forms (archived, since it holds values).
  const fields = await apiCall<{ items: { id: string; version: number }[] }>(
    admin,
    'GET',
    '/custom-fields?entity=person',
  );
  const version = fields.items.find((f) => f.id === field.id)?.version;
  await apiRequest(admin, 'DELETE', `/custom-fields/${field.id}`, undefined, { 'if-match': `"${version}"` });
  await admin.context().close();
});
