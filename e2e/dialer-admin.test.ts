import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { random } from './fixtures.ts';

// Administração › Discador in Chromium: the calling rules saved with If-Match and read back after a reload, a
// validation message per field, a do-not-call file (one number added, one line rejected) and a number taken off
// the list; then the dialer dashboard linked from the call center.

const baseUrl = inject('baseUrl');
let browser: Browser;
let admin: Page;
let dir: string;
let original: { body: unknown; etag: string } | null = null;

beforeAll(async () => {
  browser = await launchChromium();
  admin = await signIn(browser, 'admin@funil.local');
  dir = await mkdtemp(path.join(tmpdir(), 'funil-dialer-e2e-'));
  const res = await admin.request.get(`${baseUrl}/api/v1/dialer/settings`);
  const s = (await res.json()) as Record<string, unknown>;
  original = {
    body: {
      callingRules: s.callingRules,
      maxAttemptsPerDay: s.maxAttemptsPerDay,
      shortCallWarningPercent: s.shortCallWarningPercent,
    },
    etag: res.headers().etag as string,
  };
});

afterAll(async () => {
  // Other tests of the run dial with the workspace's rules: put back what they were.
  if (admin && original) {
    const current = await admin.request.get(`${baseUrl}/api/v1/dialer/settings`);
    await admin.request.put(`${baseUrl}/api/v1/dialer/settings`, {
      headers: { 'if-match': current.headers().etag as string },
      data: original.body,
    });
  }
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('an admin closes Saturdays and caps attempts at 2, sees a bad window refused on its field, and reads the rules back after a reload', async () => {
  await admin.goto(`${baseUrl}/admin/dialer`);
  const saturday = admin.getByRole('switch', { name: 'Sábado: Sem ligações' });
  await saturday.waitFor({ state: 'attached' });
  await expect.poll(() => admin.getByTestId('dialer-provider').textContent()).toContain('twilio');
  expect(await saturday.isChecked()).toBe(false);
  expect(await admin.getByTestId('national-holidays').textContent()).toContain('Tiradentes');

  // An end before the start is refused on the field, in pt-BR, before anything is sent.
  // (Whatever another test left: the window starts at 09:00 here.)
  await admin.getByTestId('hours-default-weekdays-from').fill('09:00');
  const weekdaysTo = admin.getByTestId('hours-default-weekdays-to');
  await weekdaysTo.fill('08:00');
  await admin.getByTestId('dialer-save').click();
  await admin.getByText('O fim precisa ser depois do início').waitFor();
  await weekdaysTo.fill('24:00');

  await saturday.click();
  await expect.poll(() => saturday.isChecked()).toBe(true);
  await admin.getByTestId('hours-default-saturday-from').waitFor({ state: 'detached' });
  await admin.getByTestId('dialer-max-attempts').fill('2');
  await admin.getByTestId('dialer-save').click();
  await admin.getByTestId('dialer-saved').waitFor();
  expect(await admin.getByText('O fim precisa ser depois do início').count()).toBe(0);

  await admin.reload();
  const reloaded = admin.getByRole('switch', { name: 'Sábado: Sem ligações' });
  await reloaded.waitFor({ state: 'attached' });
  expect(await reloaded.isChecked()).toBe(true);
  expect(await admin.getByTestId('dialer-max-attempts').inputValue()).toBe('2');
  expect(await admin.getByTestId('hours-default-weekdays-to').inputValue()).toBe('24:00');
  const saved = (await (await admin.request.get(`${baseUrl}/api/v1/dialer/settings`)).json()) as {
    callingRules: { default: { saturday: unknown; weekdays: unknown } };
    maxAttemptsPerDay: number;
  };
  expect(saved.callingRules.default.saturday).toBeNull();
  expect(saved.callingRules.default.weekdays).toEqual({ from: '09:00', to: '24:00' });
  expect(saved.maxAttemptsPerDay).toBe(2);

  // Someone else saves first: the page's save is refused as stale (412) and "Recarregar" shows their version.
  await admin.getByTestId('dialer-max-attempts').fill('5');
  const current = await admin.request.get(`${baseUrl}/api/v1/dialer/settings`);
  const other = await admin.request.put(`${baseUrl}/api/v1/dialer/settings`, {
    headers: { 'if-match': current.headers().etag as string },
    data: {
      callingRules: (saved as { callingRules: unknown }).callingRules,
      maxAttemptsPerDay: 2,
      shortCallWarningPercent: 15,
    },
  });
  expect(other.status()).toBe(200);
  await admin.getByTestId('dialer-save').click();
  await admin.getByTestId('stale-version-alert').waitFor();
  await admin.getByTestId('stale-version-reload').click();
  await admin.getByTestId('stale-version-alert').waitFor({ state: 'detached' });
  expect(await admin.getByTestId('dialer-short-percent').inputValue()).toBe('15 %');
  expect(await admin.getByTestId('dialer-max-attempts').inputValue()).toBe('2');
});

it('an admin imports a do-not-call file (1 added, a rejected line shown with its number), sees it in the history, and takes the number off the list', async () => {
  const digits = String(Math.floor(random() * 1e7)).padStart(7, '0');
  const phone = `(11) 98${digits.slice(0, 3)}-${digits.slice(3)}`;
  const fileName = `nao-me-perturbe-${digits}.txt`;
  const file = path.join(dir, fileName);
  await writeFile(file, `telefone\n${phone}\n12345\n`);

  await admin.goto(`${baseUrl}/admin/dialer`);
  const count = admin.getByTestId('dnc-count');
  await count.waitFor();
  const before = Number(await count.getAttribute('data-count'));

  await admin.getByTestId('dnc-upload-input').setInputFiles(file);
  await admin.getByTestId('dnc-result').waitFor();
  expect(await admin.getByTestId('dnc-added').textContent()).toBe('1 adicionado');
  const rejected = admin.getByTestId('dnc-rejected-row');
  expect(await rejected.count()).toBe(1);
  expect(await rejected.first().textContent()).toBe('312345');
  await expect.poll(async () => Number(await count.getAttribute('data-count'))).toBe(before + 1);
  const history = admin.getByTestId('dnc-history-row').filter({ hasText: fileName });
  await history.waitFor();
  expect(await history.textContent()).toContain('Administrador');
  expect(await history.textContent()).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);

  // Taken off after a confirmation; a second time the page says it is not on the list.
  await admin.getByTestId('dnc-phone').fill(phone);
  await admin.getByTestId('dnc-remove').click();
  await admin.getByRole('dialog').getByRole('button', { name: 'Remover da lista' }).click();
  await admin.getByTestId('toast').filter({ hasText: 'saiu da lista Não Ligue' }).waitFor();
  await expect.poll(async () => Number(await count.getAttribute('data-count'))).toBe(before);

  await admin.getByTestId('dnc-phone').fill(phone);
  await admin.getByTestId('dnc-remove').click();
  await admin.getByRole('dialog').getByRole('button', { name: 'Remover da lista' }).click();
  await admin.getByText('Este número não está na lista.').waitFor();
});

it('the call center links to the dialer dashboard, which shows today live with totals or the empty state', async () => {
  await admin.goto(`${baseUrl}/call-center`);
  await admin.getByTestId('dialer-dashboard-link').click();
  await admin.waitForURL(/\/call-center\/dashboard$/);
  await admin.getByTestId('dash-live').waitFor();
  await admin.getByTestId('dash-calls-value').waitFor();
  expect(await admin.getByTestId('dash-period').textContent()).toMatch(
    /^Período: \d{2}\/\d{2}\/\d{4} a \d{2}\/\d{2}\/\d{4}$/,
  );
  const calls = Number((await admin.getByTestId('dash-calls-value').textContent())?.replace(/\D/g, ''));
  if (calls === 0) await admin.getByText('Nenhuma ligação no período').waitFor();
  else await admin.getByTestId('dash-chart').waitFor();

  // Presets change the range shown in the date inputs (São Paulo days).
  const to = await admin.getByTestId('dash-to').inputValue();
  await admin.getByText('7 dias', { exact: true }).click();
  await expect.poll(() => admin.getByTestId('dash-from').inputValue()).not.toBe(to);
  expect(await admin.getByTestId('dash-to').inputValue()).toBe(to);
});
