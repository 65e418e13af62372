import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, column, random } from './fixtures.ts';

// Lead intake in the browser: an admin creates a site-form source and copies its snippet; a visitor's post lands live
// on the open board of the broker whose turn it is in the funnel's roleta, with the address of the CEP they typed,
// and in the intake log; Meta sends the same person with the phone written otherwise.

const baseUrl = inject('baseUrl');
let browser: Browser;
let site: { url: string; html: string; close: () => Promise<void> };

/** A "client site" on loopback serving whatever page the test sets (the pasted snippet). */
async function startSite() {
  const state = { html: '' };
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(state.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get html() {
      return state.html;
    },
    set html(v: string) {
      state.html = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  browser = await launchChromium();
  site = await startSite();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

type LogEntry = { id: string; status: string; externalId: string | null; person: { id: string } | null };

async function leadsOf(page: Page, sourceId: string) {
  return (await apiCall<{ items: LogEntry[] }>(page, 'GET', `/intake/leads?sourceId=${sourceId}&limit=100`))
    .items;
}

async function selectOption(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

it('a site form lead lands live on the board of the broker whose turn it is and in the log; Meta with the same phone is an event, a resend changes nothing', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const n = Math.floor(random() * 1e7);
  const funnel = `Captação E2E ${n}`;
  const pipeline = await apiCall<{ id: string }>(admin, 'POST', '/pipelines', {
    name: funnel,
    stages: [{ name: 'Entrada' }, { name: 'Visita' }],
  });

  // The admin creates the site-form source on the page and copies the snippet.
  await admin.goto(`${baseUrl}/admin/intake`);
  await admin.getByTestId('intake-new').click();
  await admin.getByTestId('intake-name').fill(`Site E2E ${n}`);
  await selectOption(admin, 'intake-funnel', funnel);
  await admin.getByTestId('intake-media').fill('Internet');
  await admin.getByTestId('intake-channel').fill('Site');
  await admin.getByTestId('intake-consent').fill('Autorizo o contato sobre imóveis (LGPD).');
  await admin.getByTestId('intake-origins').fill(site.url);
  await admin.getByTestId('intake-save').click();
  await admin.getByTestId('intake-token').waitFor();
  expect(await admin.getByTestId('intake-token').textContent()).toMatch(/^fnl_/);
  await admin.getByTestId('intake-token-done').click();
  const snippet = (await admin.getByTestId('intake-snippet').textContent()) ?? '';
  expect(snippet).toContain('<form action="');
  expect(snippet).toContain('name="consentimento"');
  expect(snippet).toContain('name="website"');
  const sources = await apiCall<{ id: string; name: string }[]>(admin, 'GET', '/intake/sources');
  const source = sources.find((s) => s.name === `Site E2E ${n}`);
  if (!source) throw new Error('source not listed');
  // The roleta for this source's leads in the funnel: Carla, then Bruno.
  const users = (await apiCall<{ items: { id: string; email: string }[] }>(admin, 'GET', '/users')).items;
  const idOf = (email: string) => users.find((u) => u.email === email)?.id;
  await apiCall(admin, 'POST', '/distribution/rules', {
    name: `Roleta captação ${n}`,
    pipelineId: pipeline.id,
    sourceId: source.id,
    members: [{ userId: idOf('carla@funil.local') }, { userId: idOf('bruno@funil.local') }],
  });

  // Carla, whose turn it is, has the funnel's board open before the lead arrives.
  const carla = await signIn(browser, 'carla@funil.local');
  await carla.goto(`${baseUrl}/pipelines/${pipeline.id}`);
  await carla.locator('[data-testid="realtime-status"][data-state="open"]').waitFor();

  // A visitor fills the pasted form on the client's site.
  site.html = `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>Imobiliária</title></head><body>${snippet}</body></html>`;
  const visitor = await (await browser.newContext({ locale: 'pt-BR' })).newPage();
  await visitor.goto(site.url);
  const d = String(n).padStart(8, '0');
  const phone = `(11) 9${d.slice(0, 4)}-${d.slice(4, 8)}`;
  await visitor.getByLabel('Nome').fill(`Visitante ${n}`);
  await visitor.getByLabel('E-mail').fill(`visitante.${n}@exemplo.com.br`);
  await visitor.getByLabel('Telefone').fill(phone);
  await visitor.getByLabel('CEP').fill('01310-100');
  await visitor.getByLabel('Mensagem').fill('Quero agendar uma visita');
  await visitor.getByLabel(/Autorizo o contato/).check();
  await visitor.getByRole('button', { name: 'Enviar' }).click();
  await visitor.getByRole('heading', { name: 'Recebemos seus dados' }).waitFor();

  // Live: the card shows on Carla's open board without a reload, hers.
  const cardOnBoard = column(carla, 'Entrada').locator('[data-testid="board-card"]', {
    hasText: `Visitante ${n}`,
  });
  await cardOnBoard.waitFor({ timeout: 20_000 });
  const opportunityId = (await cardOnBoard.getAttribute('data-opportunity-id')) as string;
  const opportunity = await apiCall<{ owner: { id: string } | null }>(
    admin,
    'GET',
    `/opportunities/${opportunityId}`,
  );
  expect(opportunity.owner?.id).toBe(idOf('carla@funil.local'));

  // The intake log shows it became a new record, with links.
  await admin.goto(`${baseUrl}/admin/intake-log?sourceId=${source.id}`);
  const row = admin.locator('[data-testid="intake-log-row"][data-status="created"]');
  await row.waitFor();
  expect(await row.getByTestId('intake-log-person').textContent()).toContain(`Visitante ${n}`);
  await row.getByRole('button', { name: 'Ver detalhes' }).click();
  await expect
    .poll(() => admin.getByTestId('intake-lead-distribution').textContent())
    .toBe('Roleta: entregue a Carla Mendes');
  const [formLead] = await leadsOf(admin, source.id);
  if (!formLead?.person) throw new Error('site lead not processed');
  // The CEP they typed became their address (the CEP lookup, against the registry simulator).
  const registered = await apiCall<{ addresses: { street: string; city: string; cep: string }[] }>(
    admin,
    'GET',
    `/people/${formLead.person.id}`,
  );
  expect(registered.addresses).toMatchObject([
    { street: 'Avenida Paulista', city: 'São Paulo', cep: '01310100' },
  ]);

  // Meta sends the same person with the phone in another format (and another id).
  const meta = await apiCall<{ source: { id: string }; token: string }>(admin, 'POST', '/intake/sources', {
    name: `Meta E2E ${n}`,
    preset: 'meta_lead_ads',
    pipelineId: pipeline.id,
  });
  const digits = phone.replace(/\D/g, '');
  const leadgen = {
    object: 'page',
    entry: [
      {
        id: '153125381133',
        time: 1438292065,
        changes: [
          {
            field: 'leadgen',
            value: {
              leadgen_id: `lg${n}`,
              form_id: '456',
              field_data: [
                { name: 'full_name', values: [`Visitante ${n}`] },
                { name: 'phone_number', values: [`+55${digits}`] },
              ],
            },
          },
        ],
      },
    ],
  };
  const send = () =>
    fetch(`${baseUrl}/api/v1/intake/${meta.source.id}/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${meta.token}` },
      body: JSON.stringify(leadgen),
    });
  const first = await send();
  expect(first.status).toBe(202);
  await expect
    .poll(async () => (await leadsOf(admin, meta.source.id))[0]?.status, { timeout: 20_000 })
    .toBe('duplicate');
  const [metaLead] = await leadsOf(admin, meta.source.id);
  expect(metaLead?.person?.id).toBe(formLead.person.id);
  const people = await apiCall<{ items: unknown[] }>(
    admin,
    'GET',
    `/people?q=${encodeURIComponent(`Visitante ${n}`)}`,
  );
  expect(people.items).toHaveLength(1);
  await admin.goto(`${baseUrl}/people/${formLead.person.id}`);
  await admin.getByText(`Lead recebido de Meta E2E ${n}`).waitFor();

  // The same leadgen_id again: 200 with the same lead, nothing new.
  const again = await send();
  expect(again.status).toBe(200);
  expect(((await again.json()) as { id: string }).id).toBe(metaLead?.id);
  expect(await leadsOf(admin, meta.source.id)).toHaveLength(1);
  await admin.goto(`${baseUrl}/pipelines/${pipeline.id}`);
  await column(admin, 'Entrada').locator('[data-testid="board-card"]').first().waitFor();
  expect(await column(admin, 'Entrada').locator('[data-testid="board-card"]').count()).toBe(1);
});
