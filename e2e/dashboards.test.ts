import { readFile } from 'node:fs/promises';
import { generateCpf } from '@funil/domain';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, random } from './fixtures.ts';

// The Painel (/dashboards): an admin sees the workspace's numbers, a broker only what they see; the filters change
// the figures; each table downloads as CSV and
// the whole page as one XLSX workbook; day fields are dd/mm/aaaa even in an English-language browser.

const baseUrl = inject('baseUrl');
const VIEWPORT = { width: 1400, height: 900 };
const stamp = Date.now().toString(36);
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function opportunity(broker: Page, pipelineId: string, title: string, valueCents: number) {
  const holder = await apiCall<{ id: string }>(broker, 'POST', '/people', {
    kind: 'individual',
    name: `Titular ${title}`,
    document: generateCpf(random),
    phones: [{ number: `(11) 9${String(Math.floor(random() * 1e8)).padStart(8, '0')}` }],
    addresses: [{ cep: '01310-100', street: 'Av. Paulista', number: '900', city: 'São Paulo', state: 'SP' }],
  });
  return apiCall<{ id: string }>(broker, 'POST', '/opportunities', {
    pipelineId,
    title,
    valueCents,
    holderId: holder.id,
    source: { media: 'Google', channel: 'Site' },
  });
}

const kpi = (page: Page, name: string) => page.getByTestId(`kpi-${name}`);

it('shows the workspace to the admin and only their own to a broker; filters, CSV and XLSX follow', async () => {
  const admin = await signIn(browser, 'admin@funil.local', VIEWPORT);
  const carla = await signIn(browser, 'carla@funil.local', VIEWPORT); // broker, Equipe Paulista
  const juliana = await signIn(browser, 'juliana@funil.local', VIEWPORT); // broker, Equipe Campinas
  // A funnel of its own, so the figures below count only this test's cards.
  const pipeline = await apiCall<{ id: string }>(admin, 'POST', '/pipelines', {
    name: `Painel e2e ${stamp}`,
    stages: [{ name: 'Novo lead' }, { name: 'Proposta' }],
  });
  const won = await opportunity(carla, pipeline.id, `Casa ${stamp}`, 50_000_000);
  await opportunity(carla, pipeline.id, `Sala ${stamp}`, 20_000_000);
  await opportunity(juliana, pipeline.id, `Loja ${stamp}`, 30_000_000);
  await apiCall(carla, 'POST', `/opportunities/${won.id}/status`, { status: 'won' });

  await admin.goto(`${baseUrl}/dashboards?pipelineId=${pipeline.id}`);
  await expect.poll(() => kpi(admin, 'created').textContent()).toBe('3');
  expect(await kpi(admin, 'won').textContent()).toBe('1');
  expect(await kpi(admin, 'won-value').textContent()).toBe('R$\u00a0500.000,00');
  const owners = admin.getByTestId('dashboard-table-owners');
  await owners.getByText('Carla Mendes').waitFor();
  await owners.getByText('Juliana Ferreira').waitFor();
  await admin.locator('[data-testid="dashboard-chart-stages"] svg').waitFor();

  // The broker: her two cards, not Juliana's.
  await carla.goto(`${baseUrl}/dashboards?pipelineId=${pipeline.id}`);
  await expect.poll(() => kpi(carla, 'created').textContent()).toBe('2');
  await carla.getByTestId('dashboard-table-owners').getByText('Carla Mendes').waitFor();
  expect(await carla.getByTestId('dashboard-table-owners').getByText('Juliana Ferreira').count()).toBe(0);

  // A filter changes the figures: only Juliana's card.
  await admin.getByTestId('dashboard-filter-ownerId').click();
  await admin.getByRole('option', { name: 'Juliana Ferreira' }).click();
  await expect.poll(() => kpi(admin, 'created').textContent()).toBe('1');
  await admin.waitForURL(/ownerId=/);
  expect(await kpi(admin, 'won').textContent()).toBe('0');

  // CSV of the media table: BOM, ; between cells, the table's row.
  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByTestId('dashboard-csv-channels').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^painel-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-channels\.csv$/);
  const csv = await readFile((await download.path()) as string, 'utf8');
  expect(
    csv.startsWith('\uFEFFMídia;Canal;Criadas;Em andamento;Ganhas;Perdidas;Conversão;Valor ganho\r\n'),
  ).toBe(true);
  expect(csv).toContain('Google;Site;1;1;0;0;0,0;0,00\r\n');

  // The whole page as XLSX, with the same filters: a sheet per table, typed cells.
  const [xlsx] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByTestId('dashboard-xlsx').click(),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/^painel-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await xlsx.path()) as string);
  expect(book.worksheets.map((s) => s.name)).toContain('Por mídia e canal');
  const summary = book.getWorksheet('Resumo');
  expect(summary?.getCell('C1').value).toBe('Criadas');
  expect(summary?.getCell('C2').value).toBe(1); // Juliana's card only: the owner filter holds
  const media = book.getWorksheet('Por mídia e canal');
  expect([1, 2, 3, 5, 9].map((c) => media?.getRow(2).getCell(c).value)).toEqual(['Google', 'Site', 1, 0, 0]);

  // Carla's workbook: her two cards, one of them won (R$ 500.000,00 as a number in reais).
  await carla.getByTestId('kpi-created').waitFor();
  const [carlaXlsx] = await Promise.all([
    carla.waitForEvent('download'),
    carla.getByTestId('dashboard-xlsx').click(),
  ]);
  const carlaBook = new ExcelJS.Workbook();
  await carlaBook.xlsx.readFile((await carlaXlsx.path()) as string);
  const carlaSummary = carlaBook.getWorksheet('Resumo');
  expect([3, 5, 9].map((c) => carlaSummary?.getRow(2).getCell(c).value)).toEqual([2, 1, 500_000]);
  expect(carlaSummary?.getCell('I2').numFmt).toBe('"R$" #,##0.00');
  const carlaOwners = carlaBook.getWorksheet('Por responsável');
  expect(carlaOwners?.getColumn(1).values.slice(2)).toEqual(['Carla Mendes']);
}, 120_000);

it('types and shows days as dd/mm/aaaa in an English-language browser (dashboard and funnel report)', async () => {
  const admin = await signIn(browser, 'admin@funil.local', VIEWPORT, 'en-US');
  await admin.goto(`${baseUrl}/dashboards?from=2026-03-05&to=2026-04-10`);
  const from = admin.getByTestId('dashboard-from');
  await expect.poll(() => from.inputValue()).toBe('05/03/2026');
  expect(await admin.getByTestId('dashboard-to').inputValue()).toBe('10/04/2026');
  await from.fill('01/03/2026');
  await from.blur();
  await admin.waitForURL(/from=2026-03-01/);

  await admin.goto(`${baseUrl}/reports/funnel?from=2026-03-05&to=2026-04-10`);
  const reportFrom = admin.getByTestId('funnel-report-from');
  await expect.poll(() => reportFrom.inputValue()).toBe('05/03/2026');
  await reportFrom.fill('02/03/2026');
  await reportFrom.blur();
  await admin.waitForURL(/from=2026-03-02/);
  // Won outcomes read "Ganhas", never "Vencidas".
  expect(await admin.getByText('Vencidas').count()).toBe(0);
}, 60_000);

it("opens a manager's home on their team's dashboard", async () => {
  const manager = await signIn(browser, 'gerente.sp@funil.local', VIEWPORT);
  await manager.waitForURL(/\/dashboards\?teamId=/);
  await manager.getByRole('heading', { name: 'Painel da equipe' }).waitFor();
  await manager.getByTestId('kpi-created').waitFor();
}, 60_000);
