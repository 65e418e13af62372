import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { random } from './fixtures.ts';

// Envios em massa in Chromium against the WhatsApp Cloud API simulator: a campaign from the page (preview, confirm
// with the count), its progress and per-recipient statuses arriving late from the simulator's webhooks, and a "SAIR"
// reply landing the person on the deny list.

const baseUrl = inject('baseUrl');
const simUrl = inject('whatsappSimUrl');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await signIn(browser, 'admin@funil.local');
});
afterAll(async () => {
  await browser?.close();
});

async function api<T>(method: 'GET' | 'POST' | 'PUT', path: string, data?: unknown): Promise<T> {
  const res = await page.request.fetch(`${baseUrl}/api/v1${path}`, { method, ...(data ? { data } : {}) });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

async function sim<T>(method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const res = await fetch(`${simUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(data ? { body: JSON.stringify(data) } : {}),
  });
  return (await res.json()) as T;
}

const until = async (check: () => Promise<boolean>, what: string, ms = 20_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
};

it('an admin sets the WhatsApp number on the campaigns page (secrets write-only), and a WhatsApp campaign then starts and sends', async () => {
  const tag = `numero-${Math.floor(random() * 1e6)}`;
  const digits = String(Math.floor(random() * 1e8)).padStart(8, '0');
  const phone = `+55119${digits}`;
  await api('POST', '/people', {
    kind: 'individual',
    name: `Numero Campanha ${tag}`,
    tags: [tag],
    phones: [{ number: phone, type: 'whatsapp' }],
    emails: [],
    addresses: [],
  });
  const campaign = {
    name: `Número ${tag}`,
    channel: 'whatsapp',
    body: 'Olá {{primeiro_nome}}!',
    template: { name: 'boas_vindas', language: 'pt_BR', params: ['primeiro_nome'] },
    filter: { tag },
    throttlePerMinute: 600,
  };
  // No number yet: a WhatsApp campaign cannot start, and the list says where to set it up.
  const draft = await api<{ id: string }>('POST', '/campaigns', campaign);
  const refused = await page.request.fetch(`${baseUrl}/api/v1/campaigns/${draft.id}/start`, {
    method: 'POST',
  });
  expect(refused.status()).toBe(409);

  await page.getByTestId('nav-campaigns').click();
  await page.waitForURL(/\/campaigns$/);
  await page.getByTestId('configure-whatsapp').click();
  await page.waitForURL(/\/campaigns\?tab=whatsapp$/);
  await page.getByTestId('whatsapp-not-configured').waitFor();
  expect(await page.getByTestId('whatsapp-webhookUrl').inputValue()).toBe(
    `${baseUrl}/api/v1/whatsapp/webhook`,
  );
  await page.getByTestId('whatsapp-apiUrl').fill(simUrl);
  await page.getByTestId('whatsapp-phoneNumberId').fill('12ab');
  await page.getByTestId('whatsapp-save').click();
  // pt-BR messages on the page, nothing sent: the id is digits only and the secrets are needed the first time.
  await expect
    .poll(() => page.locator('section[aria-labelledby="whatsapp-title"]').textContent())
    .toContain('Só dígitos, de 5 a 40.');
  expect(await page.locator('section[aria-labelledby="whatsapp-title"]').textContent()).toContain(
    'Campo obrigatório',
  );
  await page.getByTestId('whatsapp-phoneNumberId').fill('100000000000001');
  await page.getByTestId('whatsapp-accessToken').fill('e2e-whatsapp-token');
  await page.getByTestId('whatsapp-appSecret').fill('e2e-whatsapp-app-secret');
  await page.getByTestId('whatsapp-verifyToken').fill('e2e-verify-token');
  await page.getByTestId('whatsapp-save').click();
  await page.getByTestId('whatsapp-saved').waitFor();
  // Stored, never shown again: the secret fields are empty with "configurado".
  expect(await page.getByTestId('whatsapp-accessToken').inputValue()).toBe('');
  expect(await page.getByTestId('whatsapp-accessToken').getAttribute('placeholder')).toBe('configurado');
  expect(await page.getByTestId('whatsapp-not-configured').count()).toBe(0);
  const account = await api<{ configured: boolean; phoneNumberId: string; apiUrl: string }>(
    'GET',
    '/campaigns/whatsapp-account',
  );
  expect(account).toMatchObject({ configured: true, phoneNumberId: '100000000000001', apiUrl: simUrl });

  // A second save that types no secret keeps them: the campaign still authenticates at the simulator.
  await page.getByTestId('whatsapp-apiVersion').fill('v21.0 ');
  await page.getByTestId('whatsapp-apiVersion').fill('v21.0');
  await page.getByTestId('whatsapp-save').click();
  await page.getByTestId('whatsapp-saved').waitFor();

  await page.getByTestId('tab-campaigns').click();
  await page.waitForURL(/\/campaigns$/);
  expect(await page.getByTestId('whatsapp-missing').count()).toBe(0);
  const started = await api<{ status: string }>('POST', `/campaigns/${draft.id}/start`);
  expect(started.status).toBe('running');
  await until(async () => {
    const sent = await sim<{ messages: { to: string }[] }>('GET', '/__sim/messages');
    return sent.messages.some((m) => `+${m.to}` === phone);
  }, 'the message at the simulator');
  const sent = await sim<{ messages: { to: string }[] }>('GET', '/__sim/messages');
  expect(sent.messages.filter((m) => `+${m.to}` === phone)).toHaveLength(1);
});

it('sends a WhatsApp campaign from the page, shows progress and statuses, and a SAIR reply puts the person on the deny list', async () => {
  await api('PUT', '/campaigns/whatsapp-account', {
    apiUrl: simUrl,
    apiVersion: 'v21.0',
    phoneNumberId: '100000000000001',
    accessToken: 'e2e-whatsapp-token',
    appSecret: 'e2e-whatsapp-app-secret',
    verifyToken: 'e2e-verify-token',
  });
  const tag = `zap-${Math.floor(random() * 1e6)}`;
  // A custom field narrows the audience as it narrows the people list: the fifth person of the tag is left out.
  const perfil = await api<{ key: string; options: { value: string; label: string }[] }>(
    'POST',
    '/custom-fields',
    {
      entity: 'person',
      type: 'choice',
      label: `Perfil ${tag}`,
      options: [{ label: 'Investidor' }, { label: 'Morador' }],
    },
  );
  const value = (label: string) => perfil.options.find((o) => o.label === label)?.value;
  const people: { id: string; phone: string }[] = [];
  for (let i = 0; i < 4; i++) {
    const digits = String(Math.floor(random() * 1e8)).padStart(8, '0');
    const phone = `+55119${digits}`;
    const person = await api<{ id: string }>('POST', '/people', {
      kind: 'individual',
      name: `Zap${i} Campanha ${tag}`,
      tags: [tag],
      phones: [{ number: phone, type: 'whatsapp' }],
      emails: [],
      addresses: [],
      customFields: { [perfil.key]: value('Investidor') },
    });
    people.push({ id: person.id, phone });
  }
  const [denied] = people;
  await api('PUT', `/people/${denied?.id}/do-not-contact`, { doNotContact: true });
  await api('POST', '/people', {
    kind: 'individual',
    name: `Zap4 Morador ${tag}`,
    tags: [tag],
    phones: [{ number: `+55119${String(Math.floor(random() * 1e8)).padStart(8, '0')}`, type: 'whatsapp' }],
    emails: [],
    addresses: [],
    customFields: { [perfil.key]: value('Morador') },
  });

  // The field was made after the app read the definitions: a reload reads them again.
  await page.reload();
  await page.getByTestId('nav-campaigns').click();
  await page.waitForURL(/\/campaigns$/);
  await page.getByTestId('new-campaign').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('campaign-name').fill(`Lançamento ${tag}`);
  await dialog.getByTestId('campaign-body').fill('Olá {{primeiro_nome}}, temos novidades!');
  await dialog.getByTestId('campaign-template').fill('lancamento_outubro');
  await dialog.getByTestId('campaign-filter-tag').fill(tag);
  await dialog.getByTestId(`cf-filter-${perfil.key}`).click();
  await page.getByRole('option', { name: 'Investidor' }).click();
  await dialog.getByTestId('campaign-name').click();
  await dialog.getByTestId('campaign-throttle').fill('600');
  await dialog.getByTestId('campaign-preview-button').click();
  await expect.poll(() => dialog.getByTestId('campaign-preview-total').textContent()).toContain('4 pessoas');
  // The deny-listed person shows as skipped in the preview's sample or not at all, never with the text.
  await expect.poll(() => dialog.getByTestId('campaign-preview').textContent()).toContain('Olá Zap');
  await dialog.getByTestId('campaign-create').click();
  const confirm = page.getByRole('dialog', { name: 'Iniciar o envio?' });
  await expect.poll(() => confirm.textContent()).toContain('até 4 pessoas');
  await confirm.getByRole('button', { name: 'Iniciar envio' }).click();
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);

  // Progress and per-recipient statuses move live (polling) as the simulator's late webhooks arrive.
  await expect.poll(() => page.getByTestId('count-read').textContent(), { timeout: 30_000 }).toContain('3');
  await expect
    .poll(() => page.getByTestId('campaign-status').getAttribute('data-status'), { timeout: 30_000 })
    .toBe('completed');
  expect(await page.getByTestId('count-skipped').textContent()).toContain('1');
  await expect
    .poll(() => page.locator('[data-testid="recipient-row"][data-status="read"]').count(), {
      timeout: 15_000,
    })
    .toBe(3);
  expect(await page.getByTestId('campaign-processed').textContent()).toContain('4 de 4');
  const sent = await sim<{ messages: { to: string; type: string }[] }>('GET', '/__sim/messages');
  for (const p of people) {
    const n = sent.messages.filter((m) => `+${m.to}` === p.phone).length;
    expect(n).toBe(p === denied ? 0 : 1);
  }

  // A reply "SAIR" from one of them: deny list, shown on the person page.
  const quitter = people[1];
  await sim('POST', '/__sim/reply', { from: quitter?.phone, text: 'Sair' });
  await until(
    async () => (await api<{ doNotContact: boolean }>('GET', `/people/${quitter?.id}/status`)).doNotContact,
    'the deny list',
  );
  await page.goto(`${baseUrl}/people/${quitter?.id}`);
  await expect
    .poll(() => page.locator('body').textContent(), { timeout: 15_000 })
    .toContain('Envio em massa');
  await expect.poll(() => page.locator('body').textContent()).toContain('Incluído na deny list');
});
