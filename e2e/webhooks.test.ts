import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

type Received = { path: string; webhookId: string; name: string | null };

/**
 * A webhook target on loopback (allowed in the e2e server's env): answers each path with the statuses scripted
 * for it, then 200; the answer names the person of the event, so a test can tell its delivery in the log.
 */
async function startReceiver() {
  const received: Received[] = [];
  const script = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      let name: string | null = null;
      try {
        name = (JSON.parse(body) as { data?: { payload?: { name?: string } } }).data?.payload?.name ?? null;
      } catch {
        // not JSON: nothing to name
      }
      received.push({ path, webhookId: String(req.headers['webhook-id']), name });
      const status = script.get(path)?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`resposta ${status} para ${name ?? '?'}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    script,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  browser = await launchChromium();
  receiver = await startReceiver();
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
});

/** Fills and sends the subscription form on the Webhooks page (already open). */
async function submitSubscription(page: Page, url: string, events: string[]) {
  await page.getByTestId('webhook-new').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('URL de destino').fill(url);
  // Each checkbox reads "<label> (<type>)", e.g. "Pessoa criada (person.created)".
  for (const label of events) await dialog.getByRole('checkbox', { name: label }).check();
  await dialog.getByRole('button', { name: 'Criar assinatura' }).click();
  return dialog;
}

/** Creates a subscription through the page; answers its id (from the list) once the secret was shown. */
async function subscribeOnPage(page: Page, url: string, events: string[]) {
  const dialog = await submitSubscription(page, url, events);
  const secret = dialog.getByTestId('webhook-secret');
  await secret.waitFor();
  expect(await secret.textContent()).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
  expect(await dialog.textContent()).toContain('não será mostrado novamente');
  await dialog.getByRole('button', { name: 'Já copiei' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.locator(`[data-testid="webhook-row"][data-url="${url}"]`).waitFor();
  const { items } = await apiCall<{ items: { id: string; url: string }[] }>(
    page,
    'GET',
    '/webhooks/subscriptions',
  );
  const id = items.find((s) => s.url === url)?.id;
  if (!id) throw new Error(`no subscription to ${url}`);
  return id;
}

/**
 * Waits (through the API) until the delivery whose answer names `name` is `status`, then answers its row in the
 * log on the page: the page is refreshed with its own "Atualizar" button, as a person would.
 */
async function rowOf(page: Page, name: string, status: string) {
  let id: string | undefined;
  const until = Date.now() + 20_000;
  while (!id) {
    const { items } = await apiCall<{
      items: { id: string; status: string; responseExcerpt: string | null }[];
    }>(page, 'GET', '/webhooks/deliveries');
    id = items.find((d) => d.status === status && d.responseExcerpt?.includes(name))?.id;
    if (!id && Date.now() > until) throw new Error(`no ${status} delivery for ${name}`);
    if (!id) await page.waitForTimeout(250);
  }
  await page.getByTestId('deliveries-refresh').click();
  const row = page.locator(`[data-testid="delivery-row"][data-delivery-id="${id}"]`);
  await row.and(page.locator(`[data-status="${status}"]`)).waitFor();
  return row;
}

it('a subscription made on the page delivers a new person, and Reenviar sends a failed delivery again', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  await admin.goto(`${baseUrl}/admin/webhooks`);
  const url = receiver.url('/e2e-hook');
  const subscriptionId = await subscribeOnPage(admin, url, ['Pessoa criada (person.created)']);
  const row = admin.locator(`[data-testid="webhook-row"][data-url="${url}"]`);
  expect(await row.getAttribute('data-status')).toBe('active');
  expect(await row.textContent()).toContain('Pessoa criada');

  const suffix = Date.now() % 100000;
  const first = `Wanda Webhook ${suffix}`;
  await apiCall(admin, 'POST', '/people', { kind: 'individual', name: first });

  // From the subscription's row to its deliveries.
  await row.getByRole('link', { name: 'Entregas' }).click();
  await admin.waitForURL(new RegExp(`/admin/deliveries\\?subscriptionId=${subscriptionId}`));
  const delivered = await rowOf(admin, first, 'delivered');
  // The row shows it delivered, with the answer's status and time.
  await delivered.locator('[data-testid="delivery-status"]', { hasText: 'Entregue' }).waitFor();
  expect(await delivered.getAttribute('data-event')).toBe('person.created');
  expect(await delivered.getByTestId('delivery-response').textContent()).toMatch(/^200 · \d+ ms$/);
  expect(await delivered.textContent()).toContain(url);
  await delivered.getByTestId('delivery-toggle').click();
  expect(await admin.getByTestId('delivery-excerpt').textContent()).toBe(`resposta 200 para ${first}`);

  // The target fails once: with no retries in this env, the delivery is failed at once.
  receiver.script.set('/e2e-hook', [500]);
  const second = `Walter Webhook ${suffix}`;
  await apiCall(admin, 'POST', '/people', { kind: 'individual', name: second });
  const failed = await rowOf(admin, second, 'failed');
  await failed.locator('[data-testid="delivery-status"]', { hasText: 'Falhou' }).waitFor();
  expect(await failed.getByTestId('delivery-response').textContent()).toMatch(/^500 · \d+ ms$/);
  // Filtering by status keeps it and hides the delivered one.
  await admin.getByTestId('deliveries-status').click();
  await admin.getByRole('option', { name: 'Falhou' }).click();
  await admin.waitForURL(/status=failed/);
  await delivered.waitFor({ state: 'detached' });
  await failed.waitFor();

  // The target recovers (its script is spent): Reenviar, a toast, and the row (pending, so the page follows it
  // by itself) turns delivered.
  await admin.getByTestId('deliveries-status').click();
  await admin.getByRole('option', { name: 'Todas' }).click();
  await delivered.waitFor();
  await failed.getByTestId('delivery-resend').click();
  expect(await admin.getByTestId('toast').textContent()).toContain('Entrega reenviada');
  await failed
    .locator('[data-testid="delivery-status"]', { hasText: 'Entregue' })
    .waitFor({ timeout: 20_000 });
  expect(await failed.getAttribute('data-status')).toBe('delivered');
  expect(await failed.getByTestId('delivery-response').textContent()).toMatch(/^200 · \d+ ms$/);
  expect(await failed.getByTestId('delivery-toggle').textContent()).toBe('Detalhes');
  // The same message twice (same webhook-id), once refused and once taken.
  const sent = receiver.received.filter((r) => r.name === second);
  expect(sent).toHaveLength(2);
  expect(sent[0]?.webhookId).toBe(sent[1]?.webhookId);

  // Delete, behind a confirmation: nothing more is sent to it.
  await admin.goto(`${baseUrl}/admin/webhooks`);
  await row.getByTestId('webhook-delete').click();
  const confirm = admin.getByRole('dialog');
  expect(await confirm.textContent()).toContain(url);
  await confirm.getByRole('button', { name: 'Excluir' }).click();
  await row.waitFor({ state: 'detached' });
});

it('a subscription to an internal address is refused with a sentence under the URL', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  await admin.goto(`${baseUrl}/admin/webhooks`);
  for (const url of ['http://10.0.0.1/hook', 'http://169.254.169.254/latest/meta-data']) {
    const dialog = await submitSubscription(admin, url, ['Negociação ganha (opportunity.won)']);
    const field = dialog.getByLabel('URL de destino');
    await dialog.getByText(/^Endereço interno não permitido/).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByTestId('webhook-secret').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await admin.locator(`[data-testid="webhook-row"][data-url="${url}"]`).count()).toBe(0);
  }
});

it('a target that answers 410 switches the subscription off, the bell says so and leads to reactivating it', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  await admin.goto(`${baseUrl}/admin/webhooks`);
  const url = receiver.url('/e2e-gone');
  receiver.script.set('/e2e-gone', [410]);
  await subscribeOnPage(admin, url, ['Pessoa criada (person.created)']);
  await apiCall(admin, 'POST', '/people', { kind: 'individual', name: `Gina Gone ${Date.now() % 100000}` });

  const row = admin.locator(`[data-testid="webhook-row"][data-url="${url}"]`);
  await expect
    .poll(
      async () => {
        await admin.reload();
        await row.waitFor();
        return row.getAttribute('data-status');
      },
      { timeout: 20_000, interval: 1000 },
    )
    .toBe('inactive');
  expect(await row.getByTestId('webhook-disabled-reason').textContent()).toBe('o destino respondeu 410');

  await admin.goto(`${baseUrl}/people`);
  await admin.getByTestId('notifications-bell').click();
  const notice = admin.locator('[data-testid="notification"][data-kind="webhook_disabled"]').first();
  await notice.waitFor();
  expect(await notice.textContent()).toContain('Webhook desativado: o destino respondeu 410');
  expect(await notice.textContent()).toContain(url);
  await notice.getByRole('link').click();
  await admin.waitForURL(/\/admin\/webhooks$/);
  // Following the link closes the list: it would cover the page it leads to.
  await expect.poll(() => admin.locator('[data-testid="notification"]').count()).toBe(0);

  await row.getByTestId('webhook-reactivate').click();
  await expect.poll(() => row.getAttribute('data-status')).toBe('active');
  expect(await row.getByTestId('webhook-disabled-reason').count()).toBe(0);
  await row.getByTestId('webhook-delete').click();
  await admin.getByRole('dialog').getByRole('button', { name: 'Excluir' }).click();
  await row.waitFor({ state: 'detached' });
});
