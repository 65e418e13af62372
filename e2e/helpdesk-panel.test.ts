import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateCpf } from '@funil/domain';
import type { Browser, ConsoleMessage, Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import {
  type ChatwootSimulator,
  startChatwootSimulator,
} from '../server/src/integrations/helpdesk/chatwoot-simulator.ts';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, card, column, dragToOutcome, random } from './fixtures.ts';

const baseUrl = inject('baseUrl');
const appOrigin = new URL(baseUrl).origin;
let browser: Browser;
let helpdesk: Server;
let helpdeskPort: number;
/** The helpdesk's API (Chatwoot's routes over HTTP): the contact and conversation the panel is shown beside. */
let chatwoot: ChatwootSimulator;
let contactId: number;
let conversationId: number;
const CHATWOOT_TOKEN = 'cw-e2e-token';

/**
 * A stand-in for Chatwoot: a page that frames `?src=` as a dashboard app and answers the panel's
 * `chatwoot-dashboard-app:fetch-info` with an `appContext` (as Chatwoot does, a JSON string).
 */
function startHelpdesk(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const src = url.searchParams.get('src') ?? '';
    const context = JSON.stringify({
      event: 'appContext',
      data: {
        conversation: {
          id: conversationId,
          meta: { sender: { id: contactId, name: 'Cliente do WhatsApp' } },
        },
        contact: { id: contactId, name: 'Cliente do WhatsApp', phone_number: '+5511987650000', email: '' },
        currentAgent: { id: 1, name: 'Admin', email: 'admin@funil.local' },
      },
    });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>helpdesk</title>
<iframe name="embedded" src="${src}" style="width:380px;height:900px"></iframe>
<script>
  window.asked = 0;
  window.addEventListener('message', (event) => {
    if (event.data !== 'chatwoot-dashboard-app:fetch-info') return;
    window.asked++;
    event.source.postMessage(${JSON.stringify(context)}, ${JSON.stringify(appOrigin)});
  });
</script>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  browser = await launchChromium();
  chatwoot = await startChatwootSimulator({ apiToken: CHATWOOT_TOKEN });
  const { contact } = await chatwoot.createContact({ name: 'Cliente do WhatsApp', phone: '+5511987650000' });
  contactId = contact.id;
  conversationId = (await chatwoot.createConversation(contact.id)).conversation.id;
  helpdesk = await startHelpdesk();
  helpdeskPort = (helpdesk.address() as AddressInfo).port;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => helpdesk?.close(resolve));
  await chatwoot?.close();
});

/** Picks `option` of the Mantine Select labelled `label` inside the panel. */
async function choose(panel: FrameLocator, label: string, option: string) {
  await panel.getByLabel(label, { exact: true }).first().click();
  await panel.getByRole('option', { name: option, exact: true }).click();
}

it('a simulated Chatwoot embeds the panel: link by CPF, update the e-mail, add a negotiation and a note; the board sees the card live; winning it there updates Chatwoot, as the delivery log shows', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const me = await apiCall<{ user?: { id: string }; id?: string }>(admin, 'GET', '/auth/me');
  const adminId = me.user?.id ?? me.id ?? '';
  const team = await apiCall<{ id: string }>(admin, 'POST', '/teams', {
    name: `Atendimento ${helpdeskPort}`,
    memberIds: [adminId],
  });
  const pipeline = await apiCall<{ id: string }>(admin, 'POST', '/pipelines', {
    name: `Helpdesk ${helpdeskPort}`,
    stages: [{ name: 'Entrada' }, { name: 'Negociando' }],
  });
  const cpf = generateCpf(random);
  const person = await apiCall<{ id: string }>(admin, 'POST', '/people', {
    kind: 'individual',
    name: `Cliente Painel ${helpdeskPort}`,
    document: cpf,
    // What a sale needs (document, address, phone), so the card can be won.
    phones: [{ number: `(11) 9${String(Math.floor(random() * 1e8)).padStart(8, '0')}` }],
    addresses: [{ cep: '01310-100', street: 'Av. Paulista', number: '900', city: 'São Paulo', state: 'SP' }],
  });
  const created = await apiCall<{ integration: { id: string } }>(admin, 'POST', '/integrations', {
    name: 'Chatwoot E2E',
    kind: 'helpdesk',
    scopes: ['erp:receivables'],
    allowedCidrs: [],
    timeoutSeconds: 10,
    linkingTeamIds: [team.id],
    frameOrigins: [`http://localhost:${helpdeskPort}`],
    connection: {
      provider: 'chatwoot',
      baseUrl: chatwoot.url,
      accountId: String(chatwoot.accountId),
      apiToken: CHATWOOT_TOKEN,
    },
  });
  const integrationId = created.integration.id;
  const setup = await apiCall<{ dashboardAppUrl: string }>(
    admin,
    'GET',
    `/helpdesk/integrations/${integrationId}/panel-setup`,
  );
  expect(
    setup.dashboardAppUrl.startsWith(`${baseUrl}/embed/helpdesk?integration=${integrationId}&key=`),
  ).toBe(true);

  // The board, open in another browser session, before anything happens in the panel.
  const board = await signIn(browser, 'admin@funil.local', { width: 1400, height: 900 });
  await board.goto(`${baseUrl}/pipelines/${pipeline.id}`);
  await column(board, 'Entrada').waitFor();

  // The helpdesk: a fresh browser session (the panel gets no Funil cookie anyway).
  const context = await browser.newContext({ locale: 'pt-BR', viewport: { width: 500, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`http://localhost:${helpdeskPort}/?src=${encodeURIComponent(setup.dashboardAppUrl)}`);
  const panel = page.frameLocator('iframe[name="embedded"]');
  await panel.getByTestId('panel-acting-as').waitFor();
  expect(await page.evaluate(() => (window as unknown as { asked: number }).asked)).toBeGreaterThan(0);
  expect(await panel.getByTestId('panel-conversation').getAttribute('data-linked')).toBe('none');

  // Adicionar contato → Vincular existente, by CPF.
  await panel.getByTestId('panel-add-contact').click();
  await panel.getByText('Vincular existente').click();
  await choose(panel, 'Critério de pesquisa', 'CPF/CNPJ');
  await panel.getByTestId('panel-search-input').fill(cpf);
  await panel.getByTestId('panel-search-input').press('Enter');
  await panel.getByText(`Cliente Painel ${helpdeskPort}`).click();
  await panel.getByTestId('panel-confirm-link').click();
  await expect.poll(() => panel.getByTestId('panel-person').getAttribute('data-person-id')).toBe(person.id);

  // Atualizar contato: the e-mail.
  await panel.getByTestId('panel-update-contact').click();
  await panel.getByTestId('panel-update-email').fill('cliente.painel@exemplo.com.br');
  await panel.getByTestId('panel-update-save').click();
  await expect
    .poll(() => panel.getByTestId('panel-person-email').textContent())
    .toBe('cliente.painel@exemplo.com.br');

  // Adicionar negociação in the new funnel.
  await panel.getByTestId('panel-add-opportunity').click();
  await panel.getByTestId('panel-opportunity-title').fill('Plano fibra pelo painel');
  await choose(panel, 'Funil', `Helpdesk ${helpdeskPort}`);
  await panel.getByRole('textbox', { name: 'Cidade', exact: true }).fill('Campinas');
  await panel.getByTestId('panel-opportunity-save').click();
  await panel.getByTestId('panel-opportunity').first().waitFor();
  const opportunityId =
    (await panel.getByTestId('panel-opportunity').first().getAttribute('data-opportunity-id')) ?? '';

  // The board shows the card without a reload.
  await card(column(board, 'Entrada'), opportunityId).waitFor();
  expect(await card(column(board, 'Entrada'), opportunityId).textContent()).toContain(
    'Plano fibra pelo painel',
  );

  // Adicionar anotação.
  await panel.getByTestId('panel-note-body').fill('Cliente prefere contato à tarde');
  await panel.getByTestId('panel-note-save').click();
  await panel.locator('[data-testid="panel-event"][data-kind="note"]').first().waitFor();

  // What the panel did is in Funil: the person's e-mail, the negotiation (city), the conversation's link.
  const saved = await apiCall<{ emails: { address: string }[] }>(admin, 'GET', `/people/${person.id}`);
  expect(saved.emails.map((e) => e.address)).toContain('cliente.painel@exemplo.com.br');
  const opportunity = await apiCall<{ city: string; people: { personId?: string; id?: string }[] }>(
    admin,
    'GET',
    `/opportunities/${opportunityId}`,
  );
  expect(opportunity.city).toBe('Campinas');
  const state = await apiCall<{ opportunityId: string; person: { id: string } }>(
    admin,
    'GET',
    `/helpdesk/integrations/${integrationId}/conversations/${conversationId}`,
  );
  expect(state).toMatchObject({ opportunityId, person: { id: person.id } });

  // Won on the board: within seconds the helpdesk's contact carries the status and the conversation a private note.
  await dragToOutcome(board, card(column(board, 'Entrada'), opportunityId), 'won');
  await board.locator('[data-testid="board-outcome-done"][data-status="won"]').waitFor();
  const won = Date.now();
  await expect
    .poll(() => chatwoot.contacts.get(contactId)?.custom_attributes, { timeout: 15_000 })
    .toMatchObject({ funil_negotiation: 'Plano fibra pelo painel', funil_status: 'won' });
  // The attributes go first, the note right after (a retry never leaves two notes): wait for the note too.
  await expect
    .poll(
      () =>
        chatwoot.messages
          .filter((m) => m.conversation_id === conversationId && m.private)
          .map((m) => m.content),
      { timeout: 15_000 },
    )
    .toContain('Funil: Negociação "Plano fibra pelo painel" ganha.');
  expect(Date.now() - won).toBeLessThan(10_000);

  // The delivery log lists it: a helpdesk delivery of opportunity.won to the conversation, delivered.
  await admin.goto(`${baseUrl}/admin/deliveries`);
  const delivery = admin.locator('[data-testid="delivery-row"][data-event="opportunity.won"]', {
    hasText: `/conversations/${conversationId}`,
  });
  await expect
    .poll(
      async () => {
        await admin.getByTestId('deliveries-refresh').click();
        return delivery
          .first()
          .getAttribute('data-status', { timeout: 2000 })
          .catch(() => null);
      },
      { timeout: 15_000 },
    )
    .toBe('delivered');
  expect(await delivery.first().textContent()).toContain('Helpdesk');

  await context.close();
  await board.context().close();
  await admin.context().close();
});

const REFUSAL = /Framing .* violates .*frame-ancestors/i;

/** Frames `src` from the helpdesk stand-in served at `host`; answers whether the app loaded inside. */
async function frame(page: Page, host: string, src: string) {
  const refusals: string[] = [];
  const onConsole = (m: ConsoleMessage) => {
    if (REFUSAL.test(m.text())) refusals.push(m.text());
  };
  page.on('console', onConsole);
  await page.goto(`http://${host}:${helpdeskPort}/?src=${encodeURIComponent(src)}`);
  // Through the element: a refused frame may not answer to its name (Chromium swaps in an error document).
  const embedded = (await (
    await page.locator('iframe[name="embedded"]').elementHandle()
  )?.contentFrame()) as Frame;
  await embedded.waitForLoadState('load');
  const loaded = await embedded
    .evaluate(() => document.querySelector('#root')?.outerHTML ?? null)
    .catch(() => null);
  if (loaded === null && refusals.length === 0) {
    await page
      .waitForEvent('console', { predicate: (m) => REFUSAL.test(m.text()), timeout: 5000 })
      .catch(() => {});
  }
  page.off('console', onConsole);
  return { loaded, refusals, url: embedded.url() };
}

it('an origin not configured on the integration may frame neither the panel nor the app', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const created = await apiCall<{ integration: { id: string } }>(admin, 'POST', '/integrations', {
    name: 'Chatwoot só localhost',
    kind: 'helpdesk',
    scopes: ['erp:receivables'],
    allowedCidrs: [],
    timeoutSeconds: 10,
    linkingTeamIds: [],
    frameOrigins: [`http://localhost:${helpdeskPort}`],
  });
  const panelUrl = `${baseUrl}/embed/helpdesk?integration=${created.integration.id}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  // The configured origin loads the panel page…
  const allowed = await frame(page, 'localhost', panelUrl);
  expect(allowed.loaded).not.toBeNull();
  // …another origin (same host, another name) does not, for the panel or any other page.
  for (const src of [panelUrl, `${baseUrl}/`]) {
    const refused = await frame(page, '127.0.0.1', src);
    expect(refused.loaded, src).toBeNull();
    expect(refused.url.startsWith(baseUrl), src).toBe(false);
    expect(refused.refusals.join('\n'), src).toMatch(/frame-ancestors/);
  }
  // The configured origin framing any page but the panel is refused too.
  const otherPage = await frame(page, 'localhost', `${baseUrl}/`);
  expect(otherPage.loaded).toBeNull();
  await context.close();
  await admin.context().close();
});
