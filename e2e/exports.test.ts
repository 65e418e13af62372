import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall } from './fixtures.ts';

// Exports (issue 13 §3): from the people list to a downloaded XLSX holding what the list shows.

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

it('a manager exports the filtered people list to XLSX, follows it on Exportações and downloads what the list shows', async () => {
  const manager = await signIn(browser, 'gerente.sp@funil.local');
  await manager.goto(`${baseUrl}/people?stage=lead,prospect`);
  await manager.getByTestId('people-total').filter({ hasText: /\d/ }).waitFor();

  await manager.getByTestId('export-menu').click();
  await manager.getByTestId('export-xlsx').click();
  const toast = manager.getByTestId('export-started');
  await toast.waitFor();
  expect(await toast.textContent()).toContain('Exportação iniciada');
  await manager.getByTestId('export-started-link').click();
  await manager.waitForURL(/\/exports$/);

  const row = manager.getByTestId('export-row').first();
  await row.waitFor();
  expect(await row.textContent()).toContain('Pessoas');
  expect(await row.getByTestId('export-filters').textContent()).toContain('Etapa: lead,prospect');
  await manager
    .locator('[data-testid="export-row"][data-status="done"]')
    .first()
    .waitFor({ timeout: 30_000 });

  const expected = await apiCall<{ items: { name: string }[]; total: number }>(
    manager,
    'GET',
    '/people?stage=lead,prospect&limit=100',
  );
  expect(expected.total).toBeGreaterThan(0);
  expect(await row.getByTestId('export-rows').textContent()).toContain(String(expected.total));

  const [download] = await Promise.all([
    manager.waitForEvent('download'),
    row.getByTestId('export-download').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^pessoas-\d{4}-\d{2}-\d{2}-\d{4}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await download.path()) as string);
  const sheet = workbook.worksheets[0];
  const names: unknown[] = [];
  sheet?.eachRow((r, n) => {
    if (n > 1) names.push(r.getCell(1).value);
  });
  expect(sheet?.getRow(1).getCell(1).value).toBe('Nome');
  expect(names).toEqual(expected.items.map((p) => p.name));
});

it('a broker without the grant sees no Exportar and is refused by the API', async () => {
  const broker = await signIn(browser, 'carla@funil.local');
  await broker.getByTestId('people-total').filter({ hasText: /\d/ }).waitFor();
  expect(await broker.getByTestId('export-menu').count()).toBe(0);
  const res = await broker.request.post(`${baseUrl}/api/v1/exports`, {
    data: { list: 'people', format: 'csv', filters: {} },
  });
  expect(res.status()).toBe(403);
  await broker.goto(`${baseUrl}/exports`);
  await broker.getByText('Nenhuma exportação ainda').waitFor();
});

it('the funnel list and Minhas atividades export with their own filters, and both show on Exportações', async () => {
  const manager = await signIn(browser, 'gerente.sp@funil.local');
  const pipelines = await apiCall<{ items: { id: string }[] }>(manager, 'GET', '/pipelines');
  const pipelineId = pipelines.items[0]?.id as string;
  await manager.goto(`${baseUrl}/pipelines/${pipelineId}?view=list&status=open,won`);
  await manager.getByTestId('export-menu').click();
  await manager.getByTestId('export-csv').click();
  await manager.getByTestId('export-started').filter({ hasText: 'Exportação iniciada' }).waitFor();

  await manager.goto(`${baseUrl}/activities`);
  await manager.getByTestId('export-menu').click();
  await manager.getByTestId('export-xlsx').click();
  await manager.getByTestId('export-started').filter({ hasText: 'Exportação iniciada' }).waitFor();

  const mine = await apiCall<{ items: { list: string; filters: Record<string, string> }[] }>(
    manager,
    'GET',
    '/exports?limit=2',
  );
  expect(mine.items.map((e) => e.list)).toEqual(['activities', 'opportunities']);
  expect(mine.items[0]?.filters).toEqual({ mine: 'true', status: 'open' });
  expect(mine.items[1]?.filters).toMatchObject({ pipelineId, status: 'open,won', sort: '-createdAt' });

  await manager.goto(`${baseUrl}/exports`);
  await manager.locator('[data-testid="export-row"][data-status="done"]').nth(1).waitFor({ timeout: 30_000 });
  const rows = manager.getByTestId('export-row');
  expect(await rows.nth(0).textContent()).toContain('Atividades');
  expect(await rows.nth(1).textContent()).toContain('Oportunidades');
  expect(await rows.nth(1).getByTestId('export-filters').textContent()).toContain('Situação: open,won');
});
