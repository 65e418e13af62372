import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** What the helpdesk does: a plain token call (receivables of nobody: 404 once the token is accepted). */
async function tokenCall(secret: string) {
  const res = await fetch(
    `${inject('baseUrl')}/api/v1/people/00000000-0000-4000-8000-000000000000/receivables`,
    {
      method: 'PUT',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [] }),
    },
  );
  return res.status;
}

it('an admin creates a helpdesk integration, sees its secret once, rotates it, maps an agent and deletes it', async () => {
  const page = await signIn(browser, 'admin@funil.local');
  const baseUrl = inject('baseUrl');
  await page.goto(`${baseUrl}/admin/integrations`);
  // The admin menu leads here, under its pt-BR name.
  await expect.poll(() => page.locator('a[href="/admin/integrations"]').count()).toBeGreaterThan(0);
  expect(await page.locator('a[href="/admin/integrations"]').first().textContent()).toContain('Integrações');

  // Create: a bad network and a bad origin are named in Portuguese, by line.
  await page.getByTestId('integration-new').click();
  await page.getByTestId('integration-name').fill('Chatwoot Integrações E2E');
  await page.getByTestId('integration-scope-erp:receivables').check();
  await page.getByTestId('integration-cidrs').fill('127.0.0.1\n::1\n10.0.0.0/33');
  await page.getByTestId('integration-origins').fill('https://chat.exemplo.com.br\nftp://x');
  await page.getByTestId('integration-submit').click();
  await expect.poll(() => page.getByText('Rede inválida na linha 3: 10.0.0.0/33').count()).toBe(1);
  expect(await page.getByText('Origem inválida na linha 2: ftp://x').count()).toBe(1);
  await page.getByTestId('integration-cidrs').fill('127.0.0.1\n::1');
  await page.getByTestId('integration-origins').fill('https://chat.exemplo.com.br');
  await page.getByTestId('integration-timeout').fill('8');
  await page.getByTestId('integration-base-url').fill('https://chat.exemplo.com.br');
  await page.getByTestId('integration-account-id').fill('3');
  await page.getByTestId('integration-api-token').fill('token-do-chatwoot');
  await page.getByTestId('integration-submit').click();

  // The secret, once.
  const secretBox = page.getByTestId('integration-secret');
  await secretBox.waitFor();
  const first = (await secretBox.textContent())?.trim() ?? '';
  expect(first).toMatch(/^fnl_[0-9a-f]{12}_/);
  await page.getByTestId('integration-secret-done').click();
  const row = page.locator('[data-testid="integration-row"][data-name="Chatwoot Integrações E2E"]');
  await expect.poll(() => row.count()).toBe(1);
  expect(await row.textContent()).toContain('Helpdesk');
  expect(await row.textContent()).not.toContain(first);
  expect(await page.content()).not.toContain(first);
  expect(await tokenCall(first)).toBe(404);
  await page.reload();
  await expect.poll(() => row.textContent()).toContain('127.0.0.1');

  // Rotate with no overlap: a new secret, the old one stops at once.
  await row.getByTestId('integration-actions').click();
  await page.getByTestId('integration-rotate').click();
  await page.getByTestId('integration-rotate-hours').fill('0');
  await page.getByTestId('integration-rotate-confirm').click();
  await secretBox.waitFor();
  const second = (await secretBox.textContent())?.trim() ?? '';
  expect(second).toMatch(/^fnl_[0-9a-f]{12}_/);
  expect(second).not.toBe(first);
  await page.getByTestId('integration-secret-done').click();
  expect(await tokenCall(first)).toBe(401);
  expect(await tokenCall(second)).toBe(404);
  await expect.poll(() => row.getByTestId('integration-prefix').textContent()).toContain(second.slice(0, 16));

  // Details: the addresses for Chatwoot, and an agent mapped by hand, then changed.
  await row.getByTestId('integration-actions').click();
  await page.getByTestId('integration-details').click();
  const panelUrl = await page.getByTestId('integration-panel-url').textContent();
  expect(panelUrl).toMatch(new RegExp(`^${baseUrl}/embed/helpdesk\\?integration=[0-9a-f-]{36}$`));
  const id = panelUrl?.split('=')[1];
  expect(await page.getByTestId('integration-webhook-url').textContent()).toBe(
    `${baseUrl}/api/v1/helpdesk/chatwoot/${id}/webhook`,
  );
  // Chatwoot signs its webhooks with a secret it makes: until it is pasted here, the details say what is missing.
  expect(await page.getByTestId('integration-no-webhook-secret').textContent()).toContain('cole o segredo');
  await page.getByTestId('integration-agent-new-id').fill('17');
  await page.getByTestId('integration-agent-new-user').click();
  await page.getByRole('option', { name: 'Carla Mendes' }).click();
  await page.getByTestId('integration-agent-add').click();
  const agent = page.locator('[data-testid="integration-agent-row"][data-agent-id="17"]');
  await expect.poll(() => agent.count()).toBe(1);
  expect(await agent.getByTestId('integration-agent-user').inputValue()).toBe('Carla Mendes');
  expect(await agent.getByTestId('integration-agent-match').getAttribute('data-match')).toBe('manual');
  await agent.getByTestId('integration-agent-user').click();
  await page.getByRole('option', { name: 'Thiago Santos' }).click();
  await expect.poll(() => agent.getByTestId('integration-agent-user').inputValue()).toBe('Thiago Santos');
  await page.keyboard.press('Escape');
  await page.reload();
  await row.getByTestId('integration-actions').click();
  await page.getByTestId('integration-details').click();
  await expect.poll(() => agent.getByTestId('integration-agent-user').inputValue()).toBe('Thiago Santos');
  await page.keyboard.press('Escape');

  await row.getByTestId('integration-actions').click();
  await page.getByTestId('integration-edit').click();
  await page.getByTestId('integration-webhook-secret').fill('segredo-do-webhook-do-chatwoot');
  await page.getByTestId('integration-submit').click();
  await expect.poll(() => page.getByTestId('integration-submit').count()).toBe(0);
  await row.getByTestId('integration-actions').click();
  await page.getByTestId('integration-details').click();
  await page.getByTestId('integration-webhook-url').waitFor();
  expect(await page.getByTestId('integration-no-webhook-secret').count()).toBe(0);
  await page.keyboard.press('Escape');

  // Delete: a confirmation that says it revokes at once; then the token is refused.
  await row.getByTestId('integration-actions').click();
  await page.getByTestId('integration-delete').click();
  const dialog = page.getByRole('dialog');
  expect(await dialog.textContent()).toContain('revogados na hora');
  await dialog.getByRole('button', { name: 'Excluir e revogar' }).click();
  await expect.poll(() => row.count()).toBe(0);
  expect(await tokenCall(second)).toBe(401);
  await page.context().close();
});
